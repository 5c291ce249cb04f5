import pytest
from django.urls import reverse
from django.utils import dateformat, timezone

from mentoring.models import PairState
from tests.mentoring.factories import (
    CheckInFactory,
    MentoringRequestFactory,
    PairFactory,
    PairGoalFactory,
    ShadowingPlacementFactory,
    ShadowingVisitFactory,
)

pytestmark = pytest.mark.django_db

GOALS = "I want county partners to trust our data sharing"
PAIR_PAGE_QUERIES = 14
DASHBOARD_QUERIES = 16


def _detail(client, pair, django_assert_max_num_queries=None) -> str:
    url = reverse("mentoring:pair-detail", args=[pair.pk])
    if django_assert_max_num_queries is None:
        response = client.get(url)
    else:
        with django_assert_max_num_queries(PAIR_PAGE_QUERIES):
            response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def offer(learner, mentor):
    """An offer to Marcus of mentoring Lena, with her request in her own words."""
    request = MentoringRequestFactory(learner=learner, goals=GOALS, status="matched")
    return PairFactory(mentor=mentor, learner=learner, request=request, offered=True)


def test_a_mentor_who_declined_no_longer_sees_the_learners_goals_or_email(
    client, mentor, offer, django_assert_max_num_queries
):
    client.force_login(mentor)
    page = _detail(client, offer)
    assert GOALS in page
    assert "learner@example.org" in page

    client.post(
        reverse("mentoring:pair-decline", args=[offer.pk]), {"reason": "No time"}
    )

    page = _detail(client, offer, django_assert_max_num_queries)
    assert GOALS not in page
    assert "learner@example.org" not in page
    assert "Lena" in page


def test_a_mentor_the_learner_never_accepted_no_longer_sees_her_goals_or_email(
    client, learner, mentor, offer
):
    client.force_login(learner)
    client.post(reverse("mentoring:pair-decline", args=[offer.pk]), {"reason": ""})
    offer.refresh_from_db()
    assert offer.state == PairState.DECLINED

    client.force_login(mentor)
    page = _detail(client, offer)
    assert GOALS not in page
    assert "learner@example.org" not in page


@pytest.fixture
def ended_pair(client, learner, mentor):
    """A shadowing pair where both wrote, then Lena marked it complete."""
    pair = PairFactory(mentor=mentor, learner=learner, shadowing=True)
    PairGoalFactory(pair=pair, text="From Marcus: goal for Lena", added_by=mentor)
    PairGoalFactory(pair=pair, text="From Lena: own goal", added_by=learner)
    CheckInFactory(
        pair=pair, notes="From Marcus: private impressions", logged_by=mentor
    )
    CheckInFactory(pair=pair, notes="From Lena: notes to herself", logged_by=learner)
    placement = ShadowingPlacementFactory(
        pair=pair,
        confirmed=True,
        objectives="From Marcus: plan for the visit",
        host_feedback="From Marcus: feedback on Lena",
    )
    ShadowingVisitFactory(placement=placement, reflection="From Lena: visit reflection")
    client.force_login(learner)
    client.post(reverse("mentoring:pair-complete", args=[pair.pk]))
    pair.refresh_from_db()
    assert pair.state == PairState.COMPLETED
    return pair


def test_after_a_pair_ends_the_learner_keeps_only_what_she_wrote_and_the_dates(
    client, learner, ended_pair, django_assert_max_num_queries
):
    client.force_login(learner)
    page = _detail(client, ended_pair, django_assert_max_num_queries)
    assert "From Lena: own goal" in page
    assert "From Lena: notes to herself" in page
    assert "From Lena: visit reflection" in page
    assert "From Marcus: goal for Lena" not in page
    assert "From Marcus: private impressions" not in page
    assert "From Marcus: plan for the visit" not in page
    assert "From Marcus: feedback on Lena" not in page
    assert "mentor@example.org" not in page
    ended_on = dateformat.format(timezone.localtime(ended_pair.ended_at), "M j, Y")
    assert f"ended {ended_on}" in page


def test_after_a_pair_ends_the_mentor_keeps_only_what_he_wrote(
    client, mentor, ended_pair
):
    client.force_login(mentor)
    page = _detail(client, ended_pair)
    assert "From Marcus: goal for Lena" in page
    assert "From Marcus: private impressions" in page
    assert "From Marcus: feedback on Lena" in page
    assert "From Lena: own goal" not in page
    assert "From Lena: notes to herself" not in page
    assert "From Lena: visit reflection" not in page
    assert "learner@example.org" not in page


def test_the_dashboard_shows_an_ended_pair_without_the_other_persons_goals(
    client, learner, ended_pair, django_assert_max_num_queries
):
    client.force_login(learner)
    with django_assert_max_num_queries(DASHBOARD_QUERIES):
        page = client.get(reverse("mentoring:dashboard")).content.decode()
    assert "From Lena: own goal" in page
    assert "From Marcus: goal for Lena" not in page


def test_the_reason_for_closing_stays_with_the_person_who_gave_it(
    client, learner, mentor
):
    pair = PairFactory(mentor=mentor, learner=learner)
    client.force_login(learner)
    client.post(
        reverse("mentoring:pair-close", args=[pair.pk]),
        {"reason": "My new job leaves no time"},
    )
    assert "My new job leaves no time" in _detail(client, pair)

    client.force_login(mentor)
    assert "My new job leaves no time" not in _detail(client, pair)


def test_an_ended_pair_plans_no_check_in_and_offers_no_calendar(
    client, learner, mentor, ended_pair
):
    planned = ended_pair.checkins.order_by("-met_on", "-pk").first().next_checkin_on
    planned_text = dateformat.format(planned, "M j, Y")
    calendar = reverse("mentoring:pair-calendar", args=[ended_pair.pk])
    for person in (learner, mentor):
        client.force_login(person)
        assert client.get(calendar).status_code == 404
        page = _detail(client, ended_pair)
        assert "Next check-in:" not in page
        assert "Add it to your calendar" not in page
        dashboard = client.get(reverse("mentoring:dashboard")).content.decode()
        assert planned_text not in dashboard


def test_a_mentor_who_declined_no_longer_follows_the_learners_progress(
    client, mentor, offer
):
    client.force_login(mentor)
    client.post(
        reverse("mentoring:pair-decline", args=[offer.pk]), {"reason": "No time"}
    )
    page = client.get(reverse("mentoring:dashboard")).content.decode()
    assert "Lena" in page
    assert "Not enrolled in a module yet" not in page
    assert "modules completed" not in page
    assert "<h4>Self-assessment</h4>" not in page
