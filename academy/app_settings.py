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
