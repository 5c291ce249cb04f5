"""Send the welcome email once a learner's address is verified."""

from allauth.account.signals import email_confirmed
from django.db import transaction


def welcome_on_email_confirmed(request, email_address, **kwargs):
    from .tasks import welcome_email

    user_id = email_address.user_id
    transaction.on_commit(lambda: welcome_email.enqueue(user_id))


def connect():
    email_confirmed.connect(welcome_on_email_confirmed, dispatch_uid="academy_welcome")
