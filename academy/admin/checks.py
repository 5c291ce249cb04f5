"""Admin report on knowledge checks: how each question of a module's bank performs."""

from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.reports import ReportView
from wagtail.permission_policies import ModelPermissionPolicy

from curriculum.filters import BoundedModelChoiceFilter, InitialFilterSetMixin
from curriculum.models import Question
from curriculum.reports import ChoiceFormReportMixin, ReportDownloadButtonsMixin
from curriculum.spreadsheets import SafeSpreadsheetExportMixin

from ..selectors.item_stats import (
    REVIEW_DISCRIMINATION_BELOW,
    REVIEW_EASY_ABOVE,
    REVIEW_HARD_BELOW,
    REVIEW_MIN_ANSWERS,
    QuestionStatistics,
    modules_with_questions,
    question_statistics,
)
from .assessments import MeanColumn

DASH = "–"


class ModuleFilter(BoundedModelChoiceFilter):
    """The module the report reads; it never filters a queryset."""

    def filter(self, qs, value):
        return qs


class QuestionStatisticsFilterSet(InitialFilterSetMixin, WagtailFilterSet):
    module = ModuleFilter(
        label=gettext_lazy("Module"),
        queryset=modules_with_questions(),
        empty_label=None,
    )

    class Meta:
        model = Question
        fields = []


def _question_label(row: QuestionStatistics) -> str:
    if row.question.active:
        return str(row.question)
    return _("%(question)s (retired)") % {"question": row.question}


def _lesson_label(row: QuestionStatistics) -> str:
    return row.lesson.title if row.lesson else _("Module check only")


def _percent(share: float | None) -> str:
    return DASH if share is None else f"{share:.0%}"


def _top_wrong_choice(row: QuestionStatistics) -> str:
    top = row.top_wrong_choice
    if top is None:
        return DASH
    return f"{top.choice.text} ({_percent(top.share)})"


def _wrong_choices(row: QuestionStatistics) -> str:
    return "; ".join(
        f"{wrong.choice.text}: {wrong.picks} ({_percent(wrong.share)})"
        for wrong in row.wrong_choices
    )


def _review(row: QuestionStatistics) -> str:
    reasons = row.review_reasons
    if not reasons:
        return ""
    return _("Review: %(reasons)s") % {"reasons": "; ".join(reasons)}


# Each exported column and how to read it from a row; numbers stay numbers.
EXPORT_COLUMNS = {
    "key": (gettext_lazy("Key"), lambda row: row.question.key),
    "question": (
        gettext_lazy("Question"),
        lambda row: " ".join(row.question.prompt.split()),
    ),
    "in_use": (
        gettext_lazy("In use"),
        lambda row: _("Yes") if row.question.active else _("No"),
    ),
    "lesson": (gettext_lazy("Lesson"), _lesson_label),
    "kind": (gettext_lazy("Type"), lambda row: row.question.get_kind_display()),
    "attempts": (gettext_lazy("Attempts"), lambda row: row.attempts),
    "percent_correct": (
        gettext_lazy("% correct"),
        lambda row: (
            None if row.share_correct is None else round(row.share_correct * 100, 1)
        ),
    ),
    "check_answers": (
        gettext_lazy("Answers in module checks"),
        lambda row: row.check_answers,
    ),
    "discrimination": (
        gettext_lazy("Discrimination"),
        lambda row: (
            None if row.discrimination is None else round(row.discrimination, 3)
        ),
    ),
    "wrong_choices": (gettext_lazy("Wrong choices picked"), _wrong_choices),
    "review": (gettext_lazy("Review"), _review),
}


class QuestionStatisticsReportView(
    ChoiceFormReportMixin,
    ReportDownloadButtonsMixin,
    SafeSpreadsheetExportMixin,
    ReportView,
):
    """Per question of one module's bank: attempts, % correct, discrimination."""

    choice_form_name = "module_form"

    model = Question
    # Whoever may see the question bank may see how its questions perform: the
    # report counts answers and names no learner. Program staff hold it.
    permission_policy = ModelPermissionPolicy(Question)
    permission_required = "view"
    page_title = gettext_lazy("Question statistics")
    header_icon = "help"
    index_url_name = "academy_question_statistics"
    index_results_url_name = "academy_question_statistics_results"
    filterset_class = QuestionStatisticsFilterSet
    template_name = "academy/admin/question_statistics_report.html"
    paginate_by = None
    list_export = list(EXPORT_COLUMNS)
    export_headings = {name: column[0] for name, column in EXPORT_COLUMNS.items()}

    @cached_property
    def columns(self):
        can_edit = self.request.user.has_perm("curriculum.change_question")

        def edit_url(row):
            if not can_edit:
                return None
            return reverse(
                "wagtailsnippets_curriculum_question:edit", args=[row.question.pk]
            )

        return [
            TitleColumn(
                "question",
                label=gettext_lazy("Question"),
                accessor=_question_label,
                get_url=edit_url,
            ),
            Column("lesson", label=gettext_lazy("Lesson"), accessor=_lesson_label),
            Column("attempts", label=gettext_lazy("Attempts")),
            Column(
                "share_correct",
                label=gettext_lazy("% correct"),
                accessor=lambda row: _percent(row.share_correct),
            ),
            MeanColumn("discrimination", label=gettext_lazy("Discrimination")),
            Column(
                "top_wrong_choice",
                label=gettext_lazy("Most-picked wrong choice"),
                accessor=_top_wrong_choice,
            ),
            Column("review", label=gettext_lazy("Review"), accessor=_review),
        ]

    @cached_property
    def default_module(self):
        return modules_with_questions().first()

    def get_filterset_kwargs(self):
        initial = {}
        if self.default_module is not None:
            initial["module"] = str(self.default_module.pk)
        return {**super().get_filterset_kwargs(), "initial": initial}

    @cached_property
    def module(self):
        if not self.filters.is_valid():
            return None
        return self.filters.form.cleaned_data.get("module")

    def get_queryset(self):
        if self.module is None:
            return []
        return question_statistics(module=self.module)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["review"] = {
            "min_answers": REVIEW_MIN_ANSWERS,
            "hard_below": round(REVIEW_HARD_BELOW * 100),
            "easy_above": round(REVIEW_EASY_ABOVE * 100),
            "discrimination_below": REVIEW_DISCRIMINATION_BELOW,
        }
        return context

    @cached_property
    def no_results_message(self):
        if self.default_module is None:
            return _("No module has questions in its bank yet.")
        return _("Choose a module.")

    def get_page_subtitle(self):
        return self.module.title if self.module is not None else ""

    def to_row_dict(self, item):
        return {name: get(item) for name, (_heading, get) in EXPORT_COLUMNS.items()}

    def get_filename(self):
        if self.module is None:
            return "question-statistics"
        return f"question-statistics-{self.module.slug}"
