import re

import pytest
from django.core.cache import cache
from django.urls import reverse

from tests.academy.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

WRONG = "not-the-passphrase"  # noqa: S105


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """Start each story with allauth's rate-limit counters at zero."""
    cache.clear()
    yield
    cache.clear()


def _logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def _log_in_from(client, start: str, email: str, password: str):
    """Open a log-in address and submit the form it leads to, as a person would."""
    response = client.get(start, follow=True)
    form_url = response.request["PATH_INFO"]
    field = "username" if 'name="username"' in response.content.decode() else "login"
    return client.post(form_url, {field: email, "password": password})


@pytest.mark.parametrize("actor", ["learner", "mentor"])
def test_signed_in_person_without_admin_access_is_told_so_once(
    client, home_page, request, actor, django_assert_max_num_queries
):
    client.force_login(request.getfixturevalue(actor))
    with django_assert_max_num_queries(8):
        response = client.get("/admin/")
    html = response.content.decode()
    assert response.status_code == 403
    assert "Your account has no access to the admin" in html
    assert f'href="{reverse("academy:dashboard")}"' in html
    assert 'href="#main-content"' in html  # the site's own layout
    assert client.get("/admin/pages/").status_code == 403


def test_refusal_leaves_no_stale_admin_message_behind(client, home_page, learner):
    client.force_login(learner)
    client.get("/admin/")
    dashboard = client.get(reverse("academy:dashboard")).content.decode()
    assert "permission to access the admin" not in dashboard


def test_anonymous_visitor_is_sent_to_the_log_in_page_and_back(client):
    response = client.get("/admin/pages/")
    assert response.status_code == 302
    assert response.url == f"{reverse('account_login')}?next=/admin/pages/"


def test_program_staff_still_reach_the_admin(client, staff):
    client.force_login(staff)
    response = client.get("/admin/")
    assert response.status_code == 200
    assert "wagtail" in response.content.decode().lower()


def test_admin_log_in_leads_to_the_academy_log_in_keeping_a_safe_next(client):
    response = client.get("/admin/login/?next=/admin/pages/")
    assert response.status_code == 302
    assert response.url == f"{reverse('account_login')}?next=%2Fadmin%2Fpages%2F"
    hostile = client.get("/admin/login/?next=https://evil.example/")
    assert hostile.url == reverse("account_login")


def test_twelve_wrong_passwords_from_the_admin_log_in_lock_the_account(client):
    UserFactory(email="editor@example.org")
    for _attempt in range(12):
        _log_in_from(client, "/admin/login/", "editor@example.org", WRONG)
    response = _log_in_from(client, "/admin/login/", "editor@example.org", PASSWORD)
    assert not _logged_in(client)
    assert "Too many failed login attempts" in response.content.decode()


def test_the_right_password_from_the_admin_log_in_works(client, staff):
    _log_in_from(client, "/admin/login/?next=/admin/", staff.email, PASSWORD)
    assert _logged_in(client)
    assert client.get("/admin/").status_code == 200


LOG_IN_ADDRESSES = ["/admin/login/", "/accounts/login/", "/_util/login/"]


@pytest.mark.parametrize("start", LOG_IN_ADDRESSES)
def test_unverified_address_cannot_log_in_anywhere(client, home_page, start):
    UserFactory(email="unconfirmed@example.org", verified_email=False)
    _log_in_from(client, start, "unconfirmed@example.org", PASSWORD)
    assert not _logged_in(client)


@pytest.mark.parametrize("start", ["/admin/login/", "/_util/login/"])
def test_credentials_posted_straight_to_a_wagtail_log_in_never_sign_in(
    client, staff, start
):
    response = client.post(start, {"username": staff.email, "password": PASSWORD})
    assert response.status_code == 302
    assert not _logged_in(client)


def test_password_reset_from_the_admin_is_allauths_and_throttled(client, mailoutbox):
    UserFactory(email="forgetful@example.org")
    response = client.get("/admin/password_reset/", follow=True)
    form_url = response.request["PATH_INFO"]
    assert form_url == reverse("account_reset_password")
    for _attempt in range(8):
        client.post(form_url, {"email": "forgetful@example.org"})
    assert 1 <= len(mailoutbox) <= 5


def test_password_reset_sub_addresses_lead_to_allauth(client):
    response = client.get("/admin/password_reset/done/")
    assert response.status_code == 302
    assert response.url == reverse("account_reset_password")


def test_the_verification_email_speaks_plainly_and_names_no_username(
    client, home_page, mailoutbox
):
    client.post(
        reverse("account_signup"),
        {
            "email": "newbie@example.org",
            "password1": "cross-sector-2026!",
            "password2": "cross-sector-2026!",
        },
    )

    (message,) = mailoutbox
    assert "gave this email address for an account" in message.body
    assert "user newbie" not in message.body
    assert "/accounts/confirm-email/" in message.body


@pytest.mark.parametrize("host", ["localhost:8212", "127.0.0.1"])
def test_account_email_links_use_the_public_address_not_the_requests_host(
    client, home_page, mailoutbox, settings, host
):
    settings.ACADEMY_BASE_URL = "https://academy.example.org"
    cache.clear()
    UserFactory(email="reset.me@example.org")
    client.post(
        reverse("account_signup"),
        {
            "email": "newcomer@example.org",
            "password1": "cross-sector-2026!",
            "password2": "cross-sector-2026!",
        },
        HTTP_HOST=host,
    )
    client.logout()
    client.post(
        reverse("account_reset_password"),
        {"email": "reset.me@example.org"},
        HTTP_HOST=host,
    )

    links = [
        link
        for message in mailoutbox
        for link in re.findall(r"https?://\S+", message.body)
    ]
    assert len(links) >= 2
    assert all(
        link.startswith("https://academy.example.org/accounts/") for link in links
    )
