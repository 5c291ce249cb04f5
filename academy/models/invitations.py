"""Invitations to a cohort for addresses that have no verified account yet."""

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from .cohorts import Cohort


class CohortInvitation(models.Model):
    """An address invited to a cohort; it joins once it is verified on an account."""

    cohort = models.ForeignKey(
        Cohort,
        on_delete=models.CASCADE,
        related_name="invitations",
        verbose_name=_("cohort"),
    )
    email = models.EmailField(_("email"))
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("invited by"),
    )
    created_at = models.DateTimeField(_("invited at"), auto_now_add=True)
    sent_at = models.DateTimeField(_("last emailed at"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)

    class Meta:
        ordering = ["cohort", "email"]
        verbose_name = _("cohort invitation")
        constraints = [
            # One pending invitation per address and cohort, whatever its case.
            models.UniqueConstraint(
                Lower("email"),
                "cohort",
                condition=models.Q(accepted_at__isnull=True),
                name="academy_one_pending_invitation_per_email",
            )
        ]

    def __str__(self):
        return f"{self.email} → {self.cohort}"
