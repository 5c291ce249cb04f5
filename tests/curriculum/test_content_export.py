from pathlib import Path

import pytest
from django.core.management import call_command

from curriculum.content_export import curriculum_export
from curriculum.content_import import curriculum_import, read_source
from curriculum.data import shipped_framework_path, starter_curriculum_path
from curriculum.models import LessonPage, ModulePage, Question, QuestionChoice
from tests.curriculum.factories import CompetencyFactory, DomainFactory
from tests.curriculum.test_content_import import MODULE, PATHWAY, lesson

pytestmark = pytest.mark.django_db

BANK_ONLY = """\
knowledge_checks:
  - key: module-review
    type: scenario
    seat: health
    scenario: >-
      You run care management at a health plan. A CBO partner says referrals
      arrive with no notice.
    question: What do you change first?
    competencies: [TR.2]
    choices:
      - text: Agree a referral notice with the CBO
        correct: true
        feedback: It fixes the broken promise where it happens.
      - text: Send a survey to every partner
        feedback: It delays the fix the partner asked for.
      - text: Something else
        pin: last
        feedback: One of the first two fits.
    explanation: >-
      Repair starts with the promise that broke.

      Then it moves to the rest of the relationship.
---
"""

GOALS_MODULE = """\
---
title: Shared purpose
order: 0
summary: Agree on what partners want.
estimated_minutes: 30
sector_focus: public
audience: County directors.
outcomes:
  - Name a shared outcome
  - Hold partners to it
competencies:
  - code: TR.2
    target_level: 2
prerequisites: []
---
Start from the outcome people want.
"""

COMPOSITE_LESSON = """\
---
title: One plan instead of many
estimated_minutes: 15
sources:
  - title: Plans that partners share
    authors: Dana Ruiz
    year: 2019
case_study:
  title: A county and three CBOs
  kind: composite
  body: |-
    This is a composite drawn from several counties.

    - One plan
    - One [shared](https://example.org/plan) table
knowledge_checks:
  - key: plan-one
    type: single
    question: Why one plan?
    competencies: [TR.1]
    choices:
      - text: Fewer reports
        feedback: A side effect, not the reason.
      - text: One direction for all partners
        correct: true
        feedback: The point of the plan.
      - text: Lower cost
        feedback: Not always true.
    explanation: A shared plan points partners the same way.
---
## One plan

Partners agree on **one** plan.

| Partner | Role |
| --- | --- |
| County | Funds |
"""


def _shipped_like(root: Path) -> Path:
    trust = root / "trust-as-infrastructure"
    trust.mkdir(parents=True)
    (trust / "module.md").write_text(
        MODULE.replace(
            "prerequisites: []", "prerequisites:\n  - shared-purpose"
        ).replace("---\nTrust is", BANK_ONLY + "Trust is")
    )
    (trust / "01-two-kinds-of-trust.md").write_text(lesson())
    (trust / "02-repairing-trust.md").write_text(
        lesson("Repairing trust", "Say what went wrong.", prefix="repair")
    )
    goals = root / "shared-purpose"
    goals.mkdir()
    (goals / "module.md").write_text(GOALS_MODULE)
    (goals / "01-one-plan.md").write_text(COMPOSITE_LESSON)
    (root / "pathways").mkdir()
    (root / "pathways" / "new-county-director.md").write_text(
        PATHWAY.replace(
            "---\nFor directors",
            "before_you_start:\n  - module: shared-purpose\n"
            "    why: It sets the goals trust serves.\n---\nFor directors",
        )
    )
    (root / "guides").mkdir()
    (root / "guides" / "mentor-guide.md").write_text(
        "---\ntitle: Mentor guide\nkind: guide\nsummary: For mentors.\n"
        "audience: Mentors\n---\n## Before the first meeting\n\nRead the agreement.\n"
    )
    (root / "guides" / "cohort-agenda.md").write_text(
        "---\ntitle: 'Cohort agenda: day one'\nkind: agenda\nsummary: Day one.\n---\n"
        "Welcome.\n"
    )
    return root


@pytest.fixture
def competencies(framework):
    domain = DomainFactory(framework=framework, code="TR")
    CompetencyFactory(domain=domain, code="TR.1")
    CompetencyFactory(domain=domain, code="TR.2")


def _bank():
    return {
        q.key: (q.pk, q.active, [c.pk for c in q.choices.order_by("sort_order")])
        for q in Question.objects.all()
    }


def test_export_then_import_changes_nothing_and_keeps_question_ids(
    tmp_path, home_page, competencies
):
    first = curriculum_import(directory=_shipped_like(tmp_path / "source"))
    bank = _bank()
    choices = QuestionChoice.objects.count()

    report = curriculum_export(directory=tmp_path / "export")
    again = curriculum_import(directory=tmp_path / "export")

    assert len(report.written) == 8
    assert report.skipped == []
    assert again.created == []
    assert again.updated == []
    assert sorted(again.unchanged) == sorted(first.created)
    assert _bank() == bank
    assert all(active for _, active, _ in bank.values())
    assert QuestionChoice.objects.count() == choices


def test_export_writes_the_importers_layout_and_front_matter(
    tmp_path, home_page, competencies
):
    curriculum_import(directory=_shipped_like(tmp_path / "source"))

    curriculum_export(directory=tmp_path / "export")

    out = tmp_path / "export"
    assert sorted(p.name for p in (out / "trust-as-infrastructure").iterdir()) == [
        "01-two-kinds-of-trust.md",
        "02-repairing-trust.md",
        "module.md",
    ]
    module, intro = read_source(out / "trust-as-infrastructure" / "module.md")
    assert intro == "Trust is what lets partners move fast."
    assert module["order"] == 2
    assert module["prerequisites"] == ["shared-purpose"]
    assert module["check"] == {"questions": 4, "pass": 3}
    assert module["competencies"] == [{"code": "TR.1", "target_level": 3}]
    [review] = module["knowledge_checks"]
    assert review["key"] == "module-review"
    assert review["seat"] == "health"
    assert review["choices"][2] == {
        "text": "Something else",
        "pin": "last",
        "feedback": "One of the first two fits.",
    }
    meta, body = read_source(
        out / "trust-as-infrastructure" / "01-two-kinds-of-trust.md"
    )
    assert body.startswith("## Two kinds of trust")
    assert meta["sources"] == [
        {
            "title": "Trust between partners",
            "authors": "Ana Reyes; Ben Ode",
            "publisher": "Example Institute",
            "year": 2021,
            "url": "https://example.org/trust",
        }
    ]
    assert meta["case_study"]["kind"] == "real"
    assert meta["reflection"] == "Which partner do you trust most?"
    assert [q["key"] for q in meta["knowledge_checks"]] == [
        "kinds-late-payments",
        "kinds-kinds",
        "kinds-signs",
    ]
    assert meta["knowledge_checks"][2]["competencies"] == ["TR.1", "TR.2"]
    pathway, _ = read_source(out / "pathways" / "new-county-director.md")
    assert pathway["modules"] == ["trust-as-infrastructure"]
    assert pathway["before_you_start"] == [
        {"module": "shared-purpose", "why": "It sets the goals trust serves."}
    ]
    guide, _ = read_source(out / "guides" / "cohort-agenda.md")
    assert (guide["title"], guide["kind"]) == ("Cohort agenda: day one", "agenda")


def test_a_case_study_edited_in_the_admin_comes_back_unchanged(
    tmp_path, home_page, competencies
):
    curriculum_import(directory=_shipped_like(tmp_path / "source"))
    page = LessonPage.objects.get(slug="one-plan")
    edited = (
        '<p data-block-key="a1b2c">Read the <a linktype="page" id="3">plan</a>.</p>'
        '<ul><li data-block-key="d4e5f"><b>One</b> table</li></ul>'
    )
    raw = page.body.raw_data
    for block in raw:
        if block["type"] == "case_study":
            block["value"]["body"] = edited
    page.body = raw
    page.save_revision().publish()

    curriculum_export(directory=tmp_path / "export")
    again = curriculum_import(directory=tmp_path / "export")

    assert again.updated == []
    case = LessonPage.objects.get(slug="one-plan").body[1].value
    assert case["body"].source == edited


def test_command_writes_the_folder_and_says_how_many_files(
    tmp_path, home_page, competencies, capsys
):
    curriculum_import(directory=_shipped_like(tmp_path / "source"))

    call_command("export_curriculum", str(tmp_path / "export"))

    assert "8 files written." in capsys.readouterr().out
    assert (tmp_path / "export" / "shared-purpose" / "01-one-plan.md").is_file()
    assert ModulePage.objects.count() == 2


def test_the_shipped_curriculum_survives_an_export_and_import(tmp_path, home_page):
    call_command("import_framework", str(shipped_framework_path()))
    first = curriculum_import(directory=starter_curriculum_path())
    bank = _bank()

    curriculum_export(directory=tmp_path / "export")
    again = curriculum_import(directory=tmp_path / "export")

    assert again.created == []
    assert again.updated == []
    assert sorted(again.unchanged) == sorted(first.created)
    assert _bank() == bank


def test_report_names_blocks_left_out_and_files_no_longer_on_the_site(
    tmp_path, home_page, competencies
):
    curriculum_import(directory=_shipped_like(tmp_path / "source"))
    page = LessonPage.objects.get(slug="one-plan")
    page.body = [
        *page.body.raw_data,
        {"type": "embed", "value": "https://example.org/video"},
    ]
    page.save_revision().publish()
    out = tmp_path / "export"
    (out / "shared-purpose").mkdir(parents=True)
    old = out / "shared-purpose" / "02-an-old-lesson.md"
    old.write_text("---\ntitle: Gone\n---\nGone.\n")
    (out / "shared-purpose" / "notes.md").write_text("Not curriculum.\n")

    report = curriculum_export(directory=out)

    assert report.skipped == ["lesson one-plan: embed block"]
    assert report.stale == [str(old)]
    assert "no longer on the site" in str(report)
