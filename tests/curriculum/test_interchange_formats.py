"""CASE JSON and Moodle CSV interchange, without Django."""

import csv
import io
import json
import re
import uuid
from dataclasses import replace
from datetime import UTC, date, datetime

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from curriculum.data import shipped_framework_path
from curriculum.interchange import (
    CompetencySpec,
    DomainSpec,
    FrameworkSpec,
    InterchangeError,
    LevelSpec,
    parse_case,
    parse_framework_file,
    parse_moodle_csv,
    render_case,
    render_moodle_csv,
    unplaced_domain_id,
)
from curriculum.interchange.academy_yaml import parse_framework_yaml

BASE = "https://academy.example.org/ims/case/v1p1"
NOW = datetime(2024, 5, 1, 9, 30, tzinfo=UTC)
DOC = "c0ffee00-0000-4000-8000-000000000001"
TRICKY = 'Uses <b>tags</b> & "quotes", commas,\nand newlines'


def make_spec() -> FrameworkSpec:
    return FrameworkSpec(
        identifier=DOC,
        title="Cross-Sector Leadership",
        version="2.1",
        description="Leading across health & human services.\nSecond line.",
        slug="cross-sector-leadership",
        levels=[
            LevelSpec(1, "Emerging", "Needs <support> & coaching"),
            LevelSpec(2, "Developing", 'Some "evidence", growing'),
            LevelSpec(3, "Proficient", "Consistent"),
            LevelSpec(4, "Leading", ""),
        ],
        domains=[
            DomainSpec(
                identifier="11111111-1111-4111-8111-111111111111",
                code="SP",
                name="Strategic practice",
                description="Setting direction",
                competencies=[
                    CompetencySpec(
                        identifier="22222222-2222-4222-8222-222222222222",
                        code="SP.1",
                        name="Systems thinking",
                        description="Sees the whole system, not <parts>.",
                        indicators={1: TRICKY, 3: "Maps the system & acts", 4: ""},
                    ),
                    CompetencySpec(
                        identifier="33333333-3333-4333-8333-333333333333",
                        code="SP.2",
                        name="Old budgeting",
                        retired=True,
                        indicators={2: "Balances, the books"},
                    ),
                ],
            ),
            DomainSpec(
                identifier="44444444-4444-4444-8444-444444444444",
                code="",
                name="People",
                competencies=[
                    CompetencySpec(
                        identifier="55555555-5555-4555-8555-555555555555",
                        code="",
                        name="Coaching others",
                        description='Says "well done", often',
                    )
                ],
            ),
        ],
    )


def item(identifier, statement, **extra):
    return {"identifier": identifier, "fullStatement": statement, **extra}


def child_of(child, parent, sequence=None, *, bare=False):
    def node(i):
        return i if bare else {"identifier": i, "uri": f"{BASE}/x/{i}", "title": i}

    return {
        "identifier": f"assoc-{child}-{parent}",
        "associationType": "isChildOf",
        "originNodeURI": node(child),
        "destinationNodeURI": node(parent),
        "sequenceNumber": sequence,
    }


# --- CASE ------------------------------------------------------------------------


def test_case_round_trip_gives_back_an_equal_spec():
    spec = make_spec()
    package = render_case(spec, base_uri=BASE + "/", now=NOW)

    assert parse_case(json.loads(json.dumps(package))) == replace(
        spec, slug="", status="adopted"
    )


def test_case_render_uses_case_field_names_and_stable_identifiers():
    package = render_case(make_spec(), base_uri=BASE, now=NOW)["CFPackage"]
    document = package["CFDocument"]

    assert document["uri"] == f"{BASE}/CFDocuments/{DOC}"
    assert document["CFPackageURI"]["uri"] == f"{BASE}/CFPackages/{DOC}"
    assert document["lastChangeDateTime"] == "2024-05-01T09:30:00Z"
    assert document["creator"] == "Cross-Sector Leadership Academy"
    assert document["adoptionStatus"] == "Adopted"
    items = {i["abbreviatedStatement"]: i for i in package["CFItems"]}
    assert items["Strategic practice"]["CFItemType"] == "Domain"
    assert items["Systems thinking"]["CFItemType"] == "Competency"
    assert items["Systems thinking"]["humanCodingScheme"] == "SP.1"
    assert items["Systems thinking"]["CFDocumentURI"]["identifier"] == DOC
    assert items["Old budgeting"]["statusEndDate"] == "2024-04-30"
    assert "statusEndDate" not in items["Systems thinking"]
    assert {a["associationType"] for a in package["CFAssociations"]} == {"isChildOf"}
    (rubric,) = package["CFRubrics"]
    levels = rubric["CFRubricCriteria"][1]["CFRubricCriterionLevels"]
    assert [lv["quality"] for lv in levels] == ["Emerging", "Proficient", "Leading"]
    assert levels[0]["description"] == TRICKY
    assert levels[0]["feedback"] == "Needs <support> & coaching"
    again = render_case(make_spec(), base_uri=BASE, now=NOW)["CFPackage"]
    assert again == package


def test_case_bare_and_wrapped_forms_read_the_same():
    wrapped = render_case(make_spec(), base_uri=BASE, now=NOW)

    assert parse_case(wrapped["CFPackage"]) == parse_case(wrapped)


def lenient_package():
    long_statement = "Builds trust " * 30
    return {
        "CFDocument": {
            "identifier": DOC,
            "title": "Imported standards",
            "version": None,
            "description": None,
            "notes": "From a state repository",
        },
        "CFItems": [
            item("d1", "Domain one", humanCodingScheme="D1", notes=None),
            item(
                "c1", "Leads change", abbreviatedStatement=None, humanCodingScheme=None
            ),
            item("c1b", "Second sub-skill", statusEndDate="2020-06-30"),
            item("c1a", long_statement, notes="See appendix", abbreviatedStatement=""),
            item("d2", "Empty domain", statusEndDate="2999-01-01"),
            item("orphan", "Nobody's child", humanCodingScheme="O.1"),
            item("lost", "Parent missing", humanCodingScheme="L.1"),
            item("lost-kid", "Under the lost one"),
        ],
        "CFAssociations": [
            child_of("d2", DOC, 2),
            child_of("d1", DOC.upper(), 1, bare=True),
            child_of("c1", "d1", None),
            child_of("c1b", "c1", 2),
            child_of("c1a", "c1", 1),
            child_of("lost", "no-such-item", 1),
            child_of("lost-kid", "lost", 1),
            {**child_of("orphan", "d1"), "associationType": "isRelatedTo"},
            None,
        ],
        "CFRubrics": None,
    }


def test_case_lenient_package_keeps_nesting_orphans_and_null_fields():
    spec = parse_case(lenient_package(), today=date(2024, 1, 1))

    assert spec.title == "Imported standards"
    assert spec.version == ""
    assert spec.description == "From a state repository"
    assert spec.levels == []
    assert [d.name for d in spec.domains] == [
        "Domain one",
        "Empty domain",
        "Unplaced items",
    ]
    one, empty, unplaced = spec.domains
    assert one.code == "D1"
    assert [c.identifier for c in one.competencies] == ["c1", "c1a", "c1b"]
    leads, long_one, second = one.competencies
    assert (leads.name, leads.code, leads.description) == ("Leads change", "", "")
    assert len(long_one.name) <= 255
    assert long_one.name.endswith("…")
    assert long_one.description == "Builds trust " * 30 + "\n\nSee appendix"
    assert second.retired is True
    assert leads.retired is False
    assert empty.competencies == []
    assert unplaced.code == "UNPLACED"
    assert unplaced.identifier == unplaced_domain_id(DOC)
    assert unplaced.identifier == str(uuid.uuid5(uuid.UUID(DOC), "unplaced"))
    assert [(c.identifier, c.code) for c in unplaced.competencies] == [
        ("orphan", "O.1"),
        ("lost", "L.1"),
        ("lost-kid", ""),
    ]


@pytest.mark.parametrize("items", [[], None, "absent"])
def test_case_package_without_items_has_no_domains(items):
    package = {"CFDocument": {"identifier": DOC, "title": "Empty"}}
    if items != "absent":
        package |= {"CFItems": items, "CFAssociations": items}

    spec = parse_case({"CFPackage": package})

    assert (spec.identifier, spec.title, spec.domains) == (DOC, "Empty", [])


def test_case_levels_and_indicators_from_a_foreign_rubric():
    package = lenient_package()

    def levels(*texts):
        return [
            {"quality": q, "position": p, "description": t}
            for q, p, t in zip(("Low", "Mid", "High"), (0, 1, 2), texts, strict=True)
        ]

    package["CFRubrics"] = [
        {
            "CFRubricCriteria": [
                {
                    "CFItemURI": {"identifier": "c1"},
                    "CFRubricCriterionLevels": levels(*"abc"),
                },
                {
                    "CFItemURI": "orphan",
                    "CFRubricCriterionLevels": levels(*"xyz")[::-1],
                },
                {"CFItemURI": {"identifier": "d1"}, "CFRubricCriterionLevels": None},
            ]
        }
    ]
    spec = parse_case(package)

    assert [(lv.value, lv.name) for lv in spec.levels] == [
        (1, "Low"),
        (2, "Mid"),
        (3, "High"),
    ]
    assert spec.domains[0].competencies[0].indicators == {1: "a", 2: "b", 3: "c"}
    assert spec.domains[2].competencies[0].indicators == {1: "x", 2: "y", 3: "z"}


@pytest.mark.parametrize(
    ("package", "message"),
    [
        ({"CFDocument": {"title": "No id"}}, "CFDocument has no identifier"),
        ({"CFDocument": {"identifier": DOC}}, "CFDocument has no title"),
        (
            {
                "CFDocument": {"identifier": DOC, "title": "T"},
                "CFItems": [item("a", "A"), {"fullStatement": "Lost soul"}],
            },
            re.escape("CFItem #2 ('Lost soul') has no identifier"),
        ),
        ({"CFPackage": {"CFItems": []}}, "no CFDocument"),
        ([1, 2], "no CFDocument"),
    ],
)
def test_case_errors_name_what_is_wrong(package, message):
    with pytest.raises(InterchangeError, match=message):
        parse_case(package)


def test_case_cycle_is_reported_with_its_identifiers():
    package = {
        "CFDocument": {"identifier": DOC, "title": "Loops"},
        "CFItems": [item("a", "A"), item("b", "B"), item("c", "C")],
        "CFAssociations": [child_of("a", DOC), child_of("b", "c"), child_of("c", "b")],
    }

    with pytest.raises(InterchangeError, match="cycle") as caught:
        parse_case(package)
    assert "b" in str(caught.value).split(":")[-1]
    assert "c" in str(caught.value).split(":")[-1]


def test_case_item_that_is_its_own_parent_is_a_cycle():
    package = {
        "CFDocument": {"identifier": DOC, "title": "Loops"},
        "CFItems": [item("self", "Self")],
        "CFAssociations": [child_of("self", "self")],
    }

    with pytest.raises(InterchangeError, match="cycle.*self -> self"):
        parse_case(package)


# --- Moodle CSV ------------------------------------------------------------------


def rows_of(text):
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_moodle_round_trip_is_exact():
    spec = make_spec()

    assert parse_moodle_csv(render_moodle_csv(spec)) == spec


def test_moodle_render_matches_moodles_layout():
    text = render_moodle_csv(make_spec())
    rows = rows_of(text)

    assert text.splitlines()[0].startswith("Parent ID number,ID number,Short name,")
    assert len(rows[0]) == 14
    framework = rows[0]
    assert framework["Is framework"] == "1"
    assert framework["ID number"] == "cross-sector-leadership"
    assert framework["Exported ID (optional)"] == DOC
    assert framework["Scale values"] == "Emerging,Developing,Proficient,Leading"
    assert json.loads(framework["Scale configuration"]) == [
        {"scaleid": ""},
        {"id": 1, "scaledefault": 1, "proficient": 0},
        {"id": 3, "scaledefault": 0, "proficient": 1},
    ]
    assert [(r["Parent ID number"], r["ID number"]) for r in rows[1:]] == [
        ("", "SP"),
        ("SP", "SP.1"),
        ("SP", "SP.2"),
        ("", "44444444-4444-4444-8444-444444444444"),
        (
            "44444444-4444-4444-8444-444444444444",
            "55555555-5555-4555-8555-555555555555",
        ),
    ]
    assert all(r["Description format"] == "1" for r in rows)
    systems = rows[2]["Description"]
    assert "&lt;b&gt;tags&lt;/b&gt; &amp; &quot;quotes&quot;" in systems
    assert 'class="academy-indicators"' in systems
    assert 'class="academy-retired"' in rows[3]["Description"]


def test_moodle_proficient_is_the_top_level_unless_there_are_four():
    spec = replace(make_spec(), levels=make_spec().levels[:3], slug="")
    framework = rows_of(render_moodle_csv(spec))[0]
    config = json.loads(framework["Scale configuration"])

    assert config[-1] == {"id": 3, "scaledefault": 0, "proficient": 1}
    assert framework["ID number"] == DOC
    assert parse_moodle_csv(render_moodle_csv(spec)).slug == ""


def test_moodle_render_refuses_duplicate_codes():
    spec = make_spec()
    spec.domains[1].competencies[0].code = "SP.1"

    with pytest.raises(InterchangeError, match="'SP.1' is used twice"):
        render_moodle_csv(spec)


MOODLE_EXPORT = (
    "\ufeff"
    '"Parent ID number","ID number","Short name",Description,"Description format",'
    '"Scale values","Scale configuration","Rule type (optional)",'
    '"Rule outcome (optional)","Rule config (optional)",'
    '"Cross-referenced competency ID numbers","Exported ID (optional)",'
    '"Is framework",Taxonomy\r\n'
    ',OECD-CORE,"OECD core","<p>Core competencies &amp; clusters.</p><p>• Delivery'
    '<br>• Interpersonal\n</p>",1,"Not yet competent,Competent,Expert",'
    '"[{""scaleid"":""2""},{""id"":2,""scaledefault"":1,""proficient"":1}]"'
    ',,,,,,1,"domain,competency,behaviour"\r\n'
    ',delivery,Delivery-related,"<p>Achieving\nresults</p>",1,,,,0,null,,8,,\r\n'
    'delivery,analytical,"Analytical thinking","<p>Sees patterns</p>",1,,,,0,null'
    ",,11,,\r\n"
    'analytical,DR-AT-1,"Distinguishes critical information","",1,,,,0,null,,26,,\r\n'
    'analytical,DR-AT-2,"Gathers information",Plain text,0,,,,0,null,DR-AT-1,27,,\r\n'
    "delivery,teamwork,Teamwork,,1,,,,0,null,,16,,\r\n"
    ",strategic,Strategic,,1,,,,0,null,,10,,\r\n"
)


def test_moodle_realistic_export_flattens_deep_items():
    spec = parse_moodle_csv(MOODLE_EXPORT)

    def moodle_id(*parts):
        return str(uuid.uuid5(uuid.NAMESPACE_URL, ":".join(["moodle", *parts])))

    assert spec.title == "OECD core"
    assert spec.identifier == moodle_id("OECD-CORE")
    assert spec.slug == "OECD-CORE"
    assert (
        spec.description
        == "Core competencies & clusters.\n\n• Delivery\n• Interpersonal"
    )
    assert [(lv.value, lv.name) for lv in spec.levels] == [
        (1, "Not yet competent"),
        (2, "Competent"),
        (3, "Expert"),
    ]
    delivery, strategic = spec.domains
    assert (delivery.code, delivery.name) == ("delivery", "Delivery-related")
    assert delivery.description == "Achieving results"
    assert delivery.identifier == moodle_id("OECD-CORE", "delivery")
    assert [c.code for c in delivery.competencies] == [
        "analytical",
        "DR-AT-1",
        "DR-AT-2",
        "teamwork",
    ]
    analytical, critical, gathers, _ = delivery.competencies
    assert analytical.identifier == moodle_id("OECD-CORE", "analytical")
    assert analytical.description == "Sees patterns"
    assert critical.description == ""
    assert gathers.description == "Plain text"
    assert not any(c.retired or c.indicators for c in delivery.competencies)
    assert (strategic.name, strategic.competencies) == ("Strategic", [])


def test_moodle_accepts_short_column_names_and_semicolons():
    header = (
        "parentidnumber;idnumber;shortname;description;descriptionformat;scalevalues;"
        "scaleconfiguration;ruletype;ruleoutcome;ruleconfig;relatedidnumbers;"
        "exportid;isframework;taxonomy\n"
    )
    text = header + ";fw;Framework;;1;A,B;;;;;;;1;\n;d;Domain;;1;;;;;;;;0;\n"

    spec = parse_moodle_csv(text)

    assert [lv.name for lv in spec.levels] == ["A", "B"]
    assert [d.code for d in spec.domains] == ["d"]


HEADER = ",".join(
    [
        "Parent ID number",
        "ID number",
        "Short name",
        "Description",
        "Description format",
        "Scale values",
        "Scale configuration",
        "Rule type (optional)",
        "Rule outcome (optional)",
        "Rule config (optional)",
        "Cross-referenced competency ID numbers",
        "Exported ID (optional)",
        "Is framework",
        "Taxonomy",
    ]
)
FRAMEWORK_ROW = ',fw,Framework,,1,"A,B",,,,,,,1,\n'


def moodle(*rows):
    return (
        HEADER
        + "\n"
        + FRAMEWORK_ROW
        + "".join(f"{r},,1,,,,0,null,,,0,\n" for r in rows)
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("idnumber,parentidnumber,shortname\n", "lacks column\\(s\\): Is framework"),
        ("name,code\nA,B\n", "Not a Moodle competency framework CSV"),
        (HEADER + "\n,d,Domain,,1,,,,0,null,,,0,\n", "No framework row"),
        (moodle(",d,Domain", ",d,Again"), "Row 4: ID number 'd' is used twice .*row 3"),
        (moodle(",d,Domain", "nope,c,Child"), "Row 4: parent ID number 'nope'"),
        (
            moodle(",d,Domain", "b,a,A", "a,b,B"),
            r"Parent ID numbers form a cycle \(child -> parent\): ([ab]) -> [ab] -> \1",
        ),
        (moodle(",,Nameless"), "Row 3: the ID number is empty"),
        (moodle(",d,"), "Row 3: the short name is empty"),
        (moodle() + FRAMEWORK_ROW, "Row 3: a second framework row.*row 2"),
    ],
)
def test_moodle_errors_are_one_clear_line(text, message):
    with pytest.raises(InterchangeError, match=message) as caught:
        parse_moodle_csv(text)
    assert "\n" not in str(caught.value)


# --- file sniffing ----------------------------------------------------------------


def test_parse_framework_file_tells_the_formats_apart():
    spec = make_spec()
    case_bytes = json.dumps(render_case(spec, base_uri=BASE, now=NOW)).encode()
    moodle_bytes = "\ufeff".encode() + render_moodle_csv(spec).encode()

    assert parse_framework_file(b"  \n" + case_bytes) == replace(
        spec, slug="", status="adopted"
    )
    assert parse_framework_file(moodle_bytes, filename="export.csv") == spec


@pytest.mark.parametrize(
    ("content", "filename", "message"),
    [
        (b'{"CFDocument": {"identifier": ', "", "not valid JSON: line 1 column 31"),
        (b"oops", "framework.json", "not valid JSON: line 1 column 1"),
        (b'{"title": "not CASE"}', "", "no CFDocument"),
        (b"\xff\xfe\x00P", "", "not UTF-8"),
        (b"   \n", "", "empty"),
        (b"a,b,c\n1,2,3\n", "", "Not a Moodle competency framework CSV"),
    ],
)
def test_parse_framework_file_errors(content, filename, message):
    with pytest.raises(InterchangeError, match=message) as caught:
        parse_framework_file(content, filename=filename)
    assert "\n" not in str(caught.value)


# --- any file: a one-line error or a framework, never a crash -----------------------

_SHIPPED_YAML = shipped_framework_path().read_text()
_ODD_VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(),
    st.text(max_size=12),
    st.sampled_from([[], {}, [1], {"a": 1}, "\x00", "\r"]),
)


def _paths(node, path=()):
    yield path
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _paths(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node[:2]):
            yield from _paths(value, (*path, index))


def _replaced(node, path, value):
    node = json.loads(json.dumps(node))
    target = node
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return node


_SHIPPED_SPEC = parse_framework_yaml(_SHIPPED_YAML)
_CASE = render_case(_SHIPPED_SPEC, base_uri=BASE, now=NOW)
_CASE_PATHS = list(_paths(_CASE))[1:]
_YAML_DATA = yaml.safe_load(_SHIPPED_YAML)
_YAML_PATHS = list(_paths(_YAML_DATA))[1:]
_CSV = render_moodle_csv(_SHIPPED_SPEC)


@settings(max_examples=150, deadline=None, derandomize=True, database=None)
@given(
    case_path=st.sampled_from(_CASE_PATHS),
    yaml_path=st.sampled_from(_YAML_PATHS),
    value=_ODD_VALUES,
    position=st.integers(min_value=0, max_value=len(_CSV)),
    inserted=st.text(max_size=4),
)
def test_a_mangled_framework_file_is_read_or_refused_in_one_line(
    case_path, yaml_path, value, position, inserted
):
    readers = [
        lambda: parse_framework_file(
            json.dumps(_replaced(_CASE, case_path, value)).encode()
        ),
        lambda: parse_framework_yaml(
            yaml.safe_dump(_replaced(_YAML_DATA, yaml_path, value))
        ),
        lambda: parse_framework_file(
            (_CSV[:position] + inserted + _CSV[position:]).encode(),
            filename="framework.csv",
        ),
    ]
    for read in readers:
        message = ""
        try:
            read()
        except InterchangeError as error:
            message = str(error)
        assert "\n" not in message
