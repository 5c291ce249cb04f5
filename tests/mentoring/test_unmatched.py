"""A round says why each request went without a mentor, and "both" never waits."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from mentoring import matching
from mentoring.models import PairKind
from mentoring.services import pair_drop, round_propose
from tests.academy.factories import LearnerFactory
from tests.mentoring.factories import (
    MatchingRoundFactory,
    MentoringRequestFactory,
    MentorProfileFactory,
    PairFactory,
)

pytestmark = pytest.mark.django_db


def engine_request(id_=1, **fields) -> matching.Request:
    values = {
        "id": id_, "side": "public", "state": "NC", "organization": "Wake County",
        "gaps": {1: 2}, "needs_in_person": False, "wants_virtual": True,
        "wants_in_person": False,
    }  # fmt: skip
    return matching.Request(**{**values, **fields})


def engine_mentor(id_=10, **fields) -> matching.Mentor:
    values = {
        "id": id_, "side": "community", "state": "NC", "organization": "Food Bank",
        "strengths": {1: 4}, "capacity": 1, "virtual": True, "in_person": True,
        "hosts": True,
    }  # fmt: skip
    return matching.Mentor(**{**values, **fields})


def test_a_request_for_both_with_no_host_in_the_state_still_gets_its_mentor():
    far_host = engine_mentor(state="VA")
    both = engine_request(needs_in_person=True, wants_in_person=True, split=True)

    result = matching.solve_round([both], [far_host], matching.RoundSettings())

    assert [(m.request_id, m.mentor_id) for m in result.matches] == [(1, 10)]
    assert result.mentor_only == {1: "in-person"}
    assert result.unmatched == {}


def test_a_request_for_both_with_a_host_in_the_state_is_matched_with_the_host():
    near_host, far_host = engine_mentor(10), engine_mentor(11, state="VA")
    both = engine_request(needs_in_person=True, wants_in_person=True, split=True)

    result = matching.solve_round(
        [both], [far_host, near_host], matching.RoundSettings()
    )

    assert [m.mentor_id for m in result.matches] == [10]
    assert result.mentor_only == {}


@pytest.mark.parametrize(
    ("request_fields", "mentor_fields", "excluded", "reason"),
    [
        ({}, {"side": "public"}, set(), "side"),
        ({}, {"capacity": 0}, set(), "side"),
        ({}, {"organization": " wake county"}, set(), "organization"),
        ({}, {}, {(1, 10)}, "excluded"),
        ({"needs_in_person": True}, {"state": "VA"}, set(), "in-person"),
        ({"needs_in_person": True}, {"hosts": False}, set(), "in-person"),
    ],
)
def test_an_unmatched_request_names_the_rule_that_left_it_without_a_mentor(
    request_fields, mentor_fields, excluded, reason
):
    result = matching.solve_round(
        [engine_request(**request_fields)],
        [engine_mentor(**mentor_fields)],
        matching.RoundSettings(),
        excluded,
    )

    assert result.matches == []
    assert result.unmatched == {1: reason}


def test_a_request_that_lost_the_last_place_to_a_closer_match_says_so():
    close, far = engine_request(1), engine_request(2, state="VA", gaps={2: 1})

    result = matching.solve_round(
        [close, far], [engine_mentor()], matching.RoundSettings()
    )

    assert [m.request_id for m in result.matches] == [1]
    assert result.unmatched == {2: "outscored"}


def test_staff_see_in_the_round_review_why_each_request_went_unmatched(
    client, staff, learner, mentor
):
    MentorProfileFactory(
        user=mentor, organization="Charlotte Food Bank", state="NC", capacity=1
    )
    lena_request = MentoringRequestFactory(
        learner=learner, kind="both", wants_in_person=True
    )
    same_org = LearnerFactory(profile__organization="Charlotte Food Bank")
    same_side = LearnerFactory(profile__sector="cbo")
    far_away = LearnerFactory(profile__state="VA")
    before = LearnerFactory()
    PairFactory(mentor=mentor, learner=before, state="completed")
    for person in (same_org, same_side, before):
        MentoringRequestFactory(learner=person)
    MentoringRequestFactory(learner=far_away, kind="shadowing", wants_in_person=True)
    matching_round = MatchingRoundFactory()

    [pair] = round_propose(round=matching_round, actor=staff)
    client.force_login(staff)
    html = client.get(
        reverse("mentoring_rounds:inspect", args=[matching_round.pk])
    ).content.decode()

    assert pair.request == lena_request
    assert pair.kind == PairKind.SHADOWING
    assert "unmatched: <strong>4</strong>" in html
    for reason in (
        "No mentor from the other sector had a place left.",
        "Every mentor from the other sector with a place works for the learner",
        "Every mentor who fitted was matched with this learner before.",
        "No mentor in the learner&#x27;s state hosts in-person shadowing visits.",
    ):
        assert reason in html


def test_a_learner_asking_for_both_far_from_any_host_is_offered_a_mentor(
    client, staff, mentor
):
    MentorProfileFactory(user=mentor, state="VA", capacity=1)
    far_away = LearnerFactory(profile__state="NC")
    request = MentoringRequestFactory(
        learner=far_away, kind="both", wants_in_person=True
    )
    matching_round = MatchingRoundFactory()

    [pair] = round_propose(round=matching_round, actor=staff)
    client.force_login(staff)
    html = client.get(
        reverse("mentoring_rounds:inspect", args=[matching_round.pk])
    ).content.decode()

    assert (pair.request, pair.mentor, pair.kind) == (request, mentor, "mentoring")
    assert "A mentor only, no shadowing host:" in html
    assert "unmatched: <strong>0</strong>" in html


def test_the_request_form_explains_the_in_person_rule_before_the_learner_chooses(
    client, learner
):
    client.force_login(learner)

    html = client.get(reverse("mentoring:request")).content.decode()

    assert "Shadowing happens in person, with a host in your state" in html
    assert html.index("in your state") < html.index('name="kind"')


@pytest.mark.parametrize("dry_run", [True, False])
def test_the_command_line_round_says_why_a_request_went_unmatched(mentor, dry_run):
    MentorProfileFactory(user=mentor, sector="cbo")
    priya = LearnerFactory(email="priya@example.org", profile__sector="cbo")
    MentoringRequestFactory(learner=priya)
    matching_round = MatchingRoundFactory(name="Autumn")
    out = io.StringIO()

    call_command("match_mentors", "--round", "Autumn", *(["--dry-run"] * dry_run),
                 stdout=out)  # fmt: skip

    assert (
        "<priya@example.org> unmatched: No mentor from the other sector had a place "
        "left." in out.getvalue()
    )
    matching_round.refresh_from_db()
    assert bool(matching_round.unmatched_reasons) is not dry_run


def test_a_request_whose_proposed_pair_staff_dropped_says_so(
    client, staff, learner, mentor
):
    MentorProfileFactory(user=mentor)
    MentoringRequestFactory(learner=learner)
    matching_round = MatchingRoundFactory()
    [pair] = round_propose(round=matching_round, actor=staff)

    pair_drop(pair=pair)
    client.force_login(staff)
    html = client.get(
        reverse("mentoring_rounds:inspect", args=[matching_round.pk])
    ).content.decode()

    assert "Why: Its proposed pair was dropped before any offer was sent." in html
