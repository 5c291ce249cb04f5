"""Site-level views: one log-in path through allauth, a plain refusal of the admin."""

from functools import wraps
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from wagtail.admin.auth import require_admin_access
from wagtail.admin.views.reports.audit_logging import LogEntriesView

from curriculum.spreadsheets import SafeSpreadsheetExportMixin

# Admin URLs anyone may fetch; everything else under /admin/ needs admin access.
ADMIN_PUBLIC_URL_NAMES = {
    "wagtailadmin_sprite",
    "wagtailadmin_javascript_catalog",
    "wagtailadmin_login",
    "wagtailadmin_password_reset",
    "wagtailadmin_password_reset_done",
    "wagtailadmin_password_reset_confirm",
    "wagtailadmin_password_reset_complete",
}


def _safe_next(request: HttpRequest) -> str | None:
    """Return the request's "next" address when it stays on this site."""
    target = request.GET.get("next") or request.POST.get("next")
    if target and url_has_allowed_host_and_scheme(
        target,
        allowed_hosts={request.get_host()},
        require_https=request.is_secure(),
    ):
        return target
    return None


def _redirect(url_name: str, request: HttpRequest) -> HttpResponseRedirect:
    url = reverse(url_name)
    target = _safe_next(request)
    if target:
        url = f"{url}?{urlencode({'next': target})}"
    return HttpResponseRedirect(url)


def login_redirect(request: HttpRequest, *args, **kwargs) -> HttpResponseRedirect:
    """Send every log-in to allauth, so its rate limits and verification apply."""
    return _redirect("account_login", request)


def password_reset_redirect(
    request: HttpRequest, *args, **kwargs
) -> HttpResponseRedirect:
    """Send every password reset to allauth, so its throttling applies."""
    return _redirect("account_reset_password", request)


def admin_access_denied(request: HttpRequest) -> HttpResponse:
    """Tell a signed-in person without admin access so, not ask them to log in again."""
    return TemplateResponse(request, "cms/admin_access_denied.html", status=403)


def admin_access_or_refusal(view_func):
    """Refuse signed-in people without admin access, who would loop via the log-in."""

    @wraps(view_func)
    def wrapped(request, *args, **kwargs):
        user = request.user
        match = request.resolver_match
        if (
            user.is_authenticated
            and not user.has_perm("wagtailadmin.access_admin")
            and not (match and match.url_name in ADMIN_PUBLIC_URL_NAMES)
        ):
            return admin_access_denied(request)
        return view_func(request, *args, **kwargs)

    return wrapped


class SiteHistoryView(SafeSpreadsheetExportMixin, LogEntriesView):
    """Wagtail's site history, whose CSV quotes labels that read as formulas.

    Audit-log labels come from names people type (cohorts, credentials, pages).
    """


site_history = never_cache(
    admin_access_or_refusal(require_admin_access(SiteHistoryView.as_view()))
)
