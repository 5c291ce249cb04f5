"""Reads about knowledge checks: the questions a learner sees, in order, and results."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from django.db.models import Prefetch, Q

from curriculum.models import LessonPage, ModulePage, Question, QuestionChoice
from curriculum.selectors import lesson_questions

__all__ = ["lesson_questions"]

from ..models import ModuleCheckAttempt, QuestionAnswer


def lesson_questions_outstanding(*, user, lesson: LessonPage, question_ids) -> set[int]:
    """Return the lesson's questions the learner has not yet answered right."""
    right = set(
        QuestionAnswer.objects.filter(
            user=user, lesson=lesson, module_attempt=None, correct=True
        ).values_list("question_id", flat=True)
    )
    return set(question_ids) - right


def choices_shuffled(
    *, question: Question, user_id: int | None
) -> list[QuestionChoice]:
    """Return the choices in an order fixed for this learner and question.

    Hashing (learner, question, choice) gives every learner their own order without
    storing one, and a reload never reorders; pinned choices stay last.
    """
    choices = list(question.choices.all())
    if user_id is None:
        return sorted(choices, key=lambda c: (c.pin_last, c.sort_order or 0))

    def rank(choice: QuestionChoice) -> tuple[bool, str]:
        seed = f"{user_id}:{question.pk}:{choice.pk}".encode()
        return (choice.pin_last, hashlib.sha256(seed).hexdigest())

    return sorted(choices, key=rank)


def lesson_answers(*, user, lesson: LessonPage) -> dict[int, dict]:
    """Per question of the lesson: the latest answer, how many, and if ever right."""
    answers: dict[int, dict] = {}
    rows = (
        QuestionAnswer.objects.filter(user=user, lesson=lesson, module_attempt=None)
        .prefetch_related("picks")
        .order_by("-created_at", "-pk")
    )
    for answer in rows:
        entry = answers.setdefault(
            answer.question_id,
            {
                "latest": answer,
                "picked": {pick.choice_id for pick in answer.picks.all()},
                "count": 0,
                "right": False,
            },
        )
        entry["count"] += 1
        entry["right"] = entry["right"] or answer.correct
    return answers


@dataclass
class ModuleCheckState:
    """What the module page and the check page say about a learner's module check."""

    required: bool
    questions: int
    pass_mark: int
    bank_size: int
    open_attempt: ModuleCheckAttempt | None = None
    last_attempt: ModuleCheckAttempt | None = None
    passed_attempt: ModuleCheckAttempt | None = None
    attempts: int = 0

    @property
    def passed(self) -> bool:
        return self.passed_attempt is not None


def module_check_bank(*, module: ModulePage):
    """The questions a module check may draw: in use, and not from a lesson that is
    unpublished (its "review" link would lead nowhere)."""
    return Question.objects.filter(module=module, active=True).filter(
        Q(lesson__isnull=True) | Q(lesson__live=True)
    )


def module_check_state(*, user, module: ModulePage) -> ModuleCheckState:
    """Return the learner's standing on a module's end-of-module check."""
    bank_size = module_check_bank(module=module).count()
    drawn = min(module.check_questions, bank_size)
    state = ModuleCheckState(
        required=drawn > 0,
        questions=drawn,
        pass_mark=min(module.check_pass_mark, drawn),
        bank_size=bank_size,
    )
    if not state.required or user is None:
        return state
    attempts = list(
        ModuleCheckAttempt.objects.filter(user=user, module=module).order_by(
            "-started_at", "-pk"
        )[:50]
    )
    state.attempts = sum(1 for a in attempts if a.submitted_at)
    state.open_attempt = next((a for a in attempts if a.submitted_at is None), None)
    state.last_attempt = next((a for a in attempts if a.submitted_at), None)
    state.passed_attempt = next((a for a in attempts if a.passed), None)
    return state


def module_check_questions(*, attempt: ModuleCheckAttempt) -> list[Question]:
    """Return the questions drawn for a sitting, in the order they were drawn."""
    by_id = {
        q.pk: q
        for q in Question.objects.filter(pk__in=attempt.question_ids)
        .select_related("lesson")
        .prefetch_related(
            Prefetch("choices", queryset=QuestionChoice.objects.order_by("sort_order"))
        )
    }
    return [by_id[pk] for pk in attempt.question_ids if pk in by_id]


@dataclass
class QuestionResult:
    question: Question
    answer: QuestionAnswer | None
    picked: set[int] = field(default_factory=set)
    choices: list[QuestionChoice] = field(default_factory=list)


def module_check_results(*, attempt: ModuleCheckAttempt) -> list[QuestionResult]:
    """Return each question of a submitted sitting with the learner's answer."""
    answers = {
        a.question_id: a
        for a in QuestionAnswer.objects.filter(module_attempt=attempt).prefetch_related(
            "picks"
        )
    }
    results = []
    for question in module_check_questions(attempt=attempt):
        answer = answers.get(question.pk)
        results.append(
            QuestionResult(
                question=question,
                answer=answer,
                picked={p.choice_id for p in answer.picks.all()} if answer else set(),
                choices=choices_shuffled(question=question, user_id=attempt.user_id),
            )
        )
    return results


def lessons_to_review(*, results: list[QuestionResult]) -> list[LessonPage]:
    """Return the lessons behind the questions a learner missed, once each, in order."""
    lessons: dict[int, LessonPage] = {}
    for result in results:
        lesson = result.question.lesson
        missed = not (result.answer and result.answer.correct)
        if lesson is not None and lesson.live and missed:
            lessons.setdefault(lesson.pk, lesson)
    return sorted(lessons.values(), key=lambda lesson: lesson.path)
