"""Background work: the academy's emails, sent through Django's mail system."""

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.shortcuts import resolve_url
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django_tasks import task

from .conf import absolute_url, site_name
from .people import person_email
from .timezones import user_time_zone, zone


def _wants_non_essential(user) -> bool:
    profile = getattr(user, "learner_profile", None)
    return profile is None or profile.non_essential_email


def _links() -> dict:
    """Links every academy email may offer, absolute from ACADEMY_BASE_URL."""
    return {
        "dashboard_url": absolute_url(reverse("academy:dashboard")),
        "profile_url": absolute_url(reverse("academy:profile")),
    }


def _render(template: str, context: dict, *, time_zone: str) -> tuple[str, str]:
    """Render subject and body with dates in the reader's time zone."""
    with timezone.override(zone(time_zone)):
        subject = render_to_string(f"academy/email/{template}_subject.txt", context)
        body = render_to_string(f"academy/email/{template}.txt", context)
    return " ".join(subject.split()), body


def _send(user, template: str, context: dict) -> int:
    context = {"user": user, "site_name": site_name(), **_links(), **context}
    subject, body = _render(template, context, time_zone=user_time_zone(user))
    return send_mail(subject, body, None, [person_email(user)])


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
    public_id = credential.public_id
    return _send(
        credential.user,
        "credential_issued",
        {
            "credential": credential,
            "certificate_url": absolute_url(
                reverse("academy:credential-detail", args=[public_id])
            ),
            "verify_url": absolute_url(
                reverse("academy:credential-verify", args=[public_id])
            ),
        },
    )


@task()
def cohort_added_email(membership_id: int) -> int:
    """Tell a learner they joined a cohort (program notice: always sent)."""
    from .models import CohortMembership

    membership = CohortMembership.objects.select_related(
        "user__learner_profile", "cohort__pathway"
    ).get(pk=membership_id)
    return _send(membership.user, "cohort_added", {"cohort": membership.cohort})


def _account_url(name: str) -> str:
    """Return allauth's page, or the host's log-in page on a site without allauth."""
    try:
        return reverse(name)
    except NoReverseMatch:
        return resolve_url(settings.LOGIN_URL)


def _signup_url() -> str:
    """Return the sign-up page's absolute address, or "" on a site without one."""
    try:
        return absolute_url(reverse("account_signup"))
    except NoReverseMatch:
        return ""


@task()
def cohort_invitation_email(invitation_id: int) -> int:
    """Invite an address without a verified account to sign up and join a cohort."""
    from .models import CohortInvitation

    invitation = CohortInvitation.objects.select_related(
        "cohort__pathway", "invited_by"
    ).get(pk=invitation_id)
    if invitation.accepted_at:
        return 0
    context = {
        "invitation": invitation,
        "cohort": invitation.cohort,
        "site_name": site_name(),
        # Without allauth the host verifies addresses its own way, if at all.
        "verifies_email": apps.is_installed("allauth.account"),
        "signup_url": _signup_url(),
        "login_url": absolute_url(_account_url("account_login")),
    }
    subject, body = _render("cohort_invitation", context, time_zone=settings.TIME_ZONE)
    return send_mail(subject, body, None, [invitation.email])
