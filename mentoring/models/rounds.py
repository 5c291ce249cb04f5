"""A matching round: staff run the engine over open requests and review its proposal."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class MatchingRound(models.Model):
    class Objective(models.TextChoices):
        SCORE = "score", _("Highest total score")
        COVERAGE = "coverage", _("Match as many people as possible")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Not run yet")
        PROPOSED = "proposed", _("Proposal to review")
        APPROVED = "approved", _("Approved")

    name = models.CharField(_("name"), max_length=100, unique=True)
    objective = models.CharField(
        _("objective"),
        max_length=20,
        choices=Objective.choices,
        default=Objective.SCORE,
    )
    cross_sector = models.BooleanField(
        _("cross-sector pairs only"),
        default=True,
        help_text=_("Public-agency learners with CBO mentors and the other way round."),
    )
    weight_gap = models.FloatField(
        _("weight: mentor covers the learner's gaps"),
        default=1.0,
        validators=[MinValueValidator(0)],
    )
    weight_state = models.FloatField(
        _("weight: same state"), default=0.3, validators=[MinValueValidator(0)]
    )
    weight_format = models.FloatField(
        _("weight: format fits"), default=0.2, validators=[MinValueValidator(0)]
    )
    weight_load = models.FloatField(
        _("weight: spread pairs across mentors"),
        default=0.05,
        validators=[MinValueValidator(0)],
    )
    unmatched_penalty = models.FloatField(
        _("price of leaving a request unmatched"),
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_(
            "For “match as many people as possible”. Leave empty to always prefer "
            "matching one more person; a number trades people for score."
        ),
    )
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.DRAFT, editable=False
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", editable=False,
    )  # fmt: skip
    created_at = models.DateTimeField(auto_now_add=True)
    ran_at = models.DateTimeField(null=True, blank=True, editable=False)
    approved_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Why each request of the run went without a mentor or without a host, by
    # request id; kept as the run saw it, since places change afterwards.
    unmatched_reasons = models.JSONField(default=dict, blank=True, editable=False)
    shadowing_reasons = models.JSONField(default=dict, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("matching round")

    def __str__(self):
        return self.name
