"""Entries in Wagtail's audit log for staff actions on one learner's records."""

from django.contrib.auth.base_user import AbstractBaseUser
from django.utils.translation import gettext
from wagtail.log_actions import log
from wagtail.models import ModelLogEntry

from ..models import Credential

CREDENTIAL_REVOKED = "academy.credential_revoke"
RESULTS_VIEWED = "academy.assessment_results_view"


def audit_credential_revoked(
    *, credential: Credential, actor: AbstractBaseUser
) -> ModelLogEntry:
    """Record who revoked a credential, named by module and id (erasure-safe)."""
    return log(
        instance=credential,
        action=CREDENTIAL_REVOKED,
        user=actor,
        title=gettext("%(module)s, credential #%(id)s")
        % {"module": credential.module_title, "id": credential.pk},
        data={"reason": credential.revoked_reason, "learner_id": credential.user_id},
    )


def audit_results_viewed(
    *, learner: AbstractBaseUser, actor: AbstractBaseUser
) -> ModelLogEntry:
    """Record that staff opened one learner's self-assessment results, by learner id."""
    return log(
        instance=learner,
        action=RESULTS_VIEWED,
        user=actor,
        title=gettext("Learner #%(id)s") % {"id": learner.pk},
        data={"learner_id": learner.pk},
    )
