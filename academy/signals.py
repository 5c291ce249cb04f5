"""Once a person's address counts as verified: the welcome email and invitations.

With allauth, that is when allauth confirms the address. Without it, the host
site verifies addresses its own way, so an active account's address counts.
"""

from django.apps import apps
from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.db import transaction
from django.db.models.signals import post_save

from .people import person_email


def _welcome(user_id) -> None:
    from .tasks import welcome_email

    transaction.on_commit(lambda: welcome_email.enqueue(user_id))


def _join_invited_cohorts(*, user, email: str) -> None:
    from .services.cohorts import cohort_invitations_accept

    cohort_invitations_accept(user=user, email=email)


def welcome_on_email_confirmed(request, email_address, **kwargs):
    _welcome(email_address.user_id)


def join_invited_cohorts_on_email_confirmed(request, email_address, **kwargs):
    _join_invited_cohorts(user=email_address.user, email=email_address.email)


def welcome_new_account(sender, instance, created, raw=False, **kwargs):
    """Welcome a new active account and join its invited cohorts (no allauth)."""
    email = person_email(instance)
    if not created or raw or not email or not getattr(instance, "is_active", True):
        return
    # Staff and superuser accounts are not learners: no learner's welcome for them.
    if not (getattr(instance, "is_staff", False) or instance.is_superuser):
        _welcome(instance.pk)
    _join_invited_cohorts(user=instance, email=email)


def join_invited_cohorts_on_login(sender, request, user, **kwargs):
    """Join invited cohorts at log-in, for accounts activated after sign-up."""
    if email := person_email(user):
        _join_invited_cohorts(user=user, email=email)


def connect():
    if apps.is_installed("allauth.account"):
        from allauth.account.signals import email_confirmed

        email_confirmed.connect(
            welcome_on_email_confirmed, dispatch_uid="academy_welcome"
        )
        email_confirmed.connect(
            join_invited_cohorts_on_email_confirmed,
            dispatch_uid="academy_cohort_invitations",
        )
        return
    post_save.connect(
        welcome_new_account,
        sender=settings.AUTH_USER_MODEL,
        dispatch_uid="academy_welcome_new_account",
    )
    user_logged_in.connect(
        join_invited_cohorts_on_login, dispatch_uid="academy_cohort_invitations"
    )
