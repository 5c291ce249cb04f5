"""Reads for mentoring: who mentors, the matching problem, and the dashboards."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import (
    Avg,
    Count,
    F,
    IntegerField,
    Max,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from academy.conf import default_target_level
from academy.models import LearnerProfile, Rating, Sector, SelfAssessment
from curriculum.conf import mentor_group_name

from . import matching
from .models import (
    CheckIn,
    MatchingRound,
    MentoringRequest,
    MentorProfile,
    MentorStrength,
    Pair,
    PairGoal,
    PairKind,
    PairState,
    RequestKind,
    ShadowingPlacement,
    ShadowingVisit,
)

CHECKIN_DUE_DAYS = 30
TOO_EARLY_DAYS = 14


def mentor_is_active(*, user: AbstractBaseUser) -> bool:
    """Return whether the user mentors or hosts shadowing visits."""
    if not user.is_authenticated:
        return False
    return (
        MentorProfile.objects.filter(user=user).exists()
        or user.groups.filter(name=mentor_group_name()).exists()
    )


def mentoring_roles(*, user: AbstractBaseUser) -> dict[str, bool]:
    """Whether the user mentors and whether they learn, in one query."""
    if not user.is_authenticated:
        return {"mentor": False, "learner": False}
    from django.contrib.auth import get_user_model
    from django.db.models import Exists

    row = (
        get_user_model()
        .objects.filter(pk=user.pk)
        .annotate(
            has_mentor_profile=Exists(
                MentorProfile.objects.filter(user=OuterRef("pk"))
            ),
            in_mentor_group=Exists(
                user.groups.model.objects.filter(
                    user=OuterRef("pk"), name=mentor_group_name()
                )
            ),
            has_learner_profile=Exists(
                LearnerProfile.objects.filter(user=OuterRef("pk"))
            ),
        )
        .values("has_mentor_profile", "in_mentor_group", "has_learner_profile")
        .first()
    ) or {}
    return {
        "mentor": bool(row.get("has_mentor_profile") or row.get("in_mentor_group")),
        "learner": bool(row.get("has_learner_profile")),
    }


def sector_side(sector: str) -> str:
    """Public agencies on one side, CBOs on the other; the rest can sit on either."""
    if sector in Sector.public():
        return "public"
    if sector == Sector.CBO:
        return "community"
    return "either"


# The matching problem ---------------------------------------------------------


@dataclass
class MatchingProblem:
    requests: list[matching.Request]
    mentors: list[matching.Mentor]
    settings: matching.RoundSettings
    excluded: frozenset
    request_by_id: dict[int, MentoringRequest] = field(default_factory=dict)
    mentor_user_ids: dict[int, int] = field(default_factory=dict)


def round_settings(*, round: MatchingRound, top_k: int | None = None):
    return matching.RoundSettings(
        weights=matching.Weights(
            gap=round.weight_gap,
            state=round.weight_state,
            format=round.weight_format,
            load=round.weight_load,
        ),
        cross_sector=round.cross_sector,
        objective=round.objective,
        unmatched_penalty=round.unmatched_penalty,
        top_k=top_k,
    )


def learner_gaps(*, learner_ids: list[int]) -> dict[int, dict[int, int]]:
    """Each learner's gaps in their latest submitted assessment, in one query."""
    latest = Subquery(
        SelfAssessment.objects.filter(
            user_id=OuterRef("assessment__user_id"), submitted_at__isnull=False
        )
        .order_by("-submitted_at")
        .values("pk")[:1]
    )
    target = default_target_level()
    rows = Rating.objects.filter(
        assessment__user_id__in=learner_ids,
        assessment_id=latest,
        level__isnull=False,
        level__lt=target,
    ).values_list("assessment__user_id", "competency_id", "level")
    gaps: dict[int, dict[int, int]] = {}
    for user_id, competency_id, level in rows:
        gaps.setdefault(user_id, {})[competency_id] = target - level
    return gaps


def matching_problem(*, round: MatchingRound) -> MatchingProblem:
    """Build the engine's input from open requests and mentors with places left."""
    requests = list(
        MentoringRequest.objects.filter(status=MentoringRequest.Status.OPEN)
        .select_related("learner__learner_profile")
        .prefetch_related("competencies")
        .filter(learner__learner_profile__isnull=False)
    )
    learner_ids = [r.learner_id for r in requests]
    gaps = learner_gaps(learner_ids=learner_ids)
    pending = Count(
        "user__mentor_pairs",
        filter=Q(user__mentor_pairs__state__in=[PairState.ACTIVE, PairState.OFFERED]),
    )
    profiles = list(
        MentorProfile.objects.filter(accepting=True)
        .annotate(taken=pending)
        .filter(capacity__gt=0)
    )
    strengths: dict[int, dict[int, int]] = {}
    for mentor_id, competency_id, level in MentorStrength.objects.filter(
        mentor__in=profiles
    ).values_list("mentor__user_id", "competency_id", "level"):
        strengths.setdefault(mentor_id, {})[competency_id] = level
    mentors = [
        matching.Mentor(
            id=p.user_id,
            side=sector_side(p.sector),
            state=p.state,
            organization=p.organization,
            strengths=strengths.get(p.user_id, {}),
            capacity=max(p.capacity - p.taken, 0),
            virtual=p.offers_virtual,
            in_person=p.offers_in_person,
            hosts=p.hosts_shadowing,
            load=p.taken,
        )
        for p in profiles
        if p.capacity - p.taken > 0
    ]
    engine_requests = []
    for r in requests:
        profile: LearnerProfile = r.learner.learner_profile
        request_gaps = dict(gaps.get(r.learner_id, {}))
        for competency in r.competencies.all():
            request_gaps[competency.pk] = max(request_gaps.get(competency.pk, 0), 1)
        engine_requests.append(
            matching.Request(
                id=r.pk,
                side=sector_side(profile.sector),
                state=profile.state,
                organization=profile.organization,
                gaps=request_gaps,
                needs_in_person=r.needs_in_person,
                wants_virtual=r.wants_virtual,
                wants_in_person=r.wants_in_person,
                split=r.kind == RequestKind.BOTH,
            )
        )
    before = set(
        Pair.objects.filter(learner_id__in=learner_ids)
        .offered_or_later()
        .values_list("learner_id", "mentor_id")
    )
    excluded = frozenset(
        (r.pk, mentor_id) for r in requests for (learner_id, mentor_id) in before
        if learner_id == r.learner_id
    )  # fmt: skip
    return MatchingProblem(
        requests=engine_requests,
        mentors=mentors,
        # Exact below a few thousand requests; a sparse top-k cut above that.
        settings=round_settings(
            round=round, top_k=30 if len(engine_requests) > 3000 else None
        ),
        excluded=excluded,
        request_by_id={r.pk: r for r in requests},
        mentor_user_ids={m.id: m.id for m in mentors},
    )


BLOCKER_MESSAGES = {
    "side": "The round pairs people across sectors; this mentor is on the same side.",
    "organization": "The learner and the mentor work for the same organization.",
    "excluded": "These two have been matched before.",
    "in-person": "Shadowing needs a host in the learner's state who hosts visits.",
}


def pair_blocker_reason(*, pair: Pair, mentor) -> str | None:
    """Which hard rule, if any, forbids giving this proposed pair that mentor."""
    profile = MentorProfile.objects.filter(user=mentor).first()
    learner_profile = LearnerProfile.objects.filter(user_id=pair.learner_id).first()
    if profile is None or learner_profile is None:
        return "Both people need a profile: the mentor a mentor profile."
    engine_request = matching.Request(
        id=0,
        side=sector_side(learner_profile.sector),
        state=learner_profile.state,
        organization=learner_profile.organization,
        gaps={},
        # A request for both may have become a mentoring pair: the pair decides.
        needs_in_person=pair.kind == PairKind.SHADOWING,
        wants_virtual=True,
        wants_in_person=False,
    )
    engine_mentor = matching.Mentor(
        id=mentor.pk,
        side=sector_side(profile.sector),
        state=profile.state,
        organization=profile.organization,
        strengths={},
        capacity=1,
        virtual=profile.offers_virtual,
        in_person=profile.offers_in_person,
        hosts=profile.hosts_shadowing,
    )
    before = (
        Pair.objects.filter(learner_id=pair.learner_id, mentor=mentor)
        .offered_or_later()
        .exists()
    )
    rule = matching.pair_blocker(
        engine_request,
        engine_mentor,
        cross_sector=pair.round.cross_sector if pair.round else True,
        excluded={(0, mentor.pk)} if before else frozenset(),
    )
    return BLOCKER_MESSAGES.get(rule) if rule else None


# Round review -----------------------------------------------------------------

UNMATCHED_MESSAGES = {
    "side": _("No mentor from the other sector had a place left."),
    "organization": _(
        "Every mentor from the other sector with a place works for the learner's "
        "organization."
    ),
    "excluded": _("Every mentor who fitted was matched with this learner before."),
    "in-person": _(
        "No mentor in the learner's state hosts in-person shadowing visits."
    ),
    "outscored": _("Mentors who fitted gave their places to closer matches."),
    "dropped": _("Its proposed pair was dropped before any offer was sent."),
}


def round_requests(*, round: MatchingRound) -> dict:
    """Return the round's pairs and the open requests it left unmatched."""
    pairs = list(
        round.pairs.select_related(
            "learner__learner_profile", "mentor__mentor_profile", "request"
        ).order_by("-score", "pk")
    )
    unmatched = MentoringRequest.objects.filter(
        status=MentoringRequest.Status.OPEN, learner__learner_profile__isnull=False
    ).exclude(pairs__round=round)
    if round.ran_at:
        unmatched = unmatched.filter(created_at__lte=round.ran_at)
    unmatched = list(unmatched.select_related("learner__learner_profile"))
    reasons = round.unmatched_reasons or {}
    for request in unmatched:
        code = reasons.get(str(request.pk), "dropped")
        request.unmatched_reason = UNMATCHED_MESSAGES.get(code, "")
    hosts = round.shadowing_reasons or {}
    for pair in pairs:
        code = hosts.get(str(pair.request_id))
        pair.no_host_reason = UNMATCHED_MESSAGES.get(code, "") if code else ""
    return {
        "pairs": pairs,
        "unmatched": unmatched,
        "considered": len(pairs) + len(unmatched),
    }


def mentors_with_places(*, round: MatchingRound) -> QuerySet[MentorProfile]:
    """Return accepting mentors with a place left once this round's proposal counts."""
    holding = Q(user__mentor_pairs__state__in=[PairState.ACTIVE, PairState.OFFERED])
    proposed = Q(
        user__mentor_pairs__round=round, user__mentor_pairs__state=PairState.PROPOSED
    )
    return (
        MentorProfile.objects.filter(accepting=True)
        .annotate(taken=Count("user__mentor_pairs", filter=holding | proposed))
        .filter(capacity__gt=F("taken"))
        .annotate(places=F("capacity") - F("taken"))
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "pk")
    )


# Dashboards -------------------------------------------------------------------


def pair_health(*, pair: Pair, today: date | None = None) -> str:
    """Return "on-track", "needs-checkin" or "too-early" for an active pair."""
    today = today or timezone.localdate()
    started = timezone.localdate(pair.started_at) if pair.started_at else today
    last = getattr(pair, "last_checkin_on", None)
    upcoming = getattr(pair, "next_checkin_on", None)
    if upcoming and upcoming < today:
        return "needs-checkin"
    if last is None:
        return (
            "too-early" if (today - started).days < TOO_EARLY_DAYS else "needs-checkin"
        )
    if (today - last).days > CHECKIN_DUE_DAYS and not (upcoming and upcoming >= today):
        return "needs-checkin"
    return "on-track"


def pairs_for_dashboard(*, user, as_mentor: bool):
    """Return the user's pairs with check-in dates, progress and shadowing hours.

    Shadowing hours, logged and planned, add up every placement of the pair.
    """
    latest_next = Subquery(
        CheckIn.objects.filter(pair=OuterRef("pk"))
        .order_by("-met_on", "-pk")
        .values("next_checkin_on")[:1]
    )
    hours = Subquery(
        ShadowingVisit.objects.filter(placement__pair=OuterRef("pk"))
        .values("placement__pair")
        .annotate(total=Sum("hours"))
        .values("total")[:1]
    )
    planned = Subquery(
        ShadowingPlacement.objects.filter(pair=OuterRef("pk"))
        .values("pair")
        .annotate(total=Sum("planned_hours"))
        .values("total")[:1],
        output_field=IntegerField(),
    )
    from academy.models import Enrolment

    completed_modules = Subquery(
        Enrolment.objects.filter(
            user_id=OuterRef("learner_id"), completed_at__isnull=False
        )
        .values("user_id")
        .annotate(n=Count("pk"))
        .values("n")[:1],
        output_field=IntegerField(),
    )
    enrolled_modules = Subquery(
        Enrolment.objects.filter(user_id=OuterRef("learner_id"))
        .values("user_id")
        .annotate(n=Count("pk"))
        .values("n")[:1],
        output_field=IntegerField(),
    )
    pairs = (
        Pair.objects.filter(**({"mentor": user} if as_mentor else {"learner": user}))
        .offered_or_later()
        .select_related(
            "mentor",
            "learner",
            "learner__learner_profile",
            "mentor__mentor_profile",
            "request",
        )  # fmt: skip
        .annotate(
            last_checkin_on=Max("checkins__met_on"),
            next_checkin_on=latest_next,
            logged_hours=hours,
            planned_hours=planned,
            modules_completed=Coalesce(completed_modules, 0),
            modules_enrolled=Coalesce(enrolled_modules, 0),
        )
        .prefetch_related("goals__competency")
        .order_by("state", "-created_at")
    )
    pairs = list(pairs)
    today = timezone.localdate()
    for pair in pairs:
        pair.health = (
            pair_health(pair=pair, today=today) if pair.state == "active" else ""
        )
    return pairs


def mentee_summaries(*, pairs: list[Pair]) -> dict[int, list[dict]]:
    """Latest self-assessment means by domain for mentees who consented (no notes)."""
    consenting = [
        p.learner_id
        for p in pairs
        if p.state == PairState.ACTIVE
        and getattr(getattr(p.learner, "learner_profile", None),
                    "share_assessment_with_mentor", False)
    ]  # fmt: skip
    if not consenting:
        return {}
    latest = Subquery(
        SelfAssessment.objects.filter(
            user_id=OuterRef("assessment__user_id"), submitted_at__isnull=False
        )
        .order_by("-submitted_at")
        .values("pk")[:1]
    )
    rows = (
        Rating.objects.filter(
            assessment__user_id__in=consenting,
            assessment_id=latest,
            level__isnull=False,
        )
        .values("assessment__user_id", "domain_code", "domain_name")
        .annotate(mean=Avg("level"))
        .order_by("assessment__user_id", "domain_code")
    )
    summaries: dict[int, list[dict]] = {}
    for row in rows:
        summaries.setdefault(row["assessment__user_id"], []).append(
            {"domain": row["domain_name"], "mean": round(row["mean"], 1)}
        )
    return summaries


def overdue_pairs(*, today: date | None = None):
    """Active pairs with no check-in for a month, or a planned check-in missed."""
    today = today or timezone.localdate()
    cutoff = today - timedelta(days=CHECKIN_DUE_DAYS)
    latest_next = Subquery(
        CheckIn.objects.filter(pair=OuterRef("pk"))
        .order_by("-met_on", "-pk")
        .values("next_checkin_on")[:1]
    )
    return (
        Pair.objects.filter(state=PairState.ACTIVE)
        .annotate(last_checkin_on=Max("checkins__met_on"), next_checkin_on=latest_next)
        .filter(
            Q(next_checkin_on__lt=today)
            | Q(next_checkin_on__isnull=True, last_checkin_on__lt=cutoff)
            | Q(last_checkin_on__isnull=True, started_at__date__lt=cutoff)
        )
        .select_related("mentor", "learner")
    )


# Privacy ----------------------------------------------------------------------

SHARED_STATES = (PairState.OFFERED, PairState.ACTIVE)


def pair_is_shared(*, pair: Pair) -> bool:
    """Whether each side still sees what the other wrote: only while the pair runs."""
    return pair.state in SHARED_STATES


def pair_share_for_viewer(*, pair: Pair, user: AbstractBaseUser) -> None:
    """Keep on an ended pair only what the viewer wrote; needs goals prefetched.

    Sets `goal_list` (and `checkin_list` when check-ins are prefetched).
    """
    shared = pair_is_shared(pair=pair)
    pair.shared = shared
    pair.goal_list = [
        goal for goal in pair.goals.all() if shared or goal.added_by_id == user.pk
    ]
    if "checkins" in getattr(pair, "_prefetched_objects_cache", {}):
        pair.checkin_list = [
            checkin
            for checkin in pair.checkins.all()
            if shared or checkin.logged_by_id == user.pk
        ]


def person_mentoring_export(*, user: AbstractBaseUser) -> dict:
    """Return the person's mentoring records; others appear by display name only."""
    from academy.selectors.privacy import iso, person_display_name

    profile = (
        MentorProfile.objects.filter(user=user)
        .prefetch_related(
            Prefetch(
                "strengths",
                queryset=MentorStrength.objects.select_related("competency"),
            )
        )
        .first()
    )
    requests = MentoringRequest.objects.filter(learner=user).prefetch_related(
        "competencies"
    )
    # Proposals staff have not yet offered are not the person's to see yet.
    pairs = (
        Pair.objects.visible_to(user)
        .offered_or_later()
        .select_related("mentor", "learner")
        .prefetch_related(
            Prefetch("goals", queryset=PairGoal.objects.select_related("competency")),
            Prefetch(
                "checkins",
                queryset=CheckIn.objects.prefetch_related("competencies"),
            ),
            Prefetch(
                "placements",
                queryset=ShadowingPlacement.objects.prefetch_related("visits"),
            ),
        )
        .order_by("created_at", "pk")
    )

    def own(author_id) -> bool:
        return author_id == user.pk

    def pair_document(pair: Pair) -> dict:
        as_mentor = pair.mentor_id == user.pk
        other = pair.learner if as_mentor else pair.mentor
        shared = pair_is_shared(pair=pair)
        placements = []
        for placement in pair.placements.all():
            i_host = placement.host_id == user.pk
            placements.append(
                {
                    "you_host": i_host,
                    "host_organization": placement.host_organization,
                    "starts_on": iso(placement.starts_on),
                    "ends_on": iso(placement.ends_on),
                    "planned_hours": placement.planned_hours,
                    "objectives": placement.objectives if i_host or shared else "",
                    "host_feedback": placement.host_feedback if i_host else "",
                    "host_confirmed_at": iso(placement.host_confirmed_at),
                    "visitor_confirmed_at": iso(placement.visitor_confirmed_at),
                    "visits": [
                        {
                            "visited_on": iso(visit.visited_on),
                            "hours": str(visit.hours),
                            "reflection": visit.reflection,
                        }
                        for visit in placement.visits.all()
                        if shared or own(visit.logged_by_id)
                    ],
                }
            )
        return {
            "kind": pair.get_kind_display(),
            "your_role": "mentor" if as_mentor else "learner",
            "with": person_display_name(other),
            "state": pair.get_state_display(),
            "offered_at": iso(pair.offered_at),
            "started_at": iso(pair.started_at),
            "ended_at": iso(pair.ended_at),
            "goals": [
                {
                    "text": goal.text,
                    "competency": goal.competency.code if goal.competency else None,
                    "achieved": goal.achieved,
                    "added_by_you": own(goal.added_by_id),
                }
                for goal in pair.goals.all()
                if shared or own(goal.added_by_id)
            ],
            "checkins": [
                {
                    "met_on": iso(checkin.met_on),
                    "minutes": checkin.minutes,
                    "notes": checkin.notes,
                    "next_steps": checkin.next_steps,
                    "next_checkin_on": iso(checkin.next_checkin_on),
                    "next_checkin_time": iso(checkin.next_checkin_time),
                    "time_zone": checkin.time_zone,
                    "meeting_url": checkin.meeting_url,
                    "competencies": [c.code for c in checkin.competencies.all()],
                    "logged_by_you": own(checkin.logged_by_id),
                }
                for checkin in pair.checkins.all()
                if shared or own(checkin.logged_by_id)
            ],
            "shadowing_placements": placements,
        }

    return {
        "mentor_profile": None
        if profile is None
        else {
            "sector": profile.get_sector_display(),
            "organization": profile.organization,
            "role": profile.role,
            "state": profile.get_state_display(),
            "bio": profile.bio,
            "capacity": profile.capacity,
            "accepting": profile.accepting,
            "hosts_shadowing": profile.hosts_shadowing,
            "host_region": profile.host_region,
            "strengths": [
                {"competency": s.competency.code, "level": s.level}
                for s in profile.strengths.all()
            ],
        },
        "mentoring_requests": [
            {
                "kind": r.get_kind_display(),
                "goals": r.goals,
                "competencies": [c.code for c in r.competencies.all()],
                "wants_virtual": r.wants_virtual,
                "wants_in_person": r.wants_in_person,
                "status": r.get_status_display(),
                "created_at": iso(r.created_at),
            }
            for r in requests
        ],
        "pairs": [pair_document(pair) for pair in pairs],
    }
