"""Every setting the academy app reads, with its default, read at call time.

docs/settings.md describes each one.
"""

from django.conf import settings


def site_name() -> str:
    """ACADEMY_SITE_NAME: the academy's name in emails and on credentials."""
    return getattr(
        settings,
        "ACADEMY_SITE_NAME",
        getattr(settings, "WAGTAIL_SITE_NAME", "Leadership Academy"),
    )


def issuer_url() -> str:
    """ACADEMY_ISSUER_URL: the public address credentials name as their issuer."""
    return getattr(
        settings, "ACADEMY_ISSUER_URL", getattr(settings, "WAGTAILADMIN_BASE_URL", "")
    ).rstrip("/")


def base_url() -> str:
    """ACADEMY_BASE_URL: the address every link in an email starts with, no final slash.

    When unset: the root URL of the default Wagtail site, so emails follow the
    site's address; else `WAGTAILADMIN_BASE_URL`.
    """
    configured = getattr(settings, "ACADEMY_BASE_URL", "")
    if configured:
        return configured.rstrip("/")
    from wagtail.models import Site

    site = Site.objects.filter(is_default_site=True).first()
    if site is not None:
        return site.root_url.rstrip("/")
    return getattr(settings, "WAGTAILADMIN_BASE_URL", "").rstrip("/")


def absolute_url(path: str) -> str:
    """Join a site path to the public address, for links that leave the site."""
    return base_url() + path


def default_target_level() -> int:
    """ACADEMY_DEFAULT_TARGET_LEVEL: the level learners aim for when staff set none."""
    return getattr(settings, "ACADEMY_DEFAULT_TARGET_LEVEL", 3)
