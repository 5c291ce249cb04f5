"""Admin screens for self-assessment: windows, targets, cohort growth, one record."""

import django_filters
from django.contrib import messages
from django.contrib.admin.utils import quote
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import ProtectedError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms.models import WagtailAdminModelForm
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import (
    CreateView,
    DeleteView,
    EditView,
    WagtailAdminTemplateMixin,
)
from wagtail.admin.views.reports import ReportView
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup
from wagtail.permission_policies import ModelPermissionPolicy

from curriculum.filters import BoundedModelChoiceFilter, InitialFilterSetMixin
from curriculum.models import PathwayPage
from curriculum.reports import ChoiceFormReportMixin, ReportDownloadButtonsMixin
from curriculum.spreadsheets import SafeSpreadsheetExportMixin
from curriculum.validators import PlainTextFormMixin
from curriculum.viewsets import AcademyMenuGroupMixin

from ..models import AssessmentWindow, Cohort, SelfAssessment, TargetLevel
from ..people import person_label
from ..selectors.reports import GROWTH_KINDS, assessment_records, cohort_growth_rows
from ..services.audit import audit_results_viewed

INDIVIDUAL_RESULTS_PERMISSION = "academy.view_individual_results"


class KeepSubmittedDeleteView(DeleteView):
    """Explain, rather than fail, when submitted self-assessments keep the object."""

    def form_valid(self, form):
        try:
            with transaction.atomic():
                return super().form_valid(form)
        except ProtectedError:
            messages.error(
                self.request,
                _(
                    "“%(object)s” cannot be deleted: learners submitted "
                    "self-assessments in it, and submitted assessments are kept "
                    "exactly as they are."
                )
                % {"object": self.object},
            )
            if self.edit_url_name:
                pk = quote(self.object.pk)
                return redirect(reverse(self.edit_url_name, args=[pk]))
            return redirect(self.index_url_name)


class AssessmentWindowViewSet(ModelViewSet):
    model = AssessmentWindow
    name = "academy_assessment_windows"
    url_prefix = "academy/assessment-windows"
    icon = "calendar"
    menu_label = gettext_lazy("Assessment windows")
    list_display = ["cohort", "kind", "opens_on", "closes_on"]
    list_filter = ["cohort", "kind"]
    form_fields = ["cohort", "kind", "opens_on", "closes_on"]
    search_fields = ["cohort__name"]
    search_backend_name = None  # plain ORM search: small table, no index to rebuild
    copy_view_enabled = False
    delete_view_class = KeepSubmittedDeleteView


class TargetLevelForm(PlainTextFormMixin, WagtailAdminModelForm):
    class Meta:
        model = TargetLevel
        fields = ["pathway", "competency", "level"]

    def clean(self):
        cleaned = super().clean()
        competency, level = cleaned.get("competency"), cleaned.get("level")
        if competency is not None and level is not None:
            levels = sorted(
                competency.domain.framework.levels.values_list("value", flat=True)
            )
            if level not in levels:
                self.add_error(
                    "level",
                    _("Choose one of the framework's levels: %(levels)s.")
                    % {"levels": ", ".join(map(str, levels))},
                )
        if (
            competency is not None
            and cleaned.get("pathway") is None
            and TargetLevel.objects.filter(competency=competency, pathway__isnull=True)
            .exclude(pk=self.instance.pk)
            .exists()
        ):
            self.add_error(
                "competency",
                _("This competency already has a default target; edit that one."),
            )
        return cleaned


class SetByMixin:
    """Record who set the target as it saves."""

    def save_instance(self):
        self.form.instance.set_by = self.request.user
        return super().save_instance()


class TargetLevelCreateView(SetByMixin, CreateView):
    """Set a target level, recording who set it."""


class TargetLevelEditView(SetByMixin, EditView):
    """Change a target level, recording who changed it."""


class TargetLevelFilterSet(WagtailFilterSet):
    pathway = BoundedModelChoiceFilter(
        label=gettext_lazy("Pathway"),
        queryset=PathwayPage.objects.order_by("title"),
        null_label=gettext_lazy("Default (every pathway)"),
    )

    class Meta:
        model = TargetLevel
        fields = ["pathway"]


def pathway_label(target: TargetLevel) -> str:
    return str(target.pathway) if target.pathway_id else _("Default")


class TargetLevelViewSet(ModelViewSet):
    model = TargetLevel
    name = "academy_target_levels"
    url_prefix = "academy/target-levels"
    icon = "crosshairs"
    menu_label = gettext_lazy("Target levels")
    add_view_class = TargetLevelCreateView
    edit_view_class = TargetLevelEditView
    list_display = [
        Column("pathway", label=gettext_lazy("Pathway"), accessor=pathway_label),
        "competency",
        "level",
        "set_by",
        "updated_at",
    ]
    filterset_class = TargetLevelFilterSet
    search_fields = ["competency__code", "competency__name"]
    search_backend_name = None
    copy_view_enabled = False

    def get_form_class(self, for_update=False):
        return TargetLevelForm

    def get_queryset(self, request):
        return TargetLevel.objects.select_related(
            "pathway", "competency__domain", "set_by"
        ).order_by("pathway__title", "competency__code")


class AssessmentAdminGroup(AcademyMenuGroupMixin, ModelViewSetGroup):
    menu_label = gettext_lazy("Self-assessment")
    menu_icon = "clipboard-list"
    menu_order = 40
    items = (AssessmentWindowViewSet, TargetLevelViewSet)


class KindFilter(django_filters.ChoiceFilter):
    """A choice the report reads itself; it never filters a queryset."""

    def filter(self, qs, value):
        return qs


class CohortFilter(BoundedModelChoiceFilter):
    def filter(self, qs, value):
        return qs


class CohortGrowthFilterSet(InitialFilterSetMixin, WagtailFilterSet):
    cohort = CohortFilter(
        label=gettext_lazy("Cohort"),
        queryset=Cohort.objects.order_by("-start_date", "name"),
        empty_label=None,
    )
    from_kind = KindFilter(
        label=gettext_lazy("From"), choices=GROWTH_KINDS, empty_label=None
    )
    to_kind = KindFilter(
        label=gettext_lazy("To"), choices=GROWTH_KINDS, empty_label=None
    )

    class Meta:
        model = Cohort
        fields = []


class MeanColumn(Column):
    """A mean to two decimals; a blank dash when suppressed or missing."""

    def __init__(self, *args, signed=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.signed = signed

    def get_value(self, instance):
        value = super().get_value(instance)
        if value is None:
            return "–"
        return f"{value:+.2f}" if self.signed else f"{value:.2f}"


class CohortGrowthReportView(
    ChoiceFormReportMixin,
    ReportDownloadButtonsMixin,
    SafeSpreadsheetExportMixin,
    ReportView,
):
    """Mean growth per domain and competency by sector; small groups suppressed."""

    choice_form_name = "growth_form"

    model = Cohort
    permission_policy = ModelPermissionPolicy(Cohort)
    permission_required = "view"  # academy.view_cohort: program staff
    page_title = gettext_lazy("Cohort growth")
    header_icon = "table"
    index_url_name = "academy_cohort_growth"
    index_results_url_name = "academy_cohort_growth_results"
    filterset_class = CohortGrowthFilterSet
    template_name = "academy/admin/cohort_growth_report.html"
    paginate_by = None
    columns = [
        Column("scope", label=gettext_lazy("Level")),
        Column("domain", label=gettext_lazy("Domain")),
        Column("competency", label=gettext_lazy("Competency")),
        Column("sector_group", label=gettext_lazy("Sector group")),
        Column("n", label=gettext_lazy("Learners")),
        MeanColumn("mean_before", label=gettext_lazy("Mean before")),
        MeanColumn("mean_after", label=gettext_lazy("Mean after")),
        MeanColumn("mean_change", label=gettext_lazy("Mean change"), signed=True),
    ]
    list_export = [
        "scope",
        "domain",
        "competency",
        "sector_group",
        "n",
        "mean_before",
        "mean_after",
        "mean_change",
    ]
    export_headings = {
        "scope": gettext_lazy("Level"),
        "domain": gettext_lazy("Domain"),
        "competency": gettext_lazy("Competency"),
        "sector_group": gettext_lazy("Sector group"),
        "n": gettext_lazy("Learners"),
        "mean_before": gettext_lazy("Mean before"),
        "mean_after": gettext_lazy("Mean after"),
        "mean_change": gettext_lazy("Mean change"),
    }

    @cached_property
    def default_cohort(self):
        return Cohort.objects.order_by("-start_date", "name").first()

    def get_filterset_kwargs(self):
        initial = {"from_kind": "baseline", "to_kind": "exit"}
        if self.default_cohort is not None:
            initial["cohort"] = str(self.default_cohort.pk)
            # Open on the furthest window anyone has reached, so a cohort midway
            # through the program shows its numbers rather than an empty exit.
            taken = set(
                SelfAssessment.objects.filter(
                    window__cohort=self.default_cohort, submitted_at__isnull=False
                )
                .values_list("window__kind", flat=True)
                .distinct()
            )
            later = [kind for kind, _label in GROWTH_KINDS[1:] if kind in taken]
            if later:
                initial["to_kind"] = later[-1]
        return {**super().get_filterset_kwargs(), "initial": initial}

    @cached_property
    def choice(self) -> dict | None:
        """The cohort and the two kinds chosen, or None when the choice is unusable."""
        if not self.filters.is_valid():
            return None
        data = self.filters.form.cleaned_data
        kinds = dict(GROWTH_KINDS)
        if (
            not data.get("cohort")
            or data.get("from_kind") not in kinds
            or data.get("to_kind") not in kinds
            or data["from_kind"] == data["to_kind"]
        ):
            return None
        return data

    def get_queryset(self):
        if self.choice is None:
            return []
        return cohort_growth_rows(
            cohort=self.choice["cohort"],
            from_kind=self.choice["from_kind"],
            to_kind=self.choice["to_kind"],
        )

    @cached_property
    def no_results_message(self):
        if self.default_cohort is None:
            return _("There are no cohorts yet.")
        if self.choice is None:
            return _("Choose a cohort and two different assessments.")
        return _("No member of this cohort has rated themselves in both yet.")

    def get_page_subtitle(self):
        if self.choice is None:
            return ""
        kinds = dict(GROWTH_KINDS)
        return _("%(cohort)s, %(before)s to %(after)s") % {
            "cohort": self.choice["cohort"],
            "before": kinds[self.choice["from_kind"]],
            "after": kinds[self.choice["to_kind"]],
        }

    def get_filename(self):
        if self.choice is None:
            return "cohort-growth"
        return "cohort-{}-growth-{}-{}".format(
            self.choice["cohort"].pk, self.choice["from_kind"], self.choice["to_kind"]
        )


class LearnerAssessmentsView(WagtailAdminTemplateMixin, TemplateView):
    """One learner's submitted assessments with every rating and note."""

    template_name = "academy/admin/learner_assessments.html"
    page_title = gettext_lazy("Self-assessments")
    header_icon = "user"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(INDIVIDUAL_RESULTS_PERMISSION):
            raise PermissionDenied
        self.learner = get_object_or_404(get_user_model(), pk=kwargs["user_id"])
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        audit_results_viewed(learner=self.learner, actor=request.user)
        return response

    def get_page_subtitle(self):
        return person_label(self.learner)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["learner"] = self.learner
        context["assessments"] = assessment_records(user=self.learner)
        return context
