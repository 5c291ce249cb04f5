"""The demo site's Content-Security-Policy: strict, minimally relaxed in the admin."""

from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.http import HttpRequest, HttpResponseBase
from django.urls import reverse


def admin_path_prefix() -> str:
    """Return the path under which Wagtail's admin (and its previews) is mounted."""
    return reverse("wagtailadmin_home")


class SiteCSPMiddleware(CSPMiddleware):
    """Add the admin's documented relaxations to the site policy under /admin/ only."""

    def get_policy_parts(
        self,
        request: HttpRequest,
        response: HttpResponseBase,
        report_only: bool = False,
    ) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        relaxed = getattr(settings, "ADMIN_CONTENT_SECURITY_POLICY_UPDATE", None)
        if (
            relaxed
            and not report_only
            and parts.update is None
            and request.path_info.startswith(admin_path_prefix())
        ):
            parts.update = relaxed
        return parts
