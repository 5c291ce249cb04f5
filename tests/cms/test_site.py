import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from tests.academy.factories import UserFactory

pytestmark = pytest.mark.django_db
REPO = Path(__file__).resolve().parents[2]


def test_home_page_has_landmarks_skip_link_and_entry_points(client, home_page):
    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'href="#main-content"' in html
    assert '<main id="main-content"' in html
    assert '<nav class="site-nav" aria-label="Main">' in html
    assert "<footer" in html
    assert "Lead across sectors" in html
    assert "Sign up" in html
    assert "Log in" in html


@pytest.mark.parametrize(
    ("actor", "shown", "hidden"),
    [
        ("learner", ["My learning", "Self-assessment", "Mentoring</a>"], ["Admin</a>"]),
        ("mentor", ["My learning", "Mentoring</a>"], ["Self-assessment", "Admin</a>"]),
        ("staff", ["My learning", "Admin</a>"], ["Self-assessment", "Mentoring</a>"]),
    ],
)
def test_navigation_shows_only_the_entry_points_a_person_is_entitled_to(
    client, home_page, request, actor, shown, hidden
):
    client.force_login(request.getfixturevalue(actor))
    nav = client.get("/").content.decode().split('<nav class="site-nav"')[1]
    nav = nav.split("</nav>")[0]
    for label in shown:
        assert label in nav
    for label in hidden:
        assert label not in nav


def test_dashboard_asks_anonymous_visitors_to_log_in(client):
    response = client.get(reverse("academy:dashboard"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_dashboard_greets_the_learner_by_name(client, learner):
    client.force_login(learner)
    response = client.get(reverse("academy:dashboard"))
    assert "Welcome, Lena" in response.content.decode()


def test_mentoring_dashboard_is_refused_to_someone_without_a_role_there(client):
    client.force_login(UserFactory(email="visitor@example.org"))
    response = client.get(reverse("mentoring:dashboard"))
    assert response.status_code == 403
    assert "for mentors and hosts" in response.content.decode()


def test_mentor_opens_the_mentoring_dashboard(client, mentor):
    client.force_login(mentor)
    response = client.get(reverse("mentoring:dashboard"))
    assert response.status_code == 200
    assert "Your mentoring and shadowing" in response.content.decode()


def test_log_out_needs_a_post(client, learner):
    client.force_login(learner)
    client.get(reverse("account_logout"))
    assert client.get(reverse("academy:dashboard")).status_code == 200
    client.post(reverse("account_logout"))
    assert client.get(reverse("academy:dashboard")).status_code == 302


def test_program_staff_reach_the_wagtail_admin(client, staff, learner):
    client.force_login(staff)
    assert client.get(reverse("wagtailadmin_home")).status_code == 200
    client.force_login(learner)
    assert client.get(reverse("wagtailadmin_home")).status_code == 403


def test_program_staff_group_holds_the_academy_permissions():
    group = Group.objects.get(name="Program staff")
    codenames = set(group.permissions.values_list("codename", flat=True))
    assert {"access_admin", "change_competency", "add_framework"} <= codenames


def test_unknown_address_gets_the_sites_404_page(client, home_page):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "We could not find that page" in response.content.decode()


def test_production_settings_pass_the_deploy_check_with_required_variables(tmp_path):
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "TEST_DATABASE"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="cms.settings.production",
        SECRET_KEY="a" * 20 + "-production-secret-key-with-enough-entropy-9f3k",
        ALLOWED_HOSTS="academy.example.org",
        DATABASE_URL=f"sqlite:///{tmp_path / 'prod.sqlite3'}",
        EMAIL_HOST="smtp.example.org",
    )

    command = [sys.executable, "manage.py", "check", "--deploy"]

    def deploy_check(**extra):
        return subprocess.run(  # noqa: S603
            [*command, "--fail-level", "WARNING"],
            cwd=REPO,
            env={**env, **extra},
            capture_output=True,
            text=True,
            check=False,
        )

    # Emails would link to the Site's placeholder address, and credentials would
    # name a fallback issuer: the checks say so.
    result = deploy_check()
    assert result.returncode != 0
    assert "academy.W001" in result.stderr + result.stdout
    assert "academy.W002" in result.stderr + result.stdout
    result = deploy_check(
        ACADEMY_BASE_URL="https://academy.example.org",
        ACADEMY_ISSUER_URL="https://academy.example.org",
    )
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


def test_production_settings_refuse_to_start_without_a_secret_key():
    env = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY",)}
    env["DJANGO_SETTINGS_MODULE"] = "cms.settings.production"
    result = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "check"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "Set the SECRET_KEY environment variable" in result.stderr


def _admin_menu(client, user) -> dict:
    """Return the admin sidebar's main menu as {label: submenu or URL}."""
    client.force_login(user)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    props = re.search(
        r'<script id="wagtail-sidebar-props" type="application/json">(.*?)</script>',
        html,
        re.S,
    )
    modules = json.loads(props.group(1))["modules"]
    main = next(m for m in modules if m["_type"] == "wagtail.sidebar.MainMenuModule")

    def tree(items):
        menu = {}
        for item in items:
            details, *rest = item["_args"]
            submenu = item["_type"] == "wagtail.sidebar.SubMenuItem"
            menu[details["label"]] = tree(rest[0]) if submenu else details.get("url")
        return menu

    return tree(main["_args"][0])


ACADEMY_TOP_LEVEL = (
    "Competency framework",
    "Question bank",
    "Cohorts",
    "Self-assessment",
    "Mentoring",
)


def test_program_staff_find_every_academy_screen_in_one_academy_menu(client, staff):
    menu = _admin_menu(client, staff)

    academy = menu["Academy"]
    assert list(academy) == [
        "Competency framework",
        "Question bank",
        "Reports",
        "Cohorts",
        "Self-assessment",
        "Mentoring",
        "Credentials",
    ]
    assert list(academy["Reports"]) == [
        "Cohort growth",
        "Question statistics",
        "Mentoring overview",
    ]
    assert "Import" in academy["Competency framework"]
    assert "Mentoring overview" in academy["Mentoring"]
    assert "Assessment windows" in academy["Self-assessment"]
    # Nothing of the academy's is left among the host site's own menu items.
    assert not set(menu) & {*ACADEMY_TOP_LEVEL, "Credentials"}
    assert "Cohort growth" not in menu.get("Reports", {})


def _admin_user(user, *codenames):
    """Let a person into the Wagtail admin, with these extra permissions."""
    from django.contrib.auth.models import Permission

    user.user_permissions.add(
        Permission.objects.get(
            content_type__app_label="wagtailadmin", codename="access_admin"
        ),
        *Permission.objects.filter(codename__in=codenames),
    )
    return user


def test_the_academy_menu_shows_only_what_a_person_may_use(client):
    editor = _admin_user(UserFactory(email="editor@example.org"))
    assert "Academy" not in _admin_menu(client, editor)

    cohort_viewer = _admin_user(UserFactory(email="viewer@example.org"), "view_cohort")
    academy = _admin_menu(client, cohort_viewer)["Academy"]
    assert academy == {
        "Reports": {"Cohort growth": reverse("academy_cohort_growth")},
        "Cohorts": reverse("academy_cohorts:index"),
    }


def test_a_mentor_sees_no_academy_menu_in_the_admin(client, mentor):
    assert "Academy" not in _admin_menu(client, _admin_user(mentor))
