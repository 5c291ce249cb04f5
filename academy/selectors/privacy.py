"""Reads for privacy: what the academy keeps about a person, in one export.

Other apps add their own part (mentoring does) through `privacy_section_register`,
so the academy never imports them.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Prefetch
from django.utils.translation import gettext as _

from ..models import (
    CohortMembership,
    Credential,
    Enrolment,
    LearnerProfile,
    LessonProgress,
    ModuleCheckAttempt,
    QuestionAnswer,
    Rating,
    Reflection,
    SelfAssessment,
)
from ..people import person_email, person_full_name, person_short_name
from ..timezones import iso_local

PrivacySection = Callable[..., dict[str, Any]]

_sections: list[PrivacySection] = []


def privacy_section_register(provider: PrivacySection) -> PrivacySection:
    """Add another app's part of a person's export; call it from AppConfig.ready."""
    if provider not in _sections:
        _sections.append(provider)
    return provider


def person_display_name(user: AbstractBaseUser | None) -> str:
    """Name another person by display name only, never by email or id."""
    if user is None:
        return _("a former participant")
    return person_full_name(user) or person_short_name(user) or _("an academy member")


def iso(value: date | datetime | None) -> str | None:
    """Write a date, or a moment in the reader's zone to the second, as ISO 8601."""
    if isinstance(value, datetime):
        return iso_local(value)
    return value.isoformat() if value is not None else None


def _page_title(page) -> str | None:
    return page.title if page is not None else None


def _profile(user) -> dict | None:
    profile = LearnerProfile.objects.filter(user=user).first()
    if profile is None:
        return None
    return {
        "sector": profile.get_sector_display(),
        "organization": profile.organization,
        "job_title": profile.job_title,
        "state": profile.get_state_display(),
        "years_in_executive_role": profile.years_in_executive_role,
        "share_assessment_with_mentor": profile.share_assessment_with_mentor,
        "non_essential_email": profile.non_essential_email,
        "created_at": iso(profile.created_at),
        "updated_at": iso(profile.updated_at),
    }


def _learning(user) -> dict:
    enrolments = Enrolment.objects.filter(user=user).select_related("module", "pathway")
    progress = LessonProgress.objects.filter(user=user).select_related("lesson")
    answers = (
        QuestionAnswer.objects.filter(user=user)
        .select_related("lesson", "module_attempt__module")
        .order_by("created_at", "pk")
    )
    checks = ModuleCheckAttempt.objects.filter(user=user).select_related("module")
    reflections = Reflection.objects.filter(user=user).select_related("lesson")
    cohorts = CohortMembership.objects.filter(user=user).select_related("cohort")
    return {
        "cohorts": [
            {
                "cohort": m.cohort.name,
                "starts_on": iso(m.cohort.start_date),
                "ends_on": iso(m.cohort.end_date),
                "added_at": iso(m.added_at),
            }
            for m in cohorts
        ],
        "enrolments": [
            {
                "module": _page_title(e.module),
                "pathway": _page_title(e.pathway),
                "enrolled_at": iso(e.enrolled_at),
                "last_activity_at": iso(e.last_activity_at),
                "completed_at": iso(e.completed_at),
            }
            for e in enrolments
        ],
        "lesson_progress": [
            {
                "lesson": _page_title(p.lesson),
                "started_at": iso(p.started_at),
                "completed_at": iso(p.completed_at),
            }
            for p in progress.order_by("started_at", "pk")
        ],
        "knowledge_check_answers": [
            {
                "lesson": _page_title(a.lesson),
                "module_check": _page_title(
                    a.module_attempt.module if a.module_attempt else None
                ),
                "question": a.question_text,
                "answer": a.response_text,
                "correct": a.correct,
                "answered_at": iso(a.created_at),
            }
            for a in answers
        ],
        "module_checks": [
            {
                "module": _page_title(c.module),
                "started_at": iso(c.started_at),
                "submitted_at": iso(c.submitted_at),
                "score": c.score,
                "questions": c.total,
                "passed": c.passed,
            }
            for c in checks.order_by("started_at", "pk")
        ],
        "reflections": [
            {
                "lesson": _page_title(r.lesson),
                "prompt": r.prompt,
                "text": r.text,
                "created_at": iso(r.created_at),
                "updated_at": iso(r.updated_at),
            }
            for r in reflections
        ],
    }


def _assessments(user) -> list[dict]:
    assessments = SelfAssessment.objects.filter(user=user).prefetch_related(
        Prefetch(
            "ratings",
            queryset=Rating.objects.select_related("competency").order_by("pk"),
        )
    )
    return [
        {
            "kind": a.get_kind_display(),
            "started_at": iso(a.started_at),
            "submitted_at": iso(a.submitted_at),
            "ratings": [
                {
                    "competency": r.competency_code or r.competency.code,
                    "competency_name": r.competency_name or r.competency.name,
                    "answer": str(r.answer),
                    "level": r.level,
                    "note": r.note,
                }
                for r in a.ratings.all()
            ],
        }
        for a in assessments
    ]


def _credentials(user) -> list[dict]:
    return [
        {
            "module": c.module_title,
            "name_on_certificate": c.recipient_name,
            "issued_at": iso(c.issued_at),
            "revoked_at": iso(c.revoked_at),
            "revoked_reason": c.revoked_reason,
            "public_id": str(c.public_id),
        }
        for c in Credential.objects.filter(user=user)
    ]


def privacy_export(*, user: AbstractBaseUser) -> dict[str, Any]:
    """Return everything the academy keeps about the person, as plain JSON data."""
    document: dict[str, Any] = {
        "account": {
            "email": person_email(user),
            "first_name": getattr(user, "first_name", ""),
            "last_name": getattr(user, "last_name", ""),
            "date_joined": iso(getattr(user, "date_joined", None)),
            "last_login": iso(user.last_login),
        },
        "learner_profile": _profile(user),
        **_learning(user),
        "self_assessments": _assessments(user),
        "credentials": _credentials(user),
    }
    for provider in _sections:
        document.update(provider(user=user))
    return document


def privacy_summary(*, user: AbstractBaseUser) -> dict[str, int]:
    """Count the person's records of each kind for the privacy page, in one query."""
    from django.contrib.auth import get_user_model
    from django.db.models import Count, IntegerField, OuterRef, Subquery
    from django.db.models.functions import Coalesce

    def count(model, field="user"):
        return Coalesce(
            Subquery(
                model.objects.filter(**{field: OuterRef("pk")})
                .values(field)
                .annotate(n=Count("pk"))
                .values("n")[:1],
                output_field=IntegerField(),
            ),
            0,
        )

    names = {
        "enrolments": Enrolment,
        "reflections": Reflection,
        "answers": QuestionAnswer,
        "assessments": SelfAssessment,
        "credentials": Credential,
    }
    row = (
        get_user_model()
        .objects.filter(pk=user.pk)
        .annotate(**{f"n_{name}": count(model) for name, model in names.items()})
        .values(*(f"n_{name}" for name in names))
        .first()
    ) or {}
    return {name: row.get(f"n_{name}", 0) for name in names}
