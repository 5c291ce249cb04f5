import re
from pathlib import Path

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db
REPO = Path(__file__).resolve().parents[2]
TEMPLATE_DIRS = ["templates", "academy", "curriculum", "mentoring", "cms"]
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")")
EVENT_HANDLER = re.compile(r"\son[a-z]+\s*=", re.IGNORECASE)
INLINE_STYLE = re.compile(r"<style|\sstyle\s*=", re.IGNORECASE)


def _policy(response) -> dict[str, str]:
    header = response["Content-Security-Policy"]
    parts = (part.strip().partition(" ") for part in header.split(";"))
    return {name: value.strip() for name, _, value in parts}


def test_site_pages_allow_only_their_own_scripts_and_styles(client, home_page):
    for url in ["/", reverse("account_login"), reverse("account_signup")]:
        policy = _policy(client.get(url))
        assert policy["default-src"] == "'self'"
        assert policy["script-src"] == "'self'"
        assert policy["style-src"] == "'self'"
        assert policy["img-src"] == "'self' data:"
        assert policy["object-src"] == "'none'"
        assert policy["base-uri"] == "'self'"
        assert policy["frame-ancestors"] == "'self'"
        assert policy["form-action"] == "'self'"
        assert "unsafe-eval" not in str(policy)


def test_learners_pages_carry_the_strict_policy_too(client, learner):
    client.force_login(learner)
    policy = _policy(client.get(reverse("academy:dashboard")))
    assert policy["script-src"] == "'self'"


def test_the_admin_only_adds_inline_script_for_wagtails_own_widgets(
    client, home_page, staff
):
    client.force_login(staff)
    policy = _policy(client.get(reverse("wagtailadmin_home")))
    assert policy["script-src"] == "'self' 'unsafe-inline'"
    assert policy["style-src"] == "'self'"
    assert policy["object-src"] == "'none'"
    assert "unsafe-eval" not in str(policy)


def test_lesson_videos_from_the_usual_hosts_may_be_framed(client, home_page):
    policy = _policy(client.get("/"))
    assert "https://www.youtube-nocookie.com" in policy["frame-src"]
    assert "https://player.vimeo.com" in policy["frame-src"]


def test_no_template_carries_inline_script_style_or_event_handler():
    offenders = []
    for folder in TEMPLATE_DIRS:
        for path in (REPO / folder).rglob("*.html"):
            text = path.read_text()
            for pattern in (INLINE_SCRIPT, EVENT_HANDLER, INLINE_STYLE):
                offenders += [
                    f"{path.relative_to(REPO)}: {m.group(0)}"
                    for m in pattern.finditer(text)
                ]
    assert offenders == []
