"""Competency self-assessments: a learner's ratings against the framework, over time.

A submitted assessment is frozen: its ratings carry a snapshot of the competency's
code, name and domain, so they stay readable after the framework changes.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class AssessmentKind(models.TextChoices):
    BASELINE = "baseline", _("Baseline")
    MIDPOINT = "midpoint", _("Midpoint")
    EXIT = "exit", _("Exit")
    ANYTIME = "anytime", _("Check-in")


class AssessmentWindow(models.Model):
    """A period when a cohort is asked to take a self-assessment."""

    cohort = models.ForeignKey(
        "academy.Cohort", on_delete=models.CASCADE, related_name="assessment_windows"
    )
    kind = models.CharField(
        _("kind"),
        max_length=20,
        choices=[c for c in AssessmentKind.choices if c[0] != AssessmentKind.ANYTIME],
    )
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"))

    class Meta:
        ordering = ["cohort", "opens_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["cohort", "kind"], name="unique_window_kind"
            )
        ]
        verbose_name = _("assessment window")

    def __str__(self):
        return f"{self.cohort} · {self.get_kind_display()}"

    def clean(self):
        if self.opens_on and self.closes_on and self.closes_on < self.opens_on:
            raise ValidationError(
                {"closes_on": _("The window must close after it opens.")}
            )
        self._keep_what_submissions_answered()

    def _keep_what_submissions_answered(self) -> None:
        # Learners answered "the baseline of this cohort": once any submitted, the
        # cohort and kind stay; the dates may still move (a window can be extended).
        if self.pk is None:
            return
        saved = AssessmentWindow.objects.filter(pk=self.pk).first()
        if saved is None or (saved.cohort_id, saved.kind) == (
            self.cohort_id,
            self.kind,
        ):
            return
        if saved.assessments.filter(submitted_at__isnull=False).exists():
            message = _(
                "Learners have submitted self-assessments in this window, so its "
                "cohort and kind cannot change. Create a new window instead."
            )
            errors = {}
            if saved.kind != self.kind:
                errors["kind"] = message
            if saved.cohort_id != self.cohort_id:
                errors["cohort"] = message
            raise ValidationError(errors)


class SubmittedIsFrozen(Exception):
    """Raised on any attempt to change or delete a submitted assessment."""


def protect_submitted(collector, field, sub_objs, using):
    """Refuse to delete what submitted assessments point to; drafts just let go."""
    submitted = sub_objs.filter(submitted_at__isnull=False)
    if submitted.exists():
        raise models.ProtectedError(
            "Submitted self-assessments were taken in this window; they keep it.",
            list(submitted),
        )
    models.SET_NULL(collector, field, sub_objs, using)


def _refuse_submitted(assessment_ids, message: str) -> None:
    ids = {pk for pk in assessment_ids if pk is not None}
    if (
        ids
        and SelfAssessment.objects.filter(
            pk__in=ids, submitted_at__isnull=False
        ).exists()
    ):
        raise SubmittedIsFrozen(message)


class SelfAssessmentQuerySet(models.QuerySet):
    def submitted(self):
        return self.filter(submitted_at__isnull=False)

    def bulk_update(self, objs, fields, batch_size=None):
        objs = list(objs)
        _refuse_submitted(
            (o.pk for o in objs), "Submitted self-assessments cannot be changed."
        )
        return super().bulk_update(objs, fields, batch_size=batch_size)

    def delete(self):
        if self.filter(submitted_at__isnull=False).exists():
            raise SubmittedIsFrozen("Submitted self-assessments cannot be deleted.")
        return super().delete()

    def update(self, **kwargs):
        if self.filter(submitted_at__isnull=False).exists():
            raise SubmittedIsFrozen("Submitted self-assessments cannot be changed.")
        return super().update(**kwargs)


class SelfAssessment(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="self_assessments",
    )
    framework = models.ForeignKey(
        "curriculum.Framework",
        on_delete=models.PROTECT,
        related_name="self_assessments",
    )
    kind = models.CharField(
        _("kind"),
        max_length=20,
        choices=AssessmentKind.choices,
        default=AssessmentKind.ANYTIME,
    )
    window = models.ForeignKey(
        AssessmentWindow,
        null=True,
        blank=True,
        on_delete=protect_submitted,
        related_name="assessments",
    )
    started_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)

    objects = SelfAssessmentQuerySet.as_manager()

    class Meta:
        ordering = ["submitted_at", "started_at"]
        indexes = [models.Index(fields=["user", "submitted_at"])]
        permissions = [
            (
                "view_individual_results",
                _("Can see individual learners' self-assessments"),
            )
        ]
        verbose_name = _("self-assessment")

    def __str__(self):
        when = self.submitted_at or self.started_at
        return f"{self.get_kind_display()} · {when:%b %-d, %Y}"

    def save(self, *args, **kwargs):
        if self._frozen_in_db():
            raise SubmittedIsFrozen("Submitted self-assessments cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self._frozen_in_db():
            raise SubmittedIsFrozen("Submitted self-assessments cannot be deleted.")
        return super().delete(*args, **kwargs)

    @property
    def is_submitted(self) -> bool:
        return self.submitted_at is not None

    def _frozen_in_db(self) -> bool:
        return (
            self.pk is not None
            and SelfAssessment.objects.filter(
                pk=self.pk, submitted_at__isnull=False
            ).exists()
        )


class RatingQuerySet(models.QuerySet):
    def _touches_submitted(self) -> bool:
        return self.filter(assessment__submitted_at__isnull=False).exists()

    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        _refuse_submitted(
            (o.assessment_id for o in objs),
            "Ratings cannot be added to a submitted assessment.",
        )
        return super().bulk_create(objs, *args, **kwargs)

    def bulk_update(self, objs, fields, batch_size=None):
        objs = list(objs)
        # Both where each rating is now and where it would move to.
        stored = self.model.objects.filter(pk__in=[o.pk for o in objs]).values_list(
            "assessment_id", flat=True
        )
        _refuse_submitted(
            [*(o.assessment_id for o in objs), *stored],
            "Ratings of a submitted assessment cannot be changed.",
        )
        return super().bulk_update(objs, fields, batch_size=batch_size)

    def delete(self):
        if self._touches_submitted():
            raise SubmittedIsFrozen(
                "Ratings of a submitted assessment cannot be deleted."
            )
        return super().delete()

    def update(self, **kwargs):
        if self._touches_submitted():
            raise SubmittedIsFrozen(
                "Ratings of a submitted assessment cannot be changed."
            )
        return super().update(**kwargs)


class Answer(models.TextChoices):
    """What a rating says: a level, "not sure yet", or nothing at all."""

    RATED = "rated", _("Rated")
    NOT_SURE = "not_sure", _("Not sure yet")
    NOT_RATED = "not_rated", _("Not rated")


class Rating(models.Model):
    """One competency in one assessment: a level, "not sure yet" or "not rated"."""

    assessment = models.ForeignKey(
        SelfAssessment, on_delete=models.PROTECT, related_name="ratings"
    )
    competency = models.ForeignKey(
        "curriculum.Competency", on_delete=models.PROTECT, related_name="ratings"
    )
    level = models.PositiveSmallIntegerField(null=True, blank=True)
    # "Not sure yet" is an answer (level None); skipping the competency is not.
    skipped = models.BooleanField(
        _("not rated"),
        default=False,
        help_text=_("Submitted without an answer; the level is then empty."),
    )
    note = models.TextField(_("evidence"), blank=True)
    # Frozen at submission so the record reads the same after framework edits.
    competency_code = models.CharField(max_length=50, blank=True)
    competency_name = models.CharField(max_length=255, blank=True)
    domain_code = models.CharField(max_length=50, blank=True)
    domain_name = models.CharField(max_length=255, blank=True)
    level_name = models.CharField(max_length=100, blank=True)

    objects = RatingQuerySet.as_manager()

    class Meta:
        ordering = ["assessment", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "competency"], name="unique_rating"
            )
        ]
        indexes = [models.Index(fields=["competency", "assessment"])]
        verbose_name = _("rating")

    def __str__(self):
        return f"{self.competency_code or self.competency_id}: {self.level}"

    def save(self, *args, **kwargs):
        if SelfAssessment.objects.filter(
            pk=self.assessment_id, submitted_at__isnull=False
        ).exists():
            raise SubmittedIsFrozen("Ratings of a submitted assessment cannot change.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if SelfAssessment.objects.filter(
            pk=self.assessment_id, submitted_at__isnull=False
        ).exists():
            raise SubmittedIsFrozen("Ratings of a submitted assessment cannot change.")
        return super().delete(*args, **kwargs)

    @property
    def answer(self) -> str:
        if self.level is not None:
            return Answer.RATED
        return Answer.NOT_RATED if self.skipped else Answer.NOT_SURE

    @property
    def answer_label(self) -> str:
        """The level and its name, or which kind of missing answer this is."""
        if self.level is not None:
            return f"{self.level} {self.level_name}".strip()
        return Answer(self.answer).label


class TargetLevel(models.Model):
    """The level a role or pathway aims for on one competency."""

    pathway = models.ForeignKey(
        "curriculum.PathwayPage",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="target_levels",
        help_text=_("Leave empty for the academy-wide default target."),
    )
    competency = models.ForeignKey(
        "curriculum.Competency", on_delete=models.CASCADE, related_name="target_levels"
    )
    level = models.PositiveSmallIntegerField(_("target level"))
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["pathway", "competency"], name="unique_target_per_pathway"
            ),
            models.UniqueConstraint(
                fields=["competency"],
                condition=models.Q(pathway__isnull=True),
                name="unique_default_target",
            ),
        ]
        verbose_name = _("target level")

    def __str__(self):
        return f"{self.competency} → {self.level}"
