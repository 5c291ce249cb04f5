"""After allauth verifies an address: the welcome email and cohort invitations."""

from allauth.account.signals import email_confirmed
from django.db import transaction


def welcome_on_email_confirmed(request, email_address, **kwargs):
    from .tasks import welcome_email

    user_id = email_address.user_id
    transaction.on_commit(lambda: welcome_email.enqueue(user_id))


def join_invited_cohorts_on_email_confirmed(request, email_address, **kwargs):
    from .services.cohorts import cohort_invitations_accept

    cohort_invitations_accept(user=email_address.user, email=email_address.email)


def connect():
    email_confirmed.connect(welcome_on_email_confirmed, dispatch_uid="academy_welcome")
    email_confirmed.connect(
        join_invited_cohorts_on_email_confirmed,
        dispatch_uid="academy_cohort_invitations",
    )
