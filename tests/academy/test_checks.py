"""System checks: each names what a host site got wrong, with a hint to fix it."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.checks import run_checks
from django.test import override_settings

from academy.checks import tasks_backend_check
from tests.curriculum.factories import FrameworkFactory

REPO = Path(__file__).resolve().parents[2]

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
QUEUED = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def _run(*, deploy: bool = False) -> list:
    return run_checks(include_deployment_checks=deploy, databases=["default"])


def _ids(*, deploy: bool = False) -> list[str]:
    return [message.id for message in _run(deploy=deploy)]


def _message(check_id: str, *, deploy: bool = False):
    return next(m for m in _run(deploy=deploy) if m.id == check_id)


def _templates(folder) -> list[dict]:
    return [
        {
            "BACKEND": "django.template.backends.django.DjangoTemplates",
            "DIRS": [folder],
            "APP_DIRS": False,
        }
    ]


# --- academy.E001: LOGIN_URL ---------------------------------------------------------


@pytest.mark.django_db
def test_the_demo_settings_raise_only_the_missing_framework_warning():
    assert [i for i in _ids() if i.startswith("academy.")] == ["academy.W003"]


def test_check_before_migrate_reports_an_unset_login_url_and_does_not_crash(tmp_path):
    env = {
        k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "TEST_"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="tests.academy.settings_without_login_url",
        TEST_SQLITE_PATH=str(tmp_path / "never-migrated.sqlite3"),
    )
    result = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "check", "--database", "default"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 1
    assert "(academy.E001) LOGIN_URL is not set, and Django's default" in output
    assert "HINT: Learner pages send people" in output
    # No tables yet: nothing to say about the framework, and no traceback.
    assert "academy.W003" not in output
    assert "Traceback" not in output


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("login_url", "wrong"),
    [
        ("no_such_login_view", True),
        # Wagtail's catch-all answers it, with a 404: no log-in view.
        ("/accounts/no-such-page/", True),
        ("/login/", True),
        ("account_login", False),
        ("/accounts/login/", False),
        # APPEND_SLASH sends the slashless path to the log-in page.
        ("/accounts/login", False),
        ("https://login.example.org/", False),
    ],
)
def test_a_login_url_that_leads_nowhere_is_an_error(login_url, wrong):
    with override_settings(LOGIN_URL=login_url):
        assert ("academy.E001" in _ids()) is wrong


@pytest.mark.django_db
def test_a_login_path_no_url_resolves_is_an_error():
    with override_settings(
        LOGIN_URL="/no-such-login/", ROOT_URLCONF="tests.academy.urlconfs.no_pages"
    ):
        message = _message("academy.E001")
    assert "'/no-such-login/' is not a URL of this site" in message.msg


# --- academy.E002 / E003: where the URLs are included --------------------------------


@pytest.mark.django_db
def test_an_app_whose_urls_are_not_included_is_an_error():
    with override_settings(
        ROOT_URLCONF="tests.academy.urlconfs.without_mentoring", LOGIN_URL="/login/"
    ):
        messages = [m for m in _run() if m.id == "academy.E002"]
    assert [m.msg for m in messages] == ["The mentoring app's URLs are not included."]
    assert 'include("mentoring.urls")' in messages[0].hint


@pytest.mark.django_db
def test_urls_included_after_wagtails_catch_all_are_an_error():
    with override_settings(
        ROOT_URLCONF="tests.academy.urlconfs.after_catch_all", LOGIN_URL="/login/"
    ):
        messages = [m for m in _run() if m.id in ("academy.E002", "academy.E003")]
    assert [m.id for m in messages] == ["academy.E003"]
    assert "academy app's URLs come after Wagtail's" in messages[0].msg
    assert "Move" in messages[0].hint


# --- academy.W001 / W002: public addresses in production -----------------------------


@pytest.mark.django_db
def test_deploy_check_warns_without_base_and_issuer_urls():
    with override_settings(ACADEMY_BASE_URL="", ACADEMY_ISSUER_URL=""):
        ids = _ids(deploy=True)
        assert "academy.W001" in ids
        assert "academy.W002" in ids
        assert "academy.W002" not in _ids()
    with override_settings(
        ACADEMY_BASE_URL="https://academy.example.org",
        ACADEMY_ISSUER_URL="https://academy.example.org",
    ):
        ids = _ids(deploy=True)
    assert "academy.W001" not in ids
    assert "academy.W002" not in ids


# --- academy.W003: no framework ----------------------------------------------------


@pytest.mark.django_db
def test_a_site_without_a_framework_is_told_to_run_setup():
    message = _message("academy.W003")
    assert "academy_setup" in message.hint
    # Every other command runs the checks without a database: they stay quiet.
    assert "academy.W003" not in [m.id for m in run_checks()]

    FrameworkFactory()
    assert "academy.W003" not in _ids()


# --- academy.W004: immediate tasks in production -------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("tasks", "debug", "warned"),
    [(IMMEDIATE, False, True), (IMMEDIATE, True, False), (QUEUED, False, False)],
)
def test_immediate_tasks_with_debug_off_are_warned_about(tasks, debug, warned):
    with override_settings(TASKS=tasks, DEBUG=debug):
        assert ("academy.W004" in _ids(deploy=True)) is warned


@pytest.mark.django_db
def test_a_tasks_backend_that_never_runs_tasks_is_warned_about_in_production():
    dummy = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    with override_settings(TASKS=dummy, DEBUG=False):
        assert "academy.W006" in _ids(deploy=True)
    with override_settings(TASKS=dummy, DEBUG=True):
        assert "academy.W006" not in _ids(deploy=True)


def test_django_6s_immediate_backend_is_recognised():
    # Called directly: on Django 5.2 the tasks framework itself rejects the name.
    tasks = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    with override_settings(TASKS=tasks, DEBUG=False):
        messages = tasks_backend_check(None)
    assert [m.id for m in messages] == ["academy.W004"]
    assert "emails" in messages[0].hint


# --- academy.W005: base.html blocks ------------------------------------------------


@pytest.mark.django_db
def test_a_base_template_missing_blocks_is_named(tmp_path):
    (tmp_path / "base.html").write_text(
        "<title>{% block title %}{% endblock %}</title>"
        "<main>{% block content %}{% endblock %}</main>"
    )
    with override_settings(TEMPLATES=_templates(tmp_path)):
        message = _message("academy.W005")
    assert message.msg == "base.html has no {% block %} for: extra_css, extra_js."


@pytest.mark.django_db
def test_blocks_are_found_through_the_extends_chain(tmp_path):
    (tmp_path / "layout.html").write_text(
        "<head>{% block head %}{% block extra_css %}{% endblock %}{% endblock %}"
        "</head><body>{% block body %}{% endblock %}</body>"
    )
    (tmp_path / "base.html").write_text(
        '{% extends "layout.html" %}'
        "{% block head %}<title>{% block title %}{% endblock %}</title>"
        "{% block extra_css %}{% endblock %}{% endblock %}"
        "{% block body %}{% block content %}{% endblock %}"
        "{% block extra_js %}{% endblock %}{% endblock %}"
    )
    with override_settings(TEMPLATES=_templates(tmp_path)):
        assert "academy.W005" not in _ids()


@pytest.mark.django_db
def test_a_block_the_parent_never_renders_does_not_count(tmp_path):
    (tmp_path / "layout.html").write_text(
        "<title>{% block title %}{% endblock %}</title>"
        "{% block content %}{% endblock %}{% block extra_css %}{% endblock %}"
    )
    # extra_js here is outside any block of layout.html, so it never renders.
    (tmp_path / "base.html").write_text(
        '{% extends "layout.html" %}{% block extra_js %}{% endblock %}'
    )
    with override_settings(TEMPLATES=_templates(tmp_path)):
        assert _message("academy.W005").msg.endswith("for: extra_js.")


@pytest.mark.django_db
def test_a_site_without_base_html_is_told_so(tmp_path):
    with override_settings(TEMPLATES=_templates(tmp_path)):
        message = _message("academy.W005")
    assert message.msg == "No base.html template was found."
    assert "extra_css" in message.hint


@pytest.mark.django_db
def test_a_base_template_that_cannot_be_parsed_is_reported(tmp_path):
    (tmp_path / "base.html").write_text("{% block title %}unclosed")
    with override_settings(TEMPLATES=_templates(tmp_path)):
        message = _message("academy.W005")
    assert message.msg.startswith("base.html cannot be read:")


@pytest.mark.django_db
def test_a_path_only_wagtails_catch_all_answers_is_no_log_in_page():
    with override_settings(
        LOGIN_URL="/accounts/login/", ROOT_URLCONF="tests.academy.urlconfs.wagtail_only"
    ):
        message = _message("academy.E001")
    assert "leads to no log-in view" in message.msg
    assert "django.contrib.auth.urls" in message.hint
