from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from academy.models import AnswerChoice, QuestionAnswer
from curriculum.content_import import CurriculumImportError, curriculum_import
from curriculum.models import (
    LessonPage,
    ModulePage,
    PathwayPage,
    Question,
    QuestionChoice,
    ResourceLibraryPage,
)
from curriculum.models.guides import GuidePage
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
check:
  questions: 4
  pass: 3
---
Trust is what lets partners move fast.
"""

LESSON = """\
---
title: {title}
estimated_minutes: 20
sources:
  - title: Trust between partners
    publisher: Example Institute
    authors: "Ana Reyes; Ben Ode"
    year: 2021
    url: https://example.org/trust
case_study:
  title: A coalition formed in a hurry
  kind: real
  body: Volunteers bought **meals** from restaurants.
reflection: Which partner do you trust most?
knowledge_checks:
  - key: {prefix}-late-payments
    type: scenario
    seat: community
    scenario: >-
      You lead a 40-person CBO. The county pays your invoices ninety days late.
    question: What do you raise first with the county director?
    competencies: [TR.1]
    choices:
      - text: A joint event for both staffs
        feedback: Warmth helps, but it does not change the payment record.
      - text: The payment record and a date to fix it
        correct: true
        feedback: Kept promises are what transactional trust grows from.
      - text: None of the above
        pin: last
        feedback: One of the other choices fits the situation.
    explanation: Transactional trust grows from a record of promises kept.
  - key: {prefix}-kinds
    type: single
    question: Which trust grows from kept promises?
    competencies: [TR.1]
    choices:
      - text: Relational
        feedback: Relational trust grows from shared experience.
      - text: Transactional
        correct: true
        feedback: A record of promises kept builds it.
    explanation: A record of promises kept.
  - key: {prefix}-signs
    type: multiple
    question: Which are signs of transactional trust?
    competencies: [TR.1, TR.2]
    choices:
      - text: Invoices paid on time
        correct: true
        feedback: A promise kept, on record.
      - text: Data delivered when agreed
        correct: true
        feedback: A promise kept, on record.
      - text: Directors who are old friends
        feedback: That is relational trust.
    explanation: Both are promises kept, which partners can count on.
---
## Two kinds of trust

{body}
"""

LEGACY_LESSON = """\
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


def lesson(title="Two trusts", body="Relational and transactional.", prefix="kinds"):
    return LESSON.format(title=title, body=body, prefix=prefix)


def _write(
    root: Path, *, lesson_body="Relational and transactional.", title="Two trusts"
):
    module = root / "trust-as-infrastructure"
    module.mkdir(parents=True, exist_ok=True)
    (module / "module.md").write_text(MODULE)
    (module / "01-two-kinds-of-trust.md").write_text(lesson(title, lesson_body))
    (module / "02-repairing-trust.md").write_text(
        lesson("Repairing trust", "Say what went wrong.", prefix="repair")
    )
    (root / "pathways").mkdir(exist_ok=True)
    (root / "pathways" / "new-county-director.md").write_text(PATHWAY)
    return root


def _edit(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text()
    assert old in text, old
    path.write_text(text.replace(old, new, count))


@pytest.fixture
def trust_competency(framework):
    domain = DomainFactory(framework=framework, code="TR")
    CompetencyFactory(domain=domain, code="TR.2")
    return CompetencyFactory(domain=domain, code="TR.1")


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
    assert (module.check_questions, module.check_pass_mark) == (4, 3)
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
    ]
    case = lessons[0].body[1].value
    assert case["kind"] == "real"
    assert "<strong>meals</strong>" in case["body"].source
    pathway = PathwayPage.objects.get()
    assert [pm.module for pm in pathway.pathway_modules.all()] == [module]
    # An explicit order, so PostgreSQL cannot return them shuffled.
    assert [pm.sort_order for pm in pathway.pathway_modules.all()] == [0]
    assert [t.sort_order for t in module.competency_targets.all()] == [0]


def test_knowledge_checks_become_bank_questions_with_every_detail(
    tmp_path, home_page, trust_competency
):
    curriculum_import(directory=_write(tmp_path))
    first = LessonPage.objects.get(slug="two-kinds-of-trust")
    questions = list(Question.objects.filter(lesson=first).order_by("sort_order"))
    assert [(q.key, q.kind) for q in questions] == [
        ("kinds-late-payments", "scenario"),
        ("kinds-kinds", "single"),
        ("kinds-signs", "multiple"),
    ]
    scenario = questions[0]
    assert scenario.module.specific == first.get_parent().specific
    assert scenario.seat == "community"
    assert scenario.scenario.startswith("You lead a 40-person CBO.")
    assert scenario.prompt == "What do you raise first with the county director?"
    assert scenario.explanation.startswith("Transactional trust grows")
    assert [c.code for c in scenario.competencies.all()] == ["TR.1"]
    choices = list(scenario.choices.order_by("sort_order"))
    assert [(c.correct, c.pin_last) for c in choices] == [
        (False, False),
        (True, False),
        (False, True),
    ]
    assert choices[1].feedback == (
        "Kept promises are what transactional trust grows from."
    )
    assert sorted(c.code for c in questions[2].competencies.all()) == ["TR.1", "TR.2"]
    assert [c.correct for c in questions[2].choices.order_by("sort_order")] == [
        True,
        True,
        False,
    ]
    assert Question.objects.filter(active=True).count() == 6


def test_lesson_page_lists_its_sources_and_says_the_case_is_real(
    client, tmp_path, home_page, trust_competency
):
    curriculum_import(directory=_write(tmp_path))
    page = LessonPage.objects.get(slug="two-kinds-of-trust")

    html = client.get(page.url).content.decode()

    assert '<h2 id="sources-title">Sources</h2>' in html
    assert '<a href="https://example.org/trust">Trust between partners</a>' in html
    assert "Ana Reyes; Ben Ode. Example Institute, 2021." in html
    assert "Case study · a real case" in html


def test_rerunning_updates_the_same_pages_and_keeps_block_ids(
    tmp_path, home_page, trust_competency
):
    curriculum_import(directory=_write(tmp_path))
    lesson_page = LessonPage.objects.get(slug="two-kinds-of-trust")
    ids = [b.id for b in lesson_page.body]

    again = curriculum_import(directory=_write(tmp_path))
    assert again.created == []
    assert again.updated == []

    changed = curriculum_import(
        directory=_write(
            tmp_path, lesson_body="Now with more detail.", title="Trust x2"
        )
    )
    assert changed.updated == ["lesson two-kinds-of-trust"]
    lesson_page = LessonPage.objects.get(slug="two-kinds-of-trust")
    assert lesson_page.title == "Trust x2"
    assert "Now with more detail." in lesson_page.body[0].value
    assert [b.id for b in lesson_page.body] == ids
    assert LessonPage.objects.count() == 2


def _answer(learner, question: Question, choice: QuestionChoice) -> QuestionAnswer:
    answer = QuestionAnswer.objects.create(
        user=learner,
        question=question,
        lesson=question.lesson,
        question_text=question.prompt,
        response_text=choice.text,
        correct=choice.correct,
    )
    AnswerChoice.objects.create(answer=answer, choice=choice)
    return answer


def test_reimport_keeps_question_and_choice_ids_and_answers_and_updates_texts(
    tmp_path, home_page, trust_competency, learner
):
    root = _write(tmp_path)
    curriculum_import(directory=root)
    question = Question.objects.get(key="kinds-kinds")
    right = question.choices.get(correct=True)
    answer = _answer(learner, question, right)
    question_ids = sorted(Question.objects.values_list("pk", flat=True))
    choice_ids = sorted(QuestionChoice.objects.values_list("pk", flat=True))

    source = root / "trust-as-infrastructure" / "01-two-kinds-of-trust.md"
    _edit(
        source,
        "Which trust grows from kept promises?",
        "Which trust do kept promises build?",
    )
    _edit(source, "- text: Transactional\n", "- text: Transactional trust\n")
    curriculum_import(directory=root)

    assert sorted(Question.objects.values_list("pk", flat=True)) == question_ids
    assert sorted(QuestionChoice.objects.values_list("pk", flat=True)) == choice_ids
    question.refresh_from_db()
    right.refresh_from_db()
    assert question.prompt == "Which trust do kept promises build?"
    assert right.text == "Transactional trust"
    answer.refresh_from_db()
    assert answer.question_id == question.pk
    assert [p.choice_id for p in answer.picks.all()] == [right.pk]


def test_a_moved_choice_keeps_its_id_so_picks_stay_with_their_answer(
    tmp_path, home_page, trust_competency, learner
):
    root = _write(tmp_path)
    curriculum_import(directory=root)
    question = Question.objects.get(key="kinds-kinds")
    ids = {c.text: c.pk for c in question.choices.all()}
    source = root / "trust-as-infrastructure" / "01-two-kinds-of-trust.md"
    text = source.read_text()
    relational = (
        "      - text: Relational\n"
        "        feedback: Relational trust grows from shared experience.\n"
    )
    start = text.index(relational)
    end = text.index("    explanation: A record of promises kept.")
    source.write_text(
        text[:start] + text[start + len(relational) : end] + relational + text[end:]
    )

    curriculum_import(directory=root)

    assert [(c.text, c.pk) for c in question.choices.order_by("sort_order")] == [
        ("Transactional", ids["Transactional"]),
        ("Relational", ids["Relational"]),
    ]


def test_a_question_removed_from_the_source_is_retired_and_its_answers_kept(
    tmp_path, home_page, trust_competency, learner
):
    root = _write(tmp_path)
    curriculum_import(directory=root)
    question = Question.objects.get(key="repair-signs")
    answer = _answer(learner, question, question.choices.first())
    source = root / "trust-as-infrastructure" / "02-repairing-trust.md"
    text = source.read_text()
    source.write_text(text[: text.index("  - key: repair-signs")] + "---\nBody.\n")

    curriculum_import(directory=root)

    question.refresh_from_db()
    assert not question.active
    assert QuestionAnswer.objects.filter(pk=answer.pk, question=question).exists()
    assert AnswerChoice.objects.filter(answer=answer).count() == 1
    assert Question.objects.filter(active=True).count() == 5

    curriculum_import(directory=_write(tmp_path))
    question.refresh_from_db()
    assert question.active


def test_the_earlier_single_knowledge_check_still_imports(
    tmp_path, home_page, trust_competency
):
    root = _write(tmp_path)
    (root / "trust-as-infrastructure" / "02-repairing-trust.md").write_text(
        LEGACY_LESSON.format(title="Repairing trust", body="Say what went wrong.")
    )

    curriculum_import(directory=root)

    question = Question.objects.get(lesson__slug="repairing-trust")
    assert question.key == "repairing-trust-1"
    assert question.kind == "single"
    assert question.prompt == "Which trust grows from kept promises?"
    assert [(c.text, c.correct) for c in question.choices.order_by("sort_order")] == [
        ("Transactional", True),
        ("Relational", False),
    ]
    case = LessonPage.objects.get(slug="repairing-trust").body[1].value
    assert case["kind"] == ""


def test_pathway_lists_modules_to_take_first_and_guides_fill_the_library(
    tmp_path, home_page, trust_competency
):
    root = _write(tmp_path)
    first = root / "shared-purpose"
    first.mkdir()
    (first / "module.md").write_text(
        MODULE.replace("Trust as infrastructure", "Shared purpose")
        .replace("order: 1", "order: 0")
        .replace("check:\n  questions: 4\n  pass: 3\n", "")
    )
    _edit(
        root / "pathways" / "new-county-director.md",
        "---\nFor directors",
        "before_you_start:\n  - module: shared-purpose\n"
        "    why: It sets the goals trust serves.\n---\nFor directors",
    )
    (root / "guides").mkdir()
    (root / "guides" / "mentor-guide.md").write_text(
        "---\ntitle: Mentor guide\norder: 2\nkind: guide\nsummary: For mentors.\n"
        "audience: Mentors\n---\n## Before the first meeting\n\nRead the agreement.\n"
    )
    (root / "guides" / "cohort-agenda.md").write_text(
        "---\ntitle: Cohort agenda\norder: 1\nkind: agenda\nsummary: Day one.\n---\n"
        "Welcome.\n"
    )

    report = curriculum_import(directory=root)

    assert "pathway new-county-director" in report.created
    assert report.created[-2:] == ["guide cohort-agenda", "guide mentor-guide"]
    pathway = PathwayPage.objects.get()
    [block] = pathway.before_you_start
    assert block.value["module"].slug == "shared-purpose"
    assert block.value["why"] == "It sets the goals trust serves."
    library = ResourceLibraryPage.objects.get()
    guides = GuidePage.objects.child_of(library).order_by("path")
    assert [(g.slug, g.kind, g.live) for g in guides] == [
        ("cohort-agenda", "agenda", True),
        ("mentor-guide", "guide", True),
    ]
    assert guides[1].audience == "Mentors"
    assert "Read the agreement." in guides[1].body[0].value

    again = curriculum_import(directory=root)
    assert again.created == again.updated == []


def test_unknown_competency_names_the_file_and_saves_nothing(
    tmp_path, home_page, framework
):
    with pytest.raises(CurriculumImportError, match="module.md: competency 'TR.1'"):
        curriculum_import(directory=_write(tmp_path))
    assert ModulePage.objects.count() == 0


def test_command_reports_a_file_without_front_matter(
    tmp_path, home_page, trust_competency
):
    root = _write(tmp_path)
    (root / "trust-as-infrastructure" / "03-broken.md").write_text("Just text\n")
    with pytest.raises(CommandError, match="03-broken.md: no front matter"):
        call_command("import_curriculum", str(root))
    assert ModulePage.objects.count() == 0


LESSON_ONE = "trust-as-infrastructure/01-two-kinds-of-trust.md"
MODULE_FILE = "trust-as-infrastructure/module.md"


@pytest.mark.parametrize(
    ("file", "old", "new", "message"),
    [
        (
            LESSON_ONE,
            "type: single",
            "type: essay",
            "01-two-kinds-of-trust.md: question 'kinds-kinds': 'type' must be "
            "single, multiple or scenario, not 'essay'.",
        ),
        (
            LESSON_ONE,
            "- text: Relational\n",
            "- text: Relational\n        correct: true\n",
            "01-two-kinds-of-trust.md: question 'kinds-kinds' needs exactly one "
            "correct choice.",
        ),
        (
            LESSON_ONE,
            "- text: A joint event for both staffs\n",
            "- text: A joint event for both staffs\n        correct: true\n",
            "01-two-kinds-of-trust.md: question 'kinds-late-payments' needs exactly "
            "one correct choice.",
        ),
        (
            LESSON_ONE,
            "- text: Directors who are old friends\n",
            "- text: Directors who are old friends\n        correct: true\n",
            "01-two-kinds-of-trust.md: question 'kinds-signs': a 'choose all that "
            "apply' question needs at least one correct and one wrong choice.",
        ),
        (
            LESSON_ONE,
            "key: kinds-signs",
            "key: kinds-kinds",
            "01-two-kinds-of-trust.md: question 'kinds-kinds': the key is used "
            "twice in the module.",
        ),
        (
            "trust-as-infrastructure/02-repairing-trust.md",
            "key: repair-kinds",
            "key: kinds-kinds",
            "02-repairing-trust.md: question 'kinds-kinds': the key is used twice "
            "in the module.",
        ),
        (
            LESSON_ONE,
            "competencies: [TR.1, TR.2]",
            "competencies: [TR.1, XX.9]",
            "01-two-kinds-of-trust.md: question 'kinds-signs': competency 'XX.9' is "
            "not in the framework.",
        ),
        (
            MODULE_FILE,
            "pass: 3",
            "pass: 5",
            "module.md: the check's 'pass' must be between 1 and its 4 questions, "
            "not 5.",
        ),
        (
            MODULE_FILE,
            "questions: 4\n  pass: 3",
            "questions: 7\n  pass: 3",
            "module.md: the check draws 7 questions but the module's bank holds 6.",
        ),
        (
            LESSON_ONE,
            "kind: real",
            "kind: invented",
            "01-two-kinds-of-trust.md: case_study 'kind' must be 'real' or "
            "'composite', not 'invented'.",
        ),
        (
            LESSON_ONE,
            "  - title: Trust between partners\n",
            "  - url: https://example.org/no-title\n",
            "01-two-kinds-of-trust.md: every source needs a title.",
        ),
        (
            LESSON_ONE,
            '    publisher: Example Institute\n    authors: "Ana Reyes; Ben Ode"\n',
            "",
            "01-two-kinds-of-trust.md: source 'Trust between partners' needs a "
            "publisher or authors.",
        ),
    ],
)
def test_a_broken_rule_stops_the_import_with_one_line_naming_the_file(
    tmp_path, home_page, trust_competency, file, old, new, message
):
    root = _write(tmp_path)
    _edit(root / file, old, new)

    with pytest.raises(CommandError) as error:
        call_command("import_curriculum", str(root))

    assert message in str(error.value)
    assert str(root / file) in str(error.value)
    assert "\n" not in str(error.value)
    assert ModulePage.objects.count() == 0
    assert Question.objects.count() == 0


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
            lesson("Café des élus", "Plain.").encode("latin-1"),
            "01-two-kinds-of-trust.md: not UTF-8 text (bad byte at position",
        ),
        (
            "trust-as-infrastructure/02-repairing-trust.md",
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xfe",
            "02-repairing-trust.md: not UTF-8 text",
        ),
        (
            "trust-as-infrastructure/02-repairing-trust.md",
            LEGACY_LESSON.format(
                title="Repairing", body="Say it.\x00 Then act."
            ).encode(),
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
        lesson("A lesson that must not appear", "New.", prefix="new")
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
    big.write_text(lesson("Long", "x" * (5 * 1024 * 1024), prefix="repair"))
    with pytest.raises(CommandError, match="larger than 5 MB"):
        call_command("import_curriculum", str(root))
    assert LessonPage.objects.count() == 0
