from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from curriculum.content_import import CurriculumImportError, curriculum_import
from curriculum.data import starter_curriculum_path
from curriculum.models import LessonPage, ModulePage, PathwayPage
from tests.curriculum.factories import CompetencyFactory, DomainFactory

pytestmark = pytest.mark.django_db

MODULE = """\
---
title: Trust as infrastructure
order: 1
summary: Build trust on purpose.
estimated_minutes: 45
sector_focus: both
audience: New directors and CBO executives.
outcomes:
  - Tell relational from transactional trust
competencies:
  - code: TR.1
    target_level: 3
prerequisites: []
---
Trust is what lets partners move fast.
"""

LESSON = """\
---
title: {title}
estimated_minutes: 20
case_study:
  title: A coalition formed in a hurry
  body: Volunteers bought **meals** from restaurants.
reflection: Which partner do you trust most?
knowledge_check:
  question: Which trust grows from kept promises?
  choices:
    - text: Transactional
      correct: true
    - text: Relational
  explanation: A record of promises kept.
---
## Two kinds of trust

{body}
"""

PATHWAY = """\
---
title: New county director
role: County director in the first two years
modules:
  - trust-as-infrastructure
---
For directors new to the county.
"""


def _write(
    root: Path, *, lesson_body="Relational and transactional.", title="Two trusts"
):
    module = root / "trust-as-infrastructure"
    module.mkdir(parents=True, exist_ok=True)
    (module / "module.md").write_text(MODULE)
    (module / "01-two-kinds-of-trust.md").write_text(
        LESSON.format(title=title, body=lesson_body)
    )
    (module / "02-repairing-trust.md").write_text(
        LESSON.format(title="Repairing trust", body="Say what went wrong.")
    )
    (root / "pathways").mkdir(exist_ok=True)
    (root / "pathways" / "new-county-director.md").write_text(PATHWAY)
    return root


@pytest.fixture
def trust_competency(framework):
    return CompetencyFactory(domain=DomainFactory(framework=framework), code="TR.1")


def test_markdown_folder_becomes_module_lesson_and_pathway_pages(
    tmp_path, home_page, trust_competency
):
    report = curriculum_import(directory=_write(tmp_path))
    assert report.created == [
        "module trust-as-infrastructure",
        "lesson two-kinds-of-trust",
        "lesson repairing-trust",
        "pathway new-county-director",
    ]
    module = ModulePage.objects.get(slug="trust-as-infrastructure")
    assert module.live
    assert module.summary == "Build trust on purpose."
    assert [t.competency for t in module.competency_targets.all()] == [trust_competency]
    assert [b.value for b in module.outcomes] == [
        "Tell relational from transactional trust"
    ]
    lessons = LessonPage.objects.child_of(module).order_by("path")
    assert [lesson.title for lesson in lessons] == ["Two trusts", "Repairing trust"]
    assert [b.block_type for b in lessons[0].body] == [
        "markdown",
        "case_study",
        "reflection",
        "knowledge_check",
    ]
    assert "<strong>meals</strong>" in lessons[0].body[1].value["body"].source
    pathway = PathwayPage.objects.get()
    assert [pm.module for pm in pathway.pathway_modules.all()] == [module]


def test_rerunning_updates_the_same_pages_and_keeps_block_ids(
    tmp_path, home_page, trust_competency
):
    curriculum_import(directory=_write(tmp_path))
    lesson = LessonPage.objects.get(slug="two-kinds-of-trust")
    ids = [b.id for b in lesson.body]

    again = curriculum_import(directory=_write(tmp_path))
    assert again.created == []
    assert again.updated == []

    changed = curriculum_import(
        directory=_write(
            tmp_path, lesson_body="Now with more detail.", title="Trust x2"
        )
    )
    assert changed.updated == ["lesson two-kinds-of-trust"]
    lesson = LessonPage.objects.get(slug="two-kinds-of-trust")
    assert lesson.title == "Trust x2"
    assert "Now with more detail." in lesson.body[0].value
    assert [b.id for b in lesson.body] == ids
    assert LessonPage.objects.count() == 2


def test_unknown_competency_names_the_file_and_saves_nothing(
    tmp_path, home_page, framework
):
    with pytest.raises(CurriculumImportError, match="module.md: competency 'TR.1'"):
        curriculum_import(directory=_write(tmp_path))
    assert ModulePage.objects.count() == 0


def test_two_correct_answers_are_refused(tmp_path, home_page, trust_competency):
    root = _write(tmp_path)
    lesson = root / "trust-as-infrastructure" / "02-repairing-trust.md"
    lesson.write_text(
        lesson.read_text().replace(
            "- text: Relational", "- text: Relational\n      correct: true"
        )
    )
    with pytest.raises(CurriculumImportError, match="exactly one correct"):
        curriculum_import(directory=root)
    assert LessonPage.objects.count() == 0


def test_command_reports_a_file_without_front_matter(
    tmp_path, home_page, trust_competency
):
    root = _write(tmp_path)
    (root / "trust-as-infrastructure" / "03-broken.md").write_text("Just text\n")
    with pytest.raises(CommandError, match="03-broken.md: no front matter"):
        call_command("import_curriculum", str(root))
    assert ModulePage.objects.count() == 0


def test_shipped_starter_curriculum_is_complete():
    """Each shipped module has 3+ lessons, each with a reflection and a check."""
    from curriculum.content_import import LESSON_FILE, read_source

    root = starter_curriculum_path()
    modules = [p for p in root.iterdir() if (p / "module.md").is_file()]
    assert len(modules) >= 8
    for module in modules:
        lessons = [p for p in module.glob("*.md") if LESSON_FILE.match(p.name)]
        assert len(lessons) >= 3, module.name
        for lesson in lessons:
            meta, body = read_source(lesson)
            assert meta["reflection"], lesson
            assert meta["knowledge_check"]["question"], lesson
            assert len(body.split()) > 200, lesson


def _counts():
    return (
        ModulePage.objects.count(),
        LessonPage.objects.count(),
        PathwayPage.objects.count(),
        ModulePage.objects.filter(title="Trust as infrastructure").count(),
    )


@pytest.mark.parametrize(
    ("file", "content", "message"),
    [
        (
            "trust-as-infrastructure/module.md",
            MODULE.replace("order: 1", "order: abc").encode(),
            "module.md: 'order' must be a whole number, not 'abc'.",
        ),
        (
            "trust-as-infrastructure/module.md",
            MODULE.replace("estimated_minutes: 45", "estimated_minutes: [1, 2]")
            .replace("title: Trust as infrastructure", "title: Trust again")
            .encode(),
            "module.md: 'estimated_minutes' must be a whole number",
        ),
        (
            "trust-as-infrastructure/module.md",
            MODULE.replace("- code: TR.1\n    target_level: 3", "- TR.1").encode(),
            "module.md: a front-matter value has the wrong shape",
        ),
        (
            "trust-as-infrastructure/01-two-kinds-of-trust.md",
            LESSON.format(title="Café des élus", body="Plain.").encode("latin-1"),
            "01-two-kinds-of-trust.md: not UTF-8 text (bad byte at position",
        ),
        (
            "trust-as-infrastructure/02-repairing-trust.md",
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xfe",
            "02-repairing-trust.md: not UTF-8 text",
        ),
        (
            "trust-as-infrastructure/02-repairing-trust.md",
            LESSON.format(title="Repairing", body="Say it.\x00 Then act.").encode(),
            "02-repairing-trust.md: line 18 contains a control character",
        ),
        (
            "pathways/new-county-director.md",
            PATHWAY.replace(
                "modules:\n  - trust-as-infrastructure", "modules: 7"
            ).encode(),
            "new-county-director.md: a front-matter value has the wrong shape",
        ),
        (
            "trust-as-infrastructure/module.md",
            MODULE.replace(
                "title: Trust as infrastructure", 'title: "Trust\\0 again"'
            ).encode(),
            "module.md: front matter 'title' contains a control character",
        ),
        (
            "trust-as-infrastructure/module.md",
            MODULE.replace(
                "title: Trust as infrastructure", 'title: "Trust \\ud800 again"'
            ).encode(),
            "module.md: front matter 'title' contains a control character",
        ),
        (
            "trust-as-infrastructure/module.md",
            MODULE.replace(
                "title: Trust as infrastructure",
                "title: Trust\nbomb: &a [x, x]\nmore: [*a, *a]",
            ).encode(),
            "module.md: front matter is not valid YAML (anchors and aliases",
        ),
        (
            "trust-as-infrastructure/module.md",
            MODULE.replace(
                "title: Trust as infrastructure",
                "title: Trust\ndeep: " + "[" * 5000 + "]" * 5000,
            ).encode(),
            "module.md: front matter is not valid YAML (the YAML is nested too deeply",
        ),
    ],
)
def test_a_bad_source_file_stops_the_command_with_one_line_and_changes_nothing(
    tmp_path, home_page, trust_competency, file, content, message
):
    root = _write(tmp_path)
    call_command("import_curriculum", str(root))
    before = _counts()
    lesson_titles = sorted(LessonPage.objects.values_list("title", flat=True))
    (root / "trust-as-infrastructure" / "03-new-lesson.md").write_text(
        LESSON.format(title="A lesson that must not appear", body="New.")
    )
    (root / file).write_bytes(content)

    with pytest.raises(CommandError) as error:
        call_command("import_curriculum", str(root))

    assert message in str(error.value)
    assert "\n" not in str(error.value)
    assert _counts() == before
    assert sorted(LessonPage.objects.values_list("title", flat=True)) == lesson_titles


def test_a_source_file_over_the_size_limit_is_refused(
    tmp_path, home_page, trust_competency
):
    root = _write(tmp_path)
    big = root / "trust-as-infrastructure" / "02-repairing-trust.md"
    big.write_text(LESSON.format(title="Long", body="x" * (5 * 1024 * 1024)))
    with pytest.raises(CommandError, match="larger than 5 MB"):
        call_command("import_curriculum", str(root))
    assert LessonPage.objects.count() == 0
