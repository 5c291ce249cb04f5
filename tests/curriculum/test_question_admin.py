import pytest
from django.urls import reverse

from curriculum.models import Question
from tests.curriculum.factories import (
    CompetencyFactory,
    LessonPageFactory,
    ModulePageFactory,
    QuestionFactory,
)

pytestmark = pytest.mark.django_db

LIST_URL = "wagtailsnippets_curriculum_question:list"
ADD_URL = "wagtailsnippets_curriculum_question:add"
EDIT_URL = "wagtailsnippets_curriculum_question:edit"
# 15 today, with three questions or forty: session, user, permissions, menus, the
# filter choices, the page of questions and their count; headroom for other menus.
LISTING_MAX_QUERIES = 18


@pytest.fixture
def module(curriculum_index):
    return ModulePageFactory(parent=curriculum_index, title="Braiding funding streams")


@pytest.fixture
def lesson(module):
    return LessonPageFactory(parent=module, title="Reading a cost allocation plan")


def _question_data(*, module, choices, kind="single", lesson=None, **fields) -> dict:
    """The add or edit form as the admin posts it, choices as (text, correct)."""
    data = {
        "module": module.pk,
        "lesson": lesson.pk if lesson else "",
        "key": "shared-costs",
        "active": "on",
        "kind": kind,
        "seat": "",
        "scenario": "",
        "prompt": "Which cost can two programs share under a cost allocation plan?",
        "explanation": "Shared costs are split by a documented base.",
        "choices-TOTAL_FORMS": len(choices),
        "choices-INITIAL_FORMS": 0,
        "choices-MIN_NUM_FORMS": 2,
        "choices-MAX_NUM_FORMS": 8,
    }
    for n, (text, correct) in enumerate(choices):
        data |= {
            f"choices-{n}-id": "",
            f"choices-{n}-text": text,
            f"choices-{n}-feedback": "",
            f"choices-{n}-ORDER": n + 1,
            f"choices-{n}-DELETE": "",
        }
        if correct:
            data[f"choices-{n}-correct"] = "on"
    return data | fields


def _add(client, data):
    return client.post(reverse(ADD_URL), data)


def test_staff_add_a_question_with_its_choices(client, staff, module, lesson):
    client.force_login(staff)
    response = _add(
        client,
        _question_data(
            module=module,
            lesson=lesson,
            choices=[("Rent for a shared office", True), ("A client's benefit", False)],
        ),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    question = Question.objects.get(key="shared-costs")
    assert question.lesson == lesson
    assert [(c.text, c.correct) for c in question.choices.order_by("sort_order")] == [
        ("Rent for a shared office", True),
        ("A client's benefit", False),
    ]


@pytest.mark.parametrize(
    ("kind", "choices", "message"),
    [
        (
            "single",
            [("Rent", True), ("Payroll for both teams", True), ("Benefits", False)],
            "Mark exactly one choice as correct: this type of question has one "
            "right answer, and 2 choices are marked.",
        ),
        (
            "single",
            [("Rent", False), ("Benefits", False)],
            "Mark exactly one choice as correct: this type of question has one "
            "right answer, and 0 choices are marked.",
        ),
        (
            "multiple",
            [("Rent", False), ("Benefits", False)],
            "Mark at least one choice as correct.",
        ),
        (
            "multiple",
            [("Rent", True), ("Utilities", True)],
            "Leave at least one choice unmarked: when every choice is correct, "
            "“choose all that apply” tests nothing.",
        ),
        ("multiple", [("Rent", True)], "Give the question at least two choices."),
    ],
)
def test_the_form_refuses_choices_no_learner_could_answer_right(
    client, staff, module, kind, choices, message
):
    client.force_login(staff)
    response = _add(client, _question_data(module=module, kind=kind, choices=choices))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Question.objects.exists()


def test_a_scenario_needs_exactly_one_right_choice_and_its_situation(
    client, staff, module
):
    client.force_login(staff)
    data = _question_data(
        module=module,
        kind="scenario",
        choices=[("Call the county first", True), ("Wait for the audit", True)],
    )
    html = _add(client, data).content.decode()
    assert "and 2 choices are marked." in html
    assert "Describe the situation for a scenario question." in html
    assert not Question.objects.exists()


def test_a_lesson_of_another_module_is_a_form_error(client, staff, module):
    other_lesson = LessonPageFactory(
        parent=ModulePageFactory(parent=module.get_parent()), questions=0
    )
    client.force_login(staff)
    data = _question_data(
        module=module, lesson=other_lesson, choices=[("Rent", True), ("Fees", False)]
    )
    response = _add(client, data)
    assert response.status_code == 200
    assert "Choose a lesson of the question&#x27;s own module." in (
        response.content.decode()
    )
    assert not Question.objects.exists()


def test_deleted_rows_do_not_count_as_choices(client, staff, module):
    question = QuestionFactory(
        module=module,
        key="shared-costs",
        choices=[("Rent", True), ("Fees", False), ("Payroll", True)],
    )
    rows = list(question.choices.order_by("sort_order"))
    client.force_login(staff)
    data = _question_data(module=module, choices=[(r.text, r.correct) for r in rows])
    data["choices-INITIAL_FORMS"] = len(rows)
    for n, row in enumerate(rows):
        data[f"choices-{n}-id"] = row.pk

    data["choices-1-DELETE"] = "on"
    html = client.post(reverse(EDIT_URL, args=[question.pk]), data).content.decode()
    assert "and 2 choices are marked." in html  # Rent and Payroll remain

    data |= {"choices-1-DELETE": "", "choices-2-DELETE": "on"}
    response = client.post(reverse(EDIT_URL, args=[question.pk]), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert list(question.choices.values_list("text", flat=True)) == ["Rent", "Fees"]


def test_a_broken_choice_row_shows_its_own_error_not_a_guess(client, staff, module):
    client.force_login(staff)
    data = _question_data(module=module, choices=[("Rent", True), ("", False)])
    data["choices-1-feedback"] = "Fees are not shared."
    html = _add(client, data).content.decode()
    assert "This field is required." in html
    assert "at least two choices" not in html
    assert not Question.objects.exists()


def _bank(module, count: int) -> None:
    competency = CompetencyFactory()
    for n in range(count):
        lesson = LessonPageFactory(parent=module, questions=0) if n % 3 == 0 else None
        question = QuestionFactory(module=module, lesson=lesson, active=n % 4 != 0)
        question.competencies.add(competency)
        question.save()


@pytest.mark.parametrize("count", [3, 40])
def test_the_listing_costs_the_same_queries_for_a_small_or_large_bank(
    client, staff, module, count, django_assert_max_num_queries
):
    _bank(module, count)
    client.force_login(staff)
    client.get(reverse(LIST_URL))  # warm the site and content-type caches
    with django_assert_max_num_queries(LISTING_MAX_QUERIES):
        response = client.get(reverse(LIST_URL))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Braiding funding streams" in html
    listed = [
        q for q in Question.objects.all() if reverse(EDIT_URL, args=[q.pk]) in html
    ]
    assert len(listed) == min(count, 20)  # twenty to a page


def test_the_listing_filters_by_module_kind_and_use_and_searches_the_text(
    client, staff, module
):
    kept = QuestionFactory(module=module, prompt="Who signs the data-sharing pact?")
    QuestionFactory(module=module, kind="multiple", prompt="Which costs may be shared?")
    QuestionFactory(module=module, active=False, prompt="An old question on grants")
    QuestionFactory(
        module=ModulePageFactory(parent=module.get_parent()),
        prompt="A question of another module",
    )
    client.force_login(staff)
    url = reverse(LIST_URL)

    def shown(**query):
        html = client.get(url, query).content.decode()
        return {q.prompt for q in Question.objects.all() if q.prompt in html}

    assert shown(module=module.pk) == {
        kept.prompt,
        "Which costs may be shared?",
        "An old question on grants",
    }
    assert shown(kind="multiple") == {"Which costs may be shared?"}
    assert shown(active="false") == {"An old question on grants"}
    assert shown(q="data-sharing") == {kept.prompt}
    competency = CompetencyFactory(name="Sharing data across agencies")
    kept.competencies.add(competency)
    kept.save()  # a cluster saves its many-to-many links with itself
    assert shown(competencies=competency.pk) == {kept.prompt}


def test_learners_cannot_open_the_question_bank(client, learner, module):
    question = QuestionFactory(module=module)
    client.force_login(learner)
    for url in (reverse(LIST_URL), reverse(EDIT_URL, args=[question.pk])):
        assert client.get(url).status_code in (302, 403)


def test_the_question_bank_is_an_item_of_the_academy_menu(client, staff):
    client.force_login(staff)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Question bank" in html
    assert reverse(LIST_URL) in html


def test_an_answered_question_cannot_be_deleted_only_retired(client, staff, module):
    from tests.academy.factories import QuestionAnswerFactory

    answered = QuestionFactory(module=module, prompt="Who owns the shared data?")
    QuestionAnswerFactory(question=answered, lesson=None)
    unanswered = QuestionFactory(module=module)
    client.force_login(staff)

    url = reverse("wagtailsnippets_curriculum_question:delete", args=[answered.pk])
    response = client.post(url, follow=True)

    assert "learners have answered it" in response.content.decode()
    assert Question.objects.filter(pk=answered.pk).exists()
    assert answered.answers.count() == 1

    url = reverse("wagtailsnippets_curriculum_question:delete", args=[unanswered.pk])
    assert client.post(url).status_code == 302
    assert not Question.objects.filter(pk=unanswered.pk).exists()


def test_bulk_delete_keeps_answered_questions(client, staff, module):
    from tests.academy.factories import QuestionAnswerFactory

    questions = [QuestionFactory(module=module) for _n in range(3)]
    QuestionAnswerFactory(question=questions[0], lesson=None)
    client.force_login(staff)
    url = reverse("wagtail_bulk_action", args=["curriculum", "question", "delete"])
    query = "&".join(f"id={q.pk}" for q in questions)

    response = client.post(f"{url}?{query}", follow=True)

    html = response.content.decode()
    assert "Nothing was deleted: learners have answered 1 of these questions" in html
    assert Question.objects.count() == 3


def test_a_huge_module_id_in_the_filters_is_not_an_error(client, staff):
    client.force_login(staff)
    huge = "9" * 30
    for url in (
        reverse("wagtailsnippets_curriculum_question:list") + f"?module={huge}",
        reverse("academy_question_statistics") + f"?module={huge}",
        reverse("academy_question_statistics") + f"?module={huge}&export=csv",
    ):
        assert client.get(url).status_code in (200, 302), url
