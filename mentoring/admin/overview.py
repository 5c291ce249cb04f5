"""The program view: mentoring figures for staff and funders, with export."""

from __future__ import annotations

from collections import Counter

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.reports import ReportView
from wagtail.permission_policies import ModelPermissionPolicy

from curriculum.reports import ReportDownloadButtonsMixin
from curriculum.spreadsheets import SafeSpreadsheetExportMixin

from ..models import (
    MatchingRound,
    MentoringRequest,
    MentorProfile,
    Pair,
    PairState,
    RequestKind,
)
from ..selectors import overdue_pairs
from .common import (
    PAIRING_CHOICES,
    person_name,
    with_sides,
)


def _row(section: str, item: str, count: int, detail: str = "") -> dict:
    return {"section": section, "item": item, "count": count, "detail": detail}


def overview_rows(*, today=None) -> list[dict]:
    """Return the program's mentoring figures as rows, in a fixed number of queries."""
    today = today or timezone.localdate()
    rows = []

    open_by_kind = dict(
        MentoringRequest.objects.filter(status=MentoringRequest.Status.OPEN)
        .values_list("kind")
        .annotate(n=Count("pk"))
        .order_by()
    )
    section = _("Requests")
    rows.append(_row(section, _("Open requests"), sum(open_by_kind.values())))
    for kind, label in RequestKind.choices:
        rows.append(
            _row(
                section,
                _("Open: %(kind)s") % {"kind": label},
                open_by_kind.get(kind, 0),
            )
        )

    rounds = MatchingRound.objects.annotate(
        pair_count=Count("pairs"),
        offered_count=Count(
            "pairs",
            filter=~Q(pairs__state__in=[PairState.PROPOSED, PairState.APPROVED]),
        ),
    ).order_by("-created_at", "-pk")
    for matching_round in rounds:
        rows.append(
            _row(
                _("Matching rounds"),
                matching_round.name,
                matching_round.pair_count,
                _("%(status)s; %(offered)s offered")
                % {
                    "status": matching_round.get_status_display(),
                    "offered": matching_round.offered_count,
                },
            )
        )

    grouped = (
        with_sides(Pair.objects.all())
        .values_list("state", "learner_side", "mentor_side")
        .annotate(n=Count("pk"))
        .order_by()
    )
    by_state, by_state_and_pairing = Counter(), Counter()
    for state, learner_side, mentor_side, n in grouped:
        by_state[state] += n
        by_state_and_pairing[state, f"{learner_side}-{mentor_side}"] += n
    for state, label in PairState.choices:
        rows.append(_row(_("Pairs by status"), str(label), by_state[state]))
    for state, state_label in PairState.choices:
        for pairing, pairing_label_text in PAIRING_CHOICES:
            if n := by_state_and_pairing[state, pairing]:
                rows.append(
                    _row(
                        _("Pairs by status and sector pairing"),
                        str(state_label),
                        n,
                        str(pairing_label_text),
                    )
                )

    mentors = (
        MentorProfile.objects.select_related("user")
        .annotate(
            active=Count(
                "user__mentor_pairs",
                filter=Q(user__mentor_pairs__state__in=PairState.holding_capacity()),
            ),
            offered=Count(
                "user__mentor_pairs",
                filter=Q(user__mentor_pairs__state=PairState.OFFERED),
            ),
        )
        .order_by("user__last_name", "user__first_name", "pk")
    )
    for profile in mentors:
        detail = _("%(active)s of %(capacity)s places taken") % {
            "active": profile.active,
            "capacity": profile.capacity,
        }
        if profile.offered:
            detail += ngettext(
                "; %(offered)s offer awaiting an answer",
                "; %(offered)s offers awaiting an answer",
                profile.offered,
            ) % {"offered": profile.offered}
        rows.append(
            _row(
                _("Mentor capacity"),
                f"{person_name(profile.user)} ({profile.organization})",
                profile.active,
                detail,
            )
        )

    for pair in overdue_pairs(today=today).order_by("started_at", "pk"):
        started = timezone.localdate(pair.started_at) if pair.started_at else today
        if pair.last_checkin_on:
            detail = _("last check-in on %(date)s") % {"date": pair.last_checkin_on}
        else:
            detail = _("no check-in since starting on %(date)s") % {"date": started}
        if pair.next_checkin_on and pair.next_checkin_on < today:
            detail += _("; planned check-in on %(date)s missed") % {
                "date": pair.next_checkin_on
            }
        rows.append(
            _row(
                _("Overdue check-ins"),
                _("%(mentor)s with %(learner)s")
                % {
                    "mentor": person_name(pair.mentor),
                    "learner": person_name(pair.learner),
                },
                (today - (pair.last_checkin_on or started)).days,
                detail,
            )
        )
    return rows


class MentoringOverviewView(
    ReportDownloadButtonsMixin, SafeSpreadsheetExportMixin, ReportView
):
    """Requests, rounds, pairs by status and sector pairing, capacity, overdue pairs."""

    model = Pair
    permission_policy = ModelPermissionPolicy(Pair)
    permission_required = "view"  # mentoring.view_pair: program staff
    page_title = gettext_lazy("Mentoring overview")
    header_icon = "table"
    index_url_name = "mentoring_overview"
    index_results_url_name = "mentoring_overview_results"
    paginate_by = None
    columns = [
        Column("section", label=gettext_lazy("Section")),
        Column("item", label=gettext_lazy("Item")),
        Column("count", label=gettext_lazy("Number")),
        Column("detail", label=gettext_lazy("Detail")),
    ]
    list_export = ["section", "item", "count", "detail"]
    export_headings = {
        "section": gettext_lazy("Section"),
        "item": gettext_lazy("Item"),
        "count": gettext_lazy("Number"),
        "detail": gettext_lazy("Detail"),
    }

    def get_queryset(self):
        return overview_rows()

    def filter_queryset(self, queryset):
        return queryset

    def get_filename(self):
        return f"mentoring-overview-{timezone.localdate():%Y-%m-%d}"
