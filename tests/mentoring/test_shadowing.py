"""Reciprocal shadowing: the learner visits the mentor, then hosts the return visit."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from mentoring.models import PairKind, ShadowingPlacement, ShadowingVisit
from mentoring.services import (
    host_feedback_save,
    placement_confirm,
    placement_create,
    placement_reciprocal_create,
    visit_log,
)
from tests.academy.factories import LearnerFactory
from tests.mentoring.factories import (
    CheckInFactory,
    MentorProfileFactory,
    PairFactory,
    PairGoalFactory,
    ShadowingPlacementFactory,
    ShadowingVisitFactory,
)
from tests.mentoring.test_views import DASHBOARD_QUERIES, PAIR_PAGE_QUERIES

pytestmark = pytest.mark.django_db


def _today():
    return timezone.localdate()


def _html(response) -> str:
    return response.content.decode()


def _agreement(**extra) -> dict:
    return {
        "host_organization": "Gaston County DSS",
        "site": "330 N Marietta St, Gastonia",
        "starts_on": _today().isoformat(),
        "ends_on": (_today() + timedelta(days=14)).isoformat(),
        "objectives": "Sit in on the county's eligibility huddle.",
        "planned_hours": "8",
        "confidentiality_rules": "Case files stay closed.",
        "visitor_rules": "Wear the visitor badge.",
        **extra,
    }


def _fields(**extra) -> dict:
    """The agreement as a service takes it."""
    return {
        "host_organization": "Gaston County DSS",
        "starts_on": _today(),
        "ends_on": _today() + timedelta(days=14),
        "objectives": "Sit in on the county's eligibility huddle.",
        "planned_hours": 8,
        **extra,
    }


@pytest.fixture
def county_learner():
    return LearnerFactory(
        first_name="Lena", last_name="Ortiz", profile__organization="Gaston County DSS"
    )


@pytest.fixture
def first_visit(mentor, county_learner):
    """The learner's visit to the mentor's CBO: confirmed, and four hours logged."""
    MentorProfileFactory(user=mentor, organization="Eastside Family Services")
    pair = PairFactory(mentor=mentor, learner=county_learner, shadowing=True)
    placement = ShadowingPlacementFactory(
        pair=pair,
        host_organization="Eastside Family Services",
        planned_hours=16,
        confirmed=True,
    )
    ShadowingVisitFactory(
        placement=placement, hours="4", reflection="Eastside triages in ten minutes."
    )
    return placement


@pytest.fixture
def return_visit(first_visit):
    """The mentor's visit back to the learner's agency, not yet confirmed."""
    return ShadowingPlacementFactory(
        pair=first_visit.pair,
        mentor_visits=True,
        reciprocal_of=first_visit,
        host_organization="Gaston County DSS",
        planned_hours=8,
    )


# The whole exchange, as the two people do it --------------------------------------


def test_the_learner_hosts_the_return_visit_and_the_pair_page_shows_both(
    client, mentor, county_learner, first_visit
):
    pair = first_visit.pair
    detail = reverse("mentoring:pair-detail", args=[pair.pk])
    plan = reverse(
        "mentoring:placement-reciprocal-create", args=[pair.pk, first_visit.pk]
    )

    # The learner, who visited first, invites the mentor to their agency.
    client.force_login(county_learner)
    assert plan in _html(client.get(detail))
    form = _html(client.get(plan))
    assert "Plan the return visit" in form
    assert 'value="Gaston County DSS"' in form
    assert client.post(plan, _agreement(planned_hours="")).status_code == 400
    response = client.post(plan, _agreement())
    assert response.status_code == 302
    back = ShadowingPlacement.objects.get(pair=pair, mentor_visits=True)
    assert response.url == f"{detail}#placement-{back.pk}"
    assert back.reciprocal_of == first_visit
    assert (back.host_id, back.visitor_id) == (county_learner.pk, mentor.pk)
    assert plan not in _html(client.get(detail))

    # Proposing was the learner's confirmation as host; the mentor confirms next.
    confirm = reverse("mentoring:placement-confirm", args=[pair.pk, back.pk])
    html = _html(client.get(detail))
    assert "Host confirmed on" in html
    assert "Confirm the agreement as host" not in html
    client.force_login(mentor)
    visit = reverse("mentoring:visit-create", args=[pair.pk, back.pk])
    response = client.get(visit, follow=True)
    assert "Both host and visitor confirm the agreement first." in _html(response)
    assert "Confirm the agreement as visitor" in _html(client.get(detail))
    client.post(confirm)
    back.refresh_from_db()
    assert back.agreement_confirmed

    # The mentor logs the visit with a reflection; the learner answers as host.
    response = client.post(
        visit,
        {
            "visited_on": _today().isoformat(),
            "hours": "6",
            "reflection": "The county's huddle settles eligibility in one room.",
        },
    )
    assert response.status_code == 302
    assert ShadowingVisit.objects.get(placement=back).logged_by == mentor
    client.force_login(county_learner)
    response = client.post(
        reverse("mentoring:host-feedback", args=[pair.pk, back.pk]),
        {"text": "Marcus asked what our caseworkers need from CBOs."},
    )
    assert response.status_code == 302
    back.refresh_from_db()
    assert back.host_feedback == "Marcus asked what our caseworkers need from CBOs."

    # Each of them sees both visits, linked, with hours per visit and in all.
    for person in (mentor, county_learner):
        client.force_login(person)
        html = _html(client.get(detail))
        assert html.index(f'id="placement-{first_visit.pk}"') < html.index(
            f'id="placement-{back.pk}"'
        )
        assert f'href="#placement-{back.pk}"' in html
        assert f'href="#placement-{first_visit.pk}"' in html
        assert "Eastside triages in ten minutes." in html
        assert "The county&#x27;s huddle settles eligibility in one room." in html
        assert "Marcus asked what our caseworkers need from CBOs." in html
        assert "4 of 16 planned hours logged" in html
        assert "6 of 8 planned hours logged" in html
        assert "Both visits together: 10 of 24 planned hours logged." in html
        assert "Plan the return visit" not in html
    html = _html(client.get(reverse("mentoring:dashboard")))
    assert "10 of 24 planned hours logged" in html


def test_the_mentor_reads_who_can_plan_the_return_visit(client, mentor, first_visit):
    client.force_login(mentor)
    html = _html(
        client.get(reverse("mentoring:pair-detail", args=[first_visit.pair.pk]))
    )
    assert "Lena Ortiz can invite you to their organization." in html
    assert "Plan the return visit</a>" not in html


# Who does what on the return visit ----------------------------------------------


def test_on_the_return_visit_the_roles_are_the_other_way_round(
    client, mentor, county_learner, return_visit
):
    ShadowingPlacement.objects.filter(pk=return_visit.pk).update(
        host_confirmed_at=timezone.now(), visitor_confirmed_at=timezone.now()
    )
    pair = return_visit.pair
    visit = {"visited_on": _today().isoformat(), "hours": "2", "reflection": "Mine."}

    client.force_login(county_learner)
    response = client.post(
        reverse("mentoring:visit-create", args=[pair.pk, return_visit.pk]), visit
    )
    assert response.status_code == 403

    client.force_login(mentor)
    response = client.post(
        reverse("mentoring:host-feedback", args=[pair.pk, return_visit.pk]),
        {"text": "Great host."},
    )
    assert response.status_code == 403
    response = client.get(
        reverse(
            "mentoring:placement-reciprocal-create",
            args=[pair.pk, return_visit.reciprocal_of_id],
        )
    )
    assert response.status_code == 403

    assert not ShadowingVisit.objects.filter(placement=return_visit).exists()
    return_visit.refresh_from_db()
    assert return_visit.host_feedback == ""


def test_only_the_first_visits_visitor_plans_the_return_visit(
    mentor, county_learner, first_visit
):
    with pytest.raises(PermissionDenied):
        placement_reciprocal_create(placement=first_visit, user=mentor, **_fields())
    with pytest.raises(PermissionDenied):
        placement_create(
            pair=first_visit.pair, actor=mentor, mentor_visits=True, **_fields()
        )
    assert first_visit.pair.placements.count() == 1


def test_a_second_return_visit_is_refused(client, county_learner, return_visit):
    first = return_visit.reciprocal_of
    with pytest.raises(ValidationError, match="already has a return visit"):
        placement_reciprocal_create(placement=first, user=county_learner, **_fields())
    with pytest.raises(ValidationError, match="already has a return visit"):
        placement_create(
            pair=first.pair, actor=county_learner, mentor_visits=True, **_fields()
        )
    with pytest.raises(ValidationError, match="already the return visit"):
        placement_reciprocal_create(
            placement=return_visit, user=first.pair.mentor, **_fields()
        )

    client.force_login(county_learner)
    plan = reverse(
        "mentoring:placement-reciprocal-create", args=[first.pair.pk, first.pk]
    )
    response = client.post(plan, _agreement(), follow=True)
    assert "The return visit is already planned." in _html(response)
    assert first.pair.placements.count() == 2


def test_the_database_keeps_one_placement_each_way(return_visit):
    with pytest.raises(IntegrityError), transaction.atomic():
        ShadowingPlacement.objects.create(
            pair=return_visit.pair, mentor_visits=True, **_fields()
        )


def test_a_return_visit_needs_the_first_visit(mentor, county_learner):
    pair = PairFactory(mentor=mentor, learner=county_learner, shadowing=True)
    with pytest.raises(ValidationError, match="first visit before the return"):
        placement_create(
            pair=pair, actor=county_learner, mentor_visits=True, **_fields()
        )


def test_only_shadowing_pairs_have_placements(mentor, county_learner):
    pair = PairFactory(mentor=mentor, learner=county_learner, kind=PairKind.MENTORING)
    with pytest.raises(ValidationError, match="shadowing pairs"):
        placement_create(pair=pair, actor=mentor, **_fields())


def test_the_services_give_each_placement_its_own_host_and_visitor(
    mentor, county_learner, other_learner, return_visit
):
    with pytest.raises(PermissionDenied):
        placement_confirm(placement=return_visit, user=other_learner)
    placement_confirm(placement=return_visit, user=county_learner)
    return_visit.refresh_from_db()
    assert return_visit.host_confirmed_at
    assert return_visit.visitor_confirmed_at is None
    with pytest.raises(ValidationError, match="confirm the agreement first"):
        visit_log(
            placement=return_visit, user=mentor, visited_on=_today(), hours=2,
            reflection="Too soon.",
        )  # fmt: skip
    placement_confirm(placement=return_visit, user=mentor)

    with pytest.raises(PermissionDenied):
        visit_log(
            placement=return_visit, user=county_learner, visited_on=_today(),
            hours=2, reflection="Not my visit.",
        )  # fmt: skip
    visit = visit_log(
        placement=return_visit, user=mentor, visited_on=_today(), hours=2,
        reflection="  Their huddle is short.  ",
    )  # fmt: skip
    assert (visit.logged_by, visit.reflection) == (mentor, "Their huddle is short.")

    with pytest.raises(PermissionDenied):
        host_feedback_save(placement=return_visit, user=mentor, text="Nice.")
    saved = host_feedback_save(
        placement=return_visit, user=county_learner, text=" Welcome back. "
    )
    assert saved.host_feedback == "Welcome back."
    assert str(return_visit) == f"{mentor} at Gaston County DSS"


@pytest.mark.parametrize(
    "name",
    [
        "mentoring:placement-reciprocal-create",
        "mentoring:placement-confirm",
        "mentoring:visit-create",
        "mentoring:host-feedback",
    ],
)
def test_a_placement_of_another_pair_is_not_found_under_your_own(
    client, county_learner, first_visit, name
):
    stranger = ShadowingPlacementFactory(confirmed=True)
    client.force_login(county_learner)
    response = client.post(
        reverse(name, args=[first_visit.pair.pk, stranger.pk]),
        {**_agreement(), "text": "x", "hours": "2", "reflection": "x"},
    )
    assert response.status_code == 404
    stranger.refresh_from_db()
    assert stranger.pair.placements.count() == 1
    assert not stranger.visits.exists()
    assert stranger.host_feedback == ""


# What the pages cost -------------------------------------------------------------


def _grow(pair, placements, n: int) -> None:
    for _n in range(n):
        PairGoalFactory(pair=pair)
        CheckInFactory(pair=pair)
        for placement in placements:
            ShadowingVisitFactory(placement=placement, hours=Decimal("0.5"))


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_pages_of_a_reciprocal_pair_cost_the_same_for_2_or_20_records(
    client, mentor, county_learner, return_visit
):
    ShadowingPlacement.objects.update(
        host_confirmed_at=timezone.now(), visitor_confirmed_at=timezone.now()
    )
    pair = return_visit.pair
    placements = [return_visit.reciprocal_of, return_visit]
    detail = reverse("mentoring:pair-detail", args=[pair.pk])
    dashboard = reverse("mentoring:dashboard")
    client.force_login(mentor)
    _grow(pair, placements, 2)
    few = (_count(client, detail), _count(client, dashboard))
    _grow(pair, placements, 18)
    many = (_count(client, detail), _count(client, dashboard))
    assert few == many
    assert few[0] <= PAIR_PAGE_QUERIES
    assert few[1] <= DASHBOARD_QUERIES
    html = _html(client.get(dashboard))
    # 4 hours from the fixture and 40 visits of half an hour, over 16 + 8 planned.
    assert "24 of 24 planned hours logged" in html


# Dates, order and who confirms --------------------------------------------------


def test_a_visit_dated_outside_the_agreement_is_refused_with_a_clear_message(
    client, county_learner, first_visit
):
    pair = first_visit.pair
    too_early = first_visit.starts_on - timedelta(days=1)
    client.force_login(county_learner)

    response = client.post(
        reverse("mentoring:visit-create", args=[pair.pk, first_visit.pk]),
        {"visited_on": too_early.isoformat(), "hours": "3", "reflection": "Early."},
    )

    assert response.status_code == 400
    assert "This date is outside the learning agreement" in _html(response)
    assert "Early." in _html(response)
    assert first_visit.visits.count() == 1
    with pytest.raises(ValidationError, match="within the agreement"):
        visit_log(
            placement=first_visit, user=county_learner, visited_on=too_early,
            hours=3, reflection="Early.",
        )  # fmt: skip


def test_the_return_visit_is_offered_only_after_a_first_visit(
    client, mentor, county_learner
):
    MentorProfileFactory(user=mentor)
    pair = PairFactory(mentor=mentor, learner=county_learner, shadowing=True)
    first = ShadowingPlacementFactory(pair=pair, confirmed=True)
    detail = reverse("mentoring:pair-detail", args=[pair.pk])
    plan = reverse("mentoring:placement-reciprocal-create", args=[pair.pk, first.pk])
    client.force_login(county_learner)

    html = _html(client.get(detail))
    assert "Plan the return visit" not in html
    assert "Once the first visit is logged" in html
    response = client.get(plan, follow=True)
    assert "Plan the return visit after your first visit." in _html(response)
    with pytest.raises(ValidationError, match="after the first visit"):
        placement_reciprocal_create(placement=first, user=county_learner, **_fields())

    ShadowingVisitFactory(placement=first)
    assert "Plan the return visit" in _html(client.get(detail))


def test_the_host_who_proposes_the_agreement_has_confirmed_it_and_the_visitor_confirms(
    client, mentor, county_learner
):
    MentorProfileFactory(user=mentor)
    pair = PairFactory(mentor=mentor, learner=county_learner, shadowing=True)
    detail = reverse("mentoring:pair-detail", args=[pair.pk])
    client.force_login(mentor)

    response = client.post(
        reverse("mentoring:placement-create", args=[pair.pk]),
        _agreement(),
        follow=True,
    )

    html = _html(response)
    assert "Lena Ortiz confirms it next." in html
    assert "Host confirmed on" in html
    assert "Confirm the agreement as host" not in html
    client.force_login(county_learner)
    html = _html(client.get(detail))
    assert "Confirm the agreement as visitor" in html
    placement = pair.placements.get()
    client.post(reverse("mentoring:placement-confirm", args=[pair.pk, placement.pk]))
    placement.refresh_from_db()
    assert placement.agreement_confirmed
