import datetime
import re
import threading
import time

import pytest
from allauth.account.models import EmailAddress, EmailConfirmationHMAC
from django.core.cache import cache
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from academy.models import CohortInvitation
from academy.services.cohorts import cohort_add_members
from tests.academy.factories import (
    PASSWORD,
    CohortFactory,
    CohortMembershipFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """Sign-up and confirmation are rate limited; each story starts afresh."""
    cache.clear()


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    """Run the mail tasks queued when each request's transaction commits."""
    return django_capture_on_commit_callbacks


@pytest.fixture
def cohort(db):
    return CohortFactory(name="Spring 2026")


def add_by_email(client, staff, cohort, emails: str, capture):
    """Staff paste addresses into the cohort's edit form and save it."""
    client.force_login(staff)
    data = {
        "name": cohort.name,
        "start_date": cohort.start_date.isoformat(),
        "end_date": cohort.end_date.isoformat(),
        "pathway": "",
        "add_emails": emails,
    }
    with capture(execute=True):
        response = client.post(
            reverse("academy_cohorts:edit", args=[cohort.pk]), data, follow=True
        )
    assert response.status_code == 200
    client.logout()
    return response.content.decode()


def confirm(client, user, capture):
    """The person follows the link in allauth's confirmation email."""
    address = EmailAddress.objects.get(user=user)
    with capture(execute=True):
        client.post(
            reverse("account_confirm_email", args=[EmailConfirmationHMAC(address).key])
        )


def invitations_to(mailoutbox, email: str) -> list:
    return [m for m in mailoutbox if m.to == [email] and "invited" in m.subject]


def test_a_verified_account_joins_at_once_without_an_invitation(
    client, staff, learner, cohort, mailoutbox, on_commit
):
    html = add_by_email(client, staff, cohort, "learner@example.org", on_commit)
    assert "1 learner added." in html
    assert learner in cohort.members.all()
    assert not CohortInvitation.objects.exists()
    assert [m.subject for m in mailoutbox] == ["You have joined the cohort Spring 2026"]


def test_an_unverified_account_is_invited_not_added(
    client, staff, cohort, mailoutbox, on_commit
):
    person = UserFactory(email="unconfirmed@example.org", verified_email=False)
    html = add_by_email(
        client,
        staff,
        cohort,
        "Unconfirmed@Example.org",
        on_commit,
    )
    assert "0 learners added; 1 invited to sign up." in html
    assert person not in cohort.members.all()
    [mail] = invitations_to(mailoutbox, "unconfirmed@example.org")
    assert "Spring 2026" in mail.subject
    assert "http://testserver/accounts/signup/" in mail.body


def test_verifying_the_address_joins_the_invited_cohorts(
    client, staff, cohort, on_commit
):
    other_cohort = CohortFactory(name="Autumn 2026")
    person = UserFactory(email="unconfirmed@example.org", verified_email=False)
    for invited_to in (cohort, other_cohort):
        add_by_email(
            client,
            staff,
            invited_to,
            "unconfirmed@example.org",
            on_commit,
        )

    assert not person.cohorts.exists()  # not before the address is verified

    confirm(client, person, on_commit)

    assert set(person.cohorts.all()) == {cohort, other_cohort}
    assert not CohortInvitation.objects.filter(accepted_at__isnull=True).exists()


def test_an_unknown_address_gets_an_invitation_with_a_sign_up_link(
    client, staff, cohort, mailoutbox, on_commit
):
    html = add_by_email(
        client,
        staff,
        cohort,
        "Nadia Noor <nadia@example.org>",
        on_commit,
    )
    assert "1 invited to sign up" in html
    invitation = CohortInvitation.objects.get()
    assert (invitation.email, invitation.invited_by) == ("nadia@example.org", staff)
    [mail] = invitations_to(mailoutbox, "nadia@example.org")
    assert "http://testserver/accounts/signup/" in mail.body


def test_a_new_person_who_signs_up_and_verifies_joins_the_cohort(
    client, staff, cohort, mailoutbox, on_commit
):
    add_by_email(client, staff, cohort, "nadia@example.org", on_commit)
    mailoutbox.clear()

    with on_commit(execute=True):
        client.post(
            reverse("account_signup"),
            {
                "email": "Nadia@example.org",
                "password1": PASSWORD,
                "password2": PASSWORD,
            },
        )
    [confirmation] = [m for m in mailoutbox if "/accounts/confirm-email/" in m.body]
    link = re.search(r"(/accounts/confirm-email/[^/\s]+/)", confirmation.body)[1]
    assert cohort.members.count() == 0  # not before the address is verified
    with on_commit(execute=True):
        client.post(link)

    [member] = cohort.members.all()
    assert member.email.lower() == "nadia@example.org"
    assert CohortInvitation.objects.get().accepted_at is not None


def test_adding_a_pending_address_again_the_same_day_sends_nothing_new(
    client, staff, cohort, mailoutbox, on_commit
):
    add_by_email(client, staff, cohort, "nadia@example.org", on_commit)
    html = add_by_email(client, staff, cohort, "NADIA@example.org", on_commit)
    assert "0 learners added; 1 already invited today." in html
    assert len(invitations_to(mailoutbox, "nadia@example.org")) == 1
    assert CohortInvitation.objects.count() == 1

    # A day later, adding the address again is a reminder.
    CohortInvitation.objects.update(sent_at=timezone.now() - datetime.timedelta(days=1))
    html = add_by_email(client, staff, cohort, "nadia@example.org", on_commit)
    assert "1 invited to sign up" in html
    assert len(invitations_to(mailoutbox, "nadia@example.org")) == 2


def test_the_report_counts_every_outcome(
    client, staff, learner, other_learner, cohort, on_commit
):
    CohortMembershipFactory(cohort=cohort, user=other_learner)
    html = add_by_email(
        client,
        staff,
        cohort,
        "learner@example.org, other@example.org, new@example.org, not-an-address",
        on_commit,
    )
    assert (
        "1 learner added; 1 invited to sign up; 1 already a member; "
        "1 not an email address: not-an-address." in html
    )


def test_staff_see_pending_invitations_when_inspecting_a_cohort(
    client, staff, cohort, django_assert_max_num_queries
):
    for n in range(5):
        CohortInvitation.objects.create(
            cohort=cohort, email=f"invitee{n}@example.org", invited_by=staff
        )
    CohortInvitation.objects.create(
        cohort=cohort, email="joined@example.org", accepted_at=timezone.now()
    )
    client.force_login(staff)
    with django_assert_max_num_queries(15):
        response = client.get(reverse("academy_cohorts:inspect", args=[cohort.pk]))
    html = response.content.decode()
    assert "5 pending invitations" in html
    assert "invitee4@example.org" in html
    assert "joined@example.org" not in html


def test_inviting_many_addresses_takes_a_fixed_number_of_queries(
    client, staff, cohort, django_assert_max_num_queries
):
    client.force_login(staff)
    addresses = "\n".join(f"invitee{n}@example.org" for n in range(40))
    too_long = "a" * 250 + "@example.org"
    data = {
        "name": cohort.name,
        "start_date": cohort.start_date.isoformat(),
        "end_date": cohort.end_date.isoformat(),
        "pathway": "",
        "add_emails": f"{addresses}\n{too_long}",
    }
    with django_assert_max_num_queries(27):
        response = client.post(reverse("academy_cohorts:edit", args=[cohort.pk]), data)
    assert response.status_code == 302
    assert CohortInvitation.objects.filter(cohort=cohort).count() == 40
    message = client.get(reverse("academy_cohorts:index")).content.decode()
    assert "40 invited to sign up; 1 not an email address" in message


@pytest.mark.skipif(
    connection.vendor == "sqlite",
    reason="SQLite runs one writer at a time and refuses the rest as 'database is "
    "locked'; PostgreSQL shows whether two staff adding at once collide.",
)
@pytest.mark.django_db(transaction=True)
def test_two_staff_inviting_the_same_address_at_once_make_one_invitation():
    cohort = CohortFactory(name="Spring 2026")
    barrier = threading.Barrier(2, timeout=10)
    outcomes: list[str] = []

    def linger_after_looking_for_invitations(execute, sql, params, many, context):
        # Without a lock both would find no invitation here and both insert one.
        result = execute(sql, params, many, context)
        if "academy_cohortinvitation" in sql and sql.lstrip().startswith("SELECT"):
            time.sleep(0.3)
        return result

    def add() -> None:
        try:
            with connection.execute_wrapper(linger_after_looking_for_invitations):
                barrier.wait()
                report = cohort_add_members(cohort=cohort, emails=["nadia@example.org"])
            outcomes.append(str(report))
        except Exception as exc:  # noqa: BLE001 - the story is that nothing fails
            outcomes.append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=add) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(outcomes) == [
        "0 learners added; 1 already invited today.",
        "0 learners added; 1 invited to sign up.",
    ]
    assert CohortInvitation.objects.filter(cohort=cohort).count() == 1
