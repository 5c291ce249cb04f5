"""Register the question bank, its statistics report and its delete guard.

academy/wagtail_hooks.py imports this module; importing it is what registers them.
"""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail import hooks

from curriculum.models import Question
from curriculum.viewsets import (
    ACADEMY_REPORTS_MENU_HOOK,
    PermissionMenuItem,
    QuestionViewSet,
)

from ..selectors.item_stats import question_ids_answered
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


@hooks.register("before_delete_snippet")
def keep_answered_questions(request, instances):
    """Refuse to delete questions learners answered: their answers would go too."""
    questions = [item for item in instances if isinstance(item, Question)]
    if not questions:
        return None
    answered_ids = question_ids_answered(questions=questions)
    answered = [question for question in questions if question.pk in answered_ids]
    if not answered:
        return None
    if len(questions) == 1:
        messages.error(
            request,
            _(
                "“%(question)s” cannot be deleted: learners have answered it, and "
                "deleting it would delete their answers. Untick “In use” to retire "
                "it instead."
            )
            % {"question": answered[0]},
        )
        return redirect("wagtailsnippets_curriculum_question:edit", questions[0].pk)
    messages.error(
        request,
        ngettext(
            "Nothing was deleted: learners have answered %(count)d of these "
            "questions, and deleting it would delete their answers. Untick “In use” "
            "to retire it, or select only questions nobody has answered.",
            "Nothing was deleted: learners have answered %(count)d of these "
            "questions, and deleting them would delete their answers. Untick “In "
            "use” to retire them, or select only questions nobody has answered.",
            len(answered),
        )
        % {"count": len(answered)},
    )
    return redirect("wagtailsnippets_curriculum_question:list")
