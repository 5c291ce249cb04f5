"""Register the mentoring admin: the Mentoring menu and the program overview."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from curriculum.viewsets import ACADEMY_REPORTS_MENU_HOOK, PermissionMenuItem

from .admin import MentoringOverviewView, MentoringViewSetGroup


@hooks.register("register_admin_viewset")
def register_mentoring_viewsets():
    return MentoringViewSetGroup()


@hooks.register("register_admin_urls")
def register_mentoring_urls():
    return [
        path(
            "reports/mentoring-overview/",
            MentoringOverviewView.as_view(),
            name="mentoring_overview",
        ),
        path(
            "reports/mentoring-overview/results/",
            MentoringOverviewView.as_view(results_only=True),
            name="mentoring_overview_results",
        ),
    ]


def _overview_menu_item(order: int) -> PermissionMenuItem:
    return PermissionMenuItem(
        _("Mentoring overview"),
        reverse("mentoring_overview"),
        name="mentoring-overview",
        icon_name="table",
        order=order,
        permission="mentoring.view_pair",
    )


@hooks.register("register_mentoring_menu_item")
def register_overview_menu_item():
    return _overview_menu_item(order=0)


@hooks.register(ACADEMY_REPORTS_MENU_HOOK)
def register_overview_report_menu_item():
    return _overview_menu_item(order=20)
