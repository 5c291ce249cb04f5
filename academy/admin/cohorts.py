"""Admin screens for cohorts: the listing, members by email, and the progress report."""

from django import forms
from django.contrib.admin.utils import quote
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.forms.models import WagtailAdminModelForm
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.generic import (
    CreateView,
    EditView,
    IndexView,
    InspectView,
    PermissionCheckedMixin,
)
from wagtail.admin.views.generic.base import BaseOperationView
from wagtail.admin.views.reports import ReportView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import Button
from wagtail.permission_policies import ModelPermissionPolicy

from curriculum.reports import ReportDownloadButtonsMixin
from curriculum.spreadsheets import SafeSpreadsheetExportMixin
from curriculum.validators import PlainTextFormMixin
from curriculum.viewsets import ACADEMY_MENU_HOOK

from ..models import Cohort
from ..people import person_label
from ..selectors.cohorts import (
    cohort_list,
    cohort_members,
    cohort_pending_invitations,
    cohort_progress_rows,
)
from ..services.cohorts import (
    cohort_add_members,
    cohort_remove_member,
    emails_from_csv,
    emails_from_text,
)
from .assessments import KeepSubmittedDeleteView

CSV_MAX_BYTES = 2 * 1024 * 1024


class CohortForm(PlainTextFormMixin, WagtailAdminModelForm):
    add_emails = forms.CharField(
        label=gettext_lazy("Add learners by email"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy(
            "Paste addresses separated by commas, semicolons or new lines; "
            "“Name <email>” works too. Accounts with a verified address join now; "
            "any other address is emailed an invitation to sign up and joins once "
            "it is verified."
        ),
    )
    emails_csv = forms.FileField(
        label=gettext_lazy("Or upload a CSV of emails"),
        required=False,
        help_text=gettext_lazy(
            "A UTF-8 CSV file with an “email” column, or addresses in its first column."
        ),
    )

    class Meta:
        model = Cohort
        fields = ["name", "start_date", "end_date", "pathway"]

    def clean_add_emails(self) -> list[str]:
        return emails_from_text(self.cleaned_data["add_emails"])

    def clean_emails_csv(self) -> list[str]:
        upload = self.cleaned_data["emails_csv"]
        if not upload:
            return []
        if upload.size > CSV_MAX_BYTES:
            raise ValidationError(
                _("%(name)s: the file is larger than 2 MB.") % {"name": upload.name}
            )
        try:
            return emails_from_csv(upload.read())
        except ValueError as exc:
            raise ValidationError(f"{upload.name}: {exc}") from None

    @property
    def member_emails(self) -> list[str]:
        return [*self.cleaned_data["add_emails"], *self.cleaned_data["emails_csv"]]


class CohortMembersFormMixin:
    """Add the form's learners as the cohort saves, and report them in the message."""

    add_report = None

    def save_instance(self):
        cohort = super().save_instance()
        if self.form.member_emails:
            self.add_report = cohort_add_members(
                cohort=cohort,
                emails=self.form.member_emails,
                invited_by=self.request.user,
            )
        return cohort

    def get_success_message(self, *args):
        message = super().get_success_message(*args)
        if self.add_report is None:
            return message
        return f"{message} {self.add_report}"


class CohortCreateView(CohortMembersFormMixin, CreateView):
    """Create a cohort and add its first members."""


class CohortEditView(CohortMembersFormMixin, EditView):
    """Edit a cohort and add more members."""


class CohortIndexView(IndexView):
    report_url_name = None

    def get_base_queryset(self):
        return cohort_list()

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if self.user_has_permission("view"):
            buttons.append(
                MenuItem(
                    _("Progress report"),
                    url=reverse(self.report_url_name, args=[quote(instance.pk)]),
                    icon_name="table",
                    priority=25,
                )
            )
        return buttons


class CohortInspectView(InspectView):
    """The cohort's details and members, each with a button to remove them."""

    template_name = "academy/admin/cohort_inspect.html"
    report_url_name = None
    remove_member_url_name = None

    @cached_property
    def report_url(self):
        if self.user_has_permission("view"):
            return reverse(self.report_url_name, args=[quote(self.object.pk)])

    @cached_property
    def header_more_buttons(self):
        buttons = super().header_more_buttons
        if self.report_url:
            buttons.append(
                Button(
                    _("Progress report"),
                    url=self.report_url,
                    icon_name="table",
                    priority=30,
                )
            )
        return buttons

    def get_pathway_display_value(self):
        return self.object.pathway or "–"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["members"] = cohort_members(cohort=self.object)
        context["invitations"] = cohort_pending_invitations(cohort=self.object)
        context["report_url"] = self.report_url
        if self.user_has_permission("change"):
            context["remove_url_name"] = self.remove_member_url_name
        return context


class CohortMemberRemoveView(PermissionCheckedMixin, BaseOperationView):
    """Remove one learner from a cohort (POST only)."""

    model = Cohort
    permission_policy = ModelPermissionPolicy(Cohort)
    permission_required = "change"

    def perform_operation(self):
        self.member = get_object_or_404(get_user_model(), pk=self.kwargs["user_pk"])
        self.removed = cohort_remove_member(cohort=self.object, user=self.member)

    def get_success_message(self):
        if not self.removed:
            return None
        return _("Removed %(learner)s from %(cohort)s.") % {
            "learner": person_label(self.member),
            "cohort": self.object,
        }


class CohortReportView(
    ReportDownloadButtonsMixin, SafeSpreadsheetExportMixin, ReportView
):
    """Each member's modules, lessons and last activity, with CSV and XLSX export."""

    model = Cohort
    permission_policy = ModelPermissionPolicy(Cohort)
    permission_required = "view"
    page_title = gettext_lazy("Cohort progress")
    header_icon = "table"
    cohort_index_url_name = None
    inspect_url_name = None
    default_ordering = "name"
    columns = [
        Column("name", label=gettext_lazy("Name"), sort_key="name"),
        Column("email", label=gettext_lazy("Email"), sort_key="email"),
        Column("sector_display", label=gettext_lazy("Sector")),
        Column("organization", label=gettext_lazy("Organization")),
        Column("modules_enrolled", label=gettext_lazy("Modules enrolled")),
        Column(
            "modules_completed",
            label=gettext_lazy("Modules completed"),
            sort_key="modules_completed",
        ),
        Column("lessons_completed", label=gettext_lazy("Lessons completed")),
        DateColumn(
            "last_activity",
            label=gettext_lazy("Last activity"),
            sort_key="last_activity",
        ),
    ]
    list_export = [
        "name",
        "email",
        "sector_display",
        "organization",
        "modules_enrolled",
        "modules_completed",
        "lessons_completed",
        "last_activity",
    ]
    export_headings = {
        "name": gettext_lazy("Name"),
        "email": gettext_lazy("Email"),
        "sector_display": gettext_lazy("Sector"),
        "organization": gettext_lazy("Organization"),
        "modules_enrolled": gettext_lazy("Modules enrolled"),
        "modules_completed": gettext_lazy("Modules completed"),
        "lessons_completed": gettext_lazy("Lessons completed"),
        "last_activity": gettext_lazy("Last activity"),
    }

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.cohort = get_object_or_404(Cohort, pk=self.kwargs["pk"])

    def get_base_queryset(self):
        return cohort_progress_rows(cohort=self.cohort)

    def get_page_subtitle(self):
        return str(self.cohort)

    def get_index_url(self):
        return reverse(self.index_url_name, args=[quote(self.cohort.pk)])

    def get_filename(self):
        return f"cohort-{self.cohort.pk}-progress"

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse(self.cohort_index_url_name), "label": _("Cohorts")},
            {
                "url": reverse(self.inspect_url_name, args=[quote(self.cohort.pk)]),
                "label": str(self.cohort),
            },
            {"url": "", "label": self.get_page_title()},
        ]


class CohortViewSet(ModelViewSet):
    model = Cohort
    name = "academy_cohorts"
    url_prefix = "academy/cohorts"
    icon = "group"
    menu_label = gettext_lazy("Cohorts")
    menu_order = 30
    menu_hook = ACADEMY_MENU_HOOK
    index_view_class = CohortIndexView
    add_view_class = CohortCreateView
    edit_view_class = CohortEditView
    inspect_view_class = CohortInspectView
    # A cohort whose windows hold submitted self-assessments stays.
    delete_view_class = KeepSubmittedDeleteView
    inspect_view_enabled = True
    copy_view_enabled = False
    list_display = [
        "name",
        "start_date",
        "end_date",
        "pathway",
        Column("member_count", label=gettext_lazy("Members"), sort_key="member_count"),
    ]
    inspect_view_fields = ["name", "start_date", "end_date", "pathway"]
    search_fields = ["name"]
    search_backend_name = None  # plain ORM search: small table, no index to rebuild

    def get_form_class(self, for_update=False):
        return CohortForm

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(
            report_url_name=self.get_url_name("report"), **kwargs
        )

    def get_inspect_view_kwargs(self, **kwargs):
        return super().get_inspect_view_kwargs(
            report_url_name=self.get_url_name("report"),
            remove_member_url_name=self.get_url_name("remove_member"),
            **kwargs,
        )

    @property
    def report_view(self):
        return self.construct_view(
            CohortReportView,
            index_url_name=self.get_url_name("report"),
            cohort_index_url_name=self.get_url_name("index"),
            inspect_url_name=self.get_url_name("inspect"),
        )

    @property
    def remove_member_view(self):
        return self.construct_view(
            CohortMemberRemoveView, success_url_name=self.get_url_name("inspect")
        )

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("<int:pk>/report/", self.report_view, name="report"),
            path(
                "<int:pk>/members/<int:user_pk>/remove/",
                self.remove_member_view,
                name="remove_member",
            ),
        ]
