"""Register the curriculum's admin screens."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from .viewsets import (
    CompetencyFrameworkGroup,
    PermissionMenuItem,
    framework_overview_redirect,
)


@hooks.register("register_admin_viewset")
def register_framework_viewsets():
    return CompetencyFrameworkGroup()


@hooks.register("register_admin_urls")
def register_framework_urls():
    return [
        path(
            "curriculum/framework-overview/",
            framework_overview_redirect,
            name="curriculum_framework_overview",
        )
    ]


@hooks.register("register_competency_framework_menu_item")
def register_overview_menu_item():
    return PermissionMenuItem(
        _("Overview"),
        reverse("curriculum_framework_overview"),
        icon_name="view",
        order=0,
        permission="curriculum.view_framework",
    )


@hooks.register("register_competency_framework_menu_item")
def register_import_menu_item():
    return PermissionMenuItem(
        _("Import"),
        reverse("wagtailsnippets_curriculum_framework:import"),
        icon_name="upload",
        order=10,
        permission="curriculum.add_framework",
    )
