import pytest
from django.core.cache import cache
from django.urls import reverse

from tests.academy.factories import (
    PASSWORD,
    LearnerProfileFactory,
    ProgramStaffFactory,
    UserFactory,
)
from tests.mentoring.factories import MentorFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """Start each story with allauth's rate-limit counters at zero."""
    cache.clear()
    yield
    cache.clear()


def _log_in(client, user, next_url: str | None = None):
    url = reverse("account_login")
    if next_url is not None:
        url += f"?next={next_url}"
    return client.post(url, {"login": user.email, "password": PASSWORD})


def _nav(client) -> str:
    html = client.get("/").content.decode()
    return html.split('<nav class="site-nav"')[1].split("</nav>")[0]


@pytest.mark.parametrize(
    ("actor", "landing"),
    [("learner", "/academy/"), ("mentor", "/mentoring/"), ("staff", "/admin/")],
)
def test_each_person_lands_on_their_own_home_after_logging_in(
    client, home_page, request, actor, landing
):
    response = _log_in(client, request.getfixturevalue(actor))
    assert response.status_code == 302
    assert response.url == landing
    page = client.get(response.url)
    assert page.status_code == 200
    assert "Tell us about your work" not in page.content.decode()


def test_a_new_account_lands_on_learning_and_is_asked_about_its_work(client, home_page):
    response = _log_in(client, UserFactory(email="new.director@example.org"))
    assert response.url == "/academy/"
    profile = client.get(response.url, follow=True).content.decode()
    assert "Tell us about your work" in profile


def test_someone_with_several_roles_lands_on_the_first_and_chooses_in_the_navigation(
    client, home_page, django_assert_max_num_queries
):
    person = ProgramStaffFactory(email="both@example.org")
    MentorFactory(email="both@example.org")
    LearnerProfileFactory(user=person)
    assert _log_in(client, person).url == "/mentoring/"
    with django_assert_max_num_queries(12):
        nav = _nav(client)
    for label in ("My learning", "Self-assessment", "Mentoring</a>", "Admin</a>"):
        assert label in nav


def test_a_safe_next_wins_and_another_sites_address_is_ignored(
    client, home_page, mentor
):
    assert _log_in(client, mentor, "/academy/privacy/").url == "/academy/privacy/"
    client.logout()
    cache.clear()
    assert _log_in(client, mentor, "https://example.com/").url == "/mentoring/"


def test_mentor_opening_my_learning_is_asked_for_the_learner_profile_then(
    client, home_page, mentor
):
    client.force_login(mentor)
    response = client.get(reverse("academy:dashboard"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("academy:profile"))


def test_the_navigation_marks_the_section_the_person_is_in(client, learner):
    client.force_login(learner)
    html = client.get(reverse("academy:assessment-history")).content.decode()
    assert 'href="/academy/assessments/" aria-current="page"' in html
    assert 'href="/academy/" aria-current' not in html
    html = client.get(reverse("academy:journal")).content.decode()
    assert 'href="/academy/" aria-current="true"' in html
