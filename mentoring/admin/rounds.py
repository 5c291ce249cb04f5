"""Matching rounds: settings, run, review with reasons, change, drop, approve."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.admin.utils import quote
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.generic import TemplateView
from wagtail.admin.forms.models import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import (
    CreateView,
    DeleteView,
    EditView,
    IndexView,
    InspectView,
    PermissionCheckedMixin,
    WagtailAdminTemplateMixin,
)
from wagtail.admin.views.generic.base import BaseObjectMixin, BaseOperationView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy

from curriculum.validators import PlainTextFormMixin

from ..models import (
    MatchingRound,
    MentorProfile,
    Pair,
    PairState,
)
from ..selectors import mentors_with_places, round_requests
from ..services import (
    pair_change_mentor,
    pair_drop,
    round_approve,
    round_propose,
)
from .common import (
    TidyInspectMixin,
    person_name,
    score_reasons,
)


class MatchingRoundForm(PlainTextFormMixin, WagtailAdminModelForm):
    def clean_weight_load(self):
        value = self.cleaned_data["weight_load"]
        if value is not None and value < 0:
            raise ValidationError(_("The load weight cannot be negative."))
        return value


class RoundIndexView(IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().annotate(pair_count=Count("pairs"))

    def get_edit_url(self, instance):
        if instance.status == MatchingRound.Status.APPROVED:
            return None  # read-only: the title links to the round's page instead
        return super().get_edit_url(instance)


class ReadOnlyWhenApprovedMixin:
    """Send staff back to the round's page when the round is already approved."""

    inspect_url_name = None

    def refusal(self, request):
        matching_round = self.get_object()
        if matching_round.status == MatchingRound.Status.APPROVED:
            messages.warning(
                request, _("This round is approved; its settings can no longer change.")
            )
            return redirect(self.inspect_url_name, quote(matching_round.pk))
        return None

    # Checked in the handlers, so that the permission check in dispatch comes first.
    def get(self, request, *args, **kwargs):
        return self.refusal(request) or super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        return self.refusal(request) or super().post(request, *args, **kwargs)


class RoundCreateView(CreateView):
    inspect_url_name = None

    def save_instance(self):
        self.form.instance.created_by = self.request.user
        return super().save_instance()

    def get_success_url(self):
        return reverse(self.inspect_url_name, args=[quote(self.object.pk)])


class RoundEditView(ReadOnlyWhenApprovedMixin, EditView):
    def get_success_url(self):
        return reverse(self.inspect_url_name, args=[quote(self.object.pk)])


class RoundDeleteView(ReadOnlyWhenApprovedMixin, DeleteView):
    @transaction.atomic
    def delete_action(self):
        # A proposal without its round would linger as orphan proposed pairs.
        for pair in self.object.pairs.filter(state=PairState.PROPOSED):
            pair_drop(pair=pair)
        super().delete_action()


class RoundInspectView(TidyInspectMixin, InspectView):
    """The round's page: its settings, the proposal with reasons, and the actions."""

    template_name = "mentoring/admin/round_inspect.html"
    page_title = gettext_lazy("Matching round")
    run_url_name = None
    approve_url_name = None
    change_mentor_url_name = None
    drop_url_name = None
    pair_inspect_url_name = None

    def get_edit_url(self):
        if self.object.status == MatchingRound.Status.APPROVED:
            return None
        return super().get_edit_url()

    def get_delete_url(self):
        if self.object.status == MatchingRound.Status.APPROVED:
            return None
        return super().get_delete_url()

    @cached_property
    def is_approved(self) -> bool:
        return self.object.status == MatchingRound.Status.APPROVED

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        summary = round_requests(round=self.object)
        can_change = self.user_has_permission("change") and not self.is_approved
        mentors = list(mentors_with_places(round=self.object)) if can_change else []
        for pair in summary["pairs"]:
            pair.reasons = score_reasons(pair.score_breakdown or {})
            pair.other_mentors = [
                profile
                for profile in mentors
                if profile.user_id not in (pair.mentor_id, pair.learner_id)
            ]
        context.update(
            summary,
            matched=len(summary["pairs"]),
            is_approved=self.is_approved,
            can_change=can_change,
            can_approve=can_change
            and self.object.status == MatchingRound.Status.PROPOSED,
            mentor_choices=mentors,
            run_url=reverse(self.run_url_name, args=[quote(self.object.pk)]),
            approve_url=reverse(self.approve_url_name, args=[quote(self.object.pk)]),
            change_mentor_url_name=self.change_mentor_url_name,
            drop_url_name=self.drop_url_name,
            pair_inspect_url_name=self.pair_inspect_url_name,
        )
        return context


class RoundOperationView(PermissionCheckedMixin, BaseOperationView):
    """A POST on a round not yet approved; a refusal becomes an error message."""

    model = MatchingRound
    permission_policy = ModelPermissionPolicy(MatchingRound)
    permission_required = "change"

    def post(self, request, *args, **kwargs):
        if self.object.status == MatchingRound.Status.APPROVED:
            messages.error(
                request, _("This round is approved and can no longer change.")
            )
            return redirect(self.get_success_url())
        try:
            self.perform_operation()
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            self.add_success_message()
        return redirect(self.get_success_url())


class RoundRunView(RoundOperationView):
    def perform_operation(self):
        self.pairs = round_propose(round=self.object, actor=self.request.user)

    def get_success_message(self):
        count = len(self.pairs)
        return ngettext(
            "Matching ran: %(count)s pair proposed. Review it, then approve the round.",
            "Matching ran: %(count)s pairs proposed. "
            "Review them, then approve the round.",
            count,
        ) % {"count": count}


class RoundPairMixin:
    def get_pair(self) -> Pair:
        return get_object_or_404(
            Pair.objects.select_related("learner", "mentor"),
            pk=self.kwargs["pair_pk"],
            round=self.object,
        )


class MentorChangeForm(PlainTextFormMixin, forms.Form):
    mentor = forms.ModelChoiceField(queryset=MentorProfile.objects.none())

    def __init__(self, *args, round: MatchingRound, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mentor"].queryset = mentors_with_places(round=round)
        self.fields["mentor"].error_messages["invalid_choice"] = _(
            "That mentor has no place left in this round."
        )


class PairChangeMentorView(RoundPairMixin, RoundOperationView):
    def perform_operation(self):
        self.pair = self.get_pair()
        form = MentorChangeForm(self.request.POST, round=self.object)
        if not form.is_valid():
            raise ValidationError(form.errors["mentor"])
        self.mentor = form.cleaned_data["mentor"].user
        pair_change_mentor(pair=self.pair, mentor=self.mentor, actor=self.request.user)

    def get_success_message(self):
        return _("%(learner)s will now be offered %(mentor)s.") % {
            "learner": person_name(self.pair.learner),
            "mentor": person_name(self.mentor),
        }


class PairDropView(RoundPairMixin, RoundOperationView):
    def perform_operation(self):
        self.pair = self.get_pair()
        pair_drop(pair=self.pair)

    def get_success_message(self):
        return _(
            "Dropped the pair of %(learner)s and %(mentor)s; "
            "the request stays open for a later round."
        ) % {
            "learner": person_name(self.pair.learner),
            "mentor": person_name(self.pair.mentor),
        }


class RoundApproveView(
    PermissionCheckedMixin, BaseObjectMixin, WagtailAdminTemplateMixin, TemplateView
):
    """Confirm, then approve: only now are both people in each pair asked."""

    model = MatchingRound
    permission_policy = ModelPermissionPolicy(MatchingRound)
    permission_required = "change"
    template_name = "mentoring/admin/round_approve.html"
    page_title = gettext_lazy("Approve round")
    header_icon = "check"
    inspect_url_name = None

    def get_page_subtitle(self):
        return str(self.object)

    def refusal(self, request):
        if self.object.status == MatchingRound.Status.PROPOSED:
            return None
        messages.error(
            request,
            _("This round is already approved.")
            if self.object.status == MatchingRound.Status.APPROVED
            else _("Run matching before approving the round."),
        )
        return redirect(self.inspect_url_name, quote(self.object.pk))

    def get(self, request, *args, **kwargs):
        return self.refusal(request) or super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["pair_count"] = self.object.pairs.filter(
            state=PairState.PROPOSED
        ).count()
        context["inspect_url"] = reverse(
            self.inspect_url_name, args=[quote(self.object.pk)]
        )
        return context

    def post(self, request, *args, **kwargs):
        if refusal := self.refusal(request):
            return refusal
        try:
            pairs = round_approve(round=self.object, actor=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request,
                ngettext(
                    "Round approved: %(count)s pair offered. Both people in the "
                    "pair are emailed and have 14 days to answer.",
                    "Round approved: %(count)s pairs offered. Both people in each "
                    "pair are emailed and have 14 days to answer.",
                    len(pairs),
                )
                % {"count": len(pairs)},
            )
        return redirect(self.inspect_url_name, quote(self.object.pk))


class MatchingRoundViewSet(ModelViewSet):
    model = MatchingRound
    name = "mentoring_rounds"
    url_prefix = "mentoring/rounds"
    icon = "resubmit"
    menu_label = gettext_lazy("Matching rounds")
    index_view_class = RoundIndexView
    add_view_class = RoundCreateView
    edit_view_class = RoundEditView
    delete_view_class = RoundDeleteView
    inspect_view_class = RoundInspectView
    inspect_view_enabled = True
    copy_view_enabled = False
    list_display = [
        "name",
        "status",
        "objective",
        Column("pair_count", label=gettext_lazy("Pairs"), sort_key="pair_count"),
        "ran_at",
        "approved_at",
    ]
    list_filter = ["status"]
    search_fields = ["name"]
    search_backend_name = None
    inspect_view_fields = [
        "status",
        "objective",
        "cross_sector",
        "weight_gap",
        "weight_state",
        "weight_format",
        "weight_load",
        "unmatched_penalty",
        "created_by",
        "ran_at",
        "approved_at",
    ]
    edit_handler = ObjectList(
        [
            FieldPanel("name"),
            FieldPanel("objective"),
            FieldPanel("cross_sector"),
            MultiFieldPanel(
                [
                    FieldPanel("weight_gap"),
                    FieldPanel("weight_state"),
                    FieldPanel("weight_format"),
                    FieldPanel("weight_load"),
                ],
                heading=gettext_lazy("Weights"),
            ),
            FieldPanel("unmatched_penalty"),
        ],
        base_form_class=MatchingRoundForm,
    )

    def get_add_view_kwargs(self, **kwargs):
        return super().get_add_view_kwargs(
            inspect_url_name=self.get_url_name("inspect"), **kwargs
        )

    def get_edit_view_kwargs(self, **kwargs):
        return super().get_edit_view_kwargs(
            inspect_url_name=self.get_url_name("inspect"), **kwargs
        )

    def get_delete_view_kwargs(self, **kwargs):
        return super().get_delete_view_kwargs(
            inspect_url_name=self.get_url_name("inspect"), **kwargs
        )

    def get_inspect_view_kwargs(self, **kwargs):
        return super().get_inspect_view_kwargs(
            run_url_name=self.get_url_name("run"),
            approve_url_name=self.get_url_name("approve"),
            change_mentor_url_name=self.get_url_name("change_mentor"),
            drop_url_name=self.get_url_name("drop"),
            pair_inspect_url_name="mentoring_pairs:inspect",
            **kwargs,
        )

    def operation_view(self, view_class):
        return self.construct_view(
            view_class, success_url_name=self.get_url_name("inspect")
        )

    @property
    def approve_view(self):
        return self.construct_view(
            RoundApproveView, inspect_url_name=self.get_url_name("inspect")
        )

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("<int:pk>/run/", self.operation_view(RoundRunView), name="run"),
            path("<int:pk>/approve/", self.approve_view, name="approve"),
            path(
                "<int:pk>/pairs/<int:pair_pk>/mentor/",
                self.operation_view(PairChangeMentorView),
                name="change_mentor",
            ),
            path(
                "<int:pk>/pairs/<int:pair_pk>/drop/",
                self.operation_view(PairDropView),
                name="drop",
            ),
        ]
