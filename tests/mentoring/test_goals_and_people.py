"""Shared goals can be marked done, and a mentor sees each mentee once."""

import pytest
from django.urls import reverse

from mentoring.models import PairState
from tests.academy.factories import LearnerFactory
from tests.mentoring.factories import PairFactory, PairGoalFactory
from tests.mentoring.test_views import DASHBOARD_QUERIES, PAIR_PAGE_QUERIES

pytestmark = pytest.mark.django_db


def _html(response) -> str:
    return response.content.decode()


def _mark(client, goal, achieved: str):
    url = reverse("mentoring:goal-achieved", args=[goal.pair.pk, goal.pk])
    return client.post(url, {"achieved": achieved}, follow=True)


def test_a_learner_marks_a_goal_done_and_the_mentor_sees_it(
    client, learner, mentor, django_assert_max_num_queries
):
    pair = PairFactory(mentor=mentor, learner=learner)
    goal = PairGoalFactory(pair=pair, text="Run the joint intake meeting.")
    client.force_login(learner)
    detail = reverse("mentoring:pair-detail", args=[pair.pk])
    assert "Mark done" in _html(client.get(detail))

    response = _mark(client, goal, "1")

    assert "The goal is marked done." in _html(response)
    assert "Mark not done" in _html(response)
    goal.refresh_from_db()
    assert goal.achieved
    client.force_login(mentor)
    with django_assert_max_num_queries(PAIR_PAGE_QUERIES):
        html = _html(client.get(detail))
    assert "Achieved" in html
    assert "Achieved" in _html(client.get(reverse("mentoring:dashboard")))


def test_a_goal_marked_done_by_mistake_can_be_marked_not_done(client, learner):
    goal = PairGoalFactory(pair__learner=learner, achieved=True)
    client.force_login(learner)

    response = _mark(client, goal, "0")

    assert "The goal is marked not done yet." in _html(response)
    goal.refresh_from_db()
    assert not goal.achieved


def test_nobody_outside_the_pair_marks_its_goals(client, learner, other_learner):
    goal = PairGoalFactory(pair__learner=learner)
    own_pair = PairFactory(learner=other_learner)
    client.force_login(other_learner)

    assert _mark(client, goal, "1").status_code == 404
    url = reverse("mentoring:goal-achieved", args=[own_pair.pk, goal.pk])
    assert client.post(url, {"achieved": "1"}).status_code == 404
    goal.refresh_from_db()
    assert not goal.achieved


def test_a_goal_of_an_ended_pair_stays_as_it_was(client, learner):
    goal = PairGoalFactory(pair__learner=learner, pair__state=PairState.COMPLETED)
    client.force_login(learner)

    response = _mark(client, goal, "1")

    assert "This pair is not active." in _html(response)
    goal.refresh_from_db()
    assert not goal.achieved


def test_the_mentor_dashboard_shows_one_card_per_mentee(
    client, learner, mentor, django_assert_max_num_queries
):
    first = PairFactory(mentor=mentor, learner=learner, state=PairState.COMPLETED)
    second = PairFactory(mentor=mentor, learner=learner, shadowing=True)
    other = PairFactory(mentor=mentor, learner=LearnerFactory(first_name="Omar"))
    client.force_login(mentor)

    with django_assert_max_num_queries(DASHBOARD_QUERIES):
        html = _html(client.get(reverse("mentoring:dashboard")))

    assert html.count('<li class="la-card la-pair') == 2
    assert html.count("<h3>Lena ") == 1
    for pair in (first, second, other):
        assert reverse("mentoring:pair-detail", args=[pair.pk]) in html
    assert "Shadowing with Lena" in html
    assert "Mentoring with Lena" in html


def test_a_learner_who_asked_for_both_is_told_the_match_is_mentoring_only(
    client, learner, mentor
):
    from tests.mentoring.factories import MentoringRequestFactory

    request = MentoringRequestFactory(learner=learner, kind="both", status="matched")
    PairFactory(mentor=mentor, learner=learner, request=request)
    client.force_login(learner)

    page = client.get(reverse("mentoring:dashboard")).content.decode()

    assert "No shadowing host could be matched for you this round" in page


def test_a_learner_whose_both_request_found_a_host_too_reads_no_such_note(
    client, learner, mentor
):
    from tests.mentoring.factories import MentoringRequestFactory

    request = MentoringRequestFactory(learner=learner, kind="both", status="matched")
    PairFactory(mentor=mentor, learner=learner, request=request)
    PairFactory(learner=learner, request=request, shadowing=True)
    client.force_login(learner)

    page = client.get(reverse("mentoring:dashboard")).content.decode()

    assert "No shadowing host could be matched for you this round" not in page
