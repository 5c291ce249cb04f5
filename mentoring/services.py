"""Writes for mentoring: matching rounds, the pair lifecycle, check-ins and shadowing.

Every state change goes through `_move`, which records who did it and when.
"""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from . import matching
from .models import (
    DEFAULT_CHECKIN_TIME,
    MEETING_URL,
    CheckIn,
    MatchingRound,
    MentoringRequest,
    MentorProfile,
    Pair,
    PairEvent,
    PairGoal,
    PairKind,
    PairState,
    RequestKind,
    ShadowingPlacement,
    ShadowingVisit,
)
from .selectors import matching_problem, pair_blocker_reason

OFFER_DAYS = 14


class CapacityFull(Exception):
    """The mentor has no place left; the pair stays as it was."""


def _move(pair: Pair, to_state: str, *, actor=None, note: str = "", **fields) -> Pair:
    from_state = pair.state
    pair.state = to_state
    for name, value in fields.items():
        setattr(pair, name, value)
    pair.save()
    PairEvent.objects.create(
        pair=pair, from_state=from_state, to_state=to_state, actor=actor, note=note
    )
    return pair


def _notify(task_name: str, pair: Pair) -> None:
    from . import tasks

    task = getattr(tasks, task_name)
    transaction.on_commit(lambda: task.enqueue(pair.pk))


# Requests ---------------------------------------------------------------------


class OpenRequestExists(Exception):
    """The learner already has an open request; nothing new was saved."""


def request_submit(
    *, learner, mentoring_request: MentoringRequest, competencies=()
) -> MentoringRequest:
    """Save the learner's open request; the database keeps one open request each."""
    mentoring_request.learner = learner
    mentoring_request.status = MentoringRequest.Status.OPEN
    try:
        with transaction.atomic():
            mentoring_request.save()
            mentoring_request.competencies.set(competencies)
    except IntegrityError:
        others = MentoringRequest.objects.filter(
            learner=learner, status=MentoringRequest.Status.OPEN
        ).exclude(pk=mentoring_request.pk)
        if not others.exists():
            raise
        raise OpenRequestExists from None
    return mentoring_request


@transaction.atomic
def request_withdraw_open(*, learner) -> int:
    """Withdraw the learner's open request; return how many were withdrawn."""
    return MentoringRequest.objects.filter(
        learner=learner, status=MentoringRequest.Status.OPEN
    ).update(status=MentoringRequest.Status.WITHDRAWN)


# Matching rounds --------------------------------------------------------------


@transaction.atomic
def round_propose(*, round: MatchingRound, actor=None) -> list[Pair]:
    """Run the engine over open requests and store its proposal for review."""
    if round.status == MatchingRound.Status.APPROVED:
        raise ValidationError("This round is already approved.")
    round.pairs.filter(state=PairState.PROPOSED).delete()
    problem = matching_problem(round=round)
    result = matching.solve_round(
        problem.requests, problem.mentors, problem.settings, excluded=problem.excluded
    )
    pairs = []
    for match in result.matches:
        request = problem.request_by_id[match.request_id]
        # A request for both becomes a shadowing pair when a host fits (it keeps
        # check-ins and goals as well), and a mentoring pair when none does.
        mentoring_only = (
            request.kind == RequestKind.MENTORING or request.pk in result.mentor_only
        )
        pair = Pair.objects.create(
            round=round,
            request=request,
            kind=PairKind.MENTORING if mentoring_only else PairKind.SHADOWING,
            mentor_id=problem.mentor_user_ids[match.mentor_id],
            learner_id=request.learner_id,
            score=match.score,
            score_breakdown=match.breakdown,
        )
        PairEvent.objects.create(
            pair=pair, to_state=PairState.PROPOSED, actor=actor, note=round.name
        )
        pairs.append(pair)
    round.status = MatchingRound.Status.PROPOSED
    round.ran_at = timezone.now()
    round.unmatched_reasons = {str(k): v for k, v in result.unmatched.items()}
    round.shadowing_reasons = {str(k): v for k, v in result.mentor_only.items()}
    round.save(
        update_fields=["status", "ran_at", "unmatched_reasons", "shadowing_reasons"]
    )
    return pairs


@transaction.atomic
def pair_drop(*, pair: Pair) -> None:
    """Drop a proposed pair during review; the request stays in the pool."""
    if pair.state != PairState.PROPOSED:
        raise ValidationError("Only proposed pairs can be dropped.")
    pair.delete()


@transaction.atomic
def pair_change_mentor(*, pair: Pair, mentor, actor=None) -> Pair:
    """Give a proposed pair another mentor during review."""
    if pair.state != PairState.PROPOSED:
        raise ValidationError("Only proposed pairs can be changed.")
    if mentor.pk == pair.learner_id:
        raise ValidationError("A learner cannot mentor themselves.")
    if blocker := pair_blocker_reason(pair=pair, mentor=mentor):
        raise ValidationError(blocker)
    pair.mentor = mentor
    pair.score, pair.score_breakdown = None, {"changed_by_staff": 1.0}
    return _move(pair, PairState.PROPOSED, actor=actor, note="mentor changed")


def _places_left(mentor_id: int, *, lock: bool = False) -> int:
    """Places a mentor has left: capacity minus active and pending offers."""
    profiles = MentorProfile.objects.filter(user_id=mentor_id)
    profile = (profiles.select_for_update() if lock else profiles).first()
    if profile is None or not profile.accepting:
        return 0
    taken = Pair.objects.filter(
        mentor_id=mentor_id, state__in=[PairState.ACTIVE, PairState.OFFERED]
    ).count()
    return profile.capacity - taken


@transaction.atomic
def round_approve(*, round: MatchingRound, actor=None) -> list[Pair]:
    """Approve the reviewed proposal; only now are the two people asked.

    A pair whose request was meanwhile matched elsewhere, or whose mentor has
    no place left, is dropped rather than offered.
    """
    round = MatchingRound.objects.select_for_update().get(pk=round.pk)
    if round.status != MatchingRound.Status.PROPOSED:
        raise ValidationError("Run matching before approving, and approve only once.")
    offered = []
    for pair in round.pairs.filter(state=PairState.PROPOSED).select_related("request"):
        still_open = (
            pair.request is None or pair.request.status == MentoringRequest.Status.OPEN
        )
        if not still_open or _places_left(pair.mentor_id, lock=True) <= 0:
            pair.delete()
            continue
        _move(pair, PairState.APPROVED, actor=actor)
        offered.append(pair_offer(pair=pair, actor=actor))
    round.status = MatchingRound.Status.APPROVED
    round.approved_at = timezone.now()
    round.save(update_fields=["status", "approved_at"])
    return offered


@transaction.atomic
def pair_create(*, mentor, learner, kind: str, actor=None, request=None) -> Pair:
    """Create a pair by hand (staff) and offer it to both people."""
    if mentor.pk == learner.pk:
        raise ValidationError("A learner cannot mentor themselves.")
    if not MentorProfile.objects.filter(user=mentor).exists():
        raise ValidationError("That person has no mentor profile.")
    # Staff may offer more pairs than places: acceptance is where capacity holds.
    if request is None:
        request = MentoringRequest.objects.filter(
            learner=learner, status=MentoringRequest.Status.OPEN
        ).first()
    pair = Pair.objects.create(
        mentor=mentor,
        learner=learner,
        kind=kind,
        request=request,
        state=PairState.APPROVED,
    )
    PairEvent.objects.create(
        pair=pair, to_state=PairState.APPROVED, actor=actor, note="created by staff"
    )
    return pair_offer(pair=pair, actor=actor)


def pair_offer(*, pair: Pair, actor=None) -> Pair:
    """Send an approved pair's offer to both people."""
    if pair.request_id:
        MentoringRequest.objects.filter(pk=pair.request_id).update(
            status=MentoringRequest.Status.MATCHED
        )
    _move(pair, PairState.OFFERED, actor=actor, offered_at=timezone.now())
    _notify("pair_offered_email", pair)
    return pair


# The pair lifecycle -----------------------------------------------------------


def _locked(pair: Pair) -> Pair:
    return Pair.objects.select_for_update().get(pk=pair.pk)


@transaction.atomic
def pair_accept(*, pair: Pair, user) -> Pair:
    """Accept an offer; the pair becomes active when both have accepted.

    The mentor's profile row is locked while places are counted, so two
    acceptances arriving together can never take a mentor past capacity.
    """
    pair = _locked(pair)
    if pair.state != PairState.OFFERED:
        raise ValidationError("This offer is no longer open.")
    now = timezone.now()
    if user.pk == pair.mentor_id:
        pair.mentor_accepted_at = pair.mentor_accepted_at or now
    elif user.pk == pair.learner_id:
        pair.learner_accepted_at = pair.learner_accepted_at or now
    else:
        raise PermissionDenied
    if not (pair.mentor_accepted_at and pair.learner_accepted_at):
        pair.save(update_fields=["mentor_accepted_at", "learner_accepted_at"])
        PairEvent.objects.create(
            pair=pair, from_state=pair.state, to_state=pair.state, actor=user,
            note="accepted",
        )  # fmt: skip
        return pair
    profile = (
        MentorProfile.objects.select_for_update().filter(user_id=pair.mentor_id).first()
    )
    if profile is None:
        raise ValidationError(
            "The mentor has no mentor profile yet; program staff will add one."
        )
    active = Pair.objects.filter(
        mentor_id=pair.mentor_id, state__in=PairState.holding_capacity()
    ).count()
    if active >= profile.capacity:
        raise CapacityFull(
            "This mentor has no place left. Program staff will find another match."
        )
    _move(pair, PairState.ACTIVE, actor=user, started_at=now,
          mentor_accepted_at=pair.mentor_accepted_at,
          learner_accepted_at=pair.learner_accepted_at)  # fmt: skip
    _notify("pair_active_email", pair)
    return pair


@transaction.atomic
def pair_decline(*, pair: Pair, user, reason: str = "") -> Pair:
    """Decline an offer; the learner's request goes back to the pool."""
    pair = _locked(pair)
    if user.pk not in (pair.mentor_id, pair.learner_id):
        raise PermissionDenied
    if pair.state != PairState.OFFERED:
        raise ValidationError("This offer is no longer open.")
    _reopen_request(pair)
    return _move(
        pair, PairState.DECLINED, actor=user, note=reason, ended_at=timezone.now()
    )


def _reopen_request(pair: Pair) -> None:
    if not pair.request_id:
        return
    # A learner who asked again since keeps the newer request; the old one closes.
    newer_open = MentoringRequest.objects.filter(
        learner_id=pair.learner_id, status=MentoringRequest.Status.OPEN
    ).exists()
    MentoringRequest.objects.filter(
        pk=pair.request_id, status=MentoringRequest.Status.MATCHED
    ).update(
        status=MentoringRequest.Status.WITHDRAWN
        if newer_open
        else MentoringRequest.Status.OPEN
    )


@transaction.atomic
def pairs_expire(*, now=None) -> list[Pair]:
    """Expire offers unanswered for 14 days; their requests go back to the pool."""
    now = now or timezone.now()
    stale = list(
        Pair.objects.select_for_update().filter(
            state=PairState.OFFERED, offered_at__lt=now - timedelta(days=OFFER_DAYS)
        )
    )
    for pair in stale:
        _reopen_request(pair)
        _move(pair, PairState.EXPIRED, note="offer unanswered", ended_at=now)
    return stale


@transaction.atomic
def pair_complete(*, pair: Pair, user) -> Pair:
    """Complete an active pair (either person, or staff)."""
    pair = _locked(pair)
    if pair.state != PairState.ACTIVE:
        raise ValidationError("Only an active pair can be completed.")
    _move(pair, PairState.COMPLETED, actor=user, ended_at=timezone.now())
    _notify("pair_completed_email", pair)
    return pair


@transaction.atomic
def pair_close(*, pair: Pair, user, reason: str) -> Pair:
    """Close a pair early, with a reason."""
    pair = _locked(pair)
    if not reason.strip():
        raise ValidationError("Say why the pair is closing.")
    if pair.state in (PairState.COMPLETED, PairState.CLOSED, PairState.DECLINED,
                      PairState.EXPIRED):  # fmt: skip
        raise ValidationError("This pair has already ended.")
    return _move(
        pair, PairState.CLOSED, actor=user, note=reason.strip(),
        close_reason=reason.strip(), ended_at=timezone.now(),
    )  # fmt: skip


# Working together -------------------------------------------------------------


def _require_active_member(pair: Pair, user) -> None:
    if user.pk not in (pair.mentor_id, pair.learner_id):
        raise PermissionDenied
    if pair.state != PairState.ACTIVE:
        raise ValidationError("This pair is not active.")


@transaction.atomic
def checkin_log(
    *, pair: Pair, user, met_on, minutes: int, notes: str = "", next_steps: str = "",
    next_checkin_on=None, competencies=(), next_checkin_time=None, meeting_url="",
) -> CheckIn:  # fmt: skip
    """Record a check-in; either person in an active pair can log it."""
    _require_active_member(pair, user)
    if met_on > timezone.localdate():
        raise ValidationError("A check-in cannot be in the future.")
    if next_checkin_on and next_checkin_on < met_on:
        raise ValidationError("The next check-in must come after this one.")
    if meeting_url:
        MEETING_URL(meeting_url)
    planned = next_checkin_on is not None
    checkin = CheckIn.objects.create(
        pair=pair, met_on=met_on, minutes=minutes, notes=notes,
        next_steps=next_steps, next_checkin_on=next_checkin_on, logged_by=user,
        next_checkin_time=(next_checkin_time or DEFAULT_CHECKIN_TIME) if planned
        else None,
        # The time is the logger's local time: keep their zone with it.
        time_zone=timezone.get_current_timezone_name() if planned else "",
        meeting_url=meeting_url.strip(),
    )  # fmt: skip
    checkin.competencies.set(competencies)
    return checkin


@transaction.atomic
def goal_add(*, pair: Pair, user, text: str, competency=None) -> PairGoal:
    _require_active_member(pair, user)
    if not text.strip():
        raise ValidationError("Write the goal.")
    return PairGoal.objects.create(
        pair=pair, text=text.strip(), competency=competency, added_by=user
    )


@transaction.atomic
def goal_set_achieved(*, goal: PairGoal, user, achieved: bool) -> PairGoal:
    """Mark a shared goal done, or not done after all; either person may."""
    goal = PairGoal.objects.select_related("pair").select_for_update().get(pk=goal.pk)
    _require_active_member(goal.pair, user)
    goal.achieved = achieved
    goal.save(update_fields=["achieved"])
    return goal


# Shadowing placements ---------------------------------------------------------


def _placement_locked(placement: ShadowingPlacement) -> ShadowingPlacement:
    return (
        ShadowingPlacement.objects.select_for_update()
        .select_related("pair")
        .get(pk=placement.pk)
    )


@transaction.atomic
def placement_create(
    *, pair: Pair, actor, mentor_visits: bool = False, **fields
) -> ShadowingPlacement:
    """Propose a placement's learning agreement; proposing is the host's confirmation.

    The first visit takes the learner to the mentor's organization and the mentor
    proposes it; the return visit goes the other way, once the first visit took
    place, and the learner proposes it. The visitor then confirms.
    """
    pair = _locked(pair)
    if pair.kind != PairKind.SHADOWING:
        raise ValidationError("Placements belong to shadowing pairs.")
    competencies = fields.pop("competencies", ())
    placement = ShadowingPlacement(pair=pair, mentor_visits=mentor_visits, **fields)
    if actor is None or actor.pk != placement.host_id:
        raise PermissionDenied("The host proposes the learning agreement.")
    if pair.state != PairState.ACTIVE:
        raise ValidationError("This pair is not active.")
    existing = {p.mentor_visits: p for p in pair.placements.all()}
    if mentor_visits in existing:
        raise ValidationError(
            "This pair already has a return visit."
            if mentor_visits
            else "This pair already has a learning agreement."
        )
    if mentor_visits:
        if False not in existing:
            raise ValidationError("Plan the first visit before the return visit.")
        if not existing[False].visits.exists():
            raise ValidationError("Plan the return visit after the first visit.")
        placement.reciprocal_of = placement.reciprocal_of or existing[False]
    placement.host_confirmed_at = timezone.now()
    placement.full_clean()
    placement.save()
    placement.competencies.set(competencies)
    return placement


@transaction.atomic
def placement_reciprocal_create(
    *, placement: ShadowingPlacement, user, **fields
) -> ShadowingPlacement:
    """Plan the return visit of a placement: its visitor now hosts, on the same pair.

    A pair has one placement each way, so a second return visit is refused.
    """
    if placement.mentor_visits:
        raise ValidationError("This placement is already the return visit.")
    return placement_create(
        pair=placement.pair,
        actor=user,
        mentor_visits=not placement.mentor_visits,
        reciprocal_of=placement,
        **fields,
    )


@transaction.atomic
def placement_confirm(*, placement: ShadowingPlacement, user) -> ShadowingPlacement:
    """The placement's host or its visitor confirms the learning agreement."""
    placement = _placement_locked(placement)
    now = timezone.now()
    if user.pk == placement.host_id:
        placement.host_confirmed_at = placement.host_confirmed_at or now
        placement.save(update_fields=["host_confirmed_at"])
    elif user.pk == placement.visitor_id:
        placement.visitor_confirmed_at = placement.visitor_confirmed_at or now
        placement.save(update_fields=["visitor_confirmed_at"])
    else:
        raise PermissionDenied
    return placement


@transaction.atomic
def visit_log(
    *, placement: ShadowingPlacement, user, visited_on, hours, reflection: str
) -> ShadowingVisit:
    """The visitor logs a visit and a reflection once the agreement is confirmed."""
    placement = _placement_locked(placement)
    if user.pk != placement.visitor_id:
        raise PermissionDenied
    if not placement.agreement_confirmed:
        raise ValidationError("Both host and visitor confirm the agreement first.")
    if not reflection.strip():
        raise ValidationError("Write a short reflection on the visit.")
    if not placement.starts_on <= visited_on <= placement.ends_on:
        raise ValidationError("Log a visit made within the agreement's dates.")
    return ShadowingVisit.objects.create(
        placement=placement, visited_on=visited_on, hours=hours,
        reflection=reflection.strip(), logged_by=user,
    )  # fmt: skip


@transaction.atomic
def host_feedback_save(
    *, placement: ShadowingPlacement, user, text: str
) -> ShadowingPlacement:
    """The placement's host writes (or rewrites) their feedback to the visitor."""
    placement = _placement_locked(placement)
    if user.pk != placement.host_id:
        raise PermissionDenied
    placement.host_feedback = text.strip()
    placement.save(update_fields=["host_feedback"])
    return placement


# Account erasure --------------------------------------------------------------

STILL_RUNNING = (PairState.OFFERED, PairState.ACTIVE)
NOT_YET_TOLD = (PairState.PROPOSED, PairState.APPROVED)


@transaction.atomic
def person_mentoring_erase(*, user: AbstractBaseUser) -> list[Pair]:
    """Erase what the person wrote in mentoring and leave their pairs to the other side.

    Proposals nobody was told of are dropped; offered and active pairs close and
    the other person is emailed. Return the pairs that closed.
    """
    pairs = list(Pair.objects.visible_to(user).select_for_update().order_by("pk"))
    closed = []
    now = timezone.now()
    for pair in pairs:
        erased_is_mentor = pair.mentor_id == user.pk
        if pair.state in NOT_YET_TOLD:
            if erased_is_mentor:
                _reopen_request(pair)
            pair.delete()
            continue
        if pair.state in STILL_RUNNING:
            if erased_is_mentor and pair.state == PairState.OFFERED:
                _reopen_request(pair)
            # No reason is kept or told: the other person only learns they left.
            _move(pair, PairState.CLOSED, close_reason="", ended_at=now)
            closed.append(pair)
            other_id = pair.learner_id if erased_is_mentor else pair.mentor_id
            if other_id is not None:
                _notify_partner_left(pair, other_id)
    # A reason the person gave when closing or declining is theirs.
    Pair.objects.visible_to(user).filter(
        events__actor=user,
        events__to_state__in=[PairState.CLOSED, PairState.DECLINED],
    ).update(close_reason="")
    PairEvent.objects.filter(actor=user, pair__in=Pair.objects.visible_to(user)).update(
        note=""
    )
    PairGoal.objects.filter(added_by=user).delete()
    CheckIn.objects.filter(logged_by=user).delete()
    ShadowingVisit.objects.filter(logged_by=user).delete()
    hosted = ShadowingPlacement.objects.filter(pair__mentor=user, mentor_visits=False)
    hosted |= ShadowingPlacement.objects.filter(pair__learner=user, mentor_visits=True)
    ShadowingPlacement.objects.filter(pk__in=hosted.values("pk")).update(
        host_organization="",
        site="",
        objectives="",
        confidentiality_rules="",
        visitor_rules="",
        host_feedback="",
    )
    Pair.objects.filter(mentor=user).update(mentor=None)
    Pair.objects.filter(learner=user).update(learner=None)
    return closed


def _notify_partner_left(pair: Pair, recipient_id: int) -> None:
    from . import tasks

    transaction.on_commit(
        lambda: tasks.pair_partner_left_email.enqueue(pair.pk, recipient_id)
    )
