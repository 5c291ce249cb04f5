"""Admin screens for the competency framework, grouped under one menu."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import ProtectedError
from django.forms.formsets import DELETION_FIELD_NAME, ORDERING_FIELD_NAME
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.generic import FormView
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms.models import WagtailAdminModelForm
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem
from wagtail.admin.ui.tables import BooleanColumn
from wagtail.admin.views.generic import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.models import InspectView
from wagtail.snippets.views.snippets import (
    DeleteView,
    SnippetViewSet,
    SnippetViewSetGroup,
)

from .filters import BoundedModelChoiceFilter
from .interchange import InterchangeError, parse_framework_file
from .models import Competency, Domain, Framework, ModulePage, Question, QuestionKind
from .selectors import framework_default, framework_tree
from .services import framework_import
from .validators import IMPORT_MAX_BYTES, PlainTextFormMixin


class FrameworkOverviewView(InspectView):
    """The whole framework on one read-only page."""

    template_name = "curriculum/admin/framework_overview.html"

    def get_page_subtitle(self):
        return str(self.object)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["tree"] = framework_tree(framework=self.object)
        context["case_url"] = reverse(
            "curriculum:case-package", args=[self.object.identifier]
        )
        context["csv_url"] = reverse(
            "curriculum:framework-csv", args=[self.object.identifier]
        )
        return context


class FrameworkImportForm(PlainTextFormMixin, forms.Form):
    file = forms.FileField(
        label=_("Framework file"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "A CASE JSON package or a Moodle competency framework CSV file, "
            "up to %(size)d MB."
        ) % {"size": IMPORT_MAX_BYTES // (1024 * 1024)}

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > IMPORT_MAX_BYTES:
            raise forms.ValidationError(
                _("%(name)s: the file is larger than %(size)d MB.")
                % {"name": upload.name, "size": IMPORT_MAX_BYTES // (1024 * 1024)}
            )
        return upload


class FrameworkImportView(WagtailAdminTemplateMixin, FormView):
    """Upload a CASE or Moodle file; an error is one line and saves nothing."""

    form_class = FrameworkImportForm
    template_name = "curriculum/admin/framework_import.html"
    page_title = _("Import a competency framework")
    header_icon = "upload"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm("curriculum.add_framework"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        try:
            spec = parse_framework_file(upload.read(), filename=upload.name)
            report = framework_import(spec=spec)
        except InterchangeError as exc:
            form.add_error("file", f"{upload.name}: {exc}")
            return self.form_invalid(form)
        messages.success(self.request, str(report))
        return redirect(
            "wagtailsnippets_curriculum_framework:inspect", report.framework.pk
        )


class PlainTextAdminModelForm(PlainTextFormMixin, WagtailAdminModelForm):
    """Wagtail's admin form under the plain-text rule."""

    def full_clean(self):
        super().full_clean()
        # A chooser draws its object again; a value naming none would fail to draw.
        refused = [
            name
            for name, field in self.fields.items()
            if name in self.errors and isinstance(field, forms.ModelChoiceField)
        ]
        if refused:
            self.data = self.data.copy()
            for name in refused:
                self.data[self.add_prefix(name)] = ""


class RowIdsFormSetMixin:
    """Inline rows with a mangled hidden id or order get errors, not a server error."""

    def full_clean(self):
        super().full_clean()
        # The inline panel sorts rows by their order even when one was refused.
        if self.can_order:
            for form in self.forms:
                if hasattr(form, "cleaned_data"):
                    form.cleaned_data.setdefault(ORDERING_FIELD_NAME, None)

    def _construct_form(self, i, **kwargs):
        try:
            return super()._construct_form(i, **kwargs)
        except (ValidationError, ValueError):
            self.data = self.data.copy()
            self.data[f"{self.add_prefix(i)}-{self.model._meta.pk.name}"] = ""
            return super()._construct_form(i, **kwargs)


class InUseDeleteView(DeleteView):
    """Say that an item still in use cannot be deleted instead of failing."""

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except ProtectedError as error:
            messages.error(
                self.request,
                _(
                    "“%(item)s” cannot be deleted: %(count)d other records still "
                    "use it. Retire or edit it instead."
                )
                % {"item": self.object, "count": len(error.protected_objects)},
            )
            return redirect(self.request.path)


class PlainTextViewSetMixin:
    """Admin create and edit forms, inline rows too, refuse control characters."""

    def get_form_class(self, for_update=False):
        form_class = super().get_form_class(for_update=for_update)
        if not issubclass(form_class, PlainTextFormMixin):
            form_class = type(form_class.__name__, (PlainTextFormMixin, form_class), {})
        for name, formset in getattr(form_class, "formsets", {}).items():
            if not issubclass(formset, RowIdsFormSetMixin):
                form = type(
                    formset.form.__name__, (PlainTextFormMixin, formset.form), {}
                )
                form_class.formsets[name] = type(
                    formset.__name__, (RowIdsFormSetMixin, formset), {"form": form}
                )
        return form_class


class PlainTextSnippetViewSet(PlainTextViewSetMixin, SnippetViewSet):
    """Snippet screens that refuse control characters and explain refused deletes."""

    delete_view_class = InUseDeleteView

    def get_edit_handler(self):
        edit_handler = super().get_edit_handler()
        edit_handler.base_form_class = PlainTextAdminModelForm
        return edit_handler


class FrameworkViewSet(PlainTextSnippetViewSet):
    model = Framework
    icon = "table"
    menu_label = _("Frameworks")
    list_display = [
        "title",
        "version",
        "slug",
        BooleanColumn(
            "is_default", label=_("Default framework"), sort_key="is_default"
        ),
        "updated_at",
    ]
    search_fields = ["title"]
    search_backend_name = None  # plain ORM search: small tables, no index to rebuild
    inspect_view_enabled = True
    inspect_view_class = FrameworkOverviewView

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("import/", FrameworkImportView.as_view(), name="import"),
        ]


class DomainViewSet(PlainTextSnippetViewSet):
    model = Domain
    icon = "folder-open-inverse"
    list_display = ["code", "name", "framework"]
    list_filter = ["framework"]
    search_fields = ["name", "code"]
    search_backend_name = None


class CompetencyViewSet(PlainTextSnippetViewSet):
    model = Competency
    icon = "pick"
    menu_label = _("Competencies")
    list_display = [
        "code",
        "name",
        "domain",
        BooleanColumn("retired", label=_("Retired"), sort_key="retired"),
    ]
    list_filter = ["domain__framework", "domain", "retired"]
    search_fields = ["name", "code", "description"]
    search_backend_name = None

    def get_queryset(self, request):
        # The listing names each competency's domain: one query, not one per row.
        return self.model._default_manager.select_related("domain")


# The academy's screens share one "Academy" admin menu (registered by the academy
# app); each app registers its items into it through these hooks.
ACADEMY_MENU_HOOK = "register_academy_menu_item"
ACADEMY_REPORTS_MENU_HOOK = "register_academy_reports_menu_item"


class AcademyMenuGroupMixin:
    """Put a viewset group in the Academy menu, with the items of its submenu hook."""

    menu_hook = ACADEMY_MENU_HOOK
    submenu_hook = None  # Wagtail 7.4's groups have no such attribute.

    def get_menu_item(self, order=None):
        # Built here rather than by Wagtail: Wagtail 7.4's groups ignore submenu_hook.
        return SubmenuMenuItem(
            label=self.menu_label,
            menu=Menu(
                register_hook_name=self.submenu_hook,
                items=self.get_submenu_items(),
            ),
            name=self.menu_name,
            icon_name=self.menu_icon,
            order=self.menu_order if self.menu_order is not None else order or 8999,
        )


class CompetencyFrameworkGroup(AcademyMenuGroupMixin, SnippetViewSetGroup):
    menu_label = _("Competency framework")
    menu_icon = "table"
    menu_order = 10
    submenu_hook = "register_competency_framework_menu_item"
    items = (FrameworkViewSet, DomainViewSet, CompetencyViewSet)


def framework_overview_redirect(request):
    """Send staff to the default framework's overview (the menu's first entry)."""
    framework = framework_default()
    if framework is None:
        return redirect("wagtailsnippets_curriculum_framework:list")
    return redirect("wagtailsnippets_curriculum_framework:inspect", framework.pk)


class PermissionMenuItem(MenuItem):
    def __init__(self, *args, permission: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.permission = permission

    def is_shown(self, request):
        return request.user.has_perm(self.permission)


class QuestionAdminForm(PlainTextAdminModelForm):
    """A question's form that refuses choices no learner could answer right."""

    def clean(self):
        cleaned = super().clean()
        choices = self.formsets.get("choices")
        kind = cleaned.get("kind")
        if choices is None or kind not in QuestionKind.values:
            return cleaned
        kept = []
        for form in choices.forms:
            row_valid = form.is_valid()
            row = getattr(form, "cleaned_data", {})
            if row.get(DELETION_FIELD_NAME):
                continue
            if form.instance.pk is None and not form.has_changed():
                continue  # a row added and left blank is no choice
            if not row_valid:
                # That row shows its own error; counting without it would mislead.
                return cleaned
            kept.append(row)
        right = sum(1 for row in kept if row.get("correct"))
        for message in _choice_problems(kind=kind, right=right, total=len(kept)):
            self.add_error(None, message)
        return cleaned


def _choice_problems(*, kind: str, right: int, total: int) -> list[str]:
    problems = []
    if total < 2:
        problems.append(_("Give the question at least two choices."))
    if kind in (QuestionKind.SINGLE, QuestionKind.SCENARIO) and right != 1:
        problems.append(
            ngettext(
                "Mark exactly one choice as correct: this type of question has one "
                "right answer, and %(count)d choice is marked.",
                "Mark exactly one choice as correct: this type of question has one "
                "right answer, and %(count)d choices are marked.",
                right,
            )
            % {"count": right}
        )
    if kind == QuestionKind.MULTIPLE:
        if right < 1:
            problems.append(_("Mark at least one choice as correct."))
        elif right == total:
            problems.append(
                _(
                    "Leave at least one choice unmarked: when every choice is "
                    "correct, “choose all that apply” tests nothing."
                )
            )
    return problems


class QuestionFilterSet(WagtailFilterSet):
    module = BoundedModelChoiceFilter(
        label=_("Module"), queryset=ModulePage.objects.order_by("path")
    )
    competencies = BoundedModelChoiceFilter(
        label=_("Competency"),
        queryset=Competency.objects.filter(retired=False).order_by("code"),
    )

    class Meta:
        model = Question
        fields = ["module", "kind", "active", "competencies"]


class QuestionViewSet(PlainTextSnippetViewSet):
    """Each module's question bank: what lessons and module checks ask."""

    model = Question
    icon = "help"
    menu_label = _("Question bank")
    menu_name = "question-bank"
    menu_hook = ACADEMY_MENU_HOOK
    menu_order = 15
    list_display = [
        "__str__",
        "module",
        "lesson",
        "kind",
        BooleanColumn("active", label=_("In use"), sort_key="active"),
    ]
    filterset_class = QuestionFilterSet
    search_fields = ["prompt", "scenario"]
    search_backend_name = None
    copy_view_enabled = False

    def get_queryset(self, request):
        # Each row names its module and lesson: joined, not fetched one by one.
        return self.model._default_manager.select_related("module", "lesson")

    def get_edit_handler(self):
        edit_handler = super().get_edit_handler()
        edit_handler.base_form_class = QuestionAdminForm
        return edit_handler
