"""A host site that serves only the academy's apps, no Wagtail pages."""

from django.urls import include, path

urlpatterns = [
    path("academy/", include("academy.urls")),
    path("curriculum/", include("curriculum.urls")),
    path("mentoring/", include("mentoring.urls")),
]
