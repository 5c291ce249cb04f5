"""Pairs: the listing by status, kind, sector pairing and round; audit; by hand."""

from __future__ import annotations

import django_filters
from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import (
    InspectView,
    PermissionCheckedMixin,
    WagtailAdminTemplateMixin,
)
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy

from curriculum.validators import PlainTextFormMixin

from ..models import (
    Pair,
    PairKind,
    PairState,
)
from ..services import (
    pair_create,
)
from .common import (
    PAIRING_CHOICES,
    PersonTitleIndexView,
    TidyInspectMixin,
    pairing_label,
    person_name,
    score_reasons,
    with_sides,
)


def _score_text(score: float | None) -> str:
    """Show a matching score to two decimals, as the round's proposal does."""
    return "–" if score is None else f"{score:.2f}"


class PairFilterSet(WagtailFilterSet):
    # "Status", as "state" reads as a US state next to the sector pairing.
    state = django_filters.ChoiceFilter(
        label=gettext_lazy("Status"), choices=PairState.choices
    )
    pairing = django_filters.ChoiceFilter(
        label=gettext_lazy("Sector pairing"),
        choices=PAIRING_CHOICES,
        method="filter_pairing",
    )

    class Meta:
        model = Pair
        fields = ["state", "kind", "round"]

    def filter_pairing(self, queryset, name, value):
        learner_side, mentor_side = value.split("-")
        return with_sides(queryset).filter(
            learner_side=learner_side, mentor_side=mentor_side
        )


class PairIndexView(PersonTitleIndexView):
    person_field = "learner"
    person_label = gettext_lazy("Learner")
    add_item_label = gettext_lazy("Create a pair by hand")

    def get_base_queryset(self):
        return with_sides(
            super().get_base_queryset().select_related("learner", "mentor", "round")
        )


class PairInspectView(TidyInspectMixin, InspectView):
    """A pair's details, the reasons for its score and its audit trail."""

    template_name = "mentoring/admin/pair_inspect.html"

    def get_object(self, queryset=None):
        return get_object_or_404(
            Pair.objects.select_related(
                "learner__learner_profile", "mentor__mentor_profile", "round", "request"
            ),
            pk=self.pk,
        )

    def get_page_subtitle(self):
        return _("%(learner)s with %(mentor)s") % {
            "learner": person_name(self.object.learner),
            "mentor": person_name(self.object.mentor),
        }

    def get_field_label(self, field_name, field):
        if field_name == "state":
            return _("Status")
        return super().get_field_label(field_name, field)

    def get_score_display_value(self):
        return _score_text(self.object.score)

    def get_learner_display_value(self):
        return _person_with_email(self.object.learner)

    def get_request_display_value(self):
        request = self.object.request
        return request.get_kind_display() if request else _("None: made by hand")

    def get_mentor_display_value(self):
        return _person_with_email(self.object.mentor)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["reasons"] = score_reasons(self.object.score_breakdown or {})
        context["events"] = self.object.events.select_related("actor")
        return context


class PersonChoiceField(forms.ModelChoiceField):
    """People who have the given profile, shown with name, email and organization."""

    def __init__(self, *, profile: str, **kwargs):
        self.profile = profile
        queryset = (
            get_user_model()
            .objects.filter(**{f"{profile}__isnull": False})
            .select_related(profile)
            .order_by("last_name", "first_name", "email")
        )
        super().__init__(queryset=queryset, **kwargs)

    def label_from_instance(self, obj):
        organization = getattr(obj, self.profile).organization
        return f"{person_name(obj)} <{obj.email}> · {organization}"


class PairCreateForm(PlainTextFormMixin, forms.Form):
    mentor = PersonChoiceField(
        profile="mentor_profile", label=gettext_lazy("Mentor or host")
    )
    learner = PersonChoiceField(
        profile="learner_profile", label=gettext_lazy("Learner")
    )
    kind = forms.ChoiceField(
        label=gettext_lazy("Kind"),
        choices=PairKind.choices,
        initial=PairKind.MENTORING,
    )


class PairCreateView(PermissionCheckedMixin, WagtailAdminTemplateMixin, FormView):
    """Make a pair by hand and offer it to both people straight away."""

    model = Pair
    permission_policy = ModelPermissionPolicy(Pair)
    permission_required = "add"
    form_class = PairCreateForm
    template_name = "mentoring/admin/pair_create.html"
    page_title = gettext_lazy("Create a pair by hand")
    header_icon = "group"
    index_url_name = None
    inspect_url_name = None

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse(self.index_url_name), "label": _("Pairs")},
            {"url": "", "label": self.get_page_title()},
        ]

    def form_valid(self, form):
        try:
            pair = pair_create(
                mentor=form.cleaned_data["mentor"],
                learner=form.cleaned_data["learner"],
                kind=form.cleaned_data["kind"],
                actor=self.request.user,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("Pair offered to %(mentor)s and %(learner)s; both are emailed.")
            % {
                "mentor": person_name(pair.mentor),
                "learner": person_name(pair.learner),
            },
        )
        return redirect(self.inspect_url_name, pair.pk)


class PairViewSet(ModelViewSet):
    """Pairs change only through their lifecycle: list, inspect, or make one by hand."""

    model = Pair
    name = "mentoring_pairs"
    url_prefix = "mentoring/pairs"
    icon = "group"
    menu_label = gettext_lazy("Pairs")
    index_view_class = PairIndexView
    inspect_view_class = PairInspectView
    inspect_view_enabled = True
    copy_view_enabled = False
    add_to_reference_index = False
    filterset_class = PairFilterSet
    list_display = [
        "learner",
        Column(
            "mentor",
            label=gettext_lazy("Mentor"),
            accessor=lambda pair: person_name(pair.mentor),
            sort_key="mentor__last_name",
        ),
        "kind",
        Column(
            "state",
            label=gettext_lazy("Status"),
            accessor="get_state_display",
            sort_key="state",
        ),
        Column(
            "pairing",
            label=gettext_lazy("Sector pairing"),
            accessor=lambda pair: pairing_label(pair.learner_side, pair.mentor_side),
        ),
        "round",
        Column(
            "score",
            label=gettext_lazy("Score"),
            accessor=lambda pair: _score_text(pair.score),
            sort_key="score",
        ),
        "created_at",
    ]
    search_fields = [
        "learner__first_name",
        "learner__last_name",
        "learner__email",
        "mentor__first_name",
        "mentor__last_name",
        "mentor__email",
    ]
    search_backend_name = None
    inspect_view_fields = [
        "learner",
        "mentor",
        "kind",
        "state",
        "round",
        "request",
        "score",
        "offered_at",
        "mentor_accepted_at",
        "learner_accepted_at",
        "started_at",
        "ended_at",
        "close_reason",
        "created_at",
    ]

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(
            edit_url_name=None,
            delete_url_name=None,
            history_url_name=None,
            usage_url_name=None,
            **kwargs,
        )

    @property
    def add_view(self):
        return PairCreateView.as_view(
            index_url_name=self.get_url_name("index"),
            inspect_url_name=self.get_url_name("inspect"),
        )

    @property
    def url_finder_class(self):
        finder = super().url_finder_class
        finder.edit_url_name = self.get_url_name("inspect")
        return finder

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("new/", self.add_view, name="add"),
            path("inspect/<int:pk>/", self.inspect_view, name="inspect"),
        ]


def _person_with_email(user) -> str:
    """Name and email for staff; an erased side has neither."""
    if user is None:
        return person_name(None)
    return f"{person_name(user)} <{user.email}>"
