"""The shipped curriculum and framework keep the program's content rules.

Each rule is a function from a curriculum folder (or the framework file) to a list
of problems, each naming the file and question at fault. The shipped files must have
none; synthetic folders prove that every rule passes good content and catches bad.
"""

from __future__ import annotations

import copy
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import yaml

from curriculum.content_import import LESSON_FILE
from curriculum.data import shipped_framework_path, starter_curriculum_path

MODULE_COUNT = 14
PROGRAM_GUIDES = ("facilitator", "mentor-guide", "learning-agreement", "agenda")
QUESTION_KINDS = ("scenario", "single", "multiple")
SEATS = ("community", "public", "health")


# -- reading ------------------------------------------------------------------


def _front_matter(path: Path) -> dict:
    match = re.match(r"^---\s*\n(.*?)\n---\s*\n?", path.read_text(), re.DOTALL)
    meta = yaml.safe_load(match.group(1)) if match else None
    return meta if isinstance(meta, dict) else {}


@dataclass
class Asked:
    """One question and where it is written."""

    where: str
    module: str
    data: dict

    @property
    def choices(self) -> list[dict]:
        return [c for c in self.data.get("choices") or [] if isinstance(c, dict)]

    @property
    def correct(self) -> list[int]:
        return [n for n, c in enumerate(self.choices) if c.get("correct")]


@dataclass
class Module:
    slug: str
    meta: dict
    lessons: dict[str, dict] = field(default_factory=dict)


@dataclass
class Curriculum:
    root: Path
    modules: dict[str, Module] = field(default_factory=dict)
    pathways: dict[str, dict] = field(default_factory=dict)
    guides: list[str] = field(default_factory=list)

    def questions(self) -> list[Asked]:
        found = []
        for module in self.modules.values():
            sources = {"module.md": module.meta, **module.lessons}
            for name, meta in sources.items():
                for data in meta.get("knowledge_checks") or []:
                    where = f"{module.slug}/{name}:{data.get('key')}"
                    found.append(Asked(where, module.slug, data))
        return found


def curriculum_read(root: Path) -> Curriculum:
    found = Curriculum(root)
    for folder in sorted(p for p in root.iterdir() if (p / "module.md").is_file()):
        module = Module(folder.name, _front_matter(folder / "module.md"))
        for lesson in sorted(folder.glob("*.md")):
            if LESSON_FILE.match(lesson.name):
                module.lessons[lesson.name] = _front_matter(lesson)
        found.modules[folder.name] = module
    for path in sorted((root / "pathways").glob("*.md")):
        found.pathways[path.name] = _front_matter(path)
    found.guides = sorted(p.name for p in (root / "guides").glob("*.md"))
    return found


def _lessons(curriculum: Curriculum):
    for module in curriculum.modules.values():
        for name, meta in module.lessons.items():
            yield f"{module.slug}/{name}", meta


def _listed(items: list[Asked], limit: int = 30) -> str:
    names = [item.where for item in items]
    more = f" and {len(names) - limit} more" if len(names) > limit else ""
    return ", ".join(names[:limit]) + more


# -- rules over the curriculum folder -------------------------------------------


def lessons_without_three_checks(c: Curriculum) -> list[str]:
    return [
        f"{where}: {len(meta.get('knowledge_checks') or [])} knowledge checks, "
        "needs at least 3"
        for where, meta in _lessons(c)
        if len(meta.get("knowledge_checks") or []) < 3
    ]


def lessons_without_full_sources(c: Curriculum) -> list[str]:
    problems = []
    for where, meta in _lessons(c):
        sources = meta.get("sources") or []
        if not sources:
            problems.append(f"{where}: no sources")
        for source in sources:
            source = source if isinstance(source, dict) else {}
            year = source.get("year")
            if (
                not source.get("title")
                or not (source.get("publisher") or source.get("authors"))
                or not isinstance(year, int)
                or isinstance(year, bool)
            ):
                problems.append(
                    f"{where}: source {source.get('title')!r} needs a title, a "
                    "publisher or authors, and a year"
                )
    return problems


def case_studies_without_backing(c: Curriculum) -> list[str]:
    problems = []
    for where, meta in _lessons(c):
        case = meta.get("case_study")
        if not case:
            continue
        kind = case.get("kind")
        if kind not in ("real", "composite"):
            problems.append(f"{where}: case_study kind is {kind!r}, not real|composite")
        if kind == "real" and not meta.get("sources"):
            problems.append(f"{where}: a real case study with no source behind it")
    return problems


def badly_formed_questions(c: Curriculum) -> list[str]:
    problems = []
    for q in c.questions():
        data = q.data
        kind = data.get("type")
        if not re.fullmatch(r"[a-z0-9-]+", str(data.get("key") or "")):
            problems.append(f"{q.where}: key must be lowercase letters, digits, '-'")
        if kind not in QUESTION_KINDS:
            problems.append(f"{q.where}: type {kind!r} is not one of {QUESTION_KINDS}")
        if kind == "scenario" and data.get("seat") not in SEATS:
            problems.append(f"{q.where}: a scenario needs a seat in {SEATS}")
        if kind == "scenario" and not data.get("scenario"):
            problems.append(f"{q.where}: a scenario needs its scenario text")
        if not data.get("question") or not data.get("explanation"):
            problems.append(f"{q.where}: needs a question and an explanation")
        if not data.get("competencies"):
            problems.append(f"{q.where}: needs at least one competency")
        choices, correct = q.choices, q.correct
        if not 3 <= len(choices) <= 5:
            problems.append(f"{q.where}: {len(choices)} choices, needs 3 to 5")
        if kind in ("scenario", "single") and len(correct) != 1:
            problems.append(f"{q.where}: needs exactly one correct choice")
        if kind == "multiple" and not 2 <= len(correct) < len(choices):
            problems.append(f"{q.where}: needs 2 or more correct and 1 or more wrong")
        if any(not choice.get("feedback") for choice in choices):
            problems.append(f"{q.where}: every choice needs feedback")
    return problems


def keys_used_twice_in_a_module(c: Curriculum) -> list[str]:
    seen: set[tuple[str, str]] = set()
    problems = []
    for q in c.questions():
        key = (q.module, str(q.data.get("key")))
        if key in seen:
            problems.append(f"{q.where}: the key is used twice in {q.module}")
        seen.add(key)
    return problems


def crowded_correct_position(c: Curriculum) -> list[str]:
    questions = c.questions()
    positions = Counter(n for q in questions for n in q.correct)
    total = sum(positions.values())
    problems = []
    for position, count in sorted(positions.items()):
        if count / total > 0.4:
            crowded = [q for q in questions if position in q.correct]
            problems.append(
                f"choice {position + 1} is correct in {count / total:.0%} of correct "
                f"answers (at most 40%): {_listed(crowded)}"
            )
    return problems


def correct_choice_too_often_longest(c: Curriculum) -> list[str]:
    questions = [q for q in c.questions() if q.correct and q.choices]
    longest = []
    for q in questions:
        lengths = [len(str(choice.get("text", ""))) for choice in q.choices]
        if max(lengths[n] for n in q.correct) >= max(lengths):
            longest.append(q)
    if questions and len(longest) / len(questions) > 0.4:
        return [
            f"the correct choice is the longest in {len(longest) / len(questions):.0%}"
            f" of questions (at most 40%): {_listed(longest)}"
        ]
    return []


def too_few_scenarios(c: Curriculum) -> list[str]:
    questions = c.questions()
    others = [q for q in questions if q.data.get("type") != "scenario"]
    share = 1 - len(others) / len(questions) if questions else 0
    if share < 0.6:
        return [
            f"scenarios are {share:.0%} of questions (at least 60%); not scenarios: "
            f"{_listed(others)}"
        ]
    return []


def too_few_community_seats(c: Curriculum) -> list[str]:
    scenarios = [q for q in c.questions() if q.data.get("type") == "scenario"]
    others = [q for q in scenarios if q.data.get("seat") != "community"]
    share = 1 - len(others) / len(scenarios) if scenarios else 0
    if share < 1 / 3:
        return [
            f"a community leader decides in {share:.0%} of scenarios (at least a "
            f"third); other seats: {_listed(others)}"
        ]
    return []


def modules_without_a_fitting_check(c: Curriculum) -> list[str]:
    problems = []
    for module in c.modules.values():
        where = f"{module.slug}/module.md"
        check = module.meta.get("check")
        if not isinstance(check, dict):
            problems.append(f"{where}: needs check: {{questions, pass}}")
            continue
        questions, pass_mark = check.get("questions"), check.get("pass")
        bank = len(module.meta.get("knowledge_checks") or []) + sum(
            len(meta.get("knowledge_checks") or []) for meta in module.lessons.values()
        )
        if not all(isinstance(n, int) for n in (questions, pass_mark)):
            problems.append(f"{where}: check questions and pass must be numbers")
        elif not 1 <= pass_mark <= questions <= bank:
            problems.append(
                f"{where}: check needs 1 <= pass ({pass_mark}) <= questions "
                f"({questions}) <= bank size ({bank})"
            )
    return problems


def wrong_module_count(c: Curriculum) -> list[str]:
    if len(c.modules) != MODULE_COUNT:
        return [
            f"{c.root}: {len(c.modules)} modules, expected {MODULE_COUNT}: "
            f"{', '.join(c.modules)}"
        ]
    return []


def missing_program_guides(c: Curriculum) -> list[str]:
    return [
        f"{c.root / 'guides'}: no guide whose file name contains {part!r}"
        for part in PROGRAM_GUIDES
        if not any(part in name for name in c.guides)
    ]


def pathway_prerequisites_left_out(c: Curriculum) -> list[str]:
    problems = []
    for name, meta in c.pathways.items():
        where = f"pathways/{name}"
        first = {
            str(entry.get("module"))
            for entry in meta.get("before_you_start") or []
            if isinstance(entry, dict)
        }
        earlier: set[str] = set()
        for slug in meta.get("modules") or []:
            module = c.modules.get(slug)
            if module is None:
                problems.append(f"{where}: no module {slug!r}")
                continue
            for needed in module.meta.get("prerequisites") or []:
                if needed not in earlier and needed not in first:
                    problems.append(
                        f"{where}: {slug} needs {needed}, which is neither earlier "
                        "in the pathway nor in before_you_start"
                    )
            earlier.add(slug)
    return problems


def equity_outside_every_pathway(c: Curriculum) -> list[str]:
    if any(
        "leading-for-equity" in (m.get("modules") or []) for m in c.pathways.values()
    ):
        return []
    return [f"{c.root / 'pathways'}: no pathway includes leading-for-equity"]


CURRICULUM_RULES = [
    lessons_without_three_checks,
    lessons_without_full_sources,
    case_studies_without_backing,
    badly_formed_questions,
    keys_used_twice_in_a_module,
    crowded_correct_position,
    correct_choice_too_often_longest,
    too_few_scenarios,
    too_few_community_seats,
    modules_without_a_fitting_check,
    wrong_module_count,
    missing_program_guides,
    pathway_prerequisites_left_out,
    equity_outside_every_pathway,
]


# -- rules over the framework file -----------------------------------------------


def _version(value) -> tuple[int, ...]:
    try:
        return tuple(int(part) for part in str(value).split("."))
    except ValueError:
        return (999,)


def framework_not_marked_as_draft(path: Path) -> list[str]:
    meta = yaml.safe_load(path.read_text())
    problems = []
    if meta.get("status") != "draft":
        problems.append(f"{path}: status is {meta.get('status')!r}, not 'draft'")
    if _version(meta.get("version")) >= (1, 0):
        problems.append(f"{path}: version {meta.get('version')!r} is not below 1.0")
    if not meta.get("authors"):
        problems.append(f"{path}: no authors")
    license_ = meta.get("license")
    if not isinstance(license_, dict) or not license_.get("url"):
        problems.append(f"{path}: license needs a url")
    description = " ".join(str(meta.get("description", "")).split())
    if not (
        re.search(r"\bnot\b.*\bofficial\b", description, re.IGNORECASE)
        and "APHSA" in description
        and "Social Current" in description
    ):
        problems.append(
            f"{path}: the description must say it is not an official APHSA or "
            "Social Current framework"
        )
    return problems


def _indicators(path: Path, level: int):
    meta = yaml.safe_load(path.read_text())
    for domain in meta.get("domains") or []:
        for competency in domain.get("competencies") or []:
            indicators = competency.get("indicators") or {}
            text = indicators.get(level) or indicators.get(str(level))
            if text:
                yield competency.get("code"), " ".join(str(text).split())


def level_one_indicators_that_only_describe(path: Path) -> list[str]:
    return [
        f"{path}: {code} level 1 starts with {text.split()[0]!r}: {text[:60]}"
        for code, text in _indicators(path, 1)
        if re.match(r"(Describes|Explains)\b", text)
    ]


def level_two_indicators_that_lean_on_help(path: Path) -> list[str]:
    return [
        f"{path}: {code} level 2 mentions coaching, guidance or a supervisor"
        for code, text in _indicators(path, 2)
        if re.search(r"\b(coaching|guidance|supervisors?)\b", text, re.IGNORECASE)
    ]


FRAMEWORK_RULES = [
    framework_not_marked_as_draft,
    level_one_indicators_that_only_describe,
    level_two_indicators_that_lean_on_help,
]


# -- the shipped files -------------------------------------------------------------


@pytest.fixture(scope="module")
def shipped() -> Curriculum:
    return curriculum_read(starter_curriculum_path())


@pytest.mark.parametrize("rule", CURRICULUM_RULES, ids=lambda rule: rule.__name__)
def test_shipped_curriculum_keeps_the_rule(shipped, rule):
    problems = rule(shipped)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("rule", FRAMEWORK_RULES, ids=lambda rule: rule.__name__)
def test_shipped_framework_keeps_the_rule(rule):
    problems = rule(shipped_framework_path())
    assert not problems, "\n".join(problems)


def test_shipped_lessons_have_a_reflection_and_a_real_body():
    from curriculum.content_import import read_source

    for folder in starter_curriculum_path().iterdir():
        for lesson in folder.glob("*.md"):
            if LESSON_FILE.match(lesson.name):
                meta, body = read_source(lesson)
                assert meta.get("reflection"), f"{lesson}: no reflection"
                assert len(body.split()) > 200, f"{lesson}: body under 200 words"


# -- synthetic folders prove each rule can pass and fail ---------------------------


def _question(n: int, module: str, kind: str, seat: str) -> dict:
    right = n % 4
    texts = [
        "Ask partners which outcome matters most",
        "Send the draft plan for comments by Friday",
        "Wait for the next budget cycle to decide on it",
        "Hire a consultant to write the joint vision",
    ]
    # The correct choice is the shortest text here, so it is never the longest.
    texts[right], texts[0] = texts[0], texts[right]
    data: dict = {"key": f"{module}-q{n}", "type": kind}
    if kind == "scenario":
        data["seat"] = seat
        data["scenario"] = "You lead a county agency planning with three CBOs."
    data["question"] = "What do you do first?"
    data["competencies"] = ["SP.1"]
    data["choices"] = [
        {"text": text, "correct": True, "feedback": "It starts from shared goals."}
        if position == right
        else {"text": text, "feedback": "It skips the partners' view."}
        for position, text in enumerate(texts)
    ]
    data["explanation"] = "Shared goals come before plans."
    return data


SLUGS = [
    "shared-purpose-across-sectors",
    "trust-as-infrastructure",
    "sharing-power-with-community",
    "leading-for-equity",
    *[f"module-{n}" for n in range(5, MODULE_COUNT + 1)],
]


def _valid() -> dict:
    """A small curriculum that keeps every rule."""
    modules = {}
    count = 0
    for rank, slug in enumerate(SLUGS, start=1):
        checks = []
        for kind, seat in (
            ("scenario", "community"),
            ("scenario", "public"),
            ("single", ""),
        ):
            checks.append(_question(count, slug, kind, seat))
            count += 1
        lesson = {
            "title": "A lesson",
            "sources": [{"title": "A report", "publisher": "A press", "year": 2020}],
            "case_study": {"title": "A case", "kind": "real", "body": "It happened."},
            "reflection": "What will you try?",
            "knowledge_checks": checks,
        }
        modules[slug] = {
            "module.md": {
                "title": slug,
                "order": rank,
                "prerequisites": [SLUGS[0]] if rank == 2 else [],
                "check": {"questions": 3, "pass": 2},
            },
            "01-a-lesson.md": lesson,
        }
    return {
        "modules": modules,
        "pathways": {
            "director.md": {
                "title": "Director",
                "modules": [SLUGS[0], SLUGS[1], "leading-for-equity"],
            },
            "cbo.md": {
                "title": "CBO executive",
                "modules": [SLUGS[1]],
                "before_you_start": [{"module": SLUGS[0], "why": "Goals first."}],
            },
        },
        "guides": [
            "facilitator-guide.md",
            "mentor-guide.md",
            "learning-agreement.md",
            "cohort-agenda.md",
        ],
        "framework": {
            "title": "Cross-sector leadership",
            "status": "draft",
            "version": "0.9",
            "authors": ["A program team"],
            "license": {"name": "CC BY 4.0", "url": "https://example.org/license"},
            "description": (
                "A draft for discussion. It is not an official APHSA or Social "
                "Current framework."
            ),
            "domains": [
                {
                    "code": "SP",
                    "competencies": [
                        {
                            "code": "SP.1",
                            "indicators": {
                                1: "Names why partners need one purpose.",
                                2: "Leads a visioning session with their own staff.",
                            },
                        }
                    ],
                }
            ],
        },
    }


def _write(root: Path, data: dict) -> tuple[Path, Path]:
    def page(path: Path, meta: dict) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"---\n{yaml.safe_dump(meta, sort_keys=False)}---\nBody.\n")

    folder = root / "curriculum"
    for slug, files in data["modules"].items():
        for name, meta in files.items():
            page(folder / slug / name, meta)
    for name, meta in data["pathways"].items():
        page(folder / "pathways" / name, meta)
    for name in data["guides"]:
        page(folder / "guides" / name, {"title": name})
    framework = root / "framework.yaml"
    framework.write_text(yaml.safe_dump(data["framework"], sort_keys=False))
    return folder, framework


def _lesson_checks(data: dict, slug: str = SLUGS[0]) -> list[dict]:
    return data["modules"][slug]["01-a-lesson.md"]["knowledge_checks"]


def _all_questions(data: dict):
    for files in data["modules"].values():
        yield from files["01-a-lesson.md"]["knowledge_checks"]


def _lesson(data: dict, slug: str = SLUGS[0]) -> dict:
    return data["modules"][slug]["01-a-lesson.md"]


def _two_checks(data):
    _lesson_checks(data).pop()


def _source_without_year(data):
    del _lesson(data)["sources"][0]["year"]


def _source_without_publisher(data):
    del _lesson(data)["sources"][0]["publisher"]


def _real_case_without_sources(data):
    del _lesson(data)["sources"]


def _case_without_kind(data):
    del _lesson(data)["case_study"]["kind"]


def _scenario_without_seat(data):
    del _lesson_checks(data)[0]["seat"]


def _two_correct_in_single(data):
    _lesson_checks(data)[2]["choices"][3]["correct"] = True


def _choice_without_feedback(data):
    del _lesson_checks(data)[1]["choices"][2]["feedback"]


def _key_twice(data):
    _lesson_checks(data)[1]["key"] = _lesson_checks(data)[0]["key"]


def _correct_always_first(data):
    for question in _all_questions(data):
        question["choices"].sort(key=lambda choice: not choice.get("correct"))


def _correct_always_longest(data):
    for question in _all_questions(data):
        for choice in question["choices"]:
            if choice.get("correct"):
                choice["text"] += " and write down what each partner agreed to do"


def _few_scenarios(data):
    for question in _all_questions(data):
        if question["type"] == "scenario" and question.get("seat") == "public":
            question["type"] = "single"
            del question["seat"], question["scenario"]


def _no_community_seats(data):
    for question in _all_questions(data):
        if question.get("seat") == "community":
            question["seat"] = "health"


def _check_larger_than_bank(data):
    data["modules"][SLUGS[2]]["module.md"]["check"] = {"questions": 4, "pass": 3}


def _pass_above_questions(data):
    data["modules"][SLUGS[2]]["module.md"]["check"] = {"questions": 3, "pass": 4}


def _no_check(data):
    del data["modules"][SLUGS[2]]["module.md"]["check"]


def _thirteen_modules(data):
    data["modules"].pop(SLUGS[-1])


def _no_agenda(data):
    data["guides"].remove("cohort-agenda.md")


def _prerequisite_left_out(data):
    del data["pathways"]["cbo.md"]["before_you_start"]


def _prerequisite_later(data):
    data["pathways"]["director.md"]["modules"] = [SLUGS[1], SLUGS[0]]


def _equity_in_no_pathway(data):
    data["pathways"]["director.md"]["modules"].remove("leading-for-equity")


CURRICULUM_CASES = [
    (lessons_without_three_checks, _two_checks, "01-a-lesson.md: 2 knowledge checks"),
    (lessons_without_full_sources, _source_without_year, "01-a-lesson.md: source"),
    (lessons_without_full_sources, _source_without_publisher, "needs a title"),
    (case_studies_without_backing, _real_case_without_sources, "no source behind"),
    (case_studies_without_backing, _case_without_kind, "not real|composite"),
    (badly_formed_questions, _scenario_without_seat, "q0: a scenario needs a seat"),
    (badly_formed_questions, _two_correct_in_single, "q2: needs exactly one"),
    (badly_formed_questions, _choice_without_feedback, "q1: every choice needs"),
    (keys_used_twice_in_a_module, _key_twice, "01-a-lesson.md:shared-purpose"),
    (crowded_correct_position, _correct_always_first, "choice 1 is correct in 100%"),
    (correct_choice_too_often_longest, _correct_always_longest, "longest in 100%"),
    (too_few_scenarios, _few_scenarios, "scenarios are 33% of questions"),
    (too_few_community_seats, _no_community_seats, "decides in 0% of scenarios"),
    (modules_without_a_fitting_check, _check_larger_than_bank, "bank size (3)"),
    (modules_without_a_fitting_check, _pass_above_questions, "pass (4)"),
    (modules_without_a_fitting_check, _no_check, "module.md: needs check"),
    (wrong_module_count, _thirteen_modules, "13 modules, expected 14"),
    (missing_program_guides, _no_agenda, "contains 'agenda'"),
    (pathway_prerequisites_left_out, _prerequisite_left_out, "pathways/cbo.md:"),
    (pathway_prerequisites_left_out, _prerequisite_later, "pathways/director.md:"),
    (equity_outside_every_pathway, _equity_in_no_pathway, "leading-for-equity"),
]


def _framework(data) -> dict:
    return data["framework"]


def _published(data):
    _framework(data)["status"] = "published"


def _version_one(data):
    _framework(data)["version"] = "1.0"


def _no_authors(data):
    del _framework(data)["authors"]


def _license_without_url(data):
    _framework(data)["license"] = {"name": "CC BY 4.0"}


def _official_sounding(data):
    _framework(data)["description"] = "The APHSA and Social Current framework."


def _level_one_describes(data):
    indicators = _framework(data)["domains"][0]["competencies"][0]["indicators"]
    indicators[1] = "Describes why partners need one purpose."


def _level_two_coached(data):
    indicators = _framework(data)["domains"][0]["competencies"][0]["indicators"]
    indicators[2] = "Leads a visioning session with coaching from a mentor."


def _level_two_supervised(data):
    indicators = _framework(data)["domains"][0]["competencies"][0]["indicators"]
    indicators[2] = "Leads a visioning session under a supervisor's eye."


FRAMEWORK_CASES = [
    (framework_not_marked_as_draft, _published, "not 'draft'"),
    (framework_not_marked_as_draft, _version_one, "is not below 1.0"),
    (framework_not_marked_as_draft, _no_authors, "no authors"),
    (framework_not_marked_as_draft, _license_without_url, "license needs a url"),
    (framework_not_marked_as_draft, _official_sounding, "not an official APHSA"),
    (level_one_indicators_that_only_describe, _level_one_describes, "'Describes'"),
    (level_two_indicators_that_lean_on_help, _level_two_coached, "SP.1 level 2"),
    (level_two_indicators_that_lean_on_help, _level_two_supervised, "SP.1 level 2"),
]


@pytest.mark.parametrize(
    "rule", CURRICULUM_RULES + FRAMEWORK_RULES, ids=lambda rule: rule.__name__
)
def test_every_rule_passes_content_that_keeps_it(tmp_path, rule):
    folder, framework = _write(tmp_path, _valid())
    target = framework if rule in FRAMEWORK_RULES else curriculum_read(folder)
    assert rule(target) == []


@pytest.mark.parametrize(
    ("rule", "break_it", "message"),
    CURRICULUM_CASES + FRAMEWORK_CASES,
    ids=lambda value: getattr(value, "__name__", "message"),
)
def test_every_rule_catches_content_that_breaks_it(tmp_path, rule, break_it, message):
    data = copy.deepcopy(_valid())
    break_it(data)
    folder, framework = _write(tmp_path, data)
    target = framework if rule in FRAMEWORK_RULES else curriculum_read(folder)

    problems = rule(target)

    assert problems
    assert any(message in problem for problem in problems), problems


def test_every_rule_has_a_failing_example():
    caught = {rule for rule, _, _ in CURRICULUM_CASES + FRAMEWORK_CASES}
    assert caught == set(CURRICULUM_RULES + FRAMEWORK_RULES)
