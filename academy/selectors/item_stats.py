"""How each question of a bank performs: difficulty, discrimination, distractors.

Three queries whatever the number of questions or answers: the bank, one grouped
aggregate over the answers, one grouped count of picks per wrong choice.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from django.db.models import (
    BigIntegerField,
    Count,
    Exists,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Cast, Coalesce
from django.utils.translation import gettext as _

from curriculum.models import ModulePage, Question, QuestionChoice

from ..models import AnswerChoice, QuestionAnswer

# A question is worth a second look when too few or too many answer it right, or
# when strong and weak sittings get it right about equally often; below this many
# answers, chance alone moves the numbers too much to say so.
REVIEW_MIN_ANSWERS = 10
REVIEW_HARD_BELOW = 0.3
REVIEW_EASY_ABOVE = 0.95
REVIEW_DISCRIMINATION_BELOW = 0.1


@dataclass
class WrongChoiceStatistics:
    choice: QuestionChoice
    picks: int
    share: float | None  # of all answers to the question


@dataclass
class QuestionStatistics:
    question: Question
    attempts: int  # answers in lessons and module checks
    correct: int
    check_answers: int  # answers given in submitted module checks
    discrimination: float | None
    wrong_choices: list[WrongChoiceStatistics] = field(default_factory=list)

    @property
    def lesson(self):
        return self.question.lesson

    @property
    def kind(self) -> str:
        return self.question.kind

    @property
    def share_correct(self) -> float | None:
        return self.correct / self.attempts if self.attempts else None

    @property
    def top_wrong_choice(self) -> WrongChoiceStatistics | None:
        picked = [w for w in self.wrong_choices if w.picks]
        return max(picked, key=lambda w: w.picks) if picked else None

    @property
    def review_reasons(self) -> list[str]:
        """Say why the question deserves a second look; empty when it does not."""
        reasons = []
        share = self.share_correct
        if self.attempts >= REVIEW_MIN_ANSWERS and share is not None:
            if share < REVIEW_HARD_BELOW:
                reasons.append(_("few answer it right"))
            elif share > REVIEW_EASY_ABOVE:
                reasons.append(_("almost all answer it right"))
        if (
            self.check_answers >= REVIEW_MIN_ANSWERS
            and self.discrimination is not None
            and self.discrimination < REVIEW_DISCRIMINATION_BELOW
        ):
            reasons.append(_("does not separate strong and weak sittings"))
        return reasons


def modules_with_questions() -> QuerySet[ModulePage]:
    """Return the modules whose bank holds a question, in the curriculum's order."""
    return ModulePage.objects.filter(
        Exists(Question.objects.filter(module=OuterRef("pk")))
    ).order_by("path")


def question_ids_answered(*, questions) -> set[int]:
    """Return the ids of those questions that have at least one answer."""
    return set(
        QuestionAnswer.objects.filter(question__in=questions)
        .values_list("question_id", flat=True)
        .distinct()
    )


def _counted(answers: QuerySet, prefix: str = "") -> QuerySet:
    """Keep the answers that measure the question: every module-check answer, and in
    lessons only a learner's first try (retries until right would make any question
    look hard)."""
    earlier = QuestionAnswer.objects.filter(
        user=OuterRef(f"{prefix}user"),
        question=OuterRef(f"{prefix}question"),
        module_attempt=None,
        pk__lt=OuterRef(f"{prefix}pk"),
    )
    return answers.filter(
        Q(**{f"{prefix}module_attempt__isnull": False}) | ~Exists(earlier)
    )


def point_biserial(
    *, n: int, sum_x: int, sum_y: int, sum_xy: int, sum_yy: int
) -> float | None:
    """Return Pearson's r of a 0/1 x and a y from their sums; None if undefined.

    r = (n·Σxy − Σx·Σy) / √((n·Σx − (Σx)²) · (n·Σy² − (Σy)²)), using Σx² = Σx
    because x is 0 or 1. None when n < 2 or either variable does not vary.
    """
    if n < 2:
        return None
    var_x = n * sum_x - sum_x * sum_x
    var_y = n * sum_yy - sum_y * sum_y
    if var_x <= 0 or var_y <= 0:
        return None
    # The sums are exact integers, so only this last step rounds.
    return (n * sum_xy - sum_x * sum_y) / math.sqrt(var_x * var_y)


def question_statistics(*, module: ModulePage) -> list[QuestionStatistics]:
    """Return one row per question of the module's bank, retired ones included.

    - attempts and share correct count every module-check answer and each
      learner's first try in a lesson (later tries there follow the feedback).
    - discrimination is the point-biserial correlation between getting the question
      right (x = 1 or 0) and the score of the module-check sitting it was answered
      in (y), over answers in submitted sittings. y is the raw score, not
      score / questions asked: a correlation does not change when y is scaled, so
      this is exact while the check's length stays the same, and only approximate
      once sittings of different lengths mix. The score includes the question
      itself, which raises r a little in short checks. None below two answers or
      when either x or y never varies.
    - each wrong choice: how many answers picked it, and that as a share of all
      answers to the question (in a "choose all that apply" question one answer
      can pick several).
    """
    questions = list(
        Question.objects.filter(module=module)
        .select_related("lesson")
        .order_by("sort_order", "pk")
    )
    in_check = Q(module_attempt__submitted_at__isnull=False)
    right_in_check = in_check & Q(correct=True)
    score = Cast("module_attempt__score", BigIntegerField())

    def total(expression, condition):
        # Exact integer sums on every database; the one division is in Python.
        big = BigIntegerField()
        return Coalesce(
            Sum(expression, filter=condition, output_field=big),
            Value(0, output_field=big),
            output_field=big,
        )

    sums = {
        row["question_id"]: row
        for row in _counted(QuestionAnswer.objects.filter(question__module=module))
        .values("question_id")
        .order_by("question_id")
        .annotate(
            attempts=Count("pk"),
            right=Count("pk", filter=Q(correct=True)),
            n=Count("pk", filter=in_check),
            sum_x=Count("pk", filter=right_in_check),
            sum_y=total(score, in_check),
            sum_xy=total(score, right_in_check),
            sum_yy=total(score * score, in_check),
        )
    }
    wrong: dict[int, list[QuestionChoice]] = {}
    picks = (
        _counted(AnswerChoice.objects.filter(choice=OuterRef("pk")), prefix="answer__")
        .order_by()
        .values("choice")
        .annotate(n=Count("pk"))
        .values("n")
    )
    for choice in (
        QuestionChoice.objects.filter(question__module=module, correct=False)
        .annotate(pick_count=Coalesce(Subquery(picks), 0))
        .order_by("question_id", "sort_order", "pk")
    ):
        wrong.setdefault(choice.question_id, []).append(choice)

    rows = []
    for question in questions:
        row = sums.get(question.pk, {})
        attempts = row.get("attempts", 0)
        rows.append(
            QuestionStatistics(
                question=question,
                attempts=attempts,
                correct=row.get("right", 0),
                check_answers=row.get("n", 0),
                discrimination=point_biserial(
                    n=row.get("n", 0),
                    sum_x=row.get("sum_x", 0),
                    sum_y=int(row.get("sum_y", 0)),
                    sum_xy=int(row.get("sum_xy", 0)),
                    sum_yy=int(row.get("sum_yy", 0)),
                ),
                wrong_choices=[
                    WrongChoiceStatistics(
                        choice=choice,
                        picks=choice.pick_count,
                        share=choice.pick_count / attempts if attempts else None,
                    )
                    for choice in wrong.get(question.pk, [])
                ],
            )
        )
    return rows
