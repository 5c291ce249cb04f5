"""Reads for program reports: growth across a cohort, and one learner's full record.

Aggregates never show a group of fewer than ``min_group`` learners: such cells are
suppressed (no count, no means) so a small group's answers cannot be read off them.
"""

from dataclasses import dataclass

from django.db.models import (
    Avg,
    Case,
    CharField,
    Count,
    Exists,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
)
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from curriculum.models import Competency

from ..models import AssessmentKind, Cohort, Rating, Sector, SelfAssessment

SECTOR_GROUPS = [
    ("public", _("Public agency")),
    ("community", _("Community-based organization")),
    ("other", _("Other sectors")),
]
# The kinds a cohort's windows can have; growth is measured between two of them.
GROWTH_KINDS = [
    (kind, label)
    for kind, label in AssessmentKind.choices
    if kind != AssessmentKind.ANYTIME
]


@dataclass(frozen=True)
class GrowthCell:
    """One group's growth on one domain or competency; suppressed when too small."""

    n: int | None
    before: float | None
    after: float | None
    change: float | None
    suppressed: bool


# A suppressed cell hides its count too: how few answered can itself identify them.
SUPPRESSED = GrowthCell(n=None, before=None, after=None, change=None, suppressed=True)


def _kind_q(*, cohort: Cohort, kind: str, prefix: str = "") -> Q:
    """Match assessments taken in the cohort's window of this kind.

    An assessment whose window was deleted keeps its kind, so it still counts.
    """
    return Q(**{f"{prefix}window__cohort": cohort, f"{prefix}window__kind": kind}) | Q(
        **{f"{prefix}window__isnull": True, f"{prefix}kind": kind}
    )


def _latest_of_kind(*, cohort: Cohort, kind: str, path: str) -> list:
    """Conditions that the assessment at path is its learner's latest of this kind.

    A learner has one draft at a time, so the highest id is the latest submitted.
    """
    newer = SelfAssessment.objects.filter(
        _kind_q(cohort=cohort, kind=kind),
        submitted_at__isnull=False,
        user=OuterRef("assessment__user"),
        pk__gt=OuterRef(f"{path}__pk"),
    )
    return [
        _kind_q(cohort=cohort, kind=kind, prefix=f"{path}__"),
        Q(**{f"{path}__submitted_at__isnull": False}),
        ~Exists(newer),
    ]


def _sector_group():
    sector = "assessment__user__learner_profile__sector"
    return Case(
        When(**{f"{sector}__in": sorted(Sector.public())}, then=Value("public")),
        When(**{sector: Sector.CBO}, then=Value("community")),
        default=Value("other"),
        output_field=CharField(),
    )


def _cells(rows, key: str, *, min_group: int) -> dict:
    """Turn aggregate rows into {key value: {group: GrowthCell}}, suppressing small."""
    cells: dict = {}
    for row in rows:
        if row["n"] < min_group:
            cell = SUPPRESSED
        else:
            before, after = float(row["before"]), float(row["after"])
            cell = GrowthCell(
                n=row["n"],
                before=round(before, 2),
                after=round(after, 2),
                change=round(after - before, 2),
                suppressed=False,
            )
        cells.setdefault(row[key], {})[row["sector_group"]] = cell
    return cells


def _all_groups(found: dict) -> dict:
    return {code: found.get(code, SUPPRESSED) for code, _label in SECTOR_GROUPS}


def cohort_growth(
    *, cohort: Cohort, from_kind: str, to_kind: str, min_group: int = 5
) -> dict:
    """Return mean growth per domain and competency, by sector group, in 3 queries.

    Each member's latest submitted assessment of each kind counts; a learner counts
    for a competency only if they rated it (not "not sure") both times.
    """
    if from_kind == to_kind:
        raise ValueError("Growth needs two different kinds of assessment.")
    # Pair each earlier rating with the same learner's later rating of the same
    # competency (a join through the learner), so each row holds both levels.
    later = "assessment__user__self_assessments"
    pairs = (
        Rating.objects.filter(
            *_latest_of_kind(cohort=cohort, kind=from_kind, path="assessment"),
            level__isnull=False,
            assessment__user__cohort_memberships__cohort=cohort,
        )
        # One filter() call, so every condition applies to the same later rating.
        .filter(
            *_latest_of_kind(cohort=cohort, kind=to_kind, path=later),
            **{
                f"{later}__ratings__competency": F("competency"),
                f"{later}__ratings__level__isnull": False,
            },
        )
        .annotate(sector_group=_sector_group())
        .order_by()
    )
    means = {"before": Avg("level"), "after": Avg(f"{later}__ratings__level")}
    by_competency = _cells(
        # One earlier rating per learner and competency, so rows count learners.
        pairs.values("sector_group", "competency_id").annotate(**means, n=Count("pk")),
        "competency_id",
        min_group=min_group,
    )
    by_domain = _cells(
        pairs.values("sector_group", "competency__domain_id").annotate(
            **means, n=Count("assessment__user", distinct=True)
        ),
        "competency__domain_id",
        min_group=min_group,
    )
    competencies = list(
        Competency.objects.filter(pk__in=by_competency)
        .select_related("domain")
        .order_by("domain__sort_order", "domain_id", "sort_order", "code")
    )
    domains = list({c.domain_id: c.domain for c in competencies}.values())
    return {
        "cohort": cohort,
        "from_kind": from_kind,
        "to_kind": to_kind,
        "min_group": min_group,
        "groups": SECTOR_GROUPS,
        "domains": [
            {
                "id": domain.pk,
                "code": domain.code,
                "name": domain.name,
                "cells": _all_groups(by_domain.get(domain.pk, {})),
            }
            for domain in domains
        ],
        "competencies": [
            {
                "id": competency.pk,
                "code": competency.code,
                "name": competency.name,
                "domain_id": competency.domain_id,
                "cells": _all_groups(by_competency[competency.pk]),
            }
            for competency in competencies
        ],
    }


def cohort_growth_rows(
    *, cohort: Cohort, from_kind: str, to_kind: str, min_group: int = 5
) -> list[dict]:
    """Flatten cohort_growth into report rows: each domain, then its competencies."""
    growth = cohort_growth(
        cohort=cohort, from_kind=from_kind, to_kind=to_kind, min_group=min_group
    )
    too_few = gettext("fewer than %(count)d") % {"count": min_group}
    labels = dict(SECTOR_GROUPS)

    def rows_for(scope, domain, competency, cells):
        for code, cell in cells.items():
            yield {
                "scope": scope,
                "domain": f"{domain['code']} {domain['name']}".strip(),
                "competency": (
                    f"{competency['code']} {competency['name']}".strip()
                    if competency
                    else ""
                ),
                "sector_group": str(labels[code]),
                "n": too_few if cell.suppressed else cell.n,
                "mean_before": cell.before,
                "mean_after": cell.after,
                "mean_change": cell.change,
                "suppressed": cell.suppressed,
            }

    rows: list[dict] = []
    for domain in growth["domains"]:
        rows.extend(rows_for(gettext("Domain"), domain, None, domain["cells"]))
        for competency in growth["competencies"]:
            if competency["domain_id"] == domain["id"]:
                rows.extend(
                    rows_for(
                        gettext("Competency"), domain, competency, competency["cells"]
                    )
                )
    return rows


def assessment_records(*, user) -> QuerySet[SelfAssessment]:
    """Return the learner's submitted assessments with ratings and notes, in order."""
    return (
        SelfAssessment.objects.filter(user=user, submitted_at__isnull=False)
        .select_related("window__cohort", "framework")
        .prefetch_related(
            Prefetch(
                "ratings",
                queryset=Rating.objects.order_by("domain_code", "competency_code"),
            )
        )
        .order_by("submitted_at")
    )
