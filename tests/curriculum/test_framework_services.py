import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from curriculum.data import shipped_framework_path
from curriculum.interchange import (
    InterchangeError,
    parse_case,
    parse_framework_file,
    parse_moodle_csv,
    render_case,
    render_moodle_csv,
)
from curriculum.interchange.academy_yaml import parse_framework_yaml
from curriculum.models import Competency, Domain, Framework, Indicator
from curriculum.services import framework_export, framework_import, framework_spec
from tests.curriculum.factories import CompetencyFactory

pytestmark = pytest.mark.django_db

SHIPPED_YAML = shipped_framework_path()


@pytest.fixture
def shipped_spec():
    return parse_framework_yaml(SHIPPED_YAML.read_text())


def test_shipped_framework_has_nine_domains_and_an_indicator_for_every_level(
    shipped_spec,
):
    report = framework_import(spec=shipped_spec)
    framework = report.framework
    assert framework.domains.count() == 9
    competencies = Competency.objects.filter(domain__framework=framework)
    assert 25 <= competencies.count() <= 40
    assert list(framework.levels.values_list("name", flat=True)) == [
        "Emerging",
        "Developing",
        "Proficient",
        "Advanced",
    ]
    assert Indicator.objects.filter(
        competency__domain__framework=framework
    ).count() == (competencies.count() * 4)
    assert framework.is_default


def test_importing_the_same_framework_twice_changes_nothing(shipped_spec):
    framework_import(spec=shipped_spec)
    counts = (
        Framework.objects.count(),
        Domain.objects.count(),
        Competency.objects.count(),
    )
    report = framework_import(spec=shipped_spec)
    assert report.unchanged
    assert counts == (
        Framework.objects.count(),
        Domain.objects.count(),
        Competency.objects.count(),
    )


def test_reimport_updates_wording_in_place_and_retires_what_left_the_file(
    shipped_spec,
):
    framework_import(spec=shipped_spec)
    sp1 = Competency.objects.get(code="SP.1")
    shipped_spec.domains[0].competencies[0].name = "Building a shared vision"
    dropped = shipped_spec.domains[-1].competencies.pop()
    framework_import(spec=shipped_spec)
    sp1.refresh_from_db()
    assert sp1.name == "Building a shared vision"
    assert Competency.objects.get(identifier=dropped.identifier).retired


@pytest.mark.parametrize("fmt", ["case", "csv"])
def test_export_then_import_into_an_empty_database_gives_the_same_tree(
    shipped_spec, fmt
):
    framework = framework_import(spec=shipped_spec).framework
    CompetencyFactory(domain=framework.domains.first(), code="OLD.1", retired=True)
    before = framework_spec(framework=framework)
    text = framework_export(
        framework=framework, fmt=fmt, base_uri="https://a.example/case"
    )
    Competency.objects.all().delete()
    Framework.objects.all().delete()

    report = framework_import(spec=parse_framework_file(text.encode()))
    after = framework_spec(framework=report.framework)
    assert after.identifier == before.identifier
    assert after.levels == before.levels
    assert after.domains == before.domains
    assert (after.title, after.version, after.description) == (
        before.title,
        before.version,
        before.description,
    )


def test_case_identifiers_survive_import_and_export(shipped_spec):
    package = render_case(shipped_spec, base_uri="https://other.example/case")
    framework = framework_import(spec=parse_case(package)).framework
    exported = json.loads(
        framework_export(framework=framework, fmt="case", base_uri="https://a.example")
    )["CFPackage"]
    assert (
        exported["CFDocument"]["identifier"]
        == package["CFPackage"]["CFDocument"]["identifier"]
    )
    assert {i["identifier"] for i in exported["CFItems"]} == {
        i["identifier"] for i in package["CFPackage"]["CFItems"]
    }


def test_a_package_with_no_items_imports_as_an_empty_framework():
    package = {
        "CFDocument": {
            "identifier": "0e6f1f6e-1111-4a4a-9999-3c3c3c3c3c3c",
            "title": "Empty framework",
            "creator": "Somebody",
        },
        "CFItems": None,
        "CFAssociations": None,
    }
    framework = framework_import(spec=parse_case(package)).framework
    assert framework.title == "Empty framework"
    assert framework.domains.count() == 0
    assert framework.levels.count() == 4  # the academy's standard scale


def test_a_failing_import_changes_nothing_in_the_database(shipped_spec):
    shipped_spec.domains[-1].competencies[-1].indicators[9] = "A level nobody defined"
    with pytest.raises(InterchangeError, match="level 9"):
        framework_import(spec=shipped_spec)
    assert Framework.objects.count() == 0
    assert Domain.objects.count() == 0
    assert Competency.objects.count() == 0


def test_an_identifier_owned_by_another_framework_is_refused(shipped_spec):
    framework_import(spec=shipped_spec)
    shipped_spec.identifier = "a-different-framework"
    with pytest.raises(InterchangeError, match="already belongs to another framework"):
        framework_import(spec=shipped_spec)
    assert Framework.objects.count() == 1


def test_moodle_csv_from_moodle_itself_imports_with_nested_items():
    text = (
        "Parent ID number,ID number,Short name,Description,Description format,"
        "Scale values,Scale configuration,Rule type (optional),Rule outcome (optional),"
        "Rule config (optional),Cross-referenced competency ID numbers,"
        "Exported ID (optional),Is framework,Taxonomy\n"
        ',county-leaders,County leaders,"Our framework",1,"Not yet,Competent",'
        '"[{""scaleid"":""2""},{""id"":1,""scaledefault"":1,""proficient"":0},'
        '{""id"":2,""scaledefault"":0,""proficient"":1}]",,,,,,1,"domain,competency"\n'
        ",PART,Partnering,<p>Working with others</p>,1,,,,,,,,,\n"
        "PART,PART-1,Convening,<p>Brings people together</p>,1,,,,,,,,,\n"
        "PART-1,PART-1a,Running a meeting,,1,,,,,,,,,\n"
    )
    framework = framework_import(spec=parse_moodle_csv(text)).framework
    assert framework.slug == "county-leaders"
    assert list(framework.levels.values_list("name", flat=True)) == [
        "Not yet",
        "Competent",
    ]
    domain = framework.domains.get()
    assert domain.name == "Partnering"
    assert list(domain.competencies.values_list("name", flat=True)) == [
        "Convening",
        "Running a meeting",
    ]


def test_import_command_reports_a_bad_file_in_one_line(tmp_path):
    bad = tmp_path / "framework.json"
    bad.write_text('{"CFDocument": {"title": "No id"}')
    with pytest.raises(CommandError) as error:
        call_command("import_framework", str(bad))
    assert str(error.value).startswith("framework.json: The file is not valid JSON")
    assert "\n" not in str(error.value)
    assert Framework.objects.count() == 0


def test_import_command_reports_a_cycle_without_saving(tmp_path):
    doc = "d0c00000-0000-4000-8000-000000000000"
    items = [
        "a0000000-0000-4000-8000-000000000001",
        "b0000000-0000-4000-8000-000000000002",
    ]
    package = {
        "CFDocument": {"identifier": doc, "title": "Loop"},
        "CFItems": [{"identifier": i, "fullStatement": i} for i in items],
        "CFAssociations": [
            {
                "identifier": f"as-{n}",
                "associationType": "isChildOf",
                "originNodeURI": {"identifier": child},
                "destinationNodeURI": {"identifier": parent},
            }
            for n, (child, parent) in enumerate(
                [(items[0], items[1]), (items[1], items[0])]
            )
        ],
    }
    path = tmp_path / "loop.json"
    path.write_text(json.dumps(package))
    with pytest.raises(CommandError, match="cycle"):
        call_command("import_framework", str(path))
    assert Framework.objects.count() == 0


def test_import_and_export_commands_round_trip_through_files(tmp_path, shipped_spec):
    call_command(
        "import_framework", str(SHIPPED_YAML), stdout=open(tmp_path / "o", "w")
    )  # noqa: SIM115
    out = tmp_path / "framework.csv"
    call_command(
        "export_framework",
        "cross-sector-leadership",
        "--format",
        "csv",
        "--output",
        str(out),
        stdout=open(tmp_path / "o", "w"),  # noqa: SIM115
    )
    assert out.read_text().startswith("Parent ID number,ID number,Short name")
    with pytest.raises(CommandError, match="No framework 'nope'"):
        call_command("export_framework", "nope")


def test_case_endpoint_serves_the_framework_as_a_package(client, shipped_spec):
    framework = framework_import(spec=shipped_spec).framework
    response = client.get(f"/curriculum/case/{framework.identifier}/")
    assert response.status_code == 200
    package = response.json()["CFPackage"]
    assert package["CFDocument"]["identifier"] == framework.identifier
    codes = {item.get("humanCodingScheme") for item in package["CFItems"]}
    assert {"SP", "SP.1", "AL.4"} <= codes
    assert package["CFRubrics"]
    assert client.get("/curriculum/case/not-a-framework/").status_code == 404


def test_case_endpoint_query_count_does_not_grow_with_the_framework(
    client, shipped_spec, django_assert_max_num_queries
):
    framework = framework_import(spec=shipped_spec).framework
    with django_assert_max_num_queries(8):
        client.get(f"/curriculum/case/{framework.identifier}/")


DOC_ID = "d0c00000-0000-4000-8000-0000000000aa"
ITEM_ID = "a0000000-0000-4000-8000-0000000000bb"


def _case_with_item(statement: str) -> bytes:
    return json.dumps(
        {
            "CFDocument": {"identifier": DOC_ID, "title": "County framework"},
            "CFItems": [
                {
                    "identifier": ITEM_ID,
                    "humanCodingScheme": "TR",
                    "fullStatement": statement,
                }
            ],
            "CFAssociations": [
                {
                    "identifier": "as-1",
                    "associationType": "isChildOf",
                    "originNodeURI": {"identifier": ITEM_ID},
                    "destinationNodeURI": {"identifier": DOC_ID},
                }
            ],
        }
    ).encode()


def _framework_counts():
    return (
        Framework.objects.count(),
        Domain.objects.count(),
        Competency.objects.count(),
        Indicator.objects.count(),
        sorted(Framework.objects.values_list("title", flat=True)),
    )


YAML_TEXT = SHIPPED_YAML.read_text()
MOODLE = render_moodle_csv(parse_framework_yaml(YAML_TEXT))


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "moodle.csv",
            "Parent ID number,ID number,Short name\n,TR,Confiança\n".encode("latin-1"),
            "moodle.csv: The file is not UTF-8 text (bad byte at position",
        ),
        (
            "logo.json",
            b"\x89PNG\r\n\x1a\n\x00\x00\xff\xd8",
            "logo.json: The file is not",
        ),
        (
            "nul.csv",
            b"Parent ID number,ID number,Short name\n,TR,Trust\x00\n",
            "nul.csv: Line 2 contains a control character ('\\x00')",
        ),
        (
            "escaped.json",
            _case_with_item("Build\u0000 trust"),
            "escaped.json: Domain TR contains a control character",
        ),
        (
            "levels.yaml",
            YAML_TEXT.replace("value: 1", "value: abc").encode(),
            "levels.yaml: A value in the YAML framework has the wrong shape",
        ),
        (
            "identifier.yaml",
            YAML_TEXT.replace(
                "identifier: 7c1e4a52-5f0b-4f3e-9a53-2b8d0c6a1e01", "identifier: 12"
            ).encode(),
            "identifier.yaml: A value in the YAML framework has the wrong shape",
        ),
        (
            "latin.yaml",
            YAML_TEXT.replace("Emerging", "Émergent").encode("latin-1"),
            "latin.yaml: The file is not UTF-8 text",
        ),
        (
            "infinite.yaml",
            YAML_TEXT.replace("value: 1", "value: .inf").encode(),
            "infinite.yaml: A value in the YAML framework has the wrong shape",
        ),
        (
            "carriage.csv",
            (MOODLE[:67] + "x\rY" + MOODLE[67:]).encode(),
            "carriage.csv: The CSV cannot be read",
        ),
        (
            "control.yaml",
            YAML_TEXT.replace("name: Emerging", "name: Emer\x1bging").encode(),
            "control.yaml: Line ",
        ),
        (
            "surrogate.json",
            _case_with_item("Build \ud800 trust"),
            "surrogate.json: Domain TR contains a control character",
        ),
        (
            "escaped-control.yaml",
            YAML_TEXT.replace("name: Emerging", 'name: "Emer\\0ging"').encode(),
            "escaped-control.yaml: Level 1 contains a control character",
        ),
        (
            "aliases.yaml",
            YAML_TEXT.replace(
                "version:", "bomb: &a [x, x]\nmore: [*a, *a]\nversion:"
            ).encode(),
            "aliases.yaml: The file is not valid YAML",
        ),
    ],
)
def test_import_command_stops_a_bad_file_with_one_line_and_changes_nothing(
    tmp_path, name, content, message
):
    call_command(
        "import_framework", str(SHIPPED_YAML), stdout=open(tmp_path / "o", "w")
    )  # noqa: SIM115
    before = _framework_counts()
    path = tmp_path / name
    path.write_bytes(content)

    with pytest.raises(CommandError) as error:
        call_command("import_framework", str(path))

    assert str(error.value).startswith(message)
    assert "\n" not in str(error.value)
    assert _framework_counts() == before


def test_import_command_refuses_a_file_over_the_size_limit(tmp_path):
    path = tmp_path / "huge.json"
    path.write_bytes(b" " * (5 * 1024 * 1024) + _case_with_item("Trust"))
    with pytest.raises(CommandError, match="huge.json: the file is larger than 5 MB"):
        call_command("import_framework", str(path))
    assert Framework.objects.count() == 0


def test_import_command_exits_non_zero_with_one_line_and_no_traceback(tmp_path):
    import subprocess
    import sys

    path = tmp_path / "framework.yaml"
    path.write_bytes("title: Confiança\n".encode("latin-1"))
    manage = Path(__file__).resolve().parents[2] / "manage.py"
    finished = subprocess.run(  # noqa: S603
        [sys.executable, str(manage), "import_framework", str(path)],
        capture_output=True,
        text=True,
        env={**__import__("os").environ, "DJANGO_SETTINGS_MODULE": "cms.settings.test"},
        timeout=60,
        check=False,
    )
    assert finished.returncode != 0
    assert "Traceback" not in finished.stderr
    assert finished.stderr.strip().splitlines() == [
        "CommandError: framework.yaml: The file is not UTF-8 text "
        "(bad byte at position 14); save it as UTF-8 and try again."
    ]
