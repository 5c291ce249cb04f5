"""Reads about self-assessments: the form, history, growth, comparison and gaps."""

from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Avg, Prefetch
from django.utils import timezone

from curriculum.models import Competency, Domain, Framework, ModuleCompetency

from ..models import (
    AssessmentWindow,
    Enrolment,
    Rating,
    SelfAssessment,
    TargetLevel,
)


def default_target_level() -> int:
    return getattr(settings, "ACADEMY_DEFAULT_TARGET_LEVEL", 3)


def assessment_form_data(*, assessment: SelfAssessment) -> dict:
    """Return the domains, competencies, levels and indicators to rate, with answers."""
    framework = assessment.framework
    levels = list(framework.levels.all())
    domains = list(
        Domain.objects.filter(framework=framework)
        .order_by("sort_order", "pk")
        .prefetch_related(
            Prefetch(
                "competencies",
                queryset=Competency.objects.filter(retired=False)
                .order_by("sort_order", "pk")
                .prefetch_related("indicators__level"),
            )
        )
    )
    ratings = {r.competency_id: r for r in assessment.ratings.all()}
    for domain in domains:
        for competency in domain.competencies.all():
            by_level = {
                i.level.value: i.description for i in competency.indicators.all()
            }
            competency.choices = [
                (level, by_level.get(level.value, "")) for level in levels
            ]
            competency.rating = ratings.get(competency.pk)
    return {"levels": levels, "domains": domains}


def assessment_history(*, user) -> list[SelfAssessment]:
    """Return the learner's submitted assessments, oldest first."""
    return list(
        SelfAssessment.objects.filter(user=user, submitted_at__isnull=False)
        .select_related("window__cohort")
        .order_by("submitted_at")
    )


def assessment_for_owner(*, user, pk: int) -> SelfAssessment | None:
    return (
        SelfAssessment.objects.filter(user=user, pk=pk)
        .select_related("framework")
        .first()
    )


@dataclass
class DomainSeries:
    code: str
    name: str
    points: list  # (assessment, mean or None)


def growth_by_domain(*, assessments: list[SelfAssessment]) -> list[DomainSeries]:
    """Return each domain's mean rating in every assessment (one aggregate query)."""
    if not assessments:
        return []
    rows = (
        Rating.objects.filter(assessment__in=assessments, level__isnull=False)
        .values("assessment_id", "domain_code", "domain_name")
        .annotate(mean=Avg("level"))
    )
    means: dict[tuple[str, str], dict[int, float]] = defaultdict(dict)
    order: list[tuple[str, str]] = []
    for row in rows.order_by("domain_code"):
        key = (row["domain_code"], row["domain_name"])
        if key not in means:
            order.append(key)
        means[key][row["assessment_id"]] = round(row["mean"], 2)
    return [
        DomainSeries(
            code=code,
            name=name,
            points=[(a, means[(code, name)].get(a.pk)) for a in assessments],
        )
        for code, name in order
    ]


@dataclass
class CompetencyChange:
    code: str
    name: str
    domain: str
    before: int | None
    after: int | None

    @property
    def change(self) -> int | None:
        if self.before is None or self.after is None:
            return None
        return self.after - self.before

    @property
    def direction(self) -> str:
        change = self.change
        if change is None:
            return "unrated"
        return "rose" if change > 0 else "fell" if change < 0 else "stayed"


def assessment_compare(
    *, first: SelfAssessment, second: SelfAssessment
) -> dict[str, list[CompetencyChange]]:
    """Group competencies into rose, fell or stayed between two assessments."""
    ratings = Rating.objects.filter(assessment__in=[first, second]).order_by(
        "domain_code", "competency_code"
    )
    rows: dict[int, CompetencyChange] = {}
    for rating in ratings:
        row = rows.setdefault(
            rating.competency_id,
            CompetencyChange(
                code=rating.competency_code,
                name=rating.competency_name,
                domain=rating.domain_name,
                before=None,
                after=None,
            ),
        )
        if rating.assessment_id == first.pk:
            row.before = rating.level
        else:
            row.after = rating.level
    grouped: dict[str, list[CompetencyChange]] = {
        "rose": [],
        "fell": [],
        "stayed": [],
        "unrated": [],
    }
    for row in rows.values():
        grouped[row.direction].append(row)
    return grouped


def learner_pathway_ids(*, user) -> list[int]:
    """Pathways that set the learner's targets: their cohorts' and their own."""
    from ..models import CohortMembership

    cohort_pathways = CohortMembership.objects.filter(
        user=user, cohort__pathway__isnull=False
    ).values_list("cohort__pathway_id", flat=True)
    enrolled = Enrolment.objects.filter(user=user, pathway__isnull=False).values_list(
        "pathway_id", flat=True
    )
    return list(dict.fromkeys([*cohort_pathways, *enrolled]))


def target_levels(*, user, framework: Framework) -> dict[int, int]:
    """Return the learner's target level per competency (pathway, then default)."""
    targets = {
        competency_id: default_target_level()
        for competency_id in Competency.objects.filter(
            domain__framework=framework, retired=False
        ).values_list("pk", flat=True)
    }
    pathway_ids = learner_pathway_ids(user=user)
    rows = TargetLevel.objects.filter(competency__domain__framework=framework).filter(
        pathway__isnull=True
    ) | TargetLevel.objects.filter(
        competency__domain__framework=framework, pathway_id__in=pathway_ids
    )
    # Pathway targets override defaults; the highest pathway target wins.
    defaults = {r.competency_id: r.level for r in rows if r.pathway_id is None}
    targets.update(defaults)
    pathway_targets: dict[int, int] = {}
    for r in rows:
        if r.pathway_id is not None:
            pathway_targets[r.competency_id] = max(
                r.level, pathway_targets.get(r.competency_id, 0)
            )
    targets.update(pathway_targets)
    return targets


@dataclass
class Gap:
    competency_id: int
    code: str
    name: str
    level: int
    target: int

    @property
    def size(self) -> int:
        return self.target - self.level


def assessment_gaps(*, user) -> list[Gap]:
    """Competencies rated below target in the latest assessment, largest gap first."""
    latest = (
        SelfAssessment.objects.filter(user=user, submitted_at__isnull=False)
        .select_related("framework")
        .order_by("-submitted_at")
        .first()
    )
    if latest is None:
        return []
    targets = target_levels(user=user, framework=latest.framework)
    gaps = [
        Gap(
            r.competency_id,
            r.competency_code,
            r.competency_name,
            r.level,
            targets[r.competency_id],
        )
        for r in latest.ratings.filter(level__isnull=False, competency_id__in=targets)
        if r.level < targets[r.competency_id]
    ]
    return sorted(gaps, key=lambda g: (-g.size, g.code))


def gap_modules(*, user, gaps: list[Gap], limit: int = 6) -> list[dict]:
    """Modules developing the gap competencies, biggest gap first, not completed."""
    if not gaps:
        return []
    size = {g.competency_id: g.size for g in gaps}
    completed = Enrolment.objects.filter(
        user=user, completed_at__isnull=False
    ).values_list("module_id", flat=True)
    targets = (
        ModuleCompetency.objects.filter(competency_id__in=size, module__live=True)
        .exclude(module_id__in=list(completed))
        .select_related("module", "competency")
    )
    modules: dict[int, dict] = {}
    for target in targets:
        entry = modules.setdefault(
            target.module_id, {"module": target.module, "competencies": [], "score": 0}
        )
        entry["competencies"].append(target.competency)
        entry["score"] = max(entry["score"], size[target.competency_id])
        entry["total"] = entry.get("total", 0) + size[target.competency_id]
    ranked = sorted(
        modules.values(), key=lambda e: (-e["score"], -e["total"], e["module"].title)
    )
    return ranked[:limit]


def assessment_due(*, user) -> AssessmentWindow | None:
    """Return the open window of the learner's cohorts they have not answered yet."""
    today = timezone.localdate()
    return (
        AssessmentWindow.objects.filter(
            cohort__memberships__user=user, opens_on__lte=today, closes_on__gte=today
        )
        .exclude(assessments__user=user, assessments__submitted_at__isnull=False)
        .select_related("cohort")
        .order_by("closes_on")
        .first()
    )
