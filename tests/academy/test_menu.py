import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.template import Context, Template
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _menu(user, path="/"):
    request = RequestFactory().get(path)
    request.user = user
    html = Template("{% load academy_tags %}{% academy_menu %}").render(
        Context({"request": request})
    )
    return request, html


@pytest.mark.parametrize(
    ("actor", "shown", "hidden"),
    [
        ("learner", ["My learning", "Self-assessment", "Mentoring"], ["Admin"]),
        ("mentor", ["My learning", "Mentoring"], ["Self-assessment", "Admin"]),
        ("staff", ["My learning", "Admin"], ["Self-assessment", "Mentoring"]),
    ],
)
def test_the_menu_offers_each_person_only_what_they_can_use(
    curriculum_index, request, actor, shown, hidden
):
    _, html = _menu(request.getfixturevalue(actor))
    assert '<nav class="la-menu" aria-label="Academy">' in html
    assert f'href="{curriculum_index.url}">Curriculum</a>' in html
    for label in shown:
        assert f">{label}</a>" in html
    for label in hidden:
        assert f">{label}</a>" not in html


def test_a_visitor_who_is_not_logged_in_sees_only_the_curriculum(curriculum_index):
    _, html = _menu(AnonymousUser())
    assert ">Curriculum</a>" in html
    assert "My learning" not in html


def test_the_menu_marks_the_page_and_the_section_the_person_is_in(learner):
    history = reverse("academy:assessment-history")
    _, html = _menu(learner, history)
    assert f'href="{history}" aria-current="page">Self-assessment</a>' in html
    _, html = _menu(learner, history + "compare/")
    assert f'href="{history}" aria-current="true">Self-assessment</a>' in html
    assert html.count("aria-current") == 1


def test_the_menu_costs_a_few_queries_once_per_request(curriculum_index, learner):
    request, _ = _menu(learner)  # warm Wagtail's site cache
    with CaptureQueriesContext(connection) as first:
        request, _ = _menu(learner)
    assert len(first) <= 4
    with CaptureQueriesContext(connection) as again:
        Template("{% load academy_tags %}{% academy_menu %}{% academy_menu %}").render(
            Context({"request": request})
        )
    assert len(again) == 0


def test_the_demo_header_shows_the_same_items_as_the_tag(client, home_page, mentor):
    client.force_login(mentor)
    nav = client.get("/").content.decode().split('<nav class="site-nav"')[1]
    _, html = _menu(mentor)
    for label in ("My learning", "Mentoring"):
        assert f">{label}</a>" in nav
        assert f">{label}</a>" in html
