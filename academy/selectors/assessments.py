"""Reads about self-assessments: the form, history, growth, comparison and gaps."""

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Avg, Count, Prefetch, Q
from django.utils import timezone
from django.utils.formats import date_format, time_format
from django.utils.translation import gettext as _

from curriculum.models import Competency, Domain, Framework, ModuleCompetency

from ..conf import default_target_level
from ..models import (
    Answer,
    AssessmentWindow,
    Enrolment,
    Rating,
    SelfAssessment,
    TargetLevel,
)


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


def assessment_unrated(*, assessment: SelfAssessment) -> list[Domain]:
    """Return the domains, each with its competencies the draft leaves unanswered."""
    answered = assessment.ratings.filter(skipped=False).values("competency_id")
    domains = list(
        Domain.objects.filter(framework_id=assessment.framework_id)
        .order_by("sort_order", "pk")
        .prefetch_related(
            Prefetch(
                "competencies",
                queryset=Competency.objects.filter(retired=False)
                .exclude(pk__in=answered)
                .order_by("sort_order", "pk"),
                to_attr="unrated",
            )
        )
    )
    return [domain for domain in domains if domain.unrated]


def assessment_history(*, user) -> list[SelfAssessment]:
    """Return the learner's submitted assessments, oldest first, labelled."""
    return assessment_labels(
        assessments=list(
            SelfAssessment.objects.filter(user=user, submitted_at__isnull=False)
            .select_related("window__cohort")
            .order_by("submitted_at")
        )
    )


def assessment_labels(*, assessments: list[SelfAssessment]) -> list[SelfAssessment]:
    """Set `when` and `label` in the reader's zone, so lists and charts say the same.

    Two assessments on the same day are told apart by the time (to the second
    when they share a minute).
    """
    moments = [timezone.localtime(a.submitted_at or a.started_at) for a in assessments]
    per_day = Counter(moment.date() for moment in moments)
    per_minute = Counter(moment.replace(second=0, microsecond=0) for moment in moments)
    for assessment, moment in zip(assessments, moments, strict=True):
        assessment.when = date_format(moment, "M j, Y")
        if per_day[moment.date()] > 1:
            same_minute = per_minute[moment.replace(second=0, microsecond=0)] > 1
            assessment.when = _("%(date)s, %(time)s") % {
                "date": assessment.when,
                "time": time_format(moment, "g:i:s a" if same_minute else "g:i a"),
            }
        assessment.label = f"{assessment.get_kind_display()} · {assessment.when}"
    return assessments


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
    # Per point: Answer.RATED, or why there is no mean (not sure yet / not rated).
    answers: list[str] = field(default_factory=list)

    @property
    def rows(self) -> list[tuple]:
        """(assessment, mean, label) where label explains a missing mean."""
        return [
            (a, mean, "" if mean is not None else Answer(answer).label)
            for (a, mean), answer in zip(self.points, self.answers, strict=True)
        ]


def growth_by_domain(*, assessments: list[SelfAssessment]) -> list[DomainSeries]:
    """Return each domain's mean rating in every assessment (one aggregate query).

    A domain with no level in an assessment reads "not sure yet" if any of its
    competencies was answered so, else "not rated".
    """
    if not assessments:
        return []
    rows = (
        Rating.objects.filter(assessment__in=assessments)
        .values("assessment_id", "domain_code", "domain_name")
        .annotate(
            mean=Avg("level"),
            not_sure=Count("pk", filter=Q(level__isnull=True, skipped=False)),
        )
    )
    means: dict[tuple[str, str], dict[int, float | None]] = defaultdict(dict)
    not_sure: dict[tuple[str, str], set[int]] = defaultdict(set)
    order: list[tuple[str, str]] = []
    for row in rows.order_by("domain_code"):
        key = (row["domain_code"], row["domain_name"])
        if key not in means:
            order.append(key)
        mean = row["mean"]
        means[key][row["assessment_id"]] = None if mean is None else round(mean, 2)
        if row["not_sure"]:
            not_sure[key].add(row["assessment_id"])
    series = []
    for key in order:
        points = [(a, means[key].get(a.pk)) for a in assessments]
        answers = [
            Answer.RATED
            if mean is not None
            else Answer.NOT_SURE
            if a.pk in not_sure[key]
            else Answer.NOT_RATED
            for a, mean in points
        ]
        series.append(
            DomainSeries(code=key[0], name=key[1], points=points, answers=answers)
        )
    return series


@dataclass
class CompetencyChange:
    code: str
    name: str
    domain: str
    before: int | None
    after: int | None
    before_answer: str = Answer.NOT_RATED
    after_answer: str = Answer.NOT_RATED

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

    @property
    def before_label(self) -> str:
        return str(self.before) if self.before is not None else self._missing("b")

    @property
    def after_label(self) -> str:
        return str(self.after) if self.after is not None else self._missing("a")

    def _missing(self, side: str) -> str:
        answer = self.before_answer if side == "b" else self.after_answer
        return Answer(answer).label


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
            row.before, row.before_answer = rating.level, rating.answer
        else:
            row.after, row.after_answer = rating.level, rating.answer
    grouped: dict[str, list[CompetencyChange]] = {
        "rose": [],
        "fell": [],
        "stayed": [],
        "unrated": [],
    }
    for row in rows.values():
        grouped[row.direction].append(row)
    return grouped


def assessment_export_rows(*, user) -> list[Rating]:
    """Return the learner's submitted ratings in order; an empty level says why."""
    rows = list(
        Rating.objects.filter(
            assessment__user=user, assessment__submitted_at__isnull=False
        )
        .select_related("assessment")
        .order_by("assessment__submitted_at", "domain_code", "competency_code")
    )
    for row in rows:
        if row.level is None:
            row.level_name = str(Answer(row.answer).label).lower()
    return rows


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
