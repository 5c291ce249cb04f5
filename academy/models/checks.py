"""Answers to bank questions, in lessons and in end-of-module checks.

An answer keeps the text the learner saw, so it stays readable after authors edit or
retire the question; each picked choice is a row, so how often each choice is chosen
is a GROUP BY, not a loop.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ModuleCheckAttempt(models.Model):
    """One sitting of a module's end-of-module check: questions drawn, score."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="module_check_attempts",
    )
    module = models.ForeignKey(
        "curriculum.ModulePage",
        on_delete=models.CASCADE,
        related_name="check_attempts",
    )
    # The question ids drawn, in the order the learner sees them.
    question_ids = models.JSONField(default=list)
    pass_mark = models.PositiveSmallIntegerField()
    started_at = models.DateTimeField(auto_now_add=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    score = models.PositiveSmallIntegerField(null=True, blank=True)
    passed = models.BooleanField(null=True)

    class Meta:
        ordering = ["-started_at", "-pk"]
        constraints = [
            # At most one open sitting per learner and module: a double click on
            # "Start" finds the first one.
            models.UniqueConstraint(
                fields=["user", "module"],
                condition=models.Q(submitted_at__isnull=True),
                name="one_open_module_check",
            )
        ]
        indexes = [models.Index(fields=["module", "submitted_at"])]
        verbose_name = _("module check attempt")

    def __str__(self):
        return f"{self.user} on {self.module}: {self.score}/{len(self.question_ids)}"

    @property
    def total(self) -> int:
        return len(self.question_ids)


class QuestionAnswer(models.Model):
    """A learner's answer to one question, in a lesson or in a module check."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="question_answers",
    )
    question = models.ForeignKey(
        "curriculum.Question", on_delete=models.CASCADE, related_name="answers"
    )
    lesson = models.ForeignKey(
        "curriculum.LessonPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="question_answers",
        help_text=_("The lesson it was answered in; empty in a module check."),
    )
    module_attempt = models.ForeignKey(
        ModuleCheckAttempt,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="answers",
    )
    question_text = models.TextField(help_text=_("The question as the learner saw it."))
    response_text = models.TextField(help_text=_("The answer as the learner saw it."))
    correct = models.BooleanField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["user", "question"]),
            models.Index(fields=["question", "module_attempt"]),
        ]
        verbose_name = _("answer")

    def __str__(self):
        return (
            f"{self.user} on {self.question_id}: {'right' if self.correct else 'wrong'}"
        )


class AnswerChoice(models.Model):
    """A choice a learner picked in one answer."""

    answer = models.ForeignKey(
        QuestionAnswer, on_delete=models.CASCADE, related_name="picks"
    )
    choice = models.ForeignKey(
        "curriculum.QuestionChoice",
        null=True,
        on_delete=models.SET_NULL,
        related_name="picks",
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["answer", "choice"], name="unique_pick_per_answer"
            )
        ]
        verbose_name = _("picked choice")

    def __str__(self):
        return f"{self.answer_id}: {self.choice_id}"
