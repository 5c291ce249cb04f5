"""Import a folder of Markdown with front matter as module, lesson and pathway pages.

Layout: one folder per module (folder name = slug) holding ``module.md`` and lessons
``NN-lesson-slug.md`` in file-name order, plus ``pathways/<slug>.md`` and
``guides/<slug>.md``. Knowledge checks become the module's bank questions, matched by
their key, so re-running the import updates the same rows and learners' answers stay
attached; a question gone from the source is retired, never deleted. Pages keep their
StreamField block ids. ``content_export`` writes the same layout back.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path

import nh3
import yaml
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from wagtail.models import Page, Site

from .interchange.spec import (
    InterchangeError,
    first_bad_text,
    web_address,
    yaml_load_plain,
)
from .markdown import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, markdown_to_html
from .models import (
    Competency,
    CurriculumIndexPage,
    LessonPage,
    ModuleCompetency,
    ModulePage,
    PathwayModule,
    PathwayPage,
    Question,
    QuestionChoice,
    ResourceLibraryPage,
)
from .models.guides import GuideKind, GuidePage
from .selectors import framework_default
from .validators import IMPORT_MAX_BYTES, find_control_character

LESSON_FILE = re.compile(r"^(\d+)-([a-z0-9-]+)\.md$")

# The ids of the questions the module being imported still has.
_seen_questions: ContextVar[set[int]] = ContextVar("seen_questions")


class CurriculumImportError(ValueError):
    """A source file that cannot become a page; the message names the file."""


@dataclass
class CurriculumImportReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        return (
            f"{len(self.created)} pages created, {len(self.updated)} updated, "
            f"{len(self.unchanged)} unchanged."
        )


def _text(path: Path) -> str:
    """Read a source file as UTF-8 text, refusing what no page can hold."""
    try:
        if path.stat().st_size > IMPORT_MAX_BYTES:
            raise CurriculumImportError(
                f"{path}: the file is larger than "
                f"{IMPORT_MAX_BYTES // (1024 * 1024)} MB."
            )
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        raise CurriculumImportError(
            f"{path}: cannot be read ({exc.strerror})."
        ) from None
    except UnicodeDecodeError as exc:
        raise CurriculumImportError(
            f"{path}: not UTF-8 text (bad byte at position {exc.start}); "
            "save it as UTF-8 and try again."
        ) from None
    position = find_control_character(text)
    if position is not None:
        line = text.count("\n", 0, position) + 1
        raise CurriculumImportError(
            f"{path}: line {line} contains a control character "
            f"({text[position]!r}); remove it and try again."
        )
    return text


def read_source(path: Path) -> tuple[dict, str]:
    """Split a Markdown file into its YAML front matter and its body."""
    text = _text(path)
    match = re.match(r"^---\s*\n(.*?)\n---\s*\n?(.*)$", text, re.DOTALL)
    if not match:
        raise CurriculumImportError(f"{path}: no front matter between '---' lines.")
    try:
        meta = yaml_load_plain(match.group(1)) or {}
    except yaml.YAMLError as exc:
        first_line = str(exc).splitlines()[0]
        raise CurriculumImportError(
            f"{path}: front matter is not valid YAML ({first_line})."
        ) from None
    # YAML escapes ("\0", "\ud800") make characters the raw-text check never saw.
    if where := first_bad_text(meta):
        raise CurriculumImportError(
            f"{path}: front matter '{where}' contains a control character; "
            "remove it and try again."
        )
    if not isinstance(meta, dict) or not meta.get("title"):
        raise CurriculumImportError(f"{path}: front matter needs a title.")
    return meta, match.group(2).strip()


def _whole_number(meta: dict, key: str, default: int, source: Path) -> int:
    """Read a front-matter number, naming the file and the key when it is not one."""
    value = meta.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int | str):
        value = repr(value)
    try:
        number = int(value)
    except ValueError:
        raise CurriculumImportError(
            f"{source}: '{key}' must be a whole number, not {value!r}."
        ) from None
    if not 0 <= number <= 100_000:
        raise CurriculumImportError(
            f"{source}: '{key}' must be between 0 and 100000, not {number}."
        )
    return number


@contextmanager
def _reading(source: Path) -> Iterator[None]:
    """Turn a front-matter value of the wrong shape into one line naming the file."""
    try:
        yield
    except CurriculumImportError:
        raise
    except ValidationError as exc:
        # A value the page or question itself refuses (a title over 255
        # characters, an unknown sector): the model says which field and why.
        detail = (
            "; ".join(
                f"{field}: {' '.join(messages)}"
                for field, messages in exc.message_dict.items()
            )
            if hasattr(exc, "error_dict")
            else " ".join(exc.messages)
        )
        raise CurriculumImportError(f"{source}: {detail}") from None
    except (AttributeError, KeyError, OverflowError, TypeError, ValueError) as exc:
        detail = f"missing {exc}" if isinstance(exc, KeyError) else str(exc)
        raise CurriculumImportError(
            f"{source}: a front-matter value has the wrong shape ({detail})."
        ) from None


def _stream(blocks: list[tuple[str, object]], old) -> list[dict]:
    """Build raw stream data, reusing old block ids by type and rank."""
    old_ids: dict[str, list[str]] = {}
    for block in old.raw_data if old else []:
        old_ids.setdefault(block["type"], []).append(block["id"])
    seen: dict[str, int] = {}
    data = []
    for kind, value in blocks:
        rank = seen.get(kind, 0)
        seen[kind] = rank + 1
        ids = old_ids.get(kind, [])
        data.append(
            {
                "type": kind,
                "value": value,
                "id": ids[rank] if rank < len(ids) else str(uuid.uuid4()),
            }
        )
    return data


def _same_stream(old, new: list[dict]) -> bool:
    strip = lambda raw: [(b["type"], b["value"]) for b in raw]  # noqa: E731
    return old is not None and strip(old.raw_data) == strip(new)


def _apply(page: Page, values: dict) -> bool:
    """Set field values on a page; return whether anything changed."""
    changed = False
    for name, value in values.items():
        current = getattr(page, name)
        if isinstance(value, list) and hasattr(current, "raw_data"):
            if _same_stream(current, value):
                continue
        elif current == value:
            continue
        setattr(page, name, value)
        changed = True
    return changed


def _publish(page: Page, parent: Page, *, changed: bool, report, label: str) -> Page:
    if page.pk is None:
        parent.add_child(instance=page)
        page.save_revision().publish()
        report.created.append(label)
    elif changed or page.has_unpublished_changes or not page.live:
        page.save_revision().publish()
        report.updated.append(label)
    else:
        report.unchanged.append(label)
    return page


def curriculum_index_ensure() -> CurriculumIndexPage:
    """Return the curriculum index page, creating it under the default site's root."""
    index = CurriculumIndexPage.objects.first()
    if index is None:
        site = (
            Site.objects.filter(is_default_site=True)
            .select_related("root_page")
            .first()
        )
        parent = site.root_page if site else Page.get_first_root_node()
        index = CurriculumIndexPage(
            title="Curriculum",
            slug="curriculum",
            introduction=(
                "<p>Short, practical modules for leading across public agencies and "
                "community-based organizations. Filter by competency, sector or "
                "length.</p>"
            ),
        )
        parent.add_child(instance=index)
        index.save_revision().publish()
    return index


def _competency_targets(meta: dict, source: Path) -> list[tuple[Competency, int]]:
    framework = framework_default()
    by_code = {
        c.code: c
        for c in Competency.objects.filter(domain__framework=framework).order_by(
            "retired"
        )
    }
    targets = []
    for entry in meta.get("competencies") or []:
        competency = by_code.get(str(entry.get("code")))
        if competency is None:
            raise CurriculumImportError(
                f"{source}: competency '{entry.get('code')}' is not in the framework."
            )
        level = _whole_number(entry, "target_level", 3, source)
        if not 1 <= level <= 10:
            raise CurriculumImportError(
                f"{source}: target_level of '{competency.code}' must be between "
                f"1 and 10, not {level}."
            )
        targets.append((competency, level))
    return targets


def _module_import(folder: Path, index: CurriculumIndexPage, report) -> ModulePage:
    token = _seen_questions.set(set())
    try:
        with _reading(folder / "module.md"):
            module = _module_pages(folder, index, report)
            meta, _body = read_source(folder / "module.md")
            for rank, check in enumerate(meta.get("knowledge_checks") or [], start=1):
                _question_import(
                    check,
                    module=module,
                    lesson=None,
                    rank=rank,
                    source=folder / "module.md",
                )
        for source in sorted(folder.glob("*.md")):
            match = LESSON_FILE.match(source.name)
            if match:
                with _reading(source):
                    _lesson_import(source, match.group(2), module, report)
        # Questions no longer in the source are retired, never deleted: the
        # answers learners gave to them stay.
        Question.objects.filter(module=module).exclude(
            pk__in=_seen_questions.get()
        ).update(active=False)
        bank = len(_seen_questions.get())
    finally:
        _seen_questions.reset(token)
    if module.check_questions > bank:
        raise CurriculumImportError(
            f"{folder / 'module.md'}: the check draws {module.check_questions} "
            f"questions but the module's bank holds {bank}."
        )
    return module


def _module_pages(folder: Path, index: CurriculumIndexPage, report) -> ModulePage:
    meta, body = read_source(folder / "module.md")
    slug = folder.name
    module = ModulePage.objects.child_of(index).filter(slug=slug).first()
    module = module.specific if module else ModulePage(slug=slug)
    changed = _apply(
        module,
        {
            "title": str(meta["title"]),
            "summary": str(meta.get("summary", "")).strip(),
            "estimated_minutes": _whole_number(
                meta, "estimated_minutes", 60, folder / "module.md"
            ),
            "sector_focus": str(meta.get("sector_focus", "both")),
            "audience": str(meta.get("audience", "")).strip(),
            **_module_check(meta, folder / "module.md"),
            "introduction": _stream(
                [("markdown", body)], module.introduction if module.pk else None
            ),
            "outcomes": _stream(
                [("outcome", str(o)) for o in meta.get("outcomes") or []],
                module.outcomes if module.pk else None,
            ),
        },
    )
    targets = _competency_targets(meta, folder / "module.md")
    # Orderables get their sort order here: without it PostgreSQL may return them
    # in any order, and an unchanged file would look changed.
    current = [
        (t.competency_id, t.target_level, t.sort_order)
        for t in module.competency_targets.order_by("sort_order", "pk")
    ]
    if current != [(c.pk, level, n) for n, (c, level) in enumerate(targets)]:
        module.competency_targets = [
            ModuleCompetency(competency=c, target_level=level, sort_order=n)
            for n, (c, level) in enumerate(targets)
        ]
        changed = True
    _publish(module, index, changed=changed, report=report, label=f"module {slug}")
    return module


def _lesson_import(source: Path, slug: str, module: ModulePage, report) -> LessonPage:
    meta, body = read_source(source)
    blocks: list[tuple[str, object]] = [("markdown", body)]
    if case := meta.get("case_study"):
        kind = str(case.get("kind", "") or "")
        if kind not in ("", "real", "composite"):
            raise CurriculumImportError(
                f"{source}: case_study 'kind' must be 'real' or 'composite', "
                f"not {kind!r}."
            )
        blocks.append(
            (
                "case_study",
                {
                    "title": str(case["title"]),
                    "kind": kind,
                    "body": _case_body(str(case["body"])),
                },
            )
        )
    if prompt := meta.get("reflection"):
        blocks.append(("reflection", {"prompt": str(prompt).strip()}))
    lesson = LessonPage.objects.child_of(module).filter(slug=slug).first()
    lesson = lesson.specific if lesson else LessonPage(slug=slug)
    changed = _apply(
        lesson,
        {
            "title": str(meta["title"]),
            "estimated_minutes": _whole_number(meta, "estimated_minutes", 20, source),
            "body": _stream(blocks, lesson.body if lesson.pk else None),
            "sources": _stream(
                [
                    ("source", _source(entry, source))
                    for entry in meta.get("sources") or []
                ],
                lesson.sources if lesson.pk else None,
            ),
        },
    )
    lesson = _publish(
        lesson, module, changed=changed, report=report, label=f"lesson {slug}"
    )
    checks = meta.get("knowledge_checks") or []
    if not isinstance(checks, list):
        raise CurriculumImportError(f"{source}: 'knowledge_checks' must be a list.")
    if single := meta.get("knowledge_check"):
        # The earlier format: one single-choice question per lesson.
        checks = [{"type": "single", **single}, *checks]
    for rank, check in enumerate(checks, start=1):
        _question_import(check, module=module, lesson=lesson, rank=rank, source=source)
    return lesson


# A case study body exported from the live site is the page's own HTML; anything
# else is Markdown.
HTML_BODY = re.compile(r"^\s*<(p|h[2-6]|ul|ol|blockquote)[\s>]")
CASE_TAGS = ALLOWED_TAGS | {"b", "i"}
CASE_ATTRIBUTES = {
    **ALLOWED_ATTRIBUTES,
    "a": {"href", "title", "rel", "linktype", "id"},
}


def _case_body(text: str) -> str:
    """Return a case study body as rich text HTML, from Markdown or from HTML."""
    if HTML_BODY.match(text):
        return nh3.clean(
            text.strip(),
            tags=CASE_TAGS,
            attributes=CASE_ATTRIBUTES,
            generic_attribute_prefixes={"data-"},
            url_schemes={"http", "https", "mailto"},
            link_rel=None,
        )
    return markdown_to_html(text)


def _source(entry, source: Path) -> dict:
    if not isinstance(entry, dict) or not entry.get("title"):
        raise CurriculumImportError(f"{source}: every source needs a title.")
    if not (entry.get("publisher") or entry.get("authors")):
        raise CurriculumImportError(
            f"{source}: source '{entry['title']}' needs a publisher or authors."
        )
    year = entry.get("year")
    return {
        "title": str(entry["title"]).strip(),
        "authors": str(entry.get("authors", "") or "").strip(),
        "publisher": str(entry.get("publisher", "") or "").strip(),
        "year": _whole_number(entry, "year", 0, source) if year else None,
        "url": _web_address(entry.get("url"), source),
    }


def _web_address(value, source: Path) -> str:
    try:
        return web_address(value, where=f"{source}: a source's 'url'")
    except InterchangeError as error:
        raise CurriculumImportError(str(error)) from None


def _module_check(meta: dict, source: Path) -> dict:
    check = meta.get("check") or {}
    if not isinstance(check, dict):
        raise CurriculumImportError(
            f"{source}: 'check' must be a mapping such as {{questions: 5, pass: 4}}."
        )
    questions = _whole_number(check, "questions", 0, source)
    pass_mark = _whole_number(check, "pass", questions, source)
    if questions and not 1 <= pass_mark <= questions:
        raise CurriculumImportError(
            f"{source}: the check's 'pass' must be between 1 and its "
            f"{questions} questions, not {pass_mark}."
        )
    return {
        "check_questions": questions,
        "check_pass_mark": pass_mark if questions else 0,
    }


QUESTION_KINDS = {"single", "multiple", "scenario"}


def _question_import(
    data, *, module: ModulePage, lesson: LessonPage | None, rank: int, source: Path
) -> Question:
    """Create or update one bank question, matched by its key within the module."""
    if not isinstance(data, dict):
        raise CurriculumImportError(
            f"{source}: each knowledge check must be a mapping."
        )
    default_key = f"{lesson.slug if lesson else 'module'}-{rank}"
    key = slugify(str(data.get("key") or default_key))[:100]
    where = f"{source}: question '{key}'"
    kind = str(data.get("type") or "single")
    if kind not in QUESTION_KINDS:
        raise CurriculumImportError(
            f"{where}: 'type' must be single, multiple or scenario, not {kind!r}."
        )
    if not str(data.get("question") or "").strip():
        raise CurriculumImportError(f"{where} has no 'question'.")
    if kind == "scenario" and not str(data.get("scenario") or "").strip():
        raise CurriculumImportError(f"{where}: a scenario needs its 'scenario' text.")
    seat = str(data.get("seat") or "")
    if seat not in ("", "community", "public", "health"):
        raise CurriculumImportError(
            f"{where}: 'seat' must be community, public or health, not {seat!r}."
        )
    choices = data.get("choices") or []
    if not isinstance(choices, list) or not 2 <= len(choices) <= 8:
        raise CurriculumImportError(f"{where} needs between 2 and 8 choices.")
    for entry in choices:
        if not isinstance(entry, dict) or not isinstance(
            entry.get("correct", False), bool
        ):
            raise CurriculumImportError(
                f"{where}: each choice needs 'text', and 'correct' must be true or "
                "false (without quotes)."
            )
    right = sum(c.get("correct", False) for c in choices)
    if kind == "multiple" and not 1 <= right < len(choices):
        raise CurriculumImportError(
            f"{where}: a 'choose all that apply' question needs at least one "
            "correct and one wrong choice."
        )
    if kind != "multiple" and right != 1:
        raise CurriculumImportError(f"{where} needs exactly one correct choice.")
    question = Question.objects.filter(module=module, key=key).first()
    if question is not None and question.pk in _seen_questions.get():
        raise CurriculumImportError(f"{where}: the key is used twice in the module.")
    question = question or Question(module=module, key=key)
    question.lesson = lesson
    question.kind = kind
    question.seat = seat
    question.scenario = str(data.get("scenario") or "").strip()
    question.prompt = str(data["question"]).strip()
    question.explanation = str(data.get("explanation") or "").strip()
    question.sort_order = rank
    question.active = True
    question.save()
    _seen_questions.get().add(question.pk)
    codes = data.get("competencies") or []
    if not isinstance(codes, list):
        raise CurriculumImportError(
            f"{where}: 'competencies' must be a list, such as [SP.1, SP.2]."
        )
    codes = [str(code) for code in codes]
    competencies = _competencies_by_code(codes, where)
    question.competencies.set(competencies)
    existing = list(question.choices.order_by("sort_order", "pk"))
    for position, (entry, choice) in enumerate(_match_choices(choices, existing)):
        choice = choice or QuestionChoice(question=question)
        choice.sort_order = position
        choice.text = str(entry.get("text") or "").strip()
        choice.correct = entry.get("correct", False)
        choice.feedback = str(entry.get("feedback") or "").strip()
        choice.pin_last = str(entry.get("pin") or "") == "last"
        if not choice.text:
            raise CurriculumImportError(f"{where}: choice {position + 1} has no text.")
        choice.save()
        existing = [other for other in existing if other.pk != choice.pk]
    for extra in existing:
        extra.delete()
    question.save()
    return question


def _match_choices(entries: list, existing: list) -> list:
    """Pair each source choice with the stored choice it updates, or None.

    A choice keeps its row when its text is unchanged, wherever it moved, so the
    picks learners made stay with the answer they picked; edited choices take the
    rows left over in their order.
    """
    by_text = {}
    for choice in existing:
        by_text.setdefault(choice.text, choice)
    texts = [str(entry.get("text") or "").strip() for entry in entries]
    matched = [by_text.pop(text, None) for text in texts]
    taken = {choice.pk for choice in matched if choice}
    spare = [choice for choice in existing if choice.pk not in taken]
    return [
        (entry, choice or (spare.pop(0) if spare else None))
        for entry, choice in zip(entries, matched, strict=True)
    ]


def _competencies_by_code(codes: list[str], where: str) -> list[Competency]:
    if not codes:
        return []
    found = {
        c.code: c
        for c in Competency.objects.filter(
            domain__framework=framework_default(), code__in=codes
        )
    }
    missing = [code for code in codes if code not in found]
    if missing:
        raise CurriculumImportError(
            f"{where}: competency '{missing[0]}' is not in the framework."
        )
    return [found[code] for code in codes]


def _pathway_import(source: Path, index: CurriculumIndexPage, modules: dict, report):
    meta, body = read_source(source)
    slug = source.stem
    pathway = PathwayPage.objects.child_of(index).filter(slug=slug).first()
    pathway = pathway.specific if pathway else PathwayPage(slug=slug)
    changed = _apply(
        pathway,
        {
            "title": str(meta["title"]),
            "role": str(meta.get("role", "")).strip(),
            "introduction": _stream(
                [("markdown", body)], pathway.introduction if pathway.pk else None
            ),
        },
    )
    wanted = []
    for module_slug in meta.get("modules") or []:
        if module_slug not in modules:
            raise CurriculumImportError(f"{source}: no module '{module_slug}'.")
        wanted.append(modules[module_slug])
    current = [
        (m.module_id, m.sort_order)
        for m in pathway.pathway_modules.order_by("sort_order", "pk")
    ]
    if current != [(m.pk, n) for n, m in enumerate(wanted)]:
        pathway.pathway_modules = [
            PathwayModule(module=m, sort_order=n) for n, m in enumerate(wanted)
        ]
        changed = True
    first = []
    for entry in meta.get("before_you_start") or []:
        first_slug = str(entry.get("module", ""))
        if first_slug not in modules:
            raise CurriculumImportError(
                f"{source}: before_you_start: no module '{first_slug}'."
            )
        first.append(
            (
                "module",
                {
                    "module": modules[first_slug].pk,
                    "why": str(entry.get("why", "")).strip(),
                },
            )
        )
    changed = (
        _apply(
            pathway,
            {
                "before_you_start": _stream(
                    first, pathway.before_you_start if pathway.pk else None
                )
            },
        )
        or changed
    )
    _publish(pathway, index, changed=changed, report=report, label=f"pathway {slug}")


@transaction.atomic
def curriculum_import(*, directory: Path) -> CurriculumImportReport:
    """Create or update module, lesson and pathway pages from a folder of Markdown."""
    directory = Path(directory)
    if not directory.is_dir():
        raise CurriculumImportError(f"{directory} is not a folder.")
    report = CurriculumImportReport()
    index = curriculum_index_ensure()
    folders = sorted(
        (p for p in directory.iterdir() if (p / "module.md").is_file()),
        key=lambda p: (
            _whole_number(
                read_source(p / "module.md")[0], "order", 999, p / "module.md"
            ),
            p.name,
        ),
    )
    modules = {folder.name: _module_import(folder, index, report) for folder in folders}
    for folder in folders:
        with _reading(folder / "module.md"):
            _prerequisites_import(folder, modules, report)
    for source in sorted((directory / "pathways").glob("*.md")):
        with _reading(source):
            _pathway_import(source, index, modules, report)
    guides = sorted((directory / "guides").glob("*.md"))
    if guides:
        library = resource_library_ensure()
        for source in sorted(
            guides,
            key=lambda p: (_whole_number(read_source(p)[0], "order", 999, p), p.name),
        ):
            with _reading(source):
                _guide_import(source, library, report)
    return report


def resource_library_ensure() -> ResourceLibraryPage:
    """Return the program's resource library, creating it beside the curriculum."""
    library = ResourceLibraryPage.objects.first()
    if library is None:
        parent = curriculum_index_ensure().get_parent()
        library = ResourceLibraryPage(
            title="Program guides",
            slug="program-guides",
            introduction=(
                "<p>Guides, templates and agendas for the people who run the "
                "academy: facilitators, mentors and shadowing hosts.</p>"
            ),
        )
        parent.add_child(instance=library)
        library.save_revision().publish()
    return library


def _guide_import(source: Path, library: ResourceLibraryPage, report) -> GuidePage:
    meta, body = read_source(source)
    slug = source.stem
    kind = str(meta.get("kind", "guide"))
    if kind not in GuideKind.values:
        raise CurriculumImportError(
            f"{source}: 'kind' must be guide, template or agenda, not {kind!r}."
        )
    guide = GuidePage.objects.child_of(library).filter(slug=slug).first()
    guide = guide.specific if guide else GuidePage(slug=slug)
    changed = _apply(
        guide,
        {
            "title": str(meta["title"]),
            "summary": str(meta.get("summary", "")).strip()[:400],
            "audience": str(meta.get("audience", "")).strip()[:255],
            "kind": kind,
            "body": _stream([("markdown", body)], guide.body if guide.pk else None),
        },
    )
    return _publish(
        guide, library, changed=changed, report=report, label=f"guide {slug}"
    )


def _prerequisites_import(folder: Path, modules: dict, report) -> None:
    meta, _body = read_source(folder / "module.md")
    module = modules[folder.name]
    wanted = []
    for slug in meta.get("prerequisites") or []:
        if slug == folder.name:
            raise CurriculumImportError(
                f"{folder}/module.md: a module cannot be its own prerequisite."
            )
        prerequisite = modules.get(slug) or ModulePage.objects.filter(slug=slug).first()
        if prerequisite is None:
            raise CurriculumImportError(
                f"{folder}/module.md: no prerequisite '{slug}'."
            )
        wanted.append(prerequisite)
    if sorted(p.pk for p in module.prerequisites.all()) != sorted(p.pk for p in wanted):
        module.prerequisites.set(wanted)
        module.save_revision().publish()
        if f"module {folder.name}" in report.unchanged:
            report.unchanged.remove(f"module {folder.name}")
            report.updated.append(f"module {folder.name}")
