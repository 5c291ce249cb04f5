"""The academy with the host site's own accounts: any user model, no allauth."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.core import mail
from django.db import models
from django.test.utils import isolate_apps

from academy.models import CohortMembership
from academy.people import (
    person_email,
    person_full_name,
    person_label,
    person_short_name,
)
from academy.selectors.privacy import person_display_name
from academy.signals import join_invited_cohorts_on_login, welcome_new_account

from .factories import CohortInvitationFactory, UserFactory


@pytest.fixture
def email_only_user_model():
    """A host's user model: email to log in by, names, and none of AbstractUser."""
    with isolate_apps("academy"):

        class Person(AbstractBaseUser):
            contact = models.EmailField()
            first_name = models.CharField(max_length=150, blank=True)
            last_name = models.CharField(max_length=150, blank=True)

            EMAIL_FIELD = "contact"
            USERNAME_FIELD = "contact"

            class Meta:
                app_label = "academy"

        yield Person


def test_a_person_without_get_full_name_is_named_from_their_name_fields(
    email_only_user_model,
):
    person = email_only_user_model(
        contact="ada@example.org", first_name="Ada", last_name=" Lovelace "
    )

    assert not hasattr(person, "get_full_name")
    assert person_full_name(person) == "Ada Lovelace"
    assert person_short_name(person) == "Ada"
    assert person_label(person) == "Ada Lovelace"
    assert person_display_name(person) == "Ada Lovelace"


def test_a_person_who_gave_no_name_is_labelled_by_the_models_email_field(
    email_only_user_model,
):
    person = email_only_user_model(contact="anon@example.org")

    assert person_email(person) == "anon@example.org"
    assert person_label(person) == "anon@example.org"
    # Other people never see the address, only that this is a member.
    assert person_display_name(person) == "an academy member"


@pytest.mark.django_db
def test_the_stock_user_is_named_by_its_own_methods():
    user = UserFactory(first_name="Grace", last_name="Hopper")

    assert person_full_name(user) == "Grace Hopper"
    assert person_short_name(user) == "Grace"
    assert person_email(user) == user.email


@pytest.mark.django_db
def test_without_allauth_a_new_active_account_is_welcomed_and_joins_its_cohorts(
    django_capture_on_commit_callbacks,
):
    invitation = CohortInvitationFactory(email="Newcomer@Example.org")
    user = get_user_model().objects.create_user(
        username="newcomer", email="newcomer@example.org", first_name="Nia"
    )
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        welcome_new_account(sender=type(user), instance=user, created=True, raw=False)

    assert CohortMembership.objects.filter(cohort=invitation.cohort, user=user).exists()
    invitation.refresh_from_db()
    assert invitation.accepted_at is not None
    assert [m.to for m in mail.outbox] == [["newcomer@example.org"]]
    assert "Hello Nia" in mail.outbox[0].body


@pytest.mark.django_db
def test_without_allauth_an_inactive_account_waits_and_joins_at_log_in(
    django_capture_on_commit_callbacks,
):
    invitation = CohortInvitationFactory(email="later@example.org")
    user = get_user_model().objects.create_user(
        username="later", email="later@example.org", is_active=False
    )
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        welcome_new_account(sender=type(user), instance=user, created=True, raw=False)
    assert not CohortMembership.objects.filter(user=user).exists()
    assert mail.outbox == []

    user.is_active = True
    user.save()
    join_invited_cohorts_on_login(sender=type(user), request=None, user=user)

    assert CohortMembership.objects.filter(cohort=invitation.cohort, user=user).exists()


@pytest.mark.django_db
def test_saving_an_existing_account_again_sends_no_second_welcome(
    django_capture_on_commit_callbacks,
):
    user = UserFactory()
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        welcome_new_account(sender=type(user), instance=user, created=False, raw=False)

    assert mail.outbox == []


@pytest.mark.django_db
def test_without_allauth_a_new_superuser_gets_no_learners_welcome(
    django_capture_on_commit_callbacks,
):
    user = get_user_model().objects.create_superuser(
        username="root", email="root@example.org", password="pw"
    )
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        welcome_new_account(sender=type(user), instance=user, created=True, raw=False)

    assert mail.outbox == []
