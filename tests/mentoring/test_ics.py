import re
from datetime import UTC as utc
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st
from icalendar import Calendar

from mentoring.ics import checkin_event
from tests.mentoring.factories import (
    CheckInFactory,
    MentorProfileFactory,
    PairFactory,
)

TRICKY_NEXT_STEPS = (
    "Agenda, part one; part two\r"
    "Budget: C:\\Shared\\Nominations\\2026 (see \\n and \\N, literally)\r\n"
    "Then: «Évaluer l'entente» — 協力する 🤝 " + "données partagées, " * 12 + "\n"
    "End;"
)


def _read_back(ics: str) -> str:
    event = Calendar.from_ical(ics).walk("VEVENT")[0]
    return str(event["DESCRIPTION"])


def _as_the_standard_reads_it(text: str) -> str:
    """Any line break (CR, LF or CRLF) is one line break in iCalendar TEXT."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _event(description: str) -> str:
    return checkin_event(
        uid="pair-1-checkin-20260105@academy.example.org",
        start=datetime(2026, 1, 5, 14, 30, tzinfo=ZoneInfo("America/Denver")),
        minutes=45,
        summary="Check-in: Marcus, and Lena; as planned",
        description=description,
        url="https://academy.example.org/mentoring/pairs/1/",
        now=datetime(2026, 1, 1, 12, 0, tzinfo=utc),
    )


def _no_bare_carriage_return(ics: str) -> bool:
    return re.search(r"\r(?!\n)", ics) is None and "\n" not in ics.replace("\r\n", "")


def test_next_steps_with_breaks_and_punctuation_read_back_exactly():
    ics = _event(TRICKY_NEXT_STEPS)
    assert _read_back(ics) == _as_the_standard_reads_it(TRICKY_NEXT_STEPS)
    assert _no_bare_carriage_return(ics)
    assert all(len(line.encode()) <= 75 for line in ics.split("\r\n"))
    # Still the check-in at its time, with its title and link.
    event = Calendar.from_ical(ics).walk("VEVENT")[0]
    assert event.decoded("dtstart") == datetime(
        2026, 1, 5, 14, 30, tzinfo=ZoneInfo("America/Denver")
    )
    assert str(event["summary"]) == "Check-in: Marcus, and Lena; as planned"
    assert str(event["url"]) == "https://academy.example.org/mentoring/pairs/1/"


@given(st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=300))
def test_any_next_steps_read_back_as_written(text):
    ics = _event(text)
    assert _read_back(ics) == _as_the_standard_reads_it(text)
    assert _no_bare_carriage_return(ics)


@pytest.mark.django_db
def test_a_calendar_download_keeps_next_steps_typed_with_old_style_line_breaks(
    client, mentor, learner
):
    pair = PairFactory(mentor=mentor, learner=learner)
    CheckInFactory(
        pair=pair,
        met_on=timezone.localdate() - timedelta(days=2),
        next_checkin_on=timezone.localdate() + timedelta(days=12),
        next_steps="Call the county\rShare the draft, then; sign",
    )
    client.force_login(learner)
    response = client.get(reverse("mentoring:pair-calendar", args=[pair.pk]))
    ics = response.content.decode()
    assert _read_back(ics) == "Call the county\nShare the draft, then; sign"
    assert _no_bare_carriage_return(ics)


def test_a_check_in_event_has_a_start_time_a_duration_and_a_time_zone():
    ics = _event("Bring the draft.")

    calendar = Calendar.from_ical(ics)
    event = calendar.walk("VEVENT")[0]
    assert "DTSTART;TZID=America/Denver:20260105T143000\r\n" in ics
    assert "VALUE=DATE" not in ics
    assert event.decoded("duration") == timedelta(minutes=45)
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["America/Denver"]


@pytest.mark.django_db
def test_a_check_in_planned_with_a_time_and_a_meeting_link_reaches_the_calendar(
    client, mentor, learner
):
    # The mentor plans in the site's zone (New York); Lena reads in Chicago's.
    learner.learner_profile.time_zone = "America/Chicago"
    learner.learner_profile.save()
    pair = PairFactory(mentor=mentor, learner=learner)
    client.force_login(mentor)
    next_day = timezone.localdate() + timedelta(days=14)
    response = client.post(
        reverse("mentoring:checkin-create", args=[pair.pk]),
        {
            "met_on": timezone.localdate().isoformat(),
            "minutes": "30",
            "next_checkin_on": next_day.isoformat(),
            "next_checkin_time": "14:30",
            "meeting_url": "https://meet.example.org/lena-marcus",
        },
    )
    assert response.status_code == 302

    client.force_login(learner)
    html = client.get(reverse("mentoring:pair-detail", args=[pair.pk])).content.decode()
    assert 'href="https://meet.example.org/lena-marcus"' in html
    # Planned at 2:30 in New York, read in Chicago an hour earlier.
    assert "at 1:30 PM CST" in html or "at 1:30 PM CDT" in html
    ics = client.get(reverse("mentoring:pair-calendar", args=[pair.pk])).content
    event = Calendar.from_ical(ics).walk("VEVENT")[0]
    assert event.decoded("dtstart") == datetime.combine(
        next_day, time(14, 30), tzinfo=ZoneInfo("America/New_York")
    )
    assert event.decoded("duration") == timedelta(minutes=30)
    assert str(event["location"]) == "https://meet.example.org/lena-marcus"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "link", ["javascript:alert(1)", "meet me at the cafe", "ftp://files.example.org"]
)
def test_a_meeting_link_that_is_not_a_web_address_is_refused(
    client, mentor, learner, link
):
    pair = PairFactory(mentor=mentor, learner=learner)
    client.force_login(mentor)

    response = client.post(
        reverse("mentoring:checkin-create", args=[pair.pk]),
        {
            "met_on": timezone.localdate().isoformat(),
            "minutes": "30",
            "notes": "We mapped the referral path.",
            "meeting_url": link,
        },
    )

    assert response.status_code == 400
    html = response.content.decode()
    assert "Enter the full link to the video call, starting with https://." in html
    assert "We mapped the referral path." in html
    assert not pair.checkins.exists()


@pytest.mark.django_db
def test_a_persons_data_download_includes_the_planned_time_and_meeting_link(
    mentor, learner
):
    from mentoring.selectors import person_mentoring_export

    pair = PairFactory(mentor=mentor, learner=learner)
    CheckInFactory(
        pair=pair,
        next_checkin_time=time(8, 15),
        time_zone="America/Denver",
        meeting_url="https://meet.example.org/lena-marcus",
    )

    [checkin] = person_mentoring_export(user=learner)["pairs"][0]["checkins"]

    assert checkin["next_checkin_time"] == "08:15:00"
    assert checkin["time_zone"] == "America/Denver"
    assert checkin["meeting_url"] == "https://meet.example.org/lena-marcus"


@pytest.mark.django_db
def test_an_ended_pair_shows_no_planned_time_or_meeting_link(client, mentor, learner):
    from mentoring.models import PairState

    pair = PairFactory(mentor=mentor, learner=learner, state=PairState.COMPLETED)
    CheckInFactory(
        pair=pair,
        logged_by=learner,
        next_checkin_time=time(8, 15),
        meeting_url="https://meet.example.org/lena-marcus",
    )
    client.force_login(learner)

    html = client.get(reverse("mentoring:pair-detail", args=[pair.pk])).content.decode()

    assert "meet.example.org" not in html
    assert "No next check-in is planned." in html


@pytest.mark.django_db
def test_a_mentor_reads_times_in_the_zone_of_the_state_they_work_in(
    client, mentor, learner
):
    MentorProfileFactory(user=mentor, state="CO")
    pair = PairFactory(mentor=mentor, learner=learner)
    next_day = timezone.localdate() + timedelta(days=14)
    CheckInFactory(
        pair=pair,
        next_checkin_on=next_day,
        next_checkin_time=time(9, 0),
        time_zone="America/New_York",
    )
    client.force_login(mentor)
    html = client.get(reverse("mentoring:pair-detail", args=[pair.pk])).content.decode()
    assert "at 7:00 AM MST" in html or "at 7:00 AM MDT" in html
