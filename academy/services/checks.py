"""Answering bank questions: knowledge checks in lessons and the end-of-module check."""

from __future__ import annotations

import random
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from curriculum.models import LessonPage, ModulePage, Question

from ..models import (
    AnswerChoice,
    Enrolment,
    LessonProgress,
    ModuleCheckAttempt,
    QuestionAnswer,
)
from ..selectors.checks import (
    lesson_questions,
    lesson_questions_outstanding,
    module_check_bank,
    module_check_questions,
    module_check_state,
)
from ..selectors.progress import lessons_outstanding, prerequisites_unmet
from .progress import (
    NotEnrolled,
    PrerequisitesUnmet,
    _enrolment_ready,
    _touch,
    lesson_complete,
    module_completion_check,
)


class CheckNotReady(Exception):
    """The module check opens once every lesson is done; the message says so."""


class AlreadyAnswered(Exception):
    """The learner has answered this question right already; nothing to record."""


class CheckIncomplete(Exception):
    """Some questions were left unanswered; `missing` holds their ids."""

    def __init__(self, missing: list[int]):
        self.missing = missing
        super().__init__(_("Answer every question before you submit."))


def _picked(question: Question, choice_ids) -> list:
    """Return the question's choices a learner picked, refusing any other id."""
    by_id = {c.pk: c for c in question.choices.all()}
    try:
        wanted = {int(pk) for pk in choice_ids}
    except (TypeError, ValueError):
        raise ValueError(_("Choose one of the answers.")) from None
    if not wanted or not wanted <= by_id.keys():
        raise ValueError(_("Choose one of the answers."))
    if not question.is_multiple and len(wanted) != 1:
        raise ValueError(_("Choose one answer."))
    return [c for c in question.choices.all() if c.pk in wanted]


def question_answer_record(
    *, user, question: Question, picked: list, lesson=None, attempt=None
) -> QuestionAnswer:
    """Keep one answer with each choice picked; checks and reports read these."""
    correct_ids = {c.pk for c in question.choices.all() if c.correct}
    answer = QuestionAnswer.objects.create(
        user=user,
        question=question,
        lesson=lesson,
        module_attempt=attempt,
        question_text=question.prompt,
        response_text="\n".join(c.text for c in picked),
        correct={c.pk for c in picked} == correct_ids,
    )
    AnswerChoice.objects.bulk_create(
        [AnswerChoice(answer=answer, choice=c) for c in picked]
    )
    return answer


@dataclass
class CheckResult:
    answer: QuestionAnswer
    explanation: str


@transaction.atomic
def question_answer(
    *, user, lesson: LessonPage, question_id: int, choice_ids
) -> CheckResult:
    """Record a lesson's check answer; the lesson completes once all are right."""
    enrolment = _enrolment_ready(user=user, lesson=lesson)
    # One learner's answers in one module are decided one at a time, so the last
    # two right answers posted together still complete the lesson.
    Enrolment.objects.select_for_update().filter(pk=enrolment.pk).first()
    questions = {q.pk: q for q in lesson_questions(lesson=lesson)}
    question = questions.get(question_id)
    if question is None:
        raise ValueError(_("This lesson has no such question."))
    outstanding = lesson_questions_outstanding(
        user=user, lesson=lesson, question_ids=questions
    )
    if question_id not in outstanding:
        # A second tab still showing the question: the right answer stands.
        raise AlreadyAnswered
    answer = question_answer_record(
        user=user,
        question=question,
        picked=_picked(question, choice_ids),
        lesson=lesson,
    )
    LessonProgress.objects.get_or_create(user=user, lesson=lesson)
    _touch(enrolment)
    # A wrong answer is kept but completes nothing: the learner tries again.
    if answer.correct and outstanding == {question_id}:
        lesson_complete(user=user, lesson=lesson)
    return CheckResult(answer=answer, explanation=question.explanation)


def _module_enrolment(*, user, module: ModulePage) -> Enrolment:
    enrolment = Enrolment.objects.filter(user=user, module=module).first()
    if enrolment is None:
        raise NotEnrolled
    if unmet := prerequisites_unmet(user=user, module=module):
        raise PrerequisitesUnmet(unmet)
    return enrolment


def _draw(
    *, bank: list[int], size: int, answered: set[int], last: list[int]
) -> list[int]:
    """Draw `size` questions at random, the least familiar first.

    Questions the learner has never answered (in a lesson or a check) come first,
    then ones the last sitting did not ask, then the rest: a check measures what
    carries over, not what the learner remembers from the lesson page.
    """
    rng = random.SystemRandom()
    last = set(last)
    tiers = (
        [pk for pk in bank if pk not in answered],
        [pk for pk in bank if pk in answered and pk not in last],
        [pk for pk in bank if pk in last],
    )
    drawn: list[int] = []
    for tier in tiers:
        wanted = size - len(drawn)
        if wanted <= 0:
            break
        drawn += rng.sample(tier, min(wanted, len(tier)))
    rng.shuffle(drawn)
    return drawn


def module_check_start(*, user, module: ModulePage) -> ModuleCheckAttempt:
    """Open a sitting of the module check, or return the one already open."""
    _module_enrolment(user=user, module=module)
    state = module_check_state(user=user, module=module)
    if not state.required:
        raise CheckNotReady(_("This module has no end-of-module check."))
    if state.open_attempt is not None:
        return state.open_attempt
    if lessons_outstanding(user=user, module=module):
        raise CheckNotReady(_("Complete every lesson first; then take the check."))
    bank = list(
        module_check_bank(module=module).order_by("pk").values_list("pk", flat=True)
    )
    last = state.last_attempt.question_ids if state.last_attempt else []
    answered = set(
        QuestionAnswer.objects.filter(user=user, question_id__in=bank)
        .values_list("question_id", flat=True)
        .distinct()
    )
    try:
        with transaction.atomic():
            return ModuleCheckAttempt.objects.create(
                user=user,
                module=module,
                question_ids=_draw(
                    bank=bank, size=state.questions, answered=answered, last=last
                ),
                pass_mark=state.pass_mark,
            )
    except IntegrityError:
        # A second click raced the first: its sitting is the one to take.
        return ModuleCheckAttempt.objects.get(
            user=user, module=module, submitted_at__isnull=True
        )


@transaction.atomic
def module_check_submit(
    *, user, attempt_id: int, responses: dict[int, list]
) -> ModuleCheckAttempt:
    """Score a sitting; passing it completes the module once its lessons are done.

    Submitting twice (a double click, a second tab) returns the first result.
    """
    attempt = (
        ModuleCheckAttempt.objects.select_for_update()
        .select_related("module")
        .filter(pk=attempt_id, user=user)
        .first()
    )
    if attempt is None:
        raise ModuleCheckAttempt.DoesNotExist
    if attempt.submitted_at is not None:
        return attempt
    enrolment = _module_enrolment(user=user, module=attempt.module)
    questions = module_check_questions(attempt=attempt)
    if len(questions) < attempt.total:
        # A question deleted since the draw: score the sitting on what is left.
        attempt.question_ids = [q.pk for q in questions]
        attempt.pass_mark = min(attempt.pass_mark, len(questions))
    missing = [q.pk for q in questions if not responses.get(q.pk)]
    if missing:
        raise CheckIncomplete(missing)
    picks = {q.pk: _picked(q, responses[q.pk]) for q in questions}
    score = sum(
        question_answer_record(
            user=user, question=q, picked=picks[q.pk], attempt=attempt
        ).correct
        for q in questions
    )
    attempt.score = score
    attempt.passed = score >= attempt.pass_mark
    attempt.submitted_at = timezone.now()
    attempt.save(
        update_fields=["score", "passed", "submitted_at", "question_ids", "pass_mark"]
    )
    _touch(enrolment)
    if attempt.passed:
        module_completion_check(enrolment=enrolment)
    return attempt
