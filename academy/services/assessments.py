"""Taking a self-assessment: drafts to finish later, then a frozen submission."""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import connection, models, transaction
from django.utils import timezone

from curriculum.models import Competency, Framework
from curriculum.selectors import framework_default

from ..models import AssessmentWindow, Rating, SelfAssessment


@transaction.atomic
def assessment_start(
    *, user, framework: Framework | None = None, window: AssessmentWindow | None = None
) -> SelfAssessment:
    """Return the learner's open draft, or start one on the default framework."""
    draft = (
        SelfAssessment.objects.select_for_update()
        .filter(user=user, submitted_at__isnull=True)
        .order_by("-started_at")
        .first()
    )
    if draft is not None:
        if window is not None and draft.window_id != window.pk:
            draft.window, draft.kind = window, window.kind
            draft.save(update_fields=["window", "kind", "updated_at"])
        return draft
    framework = framework or framework_default()
    if framework is None:
        raise ValidationError("There is no competency framework to rate against yet.")
    return SelfAssessment.objects.create(
        user=user,
        framework=framework,
        window=window,
        kind=window.kind if window else "anytime",
    )


def _valid_levels(framework: Framework) -> set[int]:
    return set(framework.levels.values_list("value", flat=True))


# A draft answer: a level, None for "not sure yet", or NOT_RATED for a note alone.
NOT_RATED = "not_rated"
Level = int | None | str


class AlreadySubmitted(ValidationError):
    """The draft was submitted meanwhile (another tab, a double click)."""

    def __init__(self, assessment: SelfAssessment):
        super().__init__("This self-assessment is already submitted.")
        self.assessment = assessment


def _lock(assessment: SelfAssessment) -> SelfAssessment:
    """Lock the assessment's row; refuse if it is submitted by now."""
    # of=self: lock this learner's row only, never the shared framework row.
    locked = (
        SelfAssessment.objects.select_for_update(of=("self",))
        .select_related("framework")
        .get(pk=assessment.pk)
    )
    if locked.is_submitted:
        raise AlreadySubmitted(locked)
    return locked


@transaction.atomic
def assessment_save(
    *, assessment: SelfAssessment, ratings: dict[int, tuple[Level, str]]
) -> SelfAssessment:
    """Save draft ratings: {competency id: (level, None or NOT_RATED, note)}."""
    assessment = _lock(assessment)
    levels = _valid_levels(assessment.framework)
    competencies = set(
        Competency.objects.filter(
            domain__framework=assessment.framework, retired=False, pk__in=ratings
        ).values_list("pk", flat=True)
    )
    existing = {r.competency_id: r for r in assessment.ratings.all()}
    to_create, to_update = [], []
    for competency_id, (answer, note) in ratings.items():
        if competency_id not in competencies:
            raise ValidationError("A rated competency is not in this framework.")
        skipped = answer == NOT_RATED
        level = None if skipped else answer
        if level is not None and level not in levels:
            raise ValidationError("Choose one of the framework's levels.")
        rating = existing.get(competency_id)
        if rating is None:
            to_create.append(
                Rating(
                    assessment=assessment,
                    competency_id=competency_id,
                    level=level,
                    skipped=skipped,
                    note=note.strip(),
                )
            )
        elif (rating.level, rating.skipped, rating.note) != (
            level,
            skipped,
            note.strip(),
        ):
            rating.level, rating.skipped, rating.note = level, skipped, note.strip()
            to_update.append(rating)
    Rating.objects.bulk_create(to_create)
    Rating.objects.bulk_update(to_update, ["level", "skipped", "note"])
    assessment.save(update_fields=["updated_at"])
    return assessment


@transaction.atomic
def assessment_submit(
    *,
    assessment: SelfAssessment,
    ratings: dict[int, tuple[Level, str]] | None = None,
    submitted_at: datetime | None = None,
) -> SelfAssessment:
    """Save the last answers, freeze what each rating means, and submit once.

    Competencies left without an answer are stored as "not rated". Submitting an
    assessment that is already submitted changes nothing and returns it.
    `submitted_at` dates a record taken earlier (demo content, records brought in
    from elsewhere); it defaults to now and cannot lie in the future.
    """
    now = timezone.now()
    if submitted_at is not None and submitted_at > now:
        raise ValidationError("A self-assessment cannot be submitted in the future.")
    try:
        assessment = _lock(assessment)
    except AlreadySubmitted as done:
        return done.assessment
    if ratings:
        assessment_save(assessment=assessment, ratings=ratings)
    active = Competency.objects.filter(
        domain__framework=assessment.framework, retired=False
    ).select_related("domain")
    rated = {r.competency_id: r for r in assessment.ratings.all()}
    level_names = dict(assessment.framework.levels.values_list("value", "name"))
    missing = [
        Rating(assessment=assessment, competency=c, level=None, skipped=True)
        for c in active
        if c.pk not in rated
    ]
    Rating.objects.bulk_create(missing)
    ratings_all = list(assessment.ratings.select_related("competency__domain"))
    for rating in ratings_all:
        competency = rating.competency
        rating.competency_code = competency.code
        rating.competency_name = competency.name
        rating.domain_code = competency.domain.code
        rating.domain_name = competency.domain.name
        rating.level_name = level_names.get(rating.level, "") if rating.level else ""
    Rating.objects.bulk_update(
        ratings_all,
        [
            "competency_code",
            "competency_name",
            "domain_code",
            "domain_name",
            "level_name",
        ],
    )
    # The one change a draft allows: after it, the record is frozen.
    assessment.submitted_at = submitted_at or now
    assessment.save(update_fields=["submitted_at", "updated_at"])
    return assessment


@transaction.atomic
def assessment_erase(*, user) -> int:
    """Delete every self-assessment of the user, submitted too: account erasure."""
    _erasing(True)
    # The plain QuerySet.delete skips the frozen guards on purpose: erasure is the
    # only path allowed to remove submitted records.
    models.QuerySet.delete(Rating.objects.filter(assessment__user=user))
    deleted, by_model = models.QuerySet.delete(SelfAssessment.objects.filter(user=user))
    _erasing(False)
    return by_model.get(SelfAssessment._meta.label, 0)


def _erasing(on: bool) -> None:
    """Tell PostgreSQL's frozen-record triggers to let this transaction's deletes by."""
    if connection.vendor == "postgresql":
        # Off again afterwards, in case a caller's transaction goes on.
        with connection.cursor() as cursor:
            cursor.execute(
                "SET LOCAL academy.erasing = 'on'"
                if on
                else "SET LOCAL academy.erasing = 'off'"
            )
