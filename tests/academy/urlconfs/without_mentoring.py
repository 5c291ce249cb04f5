"""A host site that forgot mentoring's URLs."""

from django.urls import include, path
from wagtail import urls as wagtail_urls

urlpatterns = [
    path("academy/", include("academy.urls")),
    path("curriculum/", include("curriculum.urls")),
    path("", include(wagtail_urls)),
]
