"""Erasing a person's account: the one path for the person themselves and for staff.

Other apps erase their own part (mentoring does) through `privacy_eraser_register`,
so the academy never imports them.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from wagtail.log_actions import log
from wagtail.models import ModelLogEntry

from ..models import CohortInvitation, Credential
from ..people import person_email
from .assessments import assessment_erase

ERASE_ACTION = "academy.erase_account"
WITHDRAWN_REASON = "Withdrawn: the holder left the academy."

Eraser = Callable[..., object]

_erasers: list[Eraser] = []


def privacy_eraser_register(eraser: Eraser) -> Eraser:
    """Add another app's part of an erasure; call it from AppConfig.ready."""
    if eraser not in _erasers:
        _erasers.append(eraser)
    return eraser


def erasure_reference() -> str:
    """Return an opaque reference for the audit log that names nobody."""
    return f"erasure-{uuid.uuid4().hex[:12]}"


def credentials_withdraw(*, user: AbstractBaseUser) -> int:
    """Withdraw the person's credentials: they stay verifiable, without a name."""
    now = timezone.now()
    owned = Credential.objects.filter(user=user)
    owned.filter(revoked_at__isnull=True).update(
        revoked_at=now, revoked_reason=WITHDRAWN_REASON
    )
    return owned.update(user=None, recipient_name="")


@transaction.atomic
def account_erase(*, user: AbstractBaseUser, actor: AbstractBaseUser | None) -> str:
    """Erase the person's account and everything they wrote; return the reference."""
    user = get_user_model().objects.select_for_update().get(pk=user.pk)
    reference = erasure_reference()
    by_self = actor is not None and actor.pk == user.pk
    for eraser in _erasers:
        eraser(user=user)
    assessment_erase(user=user)
    credentials_withdraw(user=user)
    # Invitations name the person by address; an erased person is invited nowhere.
    if email := person_email(user):
        CohortInvitation.objects.filter(email__iexact=email).delete()
    # Earlier audit entries about this account carry its email as their label.
    ModelLogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(user, for_concrete_model=False),
        object_id=str(user.pk),
    ).update(label=reference)
    log(
        instance=user,
        action=ERASE_ACTION,
        # The erased person's own row is about to go: keep no pointer to it.
        user=None if by_self else actor,
        title=reference,
        data={"reference": reference, "by": "self" if by_self else "staff"},
    )
    user.delete()
    return reference
