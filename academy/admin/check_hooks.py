"""Register the question bank and the question statistics report in the admin.

academy/wagtail_hooks.py imports this module; importing it is what registers them.
"""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from curriculum.viewsets import (
    ACADEMY_REPORTS_MENU_HOOK,
    PermissionMenuItem,
    QuestionViewSet,
)

from .checks import QuestionStatisticsReportView


@hooks.register("register_admin_viewset")
def register_question_viewset():
    return QuestionViewSet()


@hooks.register("register_admin_urls")
def register_question_statistics_urls():
    return [
        path(
            "reports/question-statistics/",
            QuestionStatisticsReportView.as_view(),
            name="academy_question_statistics",
        ),
        path(
            "reports/question-statistics/results/",
            QuestionStatisticsReportView.as_view(results_only=True),
            name="academy_question_statistics_results",
        ),
    ]


@hooks.register(ACADEMY_REPORTS_MENU_HOOK)
def register_question_statistics_menu_item():
    return PermissionMenuItem(
        _("Question statistics"),
        reverse("academy_question_statistics"),
        name="question-statistics",
        icon_name="help",
        order=15,
        permission="curriculum.view_question",
    )
