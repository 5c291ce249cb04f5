"""Reads for cohorts: listings, members and the progress report, in fixed queries."""

from django.contrib.auth import get_user_model
from django.db.models import (
    Case,
    CharField,
    Count,
    IntegerField,
    Max,
    OuterRef,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Concat, Trim

from ..models import (
    Cohort,
    CohortInvitation,
    CohortMembership,
    Enrolment,
    LessonProgress,
    Sector,
)


def cohort_list() -> QuerySet[Cohort]:
    """Return every cohort with its pathway and member count."""
    return Cohort.objects.select_related("pathway").annotate(
        member_count=Count("memberships")
    )


def cohort_members(*, cohort: Cohort) -> QuerySet[CohortMembership]:
    """Return the cohort's memberships with their users, by name."""
    return (
        CohortMembership.objects.filter(cohort=cohort)
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "user__email")
    )


def cohort_pending_invitations(*, cohort: Cohort) -> QuerySet[CohortInvitation]:
    """Return the cohort's invitations not yet accepted, by address."""
    return (
        CohortInvitation.objects.filter(cohort=cohort, accepted_at__isnull=True)
        .select_related("invited_by")
        .order_by("email")
    )


def _per_user(queryset: QuerySet, aggregate):
    """Aggregate a per-user queryset as a subquery on the outer user row."""
    return Subquery(
        queryset.filter(user=OuterRef("pk"))
        .order_by()
        .values("user")
        .annotate(value=aggregate)
        .values("value")
    )


def cohort_progress_rows(*, cohort: Cohort) -> QuerySet:
    """Return one row per member with their modules, lessons and last activity."""
    enrolments = Enrolment.objects.all()
    completed_enrolments = Enrolment.objects.filter(completed_at__isnull=False)
    completed_lessons = LessonProgress.objects.filter(completed_at__isnull=False)
    return (
        get_user_model()
        .objects.filter(cohort_memberships__cohort=cohort)
        .annotate(
            name=Trim(
                Concat("first_name", Value(" "), "last_name", output_field=CharField())
            ),
            sector_display=Case(
                *[
                    When(learner_profile__sector=value, then=Value(str(label)))
                    for value, label in Sector.choices
                ],
                default=Value(""),
                output_field=CharField(),
            ),
            organization=Coalesce(
                "learner_profile__organization", Value(""), output_field=CharField()
            ),
            modules_enrolled=Coalesce(
                _per_user(enrolments, Count("pk")), 0, output_field=IntegerField()
            ),
            modules_completed=Coalesce(
                _per_user(completed_enrolments, Count("pk")),
                0,
                output_field=IntegerField(),
            ),
            lessons_completed=Coalesce(
                _per_user(completed_lessons, Count("pk")),
                0,
                output_field=IntegerField(),
            ),
            last_activity=_per_user(enrolments, Max("last_activity_at")),
        )
        .order_by("last_name", "first_name", "email")
    )
