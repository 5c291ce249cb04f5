"""What each mentoring page shows, composed from the app's selectors (reads only)."""

from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.db.models import OuterRef, Prefetch, Subquery
from django.utils import timezone

from academy.models import LearnerProfile
from academy.selectors.privacy import person_display_name

from ..models import (
    DEFAULT_CHECKIN_TIME,
    CheckIn,
    MentoringRequest,
    MentorProfile,
    Pair,
    PairEvent,
    PairGoal,
    PairState,
    ShadowingPlacement,
)
from ..selectors import (
    mentee_summaries,
    mentor_is_active,
    pair_health,
    pair_is_shared,
    pair_share_for_viewer,
    pairs_for_dashboard,
)

ENDED = {PairState.COMPLETED, PairState.CLOSED, PairState.DECLINED, PairState.EXPIRED}


def _display_rank(pair: Pair) -> int:
    """Overdue pairs first, then offers awaiting an answer, then the rest."""
    if pair.state == PairState.ACTIVE and pair.health == "needs-checkin":
        return 0
    if pair.state == PairState.OFFERED:
        return 1
    if pair.state == PairState.ACTIVE:
        return 2
    return 3


def _for_viewer(pair: Pair, *, user, summaries: dict | None = None) -> Pair:
    """Mark what the viewer can see and do on this pair."""
    pair.as_mentor = pair.mentor_id == user.pk
    pair.other = pair.learner if pair.as_mentor else pair.mentor
    pair.other_name = person_display_name(pair.other)
    # Contact details and the other's own words only while the pair runs.
    pair.shared = pair_is_shared(pair=pair)
    pair.i_accepted = bool(
        pair.mentor_accepted_at if pair.as_mentor else pair.learner_accepted_at
    )
    pair.is_offered = pair.state == PairState.OFFERED
    pair.is_active = pair.state == PairState.ACTIVE
    pair.is_ended = pair.state in ENDED
    pair.health = getattr(pair, "health", "")
    pair.overdue = pair.is_active and pair.health == "needs-checkin"
    # A planned check-in is the planner's words about a pair that still runs.
    if not pair.is_active:
        pair.next_checkin_on = None
    if pair.as_mentor and summaries is not None:
        profile = getattr(pair.learner, "learner_profile", None)
        pair.summary = summaries.get(pair.learner_id)
        pair.consents = bool(profile and profile.share_assessment_with_mentor)
    return pair


def _ordered(pairs: list[Pair], *, user, summaries=None) -> list[Pair]:
    for pair in pairs:
        _for_viewer(pair, user=user, summaries=summaries)
        pair_share_for_viewer(pair=pair, user=user)
    return sorted(pairs, key=_display_rank)


def _people(pairs: list[Pair]) -> list[dict]:
    """Group the mentor's ordered pairs into one entry per mentee, most urgent first."""
    people: dict = {}
    for pair in pairs:
        # A mentee who erased their account is nobody to group with.
        key = pair.learner_id or f"pair-{pair.pk}"
        person = people.setdefault(
            key, {"name": pair.other_name, "pairs": [], "overdue": False}
        )
        person["pairs"].append(pair)
        person["overdue"] |= pair.overdue
    for person in people.values():
        shared = [p for p in person["pairs"] if p.shared]
        person["about"] = shared[0] if shared else None
        person["summary_pair"] = next(
            (p for p in person["pairs"] if getattr(p, "summary", None)),
            person["about"] or person["pairs"][0],
        )
    return list(people.values())


def dashboard_context(*, user) -> dict | None:
    """Return the mentor side and the learner side the user is entitled to, or None."""
    is_mentor = mentor_is_active(user=user)
    is_learner = LearnerProfile.objects.filter(user=user).exists()
    if not (is_mentor or is_learner):
        return None
    context = {"is_mentor": is_mentor, "is_learner": is_learner}
    if is_mentor:
        pairs = pairs_for_dashboard(user=user, as_mentor=True)
        summaries = mentee_summaries(pairs=pairs)
        context["mentor_pairs"] = _ordered(pairs, user=user, summaries=summaries)
        context["mentor_people"] = _people(context["mentor_pairs"])
        context["mentor_overdue"] = sum(p.overdue for p in context["mentor_pairs"])
        context["mentor_profile"] = MentorProfile.objects.filter(user=user).first()
    if is_learner:
        pairs = pairs_for_dashboard(user=user, as_mentor=False)
        context["learner_pairs"] = _ordered(pairs, user=user)
        # A "both" request may have found a mentor but no shadowing host.
        hosted = {p.request_id for p in pairs if p.kind == "shadowing"}
        for pair in context["learner_pairs"]:
            pair.shadowing_unmatched = (
                pair.request is not None
                and pair.request.kind == "both"
                and pair.request_id not in hosted
            )
        context["learner_overdue"] = sum(p.overdue for p in context["learner_pairs"])
        context["open_request"] = (
            MentoringRequest.objects.filter(
                learner=user, status=MentoringRequest.Status.OPEN
            )
            .order_by("-created_at")
            .first()
        )
    return context


def member_pairs(*, user):
    """Pairs the user belongs to that have reached them (offered or later)."""
    return Pair.objects.visible_to(user).offered_or_later()


def member_pair(*, user, pk: int) -> Pair | None:
    """Return one of the user's pairs, with both people, for an action on it."""
    pair = (
        member_pairs(user=user)
        .select_related("mentor", "learner")
        .filter(pk=pk)
        .first()
    )
    return _for_viewer(pair, user=user) if pair else None


def pair_detail(*, user, pk: int) -> Pair | None:
    """Return one of the user's pairs with everything its page shows, or None."""
    closed_by = PairEvent.objects.filter(
        pair=OuterRef("pk"), to_state=PairState.CLOSED
    ).order_by("-at", "-pk")
    pair = (
        member_pairs(user=user)
        .select_related(
            "mentor__mentor_profile",
            "learner__learner_profile",
            "request",
        )
        .annotate(closed_by_id=Subquery(closed_by.values("actor_id")[:1]))
        .prefetch_related(
            # Goals and their competencies in one query: the placements need one.
            Prefetch("goals", queryset=PairGoal.objects.select_related("competency")),
            Prefetch(
                "checkins",
                queryset=CheckIn.objects.select_related("logged_by").prefetch_related(
                    "competencies"
                ),
            ),
            Prefetch(
                "placements",
                # The first visit, then its return visit.
                queryset=ShadowingPlacement.objects.order_by(
                    "mentor_visits", "starts_on"
                ).prefetch_related("competencies", "visits"),
            ),
        )
        .filter(pk=pk)
        .first()
    )
    if pair is None:
        return None
    checkins = list(pair.checkins.all())
    pair.last_checkin_on = checkins[0].met_on if checkins else None
    pair.next_checkin_on = checkins[0].next_checkin_on if checkins else None
    running = pair.state == PairState.ACTIVE
    start = checkin_start(checkin=checkins[0]) if checkins and running else None
    # Shown in the viewer's own zone, whatever zone it was planned in.
    pair.next_checkin_at = timezone.localtime(start) if start else None
    pair.meeting_url = checkins[0].meeting_url if start else ""
    pair.health = pair_health(pair=pair) if pair.state == PairState.ACTIVE else ""
    _with_placements(pair, user=user)
    summaries = mentee_summaries(pairs=[pair]) if pair.mentor_id == user.pk else None
    pair_share_for_viewer(pair=pair, user=user)
    # The reason for closing is the closer's words: staff and the closer see it.
    pair.shows_close_reason = pair.closed_by_id == user.pk
    return _for_viewer(pair, user=user, summaries=summaries)


def checkin_start(*, checkin: CheckIn) -> datetime | None:
    """Return when the planned next check-in starts, in the zone it was planned in."""
    if checkin.next_checkin_on is None:
        return None
    try:
        zone = ZoneInfo(checkin.time_zone) if checkin.time_zone else None
    except (ZoneInfoNotFoundError, ValueError):
        zone = None
    return datetime.combine(
        checkin.next_checkin_on,
        checkin.next_checkin_time or DEFAULT_CHECKIN_TIME,
        tzinfo=zone or timezone.get_current_timezone(),
    )


def _with_placements(pair: Pair, *, user) -> None:
    """Mark each placement's hours and the viewer's part in it; total the hours."""
    placements = list(pair.placements.all())
    by_pk = {placement.pk: placement for placement in placements}
    for placement in placements:
        placement.linked = None
    shared = pair_is_shared(pair=pair)
    for placement in placements:
        placement.logged_hours = sum(visit.hours for visit in placement.visits.all())
        placement.has_visits = bool(placement.visits.all())
        placement.visit_list = [
            visit
            for visit in placement.visits.all()
            if shared or visit.logged_by_id == user.pk
        ]
        placement.i_host = placement.host_id == user.pk
        placement.i_visit = placement.visitor_id == user.pk
        placement.i_confirmed = bool(
            placement.host_confirmed_at
            if placement.i_host
            else placement.visitor_confirmed_at
        )
        # The host wrote the agreement and the feedback.
        placement.shows_host_text = shared or placement.i_host
        placement.host_name = person_display_name(placement.host)
        placement.visitor_name = person_display_name(placement.visitor)
        if (first := by_pk.get(placement.reciprocal_of_id)) is not None:
            placement.linked, first.linked = first, placement
    pair.placement_list = placements
    pair.first_placement = next((p for p in placements if not p.mentor_visits), None)
    pair.return_placement = next((p for p in placements if p.mentor_visits), None)
    pair.logged_hours = sum(p.logged_hours for p in placements) if placements else None
    pair.planned_hours = (
        sum(p.planned_hours for p in placements) if placements else None
    )


def placement_initial(*, pair: Pair, mentor_visits: bool) -> dict:
    """Start a learning agreement at the host's own organization."""
    host = pair.learner if mentor_visits else pair.mentor
    profile = getattr(
        host, "learner_profile" if mentor_visits else "mentor_profile", None
    )
    return {"host_organization": profile.organization if profile else ""}


def pair_focus_ids(*, pair: Pair) -> list[int]:
    """Competencies the pair works on: its goals', the request's and placements'."""
    ids = [goal.competency_id for goal in pair.goals.all() if goal.competency_id]
    if pair.request_id:
        ids += pair.request.competencies.values_list("pk", flat=True)
    for placement in pair.placements.all():
        ids += [c.pk for c in placement.competencies.all()]
    return list(dict.fromkeys(ids))
