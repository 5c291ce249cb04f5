"""What the learner's dashboard shows, in a fixed number of queries."""

from django.db.models import Exists, OuterRef
from django.utils import timezone

from curriculum.models import ModulePage

from ..models import (
    CohortMembership,
    Credential,
    Enrolment,
    LearnerProfile,
    SelfAssessment,
)
from .progress import modules_progress


def learner_recommendations(*, user, enrolled_ids: set[int], limit: int = 3) -> list:
    """Suggest modules closing assessment gaps, then the cohort's pathway, then any."""
    from .assessments import assessment_gaps, gap_modules

    by_gap = [
        item["module"]
        for item in gap_modules(user=user, gaps=assessment_gaps(user=user))
        if item["module"].pk not in enrolled_ids
    ]
    membership = (
        CohortMembership.objects.filter(user=user, cohort__pathway__isnull=False)
        .select_related("cohort__pathway")
        .order_by("-cohort__start_date")
        .first()
    )
    picks: list[ModulePage] = by_gap
    if membership:
        pathway_items = membership.cohort.pathway.pathway_modules.select_related(
            "module"
        )
        picks += [
            item.module
            for item in pathway_items
            if item.module.live
            and item.module.pk not in enrolled_ids
            and item.module not in picks
        ]
    # A module is blocked while any of its prerequisites is not completed.
    completed = Enrolment.objects.filter(user=user, completed_at__isnull=False)
    blocked = ModulePage.prerequisites.through.objects.filter(
        from_modulepage=OuterRef("pk")
    ).exclude(to_modulepage__in=completed.values("module"))
    if picks:
        # Recommend only what the learner can enrol in today.
        blocked_picks = set(
            ModulePage.objects.filter(pk__in=[m.pk for m in picks])
            .filter(Exists(blocked))
            .values_list("pk", flat=True)
        )
        picks = [m for m in picks if m.pk not in blocked_picks]
    open_modules = (
        ModulePage.objects.live()
        .exclude(pk__in=enrolled_ids | {m.pk for m in picks})
        .annotate(blocked=Exists(blocked))
        .filter(blocked=False)
        .order_by("path")[:limit]
    )
    return (picks + list(open_modules))[:limit]


def learner_dashboard(*, user) -> dict:
    """Return the learner's modules, progress, credentials, cohort and suggestions."""
    enrolments = list(
        Enrolment.objects.filter(user=user)
        .select_related("module")
        .order_by("-last_activity_at")
    )
    progress = modules_progress(user=user, enrolments=enrolments)
    # Most recent activity first, so the first started module is the one opened last.
    open_enrolments = [
        (e, progress[e.module_id]) for e in enrolments if e.completed_at is None
    ]
    in_progress = [(e, p) for e, p in open_enrolments if p["started"]]
    not_started = [(e, p) for e, p in open_enrolments if not p["started"]]
    completed = sorted(
        ((e, progress[e.module_id]) for e in enrolments if e.completed_at),
        key=lambda item: item[0].completed_at,
        reverse=True,
    )
    today = timezone.localdate()
    cohorts = list(
        CohortMembership.objects.filter(user=user)
        .select_related("cohort", "cohort__pathway")
        .order_by("-cohort__start_date")
    )
    from .assessments import assessment_due

    latest = (
        SelfAssessment.objects.filter(user=user, submitted_at__isnull=False)
        .order_by("-submitted_at")
        .first()
    )
    draft = SelfAssessment.objects.filter(user=user, submitted_at__isnull=True).first()
    return {
        "assessment_due": assessment_due(user=user),
        "latest_assessment": latest,
        "assessment_draft": draft,
        "profile": LearnerProfile.objects.filter(user=user).first(),
        "in_progress": in_progress,
        "not_started": not_started,
        "completed": completed,
        "continue_with": next(
            ((e, p["next"]) for e, p in in_progress if p["next"] is not None), None
        ),
        "credentials": list(Credential.objects.filter(user=user)),
        "cohorts": [
            {
                "cohort": m.cohort,
                "current": m.cohort.start_date <= today <= m.cohort.end_date,
            }
            for m in cohorts
        ],
        "recommended": learner_recommendations(
            user=user, enrolled_ids={e.module_id for e in enrolments}
        ),
    }
