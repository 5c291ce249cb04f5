"""Issuing and revoking the credential a learner earns by completing a module."""

from django.db import transaction
from django.utils import timezone

from ..models import Credential, Enrolment
from ..people import person_full_name


@transaction.atomic
def credential_issue(*, enrolment: Enrolment) -> Credential:
    """Issue (once) the credential for a completed module, freezing what was earned."""
    user, module = enrolment.user, enrolment.module
    existing = Credential.objects.filter(user=user, module=module).first()
    if existing:
        return existing
    targets = module.competency_targets.select_related("competency__domain__framework")
    credential = Credential.objects.create(
        user=user,
        module=module,
        # Never the email address: the verification page is public.
        recipient_name=person_full_name(user) or "Academy learner",
        module_title=module.title,
        competencies=[
            {
                "identifier": t.competency.identifier,
                "framework": t.competency.domain.framework.identifier,
                "code": t.competency.code,
                "name": t.competency.name,
                "target_level": t.target_level,
            }
            for t in targets
        ],
    )
    from ..tasks import credential_issued_email

    transaction.on_commit(lambda: credential_issued_email.enqueue(credential.pk))
    return credential


@transaction.atomic
def credential_revoke(*, credential: Credential, reason: str) -> Credential:
    """Revoke a credential; its verification page says so from then on."""
    if credential.revoked_at is None:
        credential.revoked_at = timezone.now()
        credential.revoked_reason = reason.strip()
        credential.save(update_fields=["revoked_at", "revoked_reason"])
    return credential
