"""Write the live curriculum back to the Markdown folder the importer reads.

The layout and front matter are those of ``content_import``: one folder per module
with ``module.md`` and ``NN-lesson-slug.md``, ``pathways/<slug>.md`` and
``guides/<slug>.md``. Markdown blocks go back as Markdown; a case study's rich text
stays HTML, which the importer takes unchanged. Blocks the format has no place for
(images, embeds, downloads) are left out and listed in the report.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .content_import import LESSON_FILE
from .models import (
    CurriculumIndexPage,
    LessonPage,
    ModulePage,
    PathwayPage,
    Question,
    ResourceLibraryPage,
)
from .models.guides import GuidePage


@dataclass
class CurriculumExportReport:
    written: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    stale: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        text = f"{len(self.written)} files written."
        if self.skipped:
            text += " Left out (no place in the format): " + "; ".join(self.skipped)
        if self.stale:
            text += (
                " Already in the folder but no longer on the site (delete them "
                "before importing): " + "; ".join(self.stale)
            )
        return text


class _Dumper(yaml.SafeDumper):
    """Dump YAML the importer reads: no aliases, long text as readable blocks."""

    def ignore_aliases(self, data):
        return True

    def increase_indent(self, flow=False, indentless=False):
        # Indent lists under their key, as the shipped files are written.
        return super().increase_indent(flow, False)


def _str_representer(dumper, text: str):
    if "\n" in text:
        style = "|"
    elif len(text) > 60 and text == text.strip() and "  " not in text:
        style = ">"
    else:
        style = None
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=style)


_Dumper.add_representer(str, _str_representer)


def _front_matter(meta: dict, body: str) -> str:
    head = yaml.dump(
        meta, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=88
    )
    return f"---\n{head}---\n{body.strip()}\n"


def _markdown(stream, label: str, report: CurriculumExportReport) -> str:
    """Join a stream's Markdown blocks; rich text paragraphs go in as HTML."""
    parts = []
    for block in stream:
        if block.block_type == "markdown":
            parts.append(str(block.value).strip())
        elif block.block_type == "paragraph":
            parts.append(block.value.source.strip())
        elif block.block_type not in ("case_study", "reflection"):
            report.skipped.append(f"{label}: {block.block_type} block")
    return "\n\n".join(part for part in parts if part)


def _question(question: Question) -> dict:
    data: dict = {"key": question.key, "type": question.kind}
    if question.seat:
        data["seat"] = question.seat
    if question.scenario:
        data["scenario"] = question.scenario
    data["question"] = question.prompt
    codes = [c.code for c in question.competencies.all()]
    if codes:
        data["competencies"] = codes
    choices = []
    for choice in question.choices.order_by("sort_order", "pk"):
        entry: dict = {"text": choice.text}
        if choice.correct:
            entry["correct"] = True
        if choice.pin_last:
            entry["pin"] = "last"
        if choice.feedback:
            entry["feedback"] = choice.feedback
        choices.append(entry)
    data["choices"] = choices
    if question.explanation:
        data["explanation"] = question.explanation
    return data


def _questions(module: ModulePage, lesson: LessonPage | None) -> list[dict]:
    found = (
        Question.objects.filter(module=module, lesson=lesson, active=True)
        .prefetch_related("competencies")
        .order_by("sort_order", "pk")
    )
    return [_question(q) for q in found]


def _source(value) -> dict:
    entry = {"title": value["title"]}
    for name in ("authors", "publisher", "year", "url"):
        if value.get(name):
            entry[name] = value[name]
    return entry


def _lesson(lesson: LessonPage, module: ModulePage, report) -> tuple[dict, str]:
    meta: dict = {"title": lesson.title, "estimated_minutes": lesson.estimated_minutes}
    sources = [_source(block.value) for block in lesson.sources]
    if sources:
        meta["sources"] = sources
    for block in lesson.body:
        if block.block_type == "case_study":
            case = {"title": block.value["title"]}
            if block.value.get("kind"):
                case["kind"] = block.value["kind"]
            case["body"] = block.value["body"].source
            meta["case_study"] = case
        elif block.block_type == "reflection":
            meta["reflection"] = block.value["prompt"]
    checks = _questions(module, lesson)
    if checks:
        meta["knowledge_checks"] = checks
    return meta, _markdown(lesson.body, f"lesson {lesson.slug}", report)


def _module(module: ModulePage, order: int, report) -> tuple[dict, str]:
    meta: dict = {
        "order": order,
        "title": module.title,
        "summary": module.summary,
        "estimated_minutes": module.estimated_minutes,
        "sector_focus": module.sector_focus,
        "audience": module.audience,
        "outcomes": [str(block.value) for block in module.outcomes],
        "competencies": [
            {"code": t.competency.code, "target_level": t.target_level}
            for t in module.competency_targets.select_related("competency").order_by(
                "sort_order", "pk"
            )
        ],
        "prerequisites": [
            p.slug for p in module.prerequisites.order_by("path").only("slug")
        ],
    }
    if module.image_id:
        report.skipped.append(f"module {module.slug}: image")
    if module.check_questions:
        meta["check"] = {
            "questions": module.check_questions,
            "pass": module.check_pass_mark,
        }
    bank_only = _questions(module, None)
    if bank_only:
        meta["knowledge_checks"] = bank_only
    return meta, _markdown(module.introduction, f"module {module.slug}", report)


def _pathway(pathway: PathwayPage, report) -> tuple[dict, str]:
    meta: dict = {
        "title": pathway.title,
        "role": pathway.role,
        "modules": [
            pm.module.slug
            for pm in pathway.pathway_modules.select_related("module").order_by(
                "sort_order", "pk"
            )
        ],
    }
    first = [
        {"module": block.value["module"].slug, "why": block.value["why"]}
        for block in pathway.before_you_start
        if block.value["module"] is not None
    ]
    if first:
        meta["before_you_start"] = first
    return meta, _markdown(pathway.introduction, f"pathway {pathway.slug}", report)


def _guide(guide: GuidePage, order: int, report) -> tuple[dict, str]:
    meta = {
        "title": guide.title,
        "order": order,
        "kind": guide.kind,
        "summary": guide.summary,
        "audience": guide.audience,
    }
    return meta, _markdown(guide.body, f"guide {guide.slug}", report)


def _write(path: Path, meta: dict, body: str, report) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(_front_matter(meta, body), encoding="utf-8")
    report.written.append(str(path))


def curriculum_export(*, directory: Path) -> CurriculumExportReport:
    """Write the live modules, lessons, pathways and guides as a Markdown folder."""
    directory = Path(directory)
    report = CurriculumExportReport()
    index = CurriculumIndexPage.objects.first()
    if index is not None:
        modules = ModulePage.objects.live().child_of(index).order_by("path")
        for order, module in enumerate(modules, start=1):
            folder = directory / module.slug
            _write(folder / "module.md", *_module(module, order, report), report)
            lessons = LessonPage.objects.live().child_of(module).order_by("path")
            for number, lesson in enumerate(lessons, start=1):
                name = f"{number:02d}-{lesson.slug}.md"
                _write(folder / name, *_lesson(lesson, module, report), report)
        for pathway in PathwayPage.objects.live().child_of(index).order_by("path"):
            path = directory / "pathways" / f"{pathway.slug}.md"
            _write(path, *_pathway(pathway, report), report)
    library = ResourceLibraryPage.objects.first()
    if library is not None:
        guides = GuidePage.objects.live().child_of(library).order_by("path")
        for order, guide in enumerate(guides, start=1):
            path = directory / "guides" / f"{guide.slug}.md"
            _write(path, *_guide(guide, order, report), report)
    report.stale = sorted(
        str(path)
        for path in directory.glob("*/*.md")
        if str(path) not in report.written
        and (
            path.parent.name in ("pathways", "guides")
            or path.name == "module.md"
            or LESSON_FILE.match(path.name)
        )
    )
    return report
