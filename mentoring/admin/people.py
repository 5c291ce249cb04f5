"""Admin screens for mentor profiles and mentoring requests."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.admin.ui.tables import BooleanColumn
from wagtail.admin.views.generic import (
    InspectView,
)
from wagtail.admin.viewsets.model import ModelViewSet

from curriculum.viewsets import PlainTextViewSetMixin

from ..models import (
    MentoringRequest,
    MentorProfile,
)
from .common import (
    PersonTitleIndexView,
    TidyInspectMixin,
    person_name,
)


class MentorProfileIndexView(PersonTitleIndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("user")


class MentorProfileViewSet(PlainTextViewSetMixin, ModelViewSet):
    model = MentorProfile
    name = "mentoring_mentors"
    url_prefix = "mentoring/mentors"
    icon = "user"
    menu_label = gettext_lazy("Mentor profiles")
    index_view_class = MentorProfileIndexView
    copy_view_enabled = False
    list_display = [
        "user",
        "organization",
        "sector",
        "state",
        "capacity",
        BooleanColumn(
            "accepting", label=gettext_lazy("Taking new mentees"), sort_key="accepting"
        ),
    ]
    list_filter = ["sector", "state", "accepting"]
    search_fields = [
        "user__first_name",
        "user__last_name",
        "user__email",
        "organization",
    ]
    search_backend_name = None  # plain ORM search: small table, no index to rebuild
    panels = [
        FieldPanel("user"),
        MultiFieldPanel(
            [
                FieldPanel("sector"),
                FieldPanel("organization"),
                FieldPanel("role"),
                FieldPanel("state"),
                FieldPanel("bio"),
            ],
            heading=gettext_lazy("Who they are"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("capacity"),
                FieldPanel("accepting"),
                FieldPanel("offers_virtual"),
                FieldPanel("offers_in_person"),
                FieldPanel("hosts_shadowing"),
                FieldPanel("host_region"),
            ],
            heading=gettext_lazy("How they mentor"),
        ),
        InlinePanel(
            "strengths",
            heading=gettext_lazy("Strengths"),
            label=gettext_lazy("Strength"),
            panels=[FieldPanel("competency"), FieldPanel("level")],
        ),
    ]


class MentoringRequestIndexView(PersonTitleIndexView):
    person_field = "learner"
    person_label = gettext_lazy("Learner")

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("learner")


class MentoringRequestInspectView(TidyInspectMixin, InspectView):
    def get_learner_display_value(self):
        return f"{person_name(self.object.learner)} <{self.object.learner.email}>"


class MentoringRequestViewSet(PlainTextViewSetMixin, ModelViewSet):
    model = MentoringRequest
    name = "mentoring_requests"
    url_prefix = "mentoring/requests"
    icon = "help"
    menu_label = gettext_lazy("Requests")
    index_view_class = MentoringRequestIndexView
    inspect_view_class = MentoringRequestInspectView
    inspect_view_enabled = True
    copy_view_enabled = False
    list_display = ["learner", "kind", "status", "created_at"]
    list_filter = ["status", "kind"]
    search_fields = ["learner__first_name", "learner__last_name", "learner__email"]
    search_backend_name = None
    inspect_view_fields = [
        "learner",
        "kind",
        "status",
        "goals",
        "competencies",
        "wants_virtual",
        "wants_in_person",
        "created_at",
    ]
    form_fields = [
        "learner",
        "kind",
        "goals",
        "competencies",
        "wants_virtual",
        "wants_in_person",
        "status",
    ]

    def formfield_for_dbfield(self, db_field, **kwargs):
        if db_field.name == "learner":
            kwargs["queryset"] = get_user_model().objects.filter(
                learner_profile__isnull=False
            )
        return super().formfield_for_dbfield(db_field, **kwargs)
