import csv
import io
import statistics

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from academy.models import ModuleCheckAttempt, QuestionAnswer
from academy.selectors.item_stats import point_biserial, question_statistics
from academy.services.checks import question_answer_record
from tests.academy.factories import LearnerFactory, UserFactory
from tests.curriculum.factories import (
    LessonPageFactory,
    ModulePageFactory,
    QuestionFactory,
)

pytestmark = pytest.mark.django_db

REPORT_URL = "academy_question_statistics"
SELECTOR_QUERIES = 3
# 18 today for a bank of four questions or forty: session, user, permissions,
# menus, the module choice (2), the selector (3); headroom for other apps' menus.
REPORT_MAX_QUERIES = 22


@pytest.fixture
def module(curriculum_index):
    return ModulePageFactory(parent=curriculum_index, title="Braiding funding streams")


@pytest.fixture
def bank(module):
    """Four questions: two in lessons, one asked only in checks, one retired."""
    lesson = LessonPageFactory(parent=module, title="Cost allocation", questions=0)
    return {
        "allocation": QuestionFactory(
            module=module,
            lesson=lesson,
            key="allocation",
            prompt="Which cost may two programs share?",
            choices=[("Rent", True), ("Client benefits", False), ("Fines", False)],
        ),
        "allowable": QuestionFactory(
            module=module,
            key="allowable",
            kind="multiple",
            prompt="Which costs are allowable?",
            choices=[("Audit fees", True), ("Training", True), ("Lobbying", False)],
        ),
        "match": QuestionFactory(
            module=module,
            key="match",
            prompt="What counts as a local match?",
            choices=[("In-kind staff time", True), ("A second federal grant", False)],
        ),
        "retired": QuestionFactory(
            module=module,
            lesson=lesson,
            key="retired",
            active=False,
            prompt="An older question on reporting dates",
        ),
    }


def _choices(question, *texts):
    return [c for c in question.choices.all() if c.text in texts]


def _answer(user, question, picked, *, attempt=None, lesson=None) -> QuestionAnswer:
    return question_answer_record(
        user=user, question=question, picked=picked, lesson=lesson, attempt=attempt
    )


def _sitting(module, picks: dict, *, submitted=True) -> ModuleCheckAttempt:
    """One learner's module check: {question: [picked choices]}, scored as served."""
    attempt = ModuleCheckAttempt.objects.create(
        user=LearnerFactory(),
        module=module,
        question_ids=[q.pk for q in picks],
        pass_mark=2,
    )
    answers = [
        _answer(attempt.user, q, picked, attempt=attempt) for q, picked in picks.items()
    ]
    if submitted:
        attempt.score = sum(a.correct for a in answers)
        attempt.passed = attempt.score >= attempt.pass_mark
        attempt.submitted_at = timezone.now()
        attempt.save()
    return attempt


# Eight sittings of a three-question check: which choices each learner picked.
SITTINGS = [
    {"allocation": ["Rent"], "allowable": ["Audit fees", "Training"]},
    {"allocation": ["Rent"], "allowable": ["Audit fees", "Training"]},
    {"allocation": ["Rent"], "allowable": ["Audit fees"]},
    {"allocation": ["Client benefits"], "allowable": ["Audit fees", "Training"]},
    {"allocation": ["Rent"], "allowable": ["Training", "Lobbying"]},
    {"allocation": ["Fines"], "allowable": ["Lobbying"]},
    {"allocation": ["Client benefits"], "allowable": ["Audit fees"]},
    {"allocation": ["Rent"], "allowable": ["Audit fees", "Training", "Lobbying"]},
]
# In lessons: two wrong tries and one right one at the allocation question.
LESSON_TRIES = [["Client benefits"], ["Client benefits"], ["Rent"]]


@pytest.fixture
def answered(bank, module):
    """The sittings above (everyone gets the match right), lesson tries, one open."""
    for sitting in SITTINGS:
        picks = {
            bank[key]: _choices(bank[key], *texts) for key, texts in sitting.items()
        }
        picks[bank["match"]] = _choices(bank["match"], "In-kind staff time")
        _sitting(module, picks)
    lesson = bank["allocation"].lesson
    for texts in LESSON_TRIES:
        _answer(
            LearnerFactory(),
            bank["allocation"],
            _choices(bank["allocation"], *texts),
            lesson=lesson,
        )
    # A sitting still open: its answer counts as an attempt, not in discrimination.
    _sitting(
        module,
        {bank["allocation"]: _choices(bank["allocation"], "Fines")},
        submitted=False,
    )
    return bank


def _expected(bank, key):
    """Compute a question's figures in plain Python from the answers above."""
    question = bank[key]
    right = {c.text for c in question.choices.all() if c.correct}
    sittings = []
    for sitting in SITTINGS:
        picked = {**sitting, "match": ["In-kind staff time"]}
        score = sum(
            set(picked[k]) == {c.text for c in bank[k].choices.all() if c.correct}
            for k in picked
        )
        sittings.append((set(picked[key]) == right, score))
    tries = [set(t) for t in LESSON_TRIES] if key == "allocation" else []
    opened = [{"Fines"}] if key == "allocation" else []
    all_picks = [set(s[key]) for s in SITTINGS] + tries + opened
    if key == "match":
        all_picks = [{"In-kind staff time"}] * len(SITTINGS)
    return {
        "attempts": len(all_picks),
        "share_correct": sum(p == right for p in all_picks) / len(all_picks),
        "wrong_picks": {
            c.text: sum(c.text in p for p in all_picks)
            for c in question.choices.all()
            if not c.correct
        },
        "x": [float(x) for x, _y in sittings],
        "y": [float(y) for _x, y in sittings],
    }


def _by_key(rows):
    return {row.question.key: row for row in rows}


@pytest.mark.parametrize("key", ["allocation", "allowable"])
def test_statistics_match_a_plain_python_computation(answered, module, key):
    row = _by_key(question_statistics(module=module))[key]
    expected = _expected(answered, key)

    assert row.attempts == expected["attempts"]
    assert row.share_correct == pytest.approx(expected["share_correct"], abs=1e-9)
    assert {w.choice.text: w.picks for w in row.wrong_choices} == expected[
        "wrong_picks"
    ]
    for wrong in row.wrong_choices:
        assert wrong.share == pytest.approx(wrong.picks / expected["attempts"])
    assert row.check_answers == len(SITTINGS)
    assert row.discrimination == pytest.approx(
        statistics.correlation(expected["x"], expected["y"]), abs=1e-9
    )


def test_the_allocation_question_counts_lesson_tries_and_the_open_sitting(
    answered, module
):
    row = _by_key(question_statistics(module=module))["allocation"]
    # 8 sittings + 3 lesson tries + 1 open sitting; right: 5 + 1.
    assert (row.attempts, row.correct) == (12, 6)
    assert row.share_correct == pytest.approx(0.5)
    picks = {w.choice.text: w.picks for w in row.wrong_choices}
    assert picks == {"Client benefits": 4, "Fines": 2}
    assert row.top_wrong_choice.choice.text == "Client benefits"


def test_discrimination_is_none_without_variance_or_answers(answered, module):
    rows = _by_key(question_statistics(module=module))
    # Everyone answers the match right: x never varies.
    assert rows["match"].attempts == len(SITTINGS)
    assert rows["match"].share_correct == 1
    assert rows["match"].discrimination is None
    # Retired, never answered: one row all the same, nothing to divide by.
    retired = rows["retired"]
    assert (retired.attempts, retired.share_correct, retired.discrimination) == (
        0,
        None,
        None,
    )
    assert [w.picks for w in retired.wrong_choices] == [0]


def test_the_bank_is_listed_in_order_retired_questions_included(answered, module):
    keys = [row.question.key for row in question_statistics(module=module)]
    assert keys == ["allocation", "allowable", "match", "retired"]


def test_point_biserial_refuses_too_few_answers_or_a_constant_score():
    assert point_biserial(n=1, sum_x=1, sum_y=3, sum_xy=3, sum_yy=9) is None
    # Two sittings, both scoring 2: y never varies.
    assert point_biserial(n=2, sum_x=1, sum_y=4, sum_xy=2, sum_yy=8) is None
    xs, ys = [1, 0, 1, 0, 1], [3, 1, 2, 2, 3]
    sums = {
        "n": len(xs),
        "sum_x": sum(xs),
        "sum_y": sum(ys),
        "sum_xy": sum(x * y for x, y in zip(xs, ys, strict=True)),
        "sum_yy": sum(y * y for y in ys),
    }
    assert point_biserial(**sums) == pytest.approx(
        statistics.correlation(xs, ys), abs=1e-9
    )


@pytest.mark.parametrize("extra", [0, 36])
def test_the_statistics_take_three_queries_whatever_the_bank_size(
    answered, module, extra, django_assert_num_queries
):
    for _n in range(extra):
        question = QuestionFactory(module=module)
        _sitting(module, {question: [c for c in question.choices.all() if c.correct]})
    with django_assert_num_queries(SELECTOR_QUERIES):
        rows = question_statistics(module=module)
    assert len(rows) == 4 + extra


def test_review_flags_questions_most_learners_miss_once_enough_answered(module):
    hard = QuestionFactory(module=module, key="hard", prompt="A hard question")
    rare = QuestionFactory(module=module, key="rare", prompt="A rarely answered one")
    wrong = _choices(hard, "Relational trust")
    for _n in range(10):
        _answer(LearnerFactory(), hard, wrong)
    for _n in range(3):
        _answer(LearnerFactory(), rare, _choices(rare, "Relational trust"))

    rows = _by_key(question_statistics(module=module))

    assert rows["hard"].review_reasons == ["few answer it right"]
    assert rows["rare"].review_reasons == []  # three answers are too few to judge


def test_review_flags_a_question_strong_and_weak_sittings_answer_alike(module):
    weak, *others = (QuestionFactory(module=module, key=k) for k in "xyz")
    right = {q: _choices(q, "Transactional trust") for q in (weak, *others)}
    wrong = {q: _choices(q, "Relational trust") for q in (weak, *others)}
    # Whoever gets "x" right misses the other two, and the other way round.
    for n in range(12):
        if n % 2:
            _sitting(module, {weak: right[weak]} | {q: wrong[q] for q in others})
        else:
            _sitting(module, {weak: wrong[weak]} | {q: right[q] for q in others})

    row = _by_key(question_statistics(module=module))["x"]

    assert row.discrimination == pytest.approx(-1.0)
    assert row.share_correct == 0.5
    assert row.review_reasons == ["does not separate strong and weak sittings"]


# The report


def test_staff_see_the_first_module_with_a_bank_by_default(
    client, staff, answered, module, curriculum_index
):
    ModulePageFactory(parent=curriculum_index, title="A module with no questions")
    client.force_login(staff)

    response = client.get(reverse(REPORT_URL))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Braiding funding streams" in html
    edit = reverse(
        "wagtailsnippets_curriculum_question:edit", args=[answered["allocation"].pk]
    )
    assert f'href="{edit}"' in html
    assert "Which cost may two programs share?" in html
    assert "An older question on reporting dates (retired)" in html
    assert "50%" in html
    assert "Client benefits (33%)" in html
    assert "Module check only" in html
    assert "compares getting this question right with the score" in html


def test_the_report_shows_discrimination_to_two_decimals_and_a_dash(
    client, staff, answered, module
):
    client.force_login(staff)
    html = client.get(reverse(REPORT_URL), {"module": module.pk}).content.decode()
    expected = _expected(answered, "allowable")
    value = statistics.correlation(expected["x"], expected["y"])
    assert f"{value:.2f}" in html
    assert "–" in html  # the match and the retired question


def test_the_report_exports_every_wrong_choice_as_csv(client, staff, answered, module):
    client.force_login(staff)

    response = client.get(reverse(REPORT_URL), {"module": module.pk, "export": "csv"})

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = b"".join(response.streaming_content).decode()
    rows = {r["Key"]: r for r in csv.DictReader(io.StringIO(text))}
    assert list(rows) == ["allocation", "allowable", "match", "retired"]
    allocation = rows["allocation"]
    assert allocation["Question"] == "Which cost may two programs share?"
    assert allocation["Lesson"] == "Cost allocation"
    assert (allocation["Attempts"], allocation["% correct"]) == ("12", "50.0")
    assert allocation["Wrong choices picked"] == (
        "Client benefits: 4 (33%); Fines: 2 (17%)"
    )
    assert rows["match"]["Discrimination"] == ""
    assert rows["retired"]["In use"] == "No"


def test_the_report_exports_as_xlsx(client, staff, answered, module):
    client.force_login(staff)

    response = client.get(reverse(REPORT_URL), {"module": module.pk, "export": "xlsx"})

    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    header, *data = workbook.active.iter_rows(values_only=True)
    rows = {row[0]: dict(zip(header, row, strict=True)) for row in data}
    expected = _expected(answered, "allowable")
    allowable = rows["allowable"]
    assert allowable["Attempts"] == 8
    assert allowable["Discrimination"] == pytest.approx(
        round(statistics.correlation(expected["x"], expected["y"]), 3)
    )
    assert allowable["Wrong choices picked"].startswith("Lobbying: 3 (")


def test_learners_cannot_open_the_question_statistics(client, learner, answered):
    client.force_login(learner)
    for query in ({}, {"export": "csv"}):
        response = client.get(reverse(REPORT_URL), query)
        assert response.status_code in (302, 403)
        assert "text/csv" not in response.get("Content-Type", "")


def test_the_report_needs_the_question_bank_view_permission(client, answered):
    """Seeing cohorts is not enough: the report is about the bank's questions."""
    person = UserFactory(email="cohorts@example.org")
    person.user_permissions.add(
        *Permission.objects.filter(
            codename__in=["access_admin", "view_cohort"],
        )
    )
    client.force_login(person)
    assert client.get(reverse(REPORT_URL)).status_code in (302, 403)

    person.user_permissions.add(Permission.objects.get(codename="view_question"))
    response = client.get(reverse(REPORT_URL))
    assert response.status_code == 200
    # A viewer who may not edit questions sees them without links to the editor.
    edit = reverse(
        "wagtailsnippets_curriculum_question:edit", args=[answered["allocation"].pk]
    )
    assert edit not in response.content.decode()


def test_with_no_bank_the_report_says_so(client, staff, curriculum_index):
    client.force_login(staff)
    response = client.get(reverse(REPORT_URL))
    assert response.status_code == 200
    assert "No module has questions in its bank yet." in response.content.decode()


@pytest.mark.parametrize("extra", [0, 36])
def test_the_report_costs_the_same_queries_for_a_small_or_large_bank(
    client, staff, answered, module, extra, django_assert_max_num_queries
):
    for _n in range(extra):
        question = QuestionFactory(module=module)
        _sitting(module, {question: [c for c in question.choices.all() if c.correct]})
    client.force_login(staff)
    client.get(reverse(REPORT_URL))  # warm the site and content-type caches
    with django_assert_max_num_queries(REPORT_MAX_QUERIES):
        response = client.get(reverse(REPORT_URL))
    assert response.status_code == 200
    assert response.content.decode().count(
        "/admin/snippets/curriculum/question/edit/"
    ) == (4 + extra)


@pytest.mark.parametrize("value", ["not-a-module", "999999"])
def test_a_mangled_module_choice_is_a_message_not_a_failure(
    client, staff, answered, value
):
    client.force_login(staff)
    response = client.get(reverse(REPORT_URL), {"module": value})
    assert response.status_code == 200
    assert "Choose a module." in response.content.decode()


def test_a_learner_retrying_a_lesson_question_counts_once(bank, module):
    question = bank["allocation"]
    learner = LearnerFactory()
    for texts in (["Client benefits"], ["Fines"], ["Client benefits"], ["Rent"]):
        _answer(learner, question, _choices(question, *texts), lesson=question.lesson)
    row = _by_key(question_statistics(module=module))["allocation"]
    # Only the first try measures the question; the rest followed its feedback.
    assert (row.attempts, row.correct) == (1, 0)
    assert {w.choice.text: w.picks for w in row.wrong_choices} == {
        "Client benefits": 1,
        "Fines": 0,
    }
