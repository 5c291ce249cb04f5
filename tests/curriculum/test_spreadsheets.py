"""Framework CSV files cannot run formulas in a spreadsheet, yet read back exactly."""

import csv
import io
from decimal import Decimal

import pytest
from django.urls import URLResolver, get_resolver, reverse
from wagtail.admin.views.mixins import SpreadsheetExportMixin

from curriculum.interchange import (
    CompetencySpec,
    DomainSpec,
    FrameworkSpec,
    LevelSpec,
    parse_framework_file,
    parse_moodle_csv,
    render_moodle_csv,
)
from curriculum.spreadsheets import (
    SafeSpreadsheetExportMixin,
    cell_neutralise,
    cell_restore,
    csv_writer,
)
from tests.curriculum.factories import CompetencyFactory, DomainFactory

# Text that a spreadsheet would run as a formula when opening a CSV file.
FORMULAS = ['=HYPERLINK("https://evil.example","Open")', "+1", "-2+3", "@SUM(1)"]
FORMULAS_WITH_SPACE = [*FORMULAS, "\t=1", "\r=1"]


@pytest.mark.parametrize("text", FORMULAS_WITH_SPACE)
def test_text_that_starts_like_a_formula_gets_a_quote_and_comes_back(text):
    assert cell_neutralise(text) == "'" + text
    assert cell_restore(cell_neutralise(text)) == text


@pytest.mark.parametrize(
    "value",
    ["Shared vision", "", "'quoted already", "a=b", "SP.1", 3, -0.5, Decimal("-2")],
)
def test_ordinary_text_and_numbers_are_written_as_they_are(value):
    assert cell_neutralise(value) == value
    assert cell_restore(str(value)) == str(value)


def test_the_writer_quotes_formula_text_but_not_numbers():
    out = io.StringIO()

    csv_writer(out).writerow(["=1+1", -0.5, 3, None, "Trust"])

    assert out.getvalue() == "'=1+1,-0.5,3,,Trust\r\n"


def formula_spec() -> FrameworkSpec:
    """A framework whose slug, codes and names all start like formulas."""
    return FrameworkSpec(
        identifier="c0ffee00-0000-4000-8000-0000000000aa",
        title="=Leadership",
        version="1.0",
        description="@mentions stay text",
        slug="-cross-sector",
        levels=[LevelSpec(1, "+Emerging", "-starts low"), LevelSpec(2, "Growing", "")],
        domains=[
            DomainSpec(
                identifier="11111111-1111-4111-8111-1111111111aa",
                code="-SP",
                name="=SUM(1)",
                description="+plain",
                competencies=[
                    CompetencySpec(
                        identifier="22222222-2222-4222-8222-2222222222aa",
                        code="=SP.1",
                        name="+Systems thinking",
                        indicators={1: "=first", 2: "@second"},
                    ),
                    CompetencySpec(
                        identifier="33333333-3333-4333-8333-3333333333aa",
                        code="@SP.2",
                        name="-2+3",
                    ),
                    CompetencySpec(
                        identifier="44444444-4444-4444-8444-4444444444aa",
                        code="+SP.3",
                        name='=HYPERLINK("https://evil.example")',
                    ),
                ],
            )
        ],
    )


def test_moodle_csv_quotes_formula_looking_ids_and_names_and_reads_them_back():
    spec = formula_spec()
    text = render_moodle_csv(spec)
    rows = list(csv.DictReader(io.StringIO(text)))

    framework, domain, *competencies = rows
    assert (framework["ID number"], framework["Short name"]) == (
        "'-cross-sector",
        "'=Leadership",
    )
    assert (domain["ID number"], domain["Short name"]) == ("'-SP", "'=SUM(1)")
    assert [c["ID number"] for c in competencies] == ["'=SP.1", "'@SP.2", "'+SP.3"]
    assert [c["Short name"] for c in competencies] == [
        "'+Systems thinking",
        "'-2+3",
        '\'=HYPERLINK("https://evil.example")',
    ]
    assert {c["Parent ID number"] for c in competencies} == {"'-SP"}
    assert not any(
        cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row.values()
    )
    assert parse_moodle_csv(text) == spec
    assert parse_framework_file(text.encode()) == spec


def test_a_quote_before_ordinary_text_from_moodle_is_kept():
    text = render_moodle_csv(formula_spec()).replace(
        "'+Systems thinking", "'Systems thinking"
    )

    competency = parse_moodle_csv(text).domains[0].competencies[0]

    assert competency.name == "'Systems thinking"


@pytest.mark.django_db
def test_the_framework_download_quotes_formula_looking_names(
    client, framework, django_assert_max_num_queries
):
    domain = DomainFactory(framework=framework, code="-TR", name="@Trust")
    for name in FORMULAS:
        CompetencyFactory(domain=domain, code="", name=name)

    with django_assert_max_num_queries(6):
        response = client.get(
            reverse("curriculum:framework-csv", args=[framework.identifier])
        )

    text = response.content.decode()
    rows = list(csv.DictReader(io.StringIO(text)))
    assert {r["Short name"] for r in rows[2:]} == {"'" + name for name in FORMULAS}
    assert (rows[1]["ID number"], rows[1]["Short name"]) == ("'-TR", "'@Trust")
    names = {c.name for c in parse_moodle_csv(text).domains[0].competencies}
    assert names == set(FORMULAS)


OUR_APPS = {"academy", "curriculum", "mentoring"}


def _admin_views(patterns):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _admin_views(pattern.url_patterns)
        elif view_class := getattr(pattern.callback, "view_class", None):
            yield view_class, getattr(pattern.callback, "view_initkwargs", {})


def test_every_spreadsheet_download_of_the_academys_admin_keeps_text_as_text():
    exporting = {
        view_class
        for view_class, initkwargs in _admin_views(get_resolver().url_patterns)
        if issubclass(view_class, SpreadsheetExportMixin)
        and view_class.__module__.split(".")[0]
        in {"academy", "curriculum", "mentoring"}
        and initkwargs.get("list_export", view_class.list_export)
    }

    assert {view.__name__ for view in exporting} >= {
        "CohortReportView",
        "CohortGrowthReportView",
        "MentoringOverviewView",
    }
    unsafe = {
        view.__name__
        for view in exporting
        if not issubclass(view, SafeSpreadsheetExportMixin)
    }
    assert unsafe == set()
