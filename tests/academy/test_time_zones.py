"""Dates and times read in the person's time zone: from their state, or their choice."""

import csv
import datetime
import io
import json

import pytest
from django.urls import reverse

from academy.models import LearnerProfile, Reflection, UsState
from academy.timezones import SESSION_KEY, STATE_TIME_ZONES, TIME_ZONE_CHOICES
from tests.academy.factories import (
    LearnerFactory,
    ReflectionFactory,
    SelfAssessmentFactory,
)
from tests.curriculum.factories import (
    CompetencyFactory,
    DomainFactory,
    LessonPageFactory,
    ModulePageFactory,
)

pytestmark = pytest.mark.django_db

UTC = datetime.UTC
# 02:30 on Dec 2 in UTC is the evening of Dec 1 everywhere in the United States.
LATE_EVENING = datetime.datetime(2026, 12, 2, 2, 30, 15, 123456, tzinfo=UTC)


@pytest.fixture
def competency(framework):
    domain = DomainFactory(framework=framework, code="SP", name="Shared purpose")
    return CompetencyFactory(domain=domain, code="SP.1", name="Shared vision")


def _learner_in(state: str, **profile):
    return LearnerFactory(
        email=f"leader-{state.lower()}@example.org",
        profile__state=state,
        **{f"profile__{k}": v for k, v in profile.items()},
    )


def _submitted(user, competency, when, level=2):
    return SelfAssessmentFactory(
        user=user,
        framework=competency.domain.framework,
        levels={competency: level},
        submitted=when,
    )


def _chart_text(html: str) -> str:
    return " ".join(part.split("</svg>")[0] for part in html.split("<svg")[1:])


def test_list_chart_and_table_give_an_evening_assessment_the_same_day(
    client, competency, django_assert_max_num_queries
):
    learner = _learner_in("CA")
    _submitted(learner, competency, LATE_EVENING - datetime.timedelta(days=60))
    _submitted(learner, competency, LATE_EVENING, level=3)
    client.force_login(learner)

    with django_assert_max_num_queries(22):
        html = client.get(reverse("academy:assessment-history")).content.decode()

    assert "Check-in · Dec 1, 2026" in html
    assert "Dec 1, 2026" in _chart_text(html)
    assert "Dec 2" not in html


def test_a_learner_reads_times_in_the_zone_chosen_in_their_profile(client, competency):
    learner = _learner_in("NY")
    # 06:30 UTC on Dec 1 is 1:30 a.m. in New York but Nov 30 in Honolulu.
    _submitted(learner, competency, datetime.datetime(2026, 12, 1, 6, 30, tzinfo=UTC))
    client.force_login(learner)
    history = reverse("academy:assessment-history")
    assert "Check-in · Dec 1, 2026" in client.get(history).content.decode()

    page = client.get(reverse("academy:profile")).content.decode()
    assert '<option value="Pacific/Honolulu">Hawaii time</option>' in page
    assert "The time zone of my state or territory (now: Eastern time)" in page
    profile = LearnerProfile.objects.get(user=learner)
    response = client.post(
        reverse("academy:profile"),
        {
            "first_name": "Lena",
            "last_name": "Okafor",
            "sector": profile.sector,
            "organization": profile.organization,
            "job_title": profile.job_title,
            "state": "NY",
            "time_zone": "Pacific/Honolulu",
            "years_in_executive_role": "2",
            "non_essential_email": "on",
        },
    )

    assert response.status_code == 302
    html = client.get(history).content.decode()
    assert "Check-in · Nov 30, 2026" in html
    assert "Dec 1" not in html


def test_an_unknown_time_zone_is_refused_in_the_page_and_the_profile_stays(client):
    learner = _learner_in("TX")
    client.force_login(learner)
    profile = LearnerProfile.objects.get(user=learner)

    response = client.post(
        reverse("academy:profile"),
        {
            "first_name": "Lena",
            "last_name": "Okafor",
            "sector": profile.sector,
            "organization": profile.organization,
            "job_title": profile.job_title,
            "state": "TX",
            "time_zone": "Mars/Olympus_Mons",
            "years_in_executive_role": "2",
        },
    )

    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert LearnerProfile.objects.get(user=learner).time_zone == ""


def test_two_assessments_on_the_same_day_are_told_apart_by_their_time(
    client, competency
):
    learner = _learner_in("IL")  # Central time: UTC-6 in winter
    morning = datetime.datetime(2026, 12, 1, 15, 5, tzinfo=UTC)
    _submitted(learner, competency, morning)
    _submitted(learner, competency, morning + datetime.timedelta(hours=7), level=3)
    client.force_login(learner)

    history = client.get(reverse("academy:assessment-history")).content.decode()
    compare = client.get(reverse("academy:assessment-compare")).content.decode()

    for html in (history, compare):
        assert "Check-in · Dec 1, 2026, 9:05 a.m." in html
        assert "Check-in · Dec 1, 2026, 4:05 p.m." in html
    assert "Dec 1, 2026, 9:05 a.m." in _chart_text(history)


def test_downloads_give_iso_times_with_the_offset_and_kind_names_as_on_the_page(
    client, competency, curriculum_index
):
    learner = _learner_in("CO")  # Mountain time: UTC-7 in winter
    _submitted(learner, competency, LATE_EVENING)
    reflection = ReflectionFactory(
        user=learner,
        lesson=LessonPageFactory(parent=ModulePageFactory(parent=curriculum_index)),
        text="A frank talk",
    )
    Reflection.objects.filter(pk=reflection.pk).update(updated_at=LATE_EVENING)
    client.force_login(learner)

    export = client.get(reverse("academy:assessment-export-csv")).content.decode()
    [row] = csv.DictReader(io.StringIO(export))
    data = json.loads(client.get(reverse("academy:assessment-export-json")).content)
    journal = client.get(reverse("academy:journal-export-csv"))
    [entry] = csv.DictReader(io.StringIO(journal.content.decode()))

    assert row["submitted_at"] == "2026-12-01T19:30:15-07:00"
    assert row["kind"] == "Check-in"
    assert data["assessments"][0]["submitted_at"] == "2026-12-01T19:30:15-07:00"
    assert data["assessments"][0]["kind_label"] == "Check-in"
    assert entry["updated"] == "2026-12-01T19:30:15-07:00"
    mine = client.get(reverse("academy:privacy-export")).content.decode()
    assert '"submitted_at": "2026-12-01T19:30:15-07:00"' in mine
    assert ".123456" not in mine


def test_every_state_and_territory_has_a_zone_a_learner_can_choose():
    choosable = {value for value, _label in TIME_ZONE_CHOICES}
    assert set(STATE_TIME_ZONES) == set(UsState.values)
    assert set(STATE_TIME_ZONES.values()) <= choosable
    # States split between two zones take the one where most people live.
    assert (STATE_TIME_ZONES["TN"], STATE_TIME_ZONES["FL"]) == (
        "America/Chicago",
        "America/New_York",
    )
    assert STATE_TIME_ZONES["AZ"] == "America/Phoenix"


def test_a_learner_logged_in_before_zones_were_kept_still_reads_their_own(
    client, competency
):
    learner = _learner_in("CA")
    # 06:30 UTC on Dec 1 is still Nov 30 in California.
    _submitted(learner, competency, datetime.datetime(2026, 12, 1, 6, 30, tzinfo=UTC))
    client.force_login(learner)
    session = client.session
    del session[SESSION_KEY]
    session.save()

    html = client.get(reverse("academy:assessment-history")).content.decode()

    assert "Check-in · Nov 30, 2026" in html
    assert client.session[SESSION_KEY] == "America/Los_Angeles"


def test_two_assessments_in_the_same_minute_are_told_apart_by_the_second(
    client, competency
):
    learner = _learner_in("IL")
    moment = datetime.datetime(2026, 12, 1, 15, 5, 10, tzinfo=UTC)
    _submitted(learner, competency, moment)
    _submitted(learner, competency, moment + datetime.timedelta(seconds=25))
    client.force_login(learner)

    html = client.get(reverse("academy:assessment-history")).content.decode()

    assert "Check-in · Dec 1, 2026, 9:05:10 a.m." in html
    assert "Check-in · Dec 1, 2026, 9:05:35 a.m." in html
