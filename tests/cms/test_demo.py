"""The demo: what someone finds after `make demo`, and that loading twice is safe."""

import io
import re

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from academy.models import Cohort, Credential, Enrolment, SelfAssessment
from cms.home.models import HomePage
from mentoring.models import MatchingRound, Pair, PairKind, PairState

pytestmark = pytest.mark.django_db

DEMO_ACCOUNTS = ("learner@example.org", "mentor@example.org", "staff@example.org")


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """Load the demo once for these tests (it is slow), and roll it back after."""
    output = io.StringIO()
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_demo_data", stdout=output)
        yield output.getvalue()
        transaction.set_rollback(True)


def _user(email: str):
    return get_user_model().objects.get(email=email)


def _counts() -> dict[str, int]:
    labels = ("academy", "mentoring", "auth", "account", "wagtailcore")
    return {
        model._meta.label: model.objects.count()
        for model in apps.get_models()
        if model._meta.app_label in labels
    }


def test_loading_the_demo_prints_one_line_per_demo_account(demo):
    lines = demo.strip().splitlines()

    account_lines = [line for line in lines if "@" in line]
    assert [line.split()[0] for line in account_lines] == list(DEMO_ACCOUNTS)
    assert "mentor" in account_lines[1]
    assert "staff" in account_lines[2]
    # One closing line for the shared password, and nothing of the loaded data.
    assert len(lines) == len(DEMO_ACCOUNTS) + 1
    assert "academy-demo" in lines[-1]


def test_loading_the_demo_twice_changes_nothing(demo):
    before = _counts()
    call_command("load_demo_data", stdout=io.StringIO())

    assert _counts() == before
    staff = _user("staff@example.org")
    assert staff.check_password("academy-demo")
    assert staff.has_perm("wagtailadmin.access_admin")
    assert staff.emailaddress_set.get().verified
    assert HomePage.objects.count() == 1


def test_demo_learner_finds_three_assessments_taken_months_apart(
    demo, client, django_assert_max_num_queries
):
    learner = _user("learner@example.org")
    client.force_login(learner)
    with django_assert_max_num_queries(20):
        html = client.get(reverse("academy:assessment-history")).content.decode()

    submitted = list(SelfAssessment.objects.submitted().filter(user=learner))
    assert len(submitted) == 3
    for assessment in submitted:
        url = reverse("academy:assessment-detail", args=[assessment.pk])
        assert f'href="{url}"' in html
    first, last = submitted[0].submitted_at, submitted[-1].submitted_at
    assert (last - first).days > 120
    # Charts over time and the gaps to the target have something to show.
    assert html.count('class="la-chart-pair"') >= 9
    assert "largest gap first" in html


def test_demo_learner_has_a_credential_and_a_module_in_progress(demo, client):
    learner = _user("learner@example.org")
    enrolments = Enrolment.objects.filter(user=learner)

    assert enrolments.filter(completed_at__isnull=False).count() == 1
    assert enrolments.filter(completed_at__isnull=True).count() == 1
    credential = Credential.objects.get(user=learner)
    response = client.get(
        reverse("academy:credential-verify", args=[credential.public_id])
    )
    assert credential.module_title in response.content.decode()


def test_demo_mentor_sees_goals_check_ins_and_a_shadowing_visit(demo, client):
    mentor = _user("mentor@example.org")
    pairs = Pair.objects.filter(mentor=mentor, state=PairState.ACTIVE)
    # The demo's matching round may give the mentor a second mentee; this is the
    # pair with the demo learner, whose goals and check-ins the demo writes.
    learner = _user("learner@example.org")
    mentoring = pairs.get(kind=PairKind.MENTORING, learner=learner)
    shadowing = pairs.get(kind=PairKind.SHADOWING, learner=learner)
    client.force_login(mentor)

    html = client.get(reverse("mentoring:pair-detail", args=[mentoring.pk]))
    html = html.content.decode()
    assert "Map every step between a signed contract" in html
    assert "where the delays come from" in html
    assert mentoring.checkins.count() == 3
    html = client.get(reverse("mentoring:pair-detail", args=[shadowing.pk]))
    html = html.content.decode()
    assert "Bluebird Family Alliance" in html
    assert "three late invoices" in html  # the visitor's reflection on the visit
    first, back = shadowing.placements.order_by("mentor_visits")
    assert first.agreement_confirmed
    assert back.reciprocal_of == first
    # The story holds together in time: pairs start before what they log.
    first_checkin = mentoring.checkins.order_by("met_on").first().met_on
    assert timezone.localdate(mentoring.started_at) <= first_checkin
    visit = first.visits.get()
    assert timezone.localdate(first.visitor_confirmed_at) <= visit.visited_on
    assert first.starts_on <= visit.visited_on <= first.ends_on


def test_staff_see_the_demo_cohorts_growth_with_numbers(
    demo, client, django_assert_max_num_queries
):
    cohort = Cohort.objects.get(name="Demo cohort")
    sectors = set(
        cohort.members.values_list("learner_profile__sector", flat=True).distinct()
    )
    assert cohort.members.count() >= 12
    assert {"cbo"} < sectors
    client.force_login(_user("staff@example.org"))
    query = {"cohort": cohort.pk, "from_kind": "baseline", "to_kind": "midpoint"}
    with django_assert_max_num_queries(40):
        response = client.get(reverse("academy_cohort_growth"), query)

    html = response.content.decode()
    assert response.status_code == 200
    rows = [
        row
        for row in response.context["object_list"]
        if row["sector_group"] in ("Public agency", "Community-based organization")
    ]
    assert rows
    assert not any(row["suppressed"] for row in rows)
    assert all(row["n"] >= 5 for row in rows)
    assert re.search(r"\+\d\.\d\d", html)  # a mean change, signed


def test_staff_see_one_finished_and_one_open_matching_round(demo, client):
    client.force_login(_user("staff@example.org"))
    html = client.get(reverse("mentoring_rounds:index")).content.decode()

    finished = MatchingRound.objects.get(status=MatchingRound.Status.APPROVED)
    waiting = MatchingRound.objects.get(status=MatchingRound.Status.PROPOSED)
    for matching_round in (finished, waiting):
        assert matching_round.name in html
        assert str(matching_round.get_status_display()) in html
    assert finished.pairs.filter(state=PairState.ACTIVE).exists()
    assert waiting.pairs.filter(state=PairState.PROPOSED).exists()
