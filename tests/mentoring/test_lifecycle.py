import threading
import time
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, OperationalError, connection, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from mentoring.models import MentoringRequest, Pair, PairKind, PairState
from mentoring.services import (
    CapacityFull,
    OpenRequestExists,
    pair_accept,
    pair_close,
    pair_complete,
    pair_create,
    pair_decline,
    pairs_expire,
    request_submit,
    round_approve,
    round_propose,
)
from tests.academy.factories import LearnerFactory, ProgramStaffFactory
from tests.mentoring.factories import (
    MatchingRoundFactory,
    MentorFactory,
    MentoringRequestFactory,
    MentorProfileFactory,
)

pytestmark = pytest.mark.django_db


def offered_pair(*, staff, learner, mentor) -> Pair:
    """Run a round for the learner's request and approve it: the pair is offered."""
    request = MentoringRequestFactory(learner=learner)
    matching_round = MatchingRoundFactory()
    [pair] = round_propose(round=matching_round, actor=staff)
    assert (pair.learner, pair.mentor, pair.request) == (learner, mentor, request)
    round_approve(round=matching_round, actor=staff)
    pair.refresh_from_db()
    return pair


def history(pair: Pair) -> list[tuple]:
    return list(pair.events.values_list("from_state", "to_state", "actor", "note"))


def request_status(pair: Pair) -> str:
    return MentoringRequest.objects.get(pk=pair.request_id).status


def test_a_proposed_pair_is_approved_offered_accepted_by_both_and_completed(
    staff, learner, mentor
):
    MentorProfileFactory(user=mentor)
    pair = offered_pair(staff=staff, learner=learner, mentor=mentor)
    assert pair.state == PairState.OFFERED
    assert pair.offered_at is not None
    assert request_status(pair) == MentoringRequest.Status.MATCHED

    pair = pair_accept(pair=pair, user=mentor)
    assert pair.state == PairState.OFFERED  # still waiting for the learner
    pair = pair_accept(pair=pair, user=learner)
    assert pair.state == PairState.ACTIVE
    assert pair.started_at is not None
    pair = pair_complete(pair=pair, user=mentor)

    assert pair.state == PairState.COMPLETED
    assert pair.ended_at is not None
    round_name = pair.round.name
    assert history(pair) == [
        ("", PairState.PROPOSED, staff.pk, round_name),
        (PairState.PROPOSED, PairState.APPROVED, staff.pk, ""),
        (PairState.APPROVED, PairState.OFFERED, staff.pk, ""),
        (PairState.OFFERED, PairState.OFFERED, mentor.pk, "accepted"),
        (PairState.OFFERED, PairState.ACTIVE, learner.pk, ""),
        (PairState.ACTIVE, PairState.COMPLETED, mentor.pk, ""),
    ]


def test_a_declined_offer_is_recorded_and_the_request_goes_back_to_the_pool(
    staff, learner, mentor
):
    MentorProfileFactory(user=mentor)
    pair = offered_pair(staff=staff, learner=learner, mentor=mentor)

    pair = pair_decline(pair=pair, user=learner, reason="Our schedules clash.")

    assert pair.state == PairState.DECLINED
    assert pair.ended_at is not None
    assert request_status(pair) == MentoringRequest.Status.OPEN
    assert history(pair)[-1] == (
        PairState.OFFERED,
        PairState.DECLINED,
        learner.pk,
        "Our schedules clash.",
    )


def test_an_offer_unanswered_for_fifteen_days_expires_and_reopens_the_request(
    staff, learner, mentor
):
    MentorProfileFactory(user=mentor)
    pair = offered_pair(staff=staff, learner=learner, mentor=mentor)
    now = timezone.now()

    assert pairs_expire(now=now + timedelta(days=13)) == []
    expired = pairs_expire(now=now + timedelta(days=15))

    assert [p.pk for p in expired] == [pair.pk]
    pair.refresh_from_db()
    assert pair.state == PairState.EXPIRED
    assert request_status(pair) == MentoringRequest.Status.OPEN
    assert history(pair)[-1] == (
        PairState.OFFERED,
        PairState.EXPIRED,
        None,
        "offer unanswered",
    )


def test_closing_a_pair_early_needs_a_reason(staff, learner, mentor):
    MentorProfileFactory(user=mentor)
    pair = offered_pair(staff=staff, learner=learner, mentor=mentor)
    pair_accept(pair=pair, user=mentor)
    pair = pair_accept(pair=pair, user=learner)

    with pytest.raises(ValidationError, match="Say why"):
        pair_close(pair=pair, user=mentor, reason="   ")
    pair.refresh_from_db()
    assert pair.state == PairState.ACTIVE

    pair = pair_close(pair=pair, user=staff, reason="  The learner changed jobs. ")

    assert pair.state == PairState.CLOSED
    assert pair.close_reason == "The learner changed jobs."
    assert history(pair)[-1] == (
        PairState.ACTIVE,
        PairState.CLOSED,
        staff.pk,
        "The learner changed jobs.",
    )


def test_a_learner_and_mentor_once_offered_are_never_proposed_again(
    staff, learner, mentor
):
    MentorProfileFactory(user=mentor, state="NC")  # the better match: same state
    other_mentor = MentorFactory(email="maya@example.org")
    MentorProfileFactory(user=other_mentor, state="VA")
    first = offered_pair(staff=staff, learner=learner, mentor=mentor)
    pair_decline(pair=first, user=learner, reason="Not the right fit.")

    [second] = round_propose(round=MatchingRoundFactory(), actor=staff)

    assert second.request_id == first.request_id
    assert second.mentor == other_mentor


def test_the_excluded_mentor_leaves_the_learner_unmatched_when_no_one_else_fits(
    staff, learner, mentor
):
    MentorProfileFactory(user=mentor)
    first = offered_pair(staff=staff, learner=learner, mentor=mentor)
    pair_decline(pair=first, user=mentor, reason="I am away this spring.")

    assert round_propose(round=MatchingRoundFactory(), actor=staff) == []


def test_a_mentor_with_one_place_cannot_take_a_second_mentee(staff, mentor):
    MentorProfileFactory(user=mentor, capacity=1)
    first_learner, second_learner = LearnerFactory(), LearnerFactory()
    first = pair_create(
        mentor=mentor, learner=first_learner, kind=PairKind.MENTORING, actor=staff
    )
    second = pair_create(
        mentor=mentor, learner=second_learner, kind=PairKind.MENTORING, actor=staff
    )
    pair_accept(pair=first, user=mentor)
    pair_accept(pair=second, user=mentor)
    first = pair_accept(pair=first, user=first_learner)
    assert first.state == PairState.ACTIVE

    with pytest.raises(CapacityFull):
        pair_accept(pair=second, user=second_learner)

    second.refresh_from_db()
    assert second.state == PairState.OFFERED
    assert second.learner_accepted_at is None
    assert Pair.objects.filter(mentor=mentor, state=PairState.ACTIVE).count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_learners_accepting_at_the_same_moment_cannot_overfill_a_mentor():
    staff = ProgramStaffFactory()
    mentor = MentorFactory()
    MentorProfileFactory(user=mentor, capacity=1)
    learners = [LearnerFactory(), LearnerFactory()]
    pairs = [
        pair_create(mentor=mentor, learner=person, kind=PairKind.MENTORING, actor=staff)
        for person in learners
    ]
    for pair in pairs:
        pair_accept(pair=pair, user=mentor)
    barrier = threading.Barrier(len(pairs), timeout=10)
    outcomes: dict[int, str] = {}

    def linger_after_reading_the_profile(execute, sql, params, many, context):
        # Both threads would be counting places together here, were it not for
        # the row lock on the mentor's profile that keeps the second one waiting.
        result = execute(sql, params, many, context)
        if "mentoring_mentorprofile" in sql:
            time.sleep(0.2)
        return result

    def accept(pair: Pair, person) -> None:
        try:
            with connection.execute_wrapper(linger_after_reading_the_profile):
                barrier.wait()
                pair_accept(pair=pair, user=person)
            outcomes[pair.pk] = "active"
        except CapacityFull:
            outcomes[pair.pk] = "full"
        except OperationalError:  # SQLite: "database is locked"; nothing was saved
            outcomes[pair.pk] = "locked"
        finally:
            connection.close()  # this thread's own connection

    threads = [
        threading.Thread(target=accept, args=(pair, person))
        for pair, person in zip(pairs, learners, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert not any(thread.is_alive() for thread in threads)
    assert len(outcomes) == 2
    active = Pair.objects.filter(mentor=mentor, state=PairState.ACTIVE).count()
    if connection.vendor == "postgresql":
        # The mentor's profile row is locked while places are counted.
        assert sorted(outcomes.values()) == ["active", "full"]
        assert active == 1
    else:
        # SQLite lets one writer through at a time; the other fails either way.
        assert set(outcomes.values()) <= {"active", "full", "locked"}
        assert active <= 1
        assert list(outcomes.values()).count("active") == active


def test_approval_drops_a_pair_whose_request_was_matched_elsewhere(staff, mentor):
    MentorProfileFactory(user=mentor, sector="cbo", capacity=2)
    learner = LearnerFactory()
    request = MentoringRequestFactory(learner=learner)
    matching_round = MatchingRoundFactory()
    [pair] = round_propose(round=matching_round, actor=staff)
    # Meanwhile staff pair the learner by hand; that takes up the open request.
    other_mentor = MentorFactory()
    MentorProfileFactory(user=other_mentor, sector="cbo")
    by_hand = pair_create(
        mentor=other_mentor, learner=learner, kind=PairKind.MENTORING, actor=staff
    )
    assert by_hand.request == request
    assert round_approve(round=matching_round, actor=staff) == []
    assert not Pair.objects.filter(pk=pair.pk).exists()
    with pytest.raises(ValidationError, match="approve only once"):
        round_approve(round=matching_round, actor=staff)


def test_review_cannot_give_a_pair_a_mentor_from_the_same_sector(staff, mentor):
    from mentoring.services import pair_change_mentor

    MentorProfileFactory(user=mentor, sector="cbo")
    learner = LearnerFactory()  # a county agency leader
    MentoringRequestFactory(learner=learner)
    [pair] = round_propose(round=MatchingRoundFactory(), actor=staff)
    same_side = MentorFactory()
    MentorProfileFactory(user=same_side, sector="state")
    with pytest.raises(ValidationError, match="same side"):
        pair_change_mentor(pair=pair, mentor=same_side, actor=staff)
    other_cbo = MentorFactory()
    MentorProfileFactory(user=other_cbo, sector="cbo")
    assert (
        pair_change_mentor(pair=pair, mentor=other_cbo, actor=staff).mentor == other_cbo
    )


def test_a_request_for_both_becomes_a_shadowing_pair_with_an_in_state_host(
    staff, mentor
):
    MentorProfileFactory(user=mentor, sector="cbo", state="NC", hosts_shadowing=True)
    far_host = MentorFactory()
    MentorProfileFactory(user=far_host, sector="cbo", state="OR", hosts_shadowing=True)
    learner = LearnerFactory()  # profile state NC
    MentoringRequestFactory(learner=learner, kind="both")
    [pair] = round_propose(round=MatchingRoundFactory(), actor=staff)
    assert pair.kind == PairKind.SHADOWING
    assert pair.mentor == mentor


# One open request per learner -------------------------------------------------


def test_the_database_refuses_a_second_open_request_for_a_learner():
    learner = LearnerFactory()
    MentoringRequestFactory(learner=learner)
    with pytest.raises(IntegrityError), transaction.atomic():
        MentoringRequestFactory(learner=learner)
    MentoringRequestFactory(learner=learner, status=MentoringRequest.Status.WITHDRAWN)
    assert MentoringRequest.objects.filter(learner=learner).count() == 2


def test_a_second_request_through_the_service_gets_the_friendly_refusal():
    learner = LearnerFactory()
    first = request_submit(
        learner=learner, mentoring_request=MentoringRequest(goals="Lead the merger.")
    )
    with pytest.raises(OpenRequestExists):
        request_submit(
            learner=learner, mentoring_request=MentoringRequest(goals="Again.")
        )
    assert list(MentoringRequest.objects.filter(learner=learner)) == [first]


def test_declining_after_asking_again_keeps_the_newer_request_open(
    staff, learner, mentor
):
    MentorProfileFactory(user=mentor)
    pair = offered_pair(staff=staff, learner=learner, mentor=mentor)
    newer = MentoringRequestFactory(learner=learner, goals="Something else now.")
    pair_decline(pair=pair, user=learner)
    pair.request.refresh_from_db()
    assert pair.request.status == MentoringRequest.Status.WITHDRAWN
    assert list(
        MentoringRequest.objects.filter(
            learner=learner, status=MentoringRequest.Status.OPEN
        )
    ) == [newer]


@pytest.mark.skipif(
    connection.vendor == "sqlite",
    reason="SQLite runs one writer at a time and refuses the rest as 'database is "
    "locked'; the constraint itself is tested on SQLite above.",
)
@pytest.mark.django_db(transaction=True)
def test_ten_requests_sent_at_once_leave_exactly_one_open():
    learner = LearnerFactory()
    senders = 10
    barrier = threading.Barrier(senders, timeout=10)
    statuses: list[int] = []
    messages_seen: list[str] = []

    def send(number: int) -> None:
        client = Client()
        try:
            client.force_login(learner)
            barrier.wait()
            response = client.post(
                reverse("mentoring:request"),
                {
                    "kind": "mentoring",
                    "goals": f"Lead the county merger (attempt {number}).",
                    "wants_virtual": "on",
                },
                follow=True,
            )
            statuses.append(response.status_code)
            messages_seen.append(" ".join(str(m) for m in response.context["messages"]))
        finally:
            connection.close()  # this thread's own connection

    threads = [threading.Thread(target=send, args=(n,)) for n in range(senders)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert not any(thread.is_alive() for thread in threads)
    assert statuses == [200] * senders  # every sender got a page, never a 500
    assert (
        MentoringRequest.objects.filter(
            learner=learner, status=MentoringRequest.Status.OPEN
        ).count()
        == 1
    )
    # Every sender was told where they stand: in, turned away by the database, or
    # (when it ran only after the first had committed) editing that request.
    answers = (
        "Your request is in.",
        "already have an open request",
        "Your request is updated.",
    )
    assert len(messages_seen) == senders
    assert all(any(a in seen for a in answers) for seen in messages_seen)


@pytest.mark.django_db(transaction=True)
def test_upgrading_keeps_only_each_learners_newest_open_request():
    from django.db.migrations.executor import MigrationExecutor

    before = [("mentoring", "0003_pair_sides_survive_erasure")]
    after = [("mentoring", "0005_one_open_request_per_learner")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old_apps = executor.loader.project_state(before).apps
    OldRequest = old_apps.get_model("mentoring", "MentoringRequest")
    learner = LearnerFactory()
    for goals in ("First ask.", "Second ask."):
        OldRequest.objects.create(learner_id=learner.pk, goals=goals, status="open")
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(after)
    statuses = dict(
        MentoringRequest.objects.filter(learner=learner).values_list("goals", "status")
    )
    assert statuses == {"First ask.": "withdrawn", "Second ask.": "open"}
