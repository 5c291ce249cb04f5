from django.conf import settings
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls
from wagtail.utils.urlpatterns import decorate_urlpatterns

from .views import (
    admin_access_or_refusal,
    login_redirect,
    password_reset_redirect,
    site_history,
)

# Log-in and password reset go through allauth only (rate limits, verified emails);
# these come before Wagtail's own admin and front-end log-in views to replace them.
urlpatterns = [
    path("admin/login/", login_redirect),
    re_path(r"^admin/password_reset/", password_reset_redirect),
    path("_util/login/", login_redirect),
    path("admin/reports/site-history/", site_history),
    path(
        "admin/",
        include(
            decorate_urlpatterns(wagtailadmin_urls.urlpatterns, admin_access_or_refusal)
        ),
    ),
    path("documents/", include(wagtaildocs_urls)),
    path("accounts/", include("allauth.urls")),
    path("academy/", include("academy.urls")),
    path("curriculum/", include("curriculum.urls")),
    path("mentoring/", include("mentoring.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Wagtail's page serving comes last so it never shadows the apps' URLs.
urlpatterns += [path("", include(wagtail_urls))]
