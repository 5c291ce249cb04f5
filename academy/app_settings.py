"""ACADEMY_* settings with their defaults, read at call time."""

from django.conf import settings


def site_name() -> str:
    return getattr(
        settings,
        "ACADEMY_SITE_NAME",
        getattr(settings, "WAGTAIL_SITE_NAME", "Leadership Academy"),
    )


def issuer_url() -> str:
    """The public address credentials name as their issuer."""
    return getattr(
        settings, "ACADEMY_ISSUER_URL", getattr(settings, "WAGTAILADMIN_BASE_URL", "")
    ).rstrip("/")


def base_url() -> str:
    """The public address every link in an email starts with, without a final slash.

    `ACADEMY_BASE_URL` when set; else the root URL of the default Wagtail site, so
    emails follow the site's address; else `WAGTAILADMIN_BASE_URL`.
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
