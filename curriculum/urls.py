from django.urls import path

from . import views

app_name = "curriculum"

urlpatterns = [
    path("case/<str:identifier>/", views.case_package, name="case-package"),
    path("frameworks/<str:identifier>.csv", views.framework_csv, name="framework-csv"),
]
