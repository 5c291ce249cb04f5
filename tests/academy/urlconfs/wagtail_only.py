"""A host site like a new `wagtail start` project: the academy, then Wagtail's pages."""

from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("academy/", include("academy.urls")),
    path("curriculum/", include("curriculum.urls")),
    path("mentoring/", include("mentoring.urls")),
    path("", include(wagtail_urls)),
]
