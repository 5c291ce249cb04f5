from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls

urlpatterns = [
    path("cms-admin/", include(wagtailadmin_urls)),
    path("learn/", include("academy.urls")),
    path("curriculum/", include("curriculum.urls")),
    path("mentoring/", include("mentoring.urls")),
    path("", include(wagtail_urls)),
]
