"""System checks: settings a deployment needs that Django cannot know about."""

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def base_url_check(app_configs, **kwargs):
    """Warn a deployment that would send emails linking to the Site's placeholder."""
    if getattr(settings, "ACADEMY_BASE_URL", ""):
        return []
    return [
        Warning(
            "ACADEMY_BASE_URL is not set.",
            hint=(
                "Every link in the academy's emails starts with it; unset, links use "
                "the default Wagtail Site's root URL, which is often http://localhost. "
                "Set it to the public address, e.g. https://academy.example.org."
            ),
            id="academy.W001",
        )
    ]
