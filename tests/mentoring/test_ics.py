import re
from datetime import UTC as utc
from datetime import date, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st
from icalendar import Calendar

from mentoring.ics import checkin_event
from tests.mentoring.factories import CheckInFactory, PairFactory

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
        day=date(2026, 1, 5),
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
    # Still an all-day check-in with its title and link.
    event = Calendar.from_ical(ics).walk("VEVENT")[0]
    assert event.decoded("dtstart") == date(2026, 1, 5)
    assert event.decoded("dtend") == date(2026, 1, 6)
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
