"""Shadowing placements: a leader spends time inside an organization across sectors.

A shadowing pair has at most two placements: the first visit, where the learner
visits the mentor's organization, and its return visit the other way round.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class ShadowingPlacement(models.Model):
    pair = models.ForeignKey(
        "mentoring.Pair", on_delete=models.CASCADE, related_name="placements"
    )
    mentor_visits = models.BooleanField(
        _("the mentor visits"),
        default=False,
        help_text=_(
            "In this placement the mentor visits the learner's organization: "
            "the return visit of a reciprocal exchange."
        ),
    )
    host_organization = models.CharField(_("host organization"), max_length=255)
    site = models.CharField(_("site or address"), max_length=255, blank=True)
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    objectives = models.TextField(_("learning objectives"))
    competencies = models.ManyToManyField(
        "curriculum.Competency", blank=True, related_name="+",
        verbose_name=_("competencies the visit develops"),
    )  # fmt: skip
    planned_hours = models.PositiveSmallIntegerField(_("planned hours"), default=16)
    confidentiality_rules = models.TextField(
        _("host's confidentiality rules"), blank=True
    )
    visitor_rules = models.TextField(_("rules for the visitor"), blank=True)
    host_confirmed_at = models.DateTimeField(null=True, blank=True)
    visitor_confirmed_at = models.DateTimeField(null=True, blank=True)
    host_feedback = models.TextField(_("host feedback"), blank=True)
    reciprocal_of = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reciprocal",
        help_text=_("The linked placement going the other way, if reciprocal."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["starts_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["pair", "mentor_visits"], name="unique_placement_direction"
            )
        ]
        verbose_name = _("shadowing placement")

    def __str__(self):
        return f"{self.visitor} at {self.host_organization}"

    def clean(self):
        super().clean()
        other = self.reciprocal_of
        if other is None:
            return
        if other.pk == self.pk:
            raise ValidationError(
                {"reciprocal_of": _("A placement cannot be its own.")}
            )
        if other.pair_id != self.pair_id or other.mentor_visits == self.mentor_visits:
            raise ValidationError(
                {
                    "reciprocal_of": _(
                        "The linked placement belongs to the same pair and goes "
                        "the other way."
                    )
                }
            )

    @property
    def host_id(self) -> int:
        return self.pair.learner_id if self.mentor_visits else self.pair.mentor_id

    @property
    def visitor_id(self) -> int:
        return self.pair.mentor_id if self.mentor_visits else self.pair.learner_id

    @property
    def host(self):
        return self.pair.learner if self.mentor_visits else self.pair.mentor

    @property
    def visitor(self):
        return self.pair.mentor if self.mentor_visits else self.pair.learner

    @property
    def agreement_confirmed(self) -> bool:
        return bool(self.host_confirmed_at and self.visitor_confirmed_at)


class ShadowingVisit(models.Model):
    placement = models.ForeignKey(
        ShadowingPlacement, on_delete=models.CASCADE, related_name="visits"
    )
    visited_on = models.DateField(_("date"))
    hours = models.DecimalField(_("hours"), max_digits=4, decimal_places=1)
    reflection = models.TextField(_("your reflection on the visit"))
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["visited_on", "pk"]
        verbose_name = _("shadowing visit")

    def __str__(self):
        return f"{self.placement} on {self.visited_on}"
