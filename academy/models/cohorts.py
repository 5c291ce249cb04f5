"""Cohorts: groups of learners that program staff run through a pathway together."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class Cohort(models.Model):
    name = models.CharField(_("name"), max_length=255, unique=True)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    pathway = models.ForeignKey(
        "curriculum.PathwayPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="cohorts",
        verbose_name=_("pathway"),
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="CohortMembership",
        related_name="cohorts",
        blank=True,
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-start_date", "name"]
        verbose_name = _("cohort")

    def __str__(self):
        return self.name

    def clean(self):
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError(
                {"end_date": _("The cohort must end after it starts.")}
            )


class CohortMembership(models.Model):
    cohort = models.ForeignKey(
        Cohort, on_delete=models.CASCADE, related_name="memberships"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="cohort_memberships",
    )
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["cohort", "user__email"]
        constraints = [
            models.UniqueConstraint(
                fields=["cohort", "user"], name="unique_cohort_member"
            )
        ]
        verbose_name = _("cohort membership")

    def __str__(self):
        return f"{self.user} in {self.cohort}"
