"""What the mentoring admin screens share: labels, names and sides."""

from __future__ import annotations

from datetime import datetime

from django.db.models import Case, CharField, QuerySet, Value, When
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.views.generic import (
    IndexView,
)

from academy.models import Sector
from academy.people import person_label

from ..models import (
    Pair,
)

RULE_LABELS = {
    "gap": gettext_lazy("Covers the learner's gaps"),
    "state": gettext_lazy("Same state"),
    "format": gettext_lazy("Meeting format fits"),
    "load": gettext_lazy("Mentor's current load"),
    "changed_by_staff": gettext_lazy("Chosen by staff"),
}
SIDE_LABELS = {
    "public": gettext_lazy("public"),
    "community": gettext_lazy("CBO"),
    "either": gettext_lazy("other sector"),
}
PAIRING_CHOICES = [
    (
        f"{learner}-{mentor}",
        format_lazy(
            gettext_lazy("{learner} learner / {mentor} mentor"),
            learner=learner_label,
            mentor=mentor_label,
        ),
    )
    for learner, learner_label in SIDE_LABELS.items()
    for mentor, mentor_label in SIDE_LABELS.items()
]


def person_name(user) -> str:
    """Return a person's full name, or their email when they gave no name."""
    if user is None:
        return _("a former participant")
    return person_label(user)


def score_reasons(breakdown: dict) -> list[dict]:
    """Return each rule's share of a pair's score, labelled, in the engine's order."""
    order = list(RULE_LABELS)
    keys = sorted(breakdown, key=lambda k: (order.index(k) if k in order else 99, k))
    return [
        # Adding 0.0 turns the engine's -0.0 (no load) into a plain 0.0.
        {"rule": key, "label": RULE_LABELS.get(key, key), "value": breakdown[key] + 0.0}
        for key in keys
    ]


def sector_side_expression(field: str) -> Case:
    """Return the database twin of selectors.sector_side for a sector field."""
    return Case(
        When(**{f"{field}__in": sorted(Sector.public())}, then=Value("public")),
        When(**{field: Sector.CBO}, then=Value("community")),
        default=Value("either"),
        output_field=CharField(),
    )


def pairing_label(learner_side: str, mentor_side: str) -> str:
    return str(dict(PAIRING_CHOICES)[f"{learner_side}-{mentor_side}"])


def with_sides(queryset: QuerySet[Pair]) -> QuerySet[Pair]:
    """Annotate pairs with the learner's and the mentor's side of the sector divide."""
    return queryset.annotate(
        learner_side=sector_side_expression("learner__learner_profile__sector"),
        mentor_side=sector_side_expression("mentor__mentor_profile__sector"),
    )


class TidyInspectMixin:
    """Show blanks as a dash, yes/no for booleans and times in the site's zone."""

    def get_field_display_value(self, field_name, field):
        value = super().get_field_display_value(field_name, field)
        if value is None or value == "":
            return "–"
        if isinstance(value, bool):
            return _("Yes") if value else _("No")
        if isinstance(value, datetime):
            return date_format(timezone.localtime(value), "DATETIME_FORMAT")
        return value


class PersonTitleIndexView(IndexView):
    """A listing whose first column shows a person's name rather than a username."""

    person_field = "user"
    person_label = gettext_lazy("Name")

    @cached_property
    def columns(self):
        title, *rest = super().columns
        title.label = self.person_label
        title.accessor = lambda obj: person_name(getattr(obj, self.person_field))
        title.sort_key = f"{self.person_field}__last_name"
        return [title, *rest]
