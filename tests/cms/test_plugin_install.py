import os
import shutil
import subprocess
import sys
import zipfile

from .conftest import REPO


def test_wheel_carries_the_three_apps_with_templates_migrations_and_data(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    for app in ("academy", "curriculum", "mentoring"):
        assert f"{app}/apps.py" in names
        assert f"{app}/urls.py" in names
        assert f"{app}/migrations/__init__.py" in names
        assert any(n.startswith(f"{app}/templates/{app}/") for n in names)
    assert not any(n.startswith(("cms/", "tests/")) for n in names)
    # The shipped framework and every starter-curriculum file academy_setup loads.
    assert "curriculum/data/framework/cross-sector-leadership.yaml" in names
    source = REPO / "curriculum" / "data" / "curriculum"
    shipped = {
        f"curriculum/data/curriculum/{p.relative_to(source).as_posix()}"
        for p in source.rglob("*.md")
    }
    assert len(shipped) == 14 + 42 + 3 + 4  # modules, lessons, pathways, guides
    assert shipped <= set(names)


def test_plugin_runs_in_another_wagtail_site(installed_wheel, tmp_path):
    site_packages = installed_wheel
    shutil.copytree(
        REPO / "tests" / "hostsite",
        tmp_path / "hostsite",
        ignore=shutil.ignore_patterns("*.sqlite3", "__pycache__"),
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(
        DJANGO_SETTINGS_MODULE="hostsite.settings",
        PYTHONPATH=f"{site_packages}{os.pathsep}{tmp_path}",
        HOSTSITE_DB=str(tmp_path / "host.sqlite3"),
    )
    result = subprocess.run(  # noqa: S603
        [sys.executable, str(tmp_path / "hostsite" / "smoke.py")],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    report = _report(result.stdout)
    assert report["ACADEMY_FILE"].startswith(str(site_packages))
    # The host signs people in by email: its user model has no username at all.
    assert report["USER_MODEL"] == "hostaccounts.User"

    def page(key: str, status: int, *texts: str) -> None:
        assert report[key].startswith(f"{status} "), (key, report[key][:300])
        for text in texts:
            assert text in report[key], (key, text)

    # A learner completes the profile, then every learner page works.
    page("GET /learn/profile/", 200, "[Tell us about your work | Host site]")
    page("POST /learn/profile/", 302, "/learn/")
    assert report["LEARNER_NAME"] == "Ada Host"
    page("GET /learn/", 200, "[My learning | Host site]", "Welcome, Ada")
    page("GET /learn/assessments/", 200, "[Your growth | Host site]")
    page("GET /learn/journal/", 200, "[Reflection journal | Host site]")
    page("GET /learn/privacy/", 200, "[Your privacy | Host site]")
    page("GET /learn/privacy/export.json", 200, '"email": "host@example.org"')
    page("GET /mentoring/", 200, "Your mentoring and shadowing")
    page("GET /mentoring/request/", 200, "Ask for a mentor or a placement")
    # A module, its lesson, and the credential completing it earns, in the name given.
    module = "GET /courses/leading-with-data/"
    page(module, 200, "Leading with data", "0 of 1 lessons complete")
    page(module + "reading-a-dashboard/", 200, "Reading a dashboard", "Mark complete")
    assert report["CREDENTIAL_NAME"] == "Ada Host"
    certificate = next(k for k in report if k.startswith("GET /learn/credentials/"))
    page(certificate, 200, "This certifies that Ada Host completed the module")
    verify = next(k for k in report if k.startswith("GET /learn/verify/"))
    page(verify, 200, "Ada Host completed “Leading with data”")
    # Without allauth an active account joins at once; an unknown address is
    # invited to the host's sign-up page and joins once it has an account.
    assert report["COHORT_REPORT"] == "1 learner added; 1 invited to sign up."
    assert report["MAIL_TO"] == "['host@example.org', 'newcomer@example.org']"
    # The host has no sign-up page: guests and invitees are offered its log-in page.
    assert "Log in to enrol" in report["GUEST_MODULE"]
    assert "Sign up" not in report["GUEST_MODULE"]
    assert (
        "To join, log in with an account under this address (newcomer@example.org)"
        in report["INVITATION"]
    )
    assert "confirm it from the email" not in report["INVITATION"]
    assert "Log in: http://localhost/login/" in report["INVITATION"]
    assert "Sign up" not in report["INVITATION"]
    assert report["NEWCOMER_COHORTS"] == "['Host cohort']"
    assert report["NEWCOMER_MAIL"] == "['Welcome to the Host site']"
    # Program staff add learners from the cohort form and see them by name.
    page("POST /cms-admin/academy/cohorts/new/", 302, "/cms-admin/academy/cohorts/")
    page(
        "GET /cms-admin/academy/cohorts/",
        200,
        "1 learner added; 1 invited to sign up.",
        "Benchmark cohort",
    )
    inspect = next(
        k for k in report if k.startswith("GET /cms-admin/academy/cohorts/i")
    )
    page(inspect, 200, "Ada Host", "later@example.org")
    reports = [k for k in report if k.endswith("/report/")]
    page(reports[0], 200, "[Cohort progress: Form cohort", "Ada Host")
    page(reports[1], 200, "[Cohort progress: Benchmark cohort", "Bench 0")
    page("GET /cms-admin/credentials/", 200, "Ada Host", "Leading with data")
    credential = next(k for k in report if k.startswith("GET /cms-admin/credentials/i"))
    page(credential, 200, "Leading with data — Ada Host")
    page("GET /cms-admin/mentoring/mentors/", 200, "Nia", "Neighbours United")
    page("GET /cms-admin/mentoring/requests/", 200, "Ada Host")
    page("GET /cms-admin/mentoring/pairs/", 200, "[Pairs - Wagtail]")
    page("GET /cms-admin/mentoring/rounds/", 200, "[Matching rounds - Wagtail]")
    page("GET /cms-admin/reports/mentoring-overview/", 200, "Nia")
    page("GET /cms-admin/users/", 200, "newcomer@example.org")
    delete = next(k for k in report if k.startswith("GET /cms-admin/users/delete/"))
    page(delete, 200, "Deleting this user erases the account")
    assert report["NEWCOMER_ERASED"] == "True"


def _report(stdout: str) -> dict[str, str]:
    """Read the smoke script's lines: `KEY value`, or `METHOD /path value` per page."""
    report = {}
    for line in stdout.splitlines():
        words = line.split(" ", 2)
        if words[0] in {"GET", "POST"}:
            report[f"{words[0]} {words[1]}"] = words[2] if len(words) > 2 else ""
        else:
            key, _space, value = line.partition(" ")
            report[key] = value
    return report
