"""Credentials earned by completing a module: a certificate and an Open Badge."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Credential(models.Model):
    # The public id is random: knowing one credential tells nothing about another.
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # Emptied when the holder erases their account: the credential stays, withdrawn.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="credentials",
    )
    module = models.ForeignKey(
        "curriculum.ModulePage",
        null=True,
        on_delete=models.SET_NULL,
        related_name="credentials",
    )
    # What was earned, frozen at issue time so later edits never rewrite it.
    recipient_name = models.CharField(max_length=255, blank=True)
    module_title = models.CharField(max_length=255)
    competencies = models.JSONField(
        default=list,
        help_text=_("Competencies the module develops: identifier, code, name, level."),
    )
    issued_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-issued_at"]
        constraints = [
            models.UniqueConstraint(fields=["user", "module"], name="unique_credential")
        ]
        verbose_name = _("credential")

    def __str__(self):
        return f"{self.module_title} — {self.recipient_name or '–'}"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    @property
    def is_withdrawn(self) -> bool:
        """Revoked because its holder left the academy: no name is kept."""
        return self.is_revoked and self.user_id is None
