"""A learner's journey through modules: enrolments, lessons, answers and reflections.

Records point at pages by id, so moving or renaming pages never loses them.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Enrolment(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="enrolments"
    )
    module = models.ForeignKey(
        "curriculum.ModulePage", on_delete=models.CASCADE, related_name="enrolments"
    )
    pathway = models.ForeignKey(
        "curriculum.PathwayPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The pathway the learner enrolled through, if any."),
    )
    enrolled_at = models.DateTimeField(auto_now_add=True)
    last_activity_at = models.DateTimeField(auto_now_add=True)
    # Once earned, a completion stays even if lessons are added later.
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-last_activity_at"]
        constraints = [
            models.UniqueConstraint(fields=["user", "module"], name="unique_enrolment")
        ]
        verbose_name = _("enrolment")

    def __str__(self):
        return f"{self.user} in {self.module}"


class LessonProgress(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="lesson_progress",
    )
    lesson = models.ForeignKey(
        "curriculum.LessonPage", on_delete=models.CASCADE, related_name="progress"
    )
    started_at = models.DateTimeField(auto_now_add=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "lesson"], name="unique_lesson_progress"
            )
        ]
        verbose_name = _("lesson progress")
        verbose_name_plural = _("lesson progress")

    def __str__(self):
        return f"{self.user} on {self.lesson}"


class Reflection(models.Model):
    """A learner's private answer to a reflection prompt."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reflections"
    )
    lesson = models.ForeignKey(
        "curriculum.LessonPage", on_delete=models.CASCADE, related_name="reflections"
    )
    block_id = models.CharField(max_length=64)
    prompt = models.TextField(help_text=_("The prompt as the learner saw it."))
    text = models.TextField(_("your reflection"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "lesson", "block_id"], name="unique_reflection"
            )
        ]
        verbose_name = _("reflection")

    def __str__(self):
        return f"{self.user} on {self.lesson}"
