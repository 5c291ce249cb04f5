from django.urls import path, re_path

from . import views

app_name = "curriculum"

urlpatterns = [
    # The URIs render_case writes have no trailing slash; accept one as well.
    re_path(
        r"^case/CFItems/(?P<identifier>[^/]+)/?$", views.case_item, name="case-item"
    ),
    re_path(
        r"^case/CFDocuments/(?P<identifier>[^/]+)/?$",
        views.case_document,
        name="case-document",
    ),
    path("case/<str:identifier>/", views.case_package, name="case-package"),
    path("frameworks/<str:identifier>.csv", views.framework_csv, name="framework-csv"),
    path("framework/", views.framework_page, name="framework"),
    path("frameworks/<str:identifier>/", views.framework_page, name="framework-detail"),
]
