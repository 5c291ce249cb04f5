"""Background work: the academy's emails, sent through Django's mail system."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.shortcuts import resolve_url
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django_tasks import task

from .app_settings import issuer_url, site_name


def _wants_non_essential(user) -> bool:
    profile = getattr(user, "learner_profile", None)
    return profile is None or profile.non_essential_email


def _send(user, template: str, context: dict) -> int:
    context = {
        "user": user,
        "site_name": site_name(),
        "base_url": issuer_url(),
        **context,
    }
    subject = render_to_string(f"academy/email/{template}_subject.txt", context)
    body = render_to_string(f"academy/email/{template}.txt", context)
    return send_mail(" ".join(subject.split()), body, None, [user.email])


@task()
def welcome_email(user_id: int) -> int:
    """Welcome a learner once their email address is verified (non-essential)."""
    user = get_user_model().objects.select_related("learner_profile").get(pk=user_id)
    if not _wants_non_essential(user):
        return 0
    return _send(user, "welcome", {})


@task()
def credential_issued_email(credential_id: int) -> int:
    """Tell a learner their credential is ready (non-essential)."""
    from .models import Credential

    credential = Credential.objects.select_related("user__learner_profile").get(
        pk=credential_id
    )
    if not _wants_non_essential(credential.user):
        return 0
    base, public_id = issuer_url(), credential.public_id
    return _send(
        credential.user,
        "credential_issued",
        {
            "credential": credential,
            "certificate_url": base
            + reverse("academy:credential-detail", args=[public_id]),
            "verify_url": base + reverse("academy:credential-verify", args=[public_id]),
        },
    )


@task()
def cohort_added_email(membership_id: int) -> int:
    """Tell a learner they joined a cohort (program notice: always sent)."""
    from .models import CohortMembership

    membership = CohortMembership.objects.select_related("user", "cohort").get(
        pk=membership_id
    )
    return _send(membership.user, "cohort_added", {"cohort": membership.cohort})


def _account_url(name: str) -> str:
    """Return allauth's page, or the host's log-in page on a site without allauth."""
    try:
        return reverse(name)
    except NoReverseMatch:
        return resolve_url(settings.LOGIN_URL)


@task()
def cohort_invitation_email(invitation_id: int) -> int:
    """Invite an address without a verified account to sign up and join a cohort."""
    from .models import CohortInvitation

    invitation = CohortInvitation.objects.select_related(
        "cohort__pathway", "invited_by"
    ).get(pk=invitation_id)
    if invitation.accepted_at:
        return 0
    base = issuer_url()
    context = {
        "invitation": invitation,
        "cohort": invitation.cohort,
        "site_name": site_name(),
        "signup_url": base + _account_url("account_signup"),
        "login_url": base + _account_url("account_login"),
    }
    subject = render_to_string("academy/email/cohort_invitation_subject.txt", context)
    body = render_to_string("academy/email/cohort_invitation.txt", context)
    return send_mail(" ".join(subject.split()), body, None, [invitation.email])
