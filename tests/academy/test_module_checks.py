"""Knowledge checks that measure something: shuffled choices, bank draws, pass marks."""

import pytest
from django.core import mail
from django.urls import reverse

from academy.models import Credential, Enrolment, ModuleCheckAttempt, QuestionAnswer
from academy.selectors.checks import choices_shuffled, module_check_questions
from academy.services.checks import (
    CheckIncomplete,
    CheckNotReady,
    module_check_start,
    module_check_submit,
    question_answer,
)
from academy.services.progress import enrolment_create
from tests.academy.factories import LearnerFactory
from tests.curriculum.factories import (
    LessonPageFactory,
    ModulePageFactory,
    QuestionFactory,
)

pytestmark = pytest.mark.django_db

FOUR_CHOICES = [("Alpha", False), ("Bravo", True), ("Charlie", False), ("Delta", False)]


@pytest.fixture
def module(curriculum_index):
    """Two lessons asking one question each; a bank of eight: 5 drawn, 4 to pass."""
    module = ModulePageFactory(
        parent=curriculum_index,
        title="Trust as infrastructure",
        check_questions=5,
        check_pass_mark=4,
    )
    for n in (1, 2):
        LessonPageFactory(parent=module, title=f"Trust lesson {n}")
    for n in range(6):
        QuestionFactory(module=module, prompt=f"Bank question {n}?")
    return module


def _lessons_done(user, module):
    enrolment_create(user=user, module=module)
    for question in module.questions.exclude(lesson=None).select_related("lesson"):
        question_answer(
            user=user,
            lesson=question.lesson,
            question_id=question.pk,
            choice_ids=[question.choices.get(correct=True).pk],
        )


def _responses(attempt, *, right: int) -> dict:
    """Answer the first `right` questions correctly and the rest wrongly."""
    responses = {}
    for n, question in enumerate(module_check_questions(attempt=attempt)):
        choice = next(c for c in question.choices.all() if c.correct == (n < right))
        responses[question.pk] = [str(choice.pk)]
    return responses


def test_choices_are_shuffled_per_learner_stably_with_pinned_choices_last(module):
    question = QuestionFactory(
        module=module,
        choices=[*FOUR_CHOICES, ("Echo", False), ("None of the above", False)],
    )
    none = question.choices.get(text="None of the above")
    none.pin_last = True
    none.save()
    learners = LearnerFactory.create_batch(12)
    orders = {
        learner.pk: [
            c.text for c in choices_shuffled(question=question, user_id=learner.pk)
        ]
        for learner in learners
    }
    # A reload gives the learner the same order.
    first = learners[0]
    again = [c.text for c in choices_shuffled(question=question, user_id=first.pk)]
    assert again == orders[first.pk]
    # Pinned choices stay last for everyone; the rest differ between learners.
    assert {order[-1] for order in orders.values()} == {"None of the above"}
    assert len({tuple(order) for order in orders.values()}) > 6
    # Where the right answer lands varies too.
    assert len({order.index("Bravo") for order in orders.values()}) >= 3


def test_the_lesson_page_shows_this_learners_order_on_every_reload(
    client, learner, other_learner, curriculum_index
):
    module = ModulePageFactory(parent=curriculum_index)
    lesson = LessonPageFactory(parent=module, questions=0)
    QuestionFactory(
        module=module,
        lesson=lesson,
        choices=[*FOUR_CHOICES, ("Echo", False), ("Foxtrot", False)],
    )

    def order(user):
        enrolment_create(user=user, module=module)
        client.force_login(user)
        html = client.get(lesson.url).content.decode()
        labels = ["Alpha", "Bravo", "Charlie", "Delta", "Echo", "Foxtrot"]
        return sorted(labels, key=lambda text: html.index(f">{text}</label>"))

    mine = order(learner)
    assert order(learner) == mine
    others = [order(LearnerFactory()) for _n in range(5)]
    assert any(other != mine for other in others)


def test_a_multiple_select_question_needs_exactly_the_right_set(
    learner, curriculum_index
):
    module = ModulePageFactory(parent=curriculum_index)
    lesson = LessonPageFactory(parent=module, questions=0)
    question = QuestionFactory(
        module=module,
        lesson=lesson,
        kind="multiple",
        choices=[("Budget", True), ("Board", True), ("Logo", False)],
    )
    enrolment_create(user=learner, module=module)
    ids = {c.text: c.pk for c in question.choices.all()}

    def answer(*texts):
        return question_answer(
            user=learner,
            lesson=lesson,
            question_id=question.pk,
            choice_ids=[ids[t] for t in texts],
        ).answer

    assert answer("Budget").correct is False  # a partial answer is not right
    assert answer("Budget", "Board", "Logo").correct is False
    right = answer("Budget", "Board")
    assert right.correct is True
    assert sorted(p.choice.text for p in right.picks.all()) == ["Board", "Budget"]
    lesson.refresh_from_db()
    assert learner.lesson_progress.get(lesson=lesson).completed_at is not None


def test_the_check_opens_only_once_every_lesson_is_done(learner, module):
    enrolment_create(user=learner, module=module)
    with pytest.raises(CheckNotReady, match="Complete every lesson first"):
        module_check_start(user=learner, module=module)
    _lessons_done(learner, module)
    enrolment = Enrolment.objects.get(user=learner, module=module)
    # The lessons are done, but the module is not: its check is still to pass.
    assert enrolment.completed_at is None
    assert not Credential.objects.filter(user=learner).exists()
    attempt = module_check_start(user=learner, module=module)
    assert len(attempt.question_ids) == 5
    assert len(set(attempt.question_ids)) == 5
    assert set(attempt.question_ids) <= set(
        module.questions.values_list("pk", flat=True)
    )
    # Starting again (a double click) returns the same open sitting.
    assert module_check_start(user=learner, module=module).pk == attempt.pk


def test_a_failed_check_completes_nothing_and_a_new_attempt_draws_fresh_questions(
    learner, module
):
    _lessons_done(learner, module)
    first = module_check_start(user=learner, module=module)
    failed = module_check_submit(
        user=learner, attempt_id=first.pk, responses=_responses(first, right=3)
    )
    assert (failed.score, failed.passed) == (3, False)
    assert Enrolment.objects.get(user=learner, module=module).completed_at is None
    assert not Credential.objects.filter(user=learner).exists()

    second = module_check_start(user=learner, module=module)
    assert second.pk != first.pk
    # A bank of 8 holds 3 questions the first sitting did not ask: all are drawn.
    unseen = set(module.questions.values_list("pk", flat=True)) - set(
        first.question_ids
    )
    assert unseen <= set(second.question_ids)
    passed = module_check_submit(
        user=learner, attempt_id=second.pk, responses=_responses(second, right=4)
    )
    assert (passed.score, passed.passed) == (4, True)
    assert Enrolment.objects.get(user=learner, module=module).completed_at is not None
    credential = Credential.objects.get(user=learner, module=module)
    assert credential.module_title == "Trust as infrastructure"
    assert QuestionAnswer.objects.filter(module_attempt__user=learner).count() == 10


def test_submitting_twice_scores_once_and_partial_answers_are_refused(learner, module):
    _lessons_done(learner, module)
    attempt = module_check_start(user=learner, module=module)
    responses = _responses(attempt, right=5)
    partial = dict(list(responses.items())[:3])
    with pytest.raises(CheckIncomplete) as refused:
        module_check_submit(user=learner, attempt_id=attempt.pk, responses=partial)
    assert len(refused.value.missing) == 2
    assert not QuestionAnswer.objects.filter(module_attempt=attempt).exists()
    module_check_submit(user=learner, attempt_id=attempt.pk, responses=responses)
    again = module_check_submit(
        user=learner, attempt_id=attempt.pk, responses=_responses(attempt, right=0)
    )
    assert again.score == 5
    assert QuestionAnswer.objects.filter(module_attempt=attempt).count() == 5
    assert Credential.objects.filter(user=learner).count() == 1


def test_a_learner_cannot_submit_or_read_someone_elses_sitting(
    client, learner, other_learner, module
):
    _lessons_done(other_learner, module)
    theirs = module_check_start(user=other_learner, module=module)
    with pytest.raises(ModuleCheckAttempt.DoesNotExist):
        module_check_submit(
            user=learner, attempt_id=theirs.pk, responses=_responses(theirs, right=5)
        )
    client.force_login(learner)
    submit = reverse("academy:module-check-submit", args=[module.pk, theirs.pk])
    result = reverse("academy:module-check-result", args=[module.pk, theirs.pk])
    assert client.post(submit, {}).status_code == 404
    assert client.get(result).status_code == 404
    theirs.refresh_from_db()
    assert theirs.submitted_at is None


def test_the_check_pages_take_a_learner_from_a_failed_attempt_to_a_pass(
    client, learner, module, django_capture_on_commit_callbacks
):
    _lessons_done(learner, module)
    client.force_login(learner)
    module_html = client.get(module.url).content.decode()
    assert "Take the module check" in module_html
    check_url = reverse("academy:module-check", args=[module.pk])
    response = client.post(reverse("academy:module-check-start", args=[module.pk]))
    assert response.url == check_url
    html = client.get(check_url).content.decode()
    attempt = ModuleCheckAttempt.objects.get(user=learner)
    assert html.count('type="radio"') == 5 * 2
    assert "Submit my answers" in html

    # Half an answer sheet comes back with what was chosen, and says what is missing.
    responses = _responses(attempt, right=2)
    first_two = {f"question-{pk}": v for pk, v in list(responses.items())[:2]}
    submit = reverse("academy:module-check-submit", args=[module.pk, attempt.pk])
    response = client.post(submit, first_two)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Answer every question before you submit." in html
    assert "3 questions still need an answer" in html
    assert html.count(" checked>") == 2

    form = {f"question-{pk}": v for pk, v in responses.items()}
    response = client.post(submit, form, follow=True)
    html = response.content.decode()
    assert "Not passed yet" in html
    assert "You answered 2 of 5 correctly" in html
    assert "What to review" in html
    assert "Start a new attempt" in html

    client.post(reverse("academy:module-check-start", args=[module.pk]))
    second = ModuleCheckAttempt.objects.get(user=learner, submitted_at=None)
    form = {f"question-{pk}": v for pk, v in _responses(second, right=5).items()}
    submit = reverse("academy:module-check-submit", args=[module.pk, second.pk])
    with django_capture_on_commit_callbacks(execute=True):
        html = client.post(submit, form, follow=True).content.decode()
    assert "You passed the module check" in html
    assert "Kept promises build a record partners rely on." in html
    assert "View your credential" in client.get(module.url).content.decode()
    assert any("credential" in m.subject.lower() for m in mail.outbox)


def test_a_module_without_a_check_completes_with_its_lessons(learner, curriculum_index):
    module = ModulePageFactory(parent=curriculum_index)
    LessonPageFactory(parent=module)
    _lessons_done(learner, module)
    assert Enrolment.objects.get(user=learner, module=module).completed_at is not None
    assert Credential.objects.filter(user=learner, module=module).exists()


def test_the_check_page_runs_a_bounded_number_of_queries(
    client, learner, curriculum_index, django_assert_max_num_queries
):
    def sitting(size):
        module = ModulePageFactory(
            parent=curriculum_index, check_questions=size, check_pass_mark=1
        )
        LessonPageFactory(parent=module, questions=size)
        user = LearnerFactory()
        _lessons_done(user, module)
        attempt = module_check_start(user=user, module=module)
        return user, module, attempt

    for size in (2, 20):
        user, module, attempt = sitting(size)
        client.force_login(user)
        with django_assert_max_num_queries(22):
            assert (
                client.get(
                    reverse("academy:module-check", args=[module.pk])
                ).status_code
                == 200
            )
        module_check_submit(
            user=user, attempt_id=attempt.pk, responses=_responses(attempt, right=1)
        )
        result = reverse("academy:module-check-result", args=[module.pk, attempt.pk])
        with django_assert_max_num_queries(22):
            assert client.get(result).status_code == 200


def test_the_dashboard_sends_a_learner_whose_lessons_are_done_to_the_check(
    client, learner, module
):
    _lessons_done(learner, module)
    client.force_login(learner)
    html = client.get(reverse("academy:dashboard")).content.decode()
    check_url = reverse("academy:module-check", args=[module.pk])
    assert f'href="{check_url}">Next: the module check</a>' in html
    # Two lessons done of three steps: the check is the one still to take.
    assert "2 of 2 lessons · 67%" in html


def test_the_check_asks_questions_the_learner_has_not_met_in_the_lessons_first(
    learner, module
):
    # The bank: 2 lesson questions (answered) and 6 kept for the check.
    _lessons_done(learner, module)
    lesson_questions = set(
        module.questions.exclude(lesson=None).values_list("pk", flat=True)
    )
    first = module_check_start(user=learner, module=module)
    assert not set(first.question_ids) & lesson_questions
    module_check_submit(
        user=learner, attempt_id=first.pk, responses=_responses(first, right=0)
    )
    # Next time: the one unseen question, then ones the last sitting did not ask.
    second = module_check_start(user=learner, module=module)
    unseen = (
        set(module.questions.values_list("pk", flat=True))
        - lesson_questions
        - set(first.question_ids)
    )
    assert unseen <= set(second.question_ids)
    assert lesson_questions <= set(second.question_ids)


def test_a_second_tab_cannot_undo_a_right_answer_and_unpublished_lessons_stay_out(
    client, learner, module
):
    _lessons_done(learner, module)
    question = module.questions.exclude(lesson=None).select_related("lesson").first()
    wrong = question.choices.get(correct=False)
    client.force_login(learner)
    url = reverse("academy:question-answer", args=[question.lesson.pk, question.pk])
    html = client.post(url, {"choice": str(wrong.pk)}, follow=True).content.decode()
    assert "You have already answered this question right." in html
    assert learner.question_answers.filter(question=question).count() == 1

    # A lesson taken down takes its questions out of the check's draw.
    question.lesson.unpublish()
    attempt = module_check_start(user=learner, module=module)
    assert question.pk not in attempt.question_ids


def test_an_empty_answer_is_explained_beside_the_question(client, learner, module):
    enrolment_create(user=learner, module=module)
    question = module.questions.exclude(lesson=None).select_related("lesson").first()
    client.force_login(learner)
    url = reverse("academy:question-answer", args=[question.lesson.pk, question.pk])
    response = client.post(url, {}, follow=True)
    html = response.content.decode()
    error = (
        f'<p class="la-errorlist" id="q{question.pk}-error">Choose an answer first.</p>'
    )
    assert error in html
    assert f'aria-describedby="q{question.pk}-error"' in html
