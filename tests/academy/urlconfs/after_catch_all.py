"""A host site that included the academy after Wagtail's page serving."""

from django.urls import include, path
from wagtail import urls as wagtail_urls

urlpatterns = [
    path("curriculum/", include("curriculum.urls")),
    path("mentoring/", include("mentoring.urls")),
    path("", include(wagtail_urls)),
    path("academy/", include("academy.urls")),
]
