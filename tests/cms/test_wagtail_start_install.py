"""The built wheel in a fresh `wagtail start` project, set up as the README says.

Runs on whatever Django and Wagtail the interpreter running pytest has: nox's `newest`
session (Python 3.13, the newest Django, Wagtail 8) is what runs it on the newest
supported versions in CI, the other sessions on theirs.
"""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import REPO

PROJECT = "learnsite"


def install_section() -> str:
    """Return the README's "Add the academy to your Wagtail site" section."""
    readme = (REPO / "README.md").read_text()
    start = readme.index("## Add the academy to your Wagtail site")
    end = readme.index("\n## ", start + 1)
    return readme[start:end]


def python_blocks(section: str) -> list[str]:
    return re.findall(r"```python\n(.*?)```", section, flags=re.DOTALL)


def insert_before(text: str, anchor: str, addition: str) -> str:
    assert anchor in text, anchor
    return text.replace(anchor, addition + anchor, 1)


def follow_the_readme(project: Path) -> None:
    """Make the README's edits to the project's settings and URLs, as written."""
    section = install_section()
    apps_block, urls_block = python_blocks(section)[:2]
    settings = project / PROJECT / "settings" / "base.py"
    text = settings.read_text()
    apps = re.findall(r'^\s*("[\w.]+",)\s*$', apps_block, flags=re.MULTILINE)
    assert apps == ['"academy",', '"curriculum",', '"mentoring",']
    text = text.replace(
        "INSTALLED_APPS = [\n",
        "INSTALLED_APPS = [\n" + "".join(f"    {a}\n" for a in apps),
        1,
    )
    middleware = re.search(r'"(academy\.middleware\.\w+)"', section).group(1)
    auth = '    "django.contrib.auth.middleware.AuthenticationMiddleware",\n'
    text = text.replace(auth, auth + f'    "{middleware}",\n', 1)
    # Step 5: a new project has no log-in page, so it takes Django's as the README says
    # (django.contrib.auth.urls, included below, and LOGIN_URL naming its view).
    assert 'LOGIN_URL = "login"' in section
    text += '\nLOGIN_URL = "login"\n'
    settings.write_text(text)

    urls = project / PROJECT / "urls.py"
    catch_all = 'path("", include(wagtail_urls)),'
    ours = [
        line.strip()
        for line in urls_block.splitlines()
        if line.strip().startswith("path(") and catch_all not in line
    ]
    assert ours == [
        f'path("{app}/", include("{app}.urls")),'
        for app in ("academy", "curriculum", "mentoring")
    ], urls_block
    ours.append('path("accounts/", include("django.contrib.auth.urls")),')
    text = urls.read_text()
    # The project's own catch-all, not the commented-out alternative below it.
    text = insert_before(
        text, f"    {catch_all}", "".join(f"    {line}\n" for line in ours)
    )
    urls.write_text(text)


def run(project: Path, *args: str, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603
        [sys.executable, *args],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.fixture(scope="module")
def site(installed_wheel, tmp_path_factory):
    """Start a project with Wagtail's own template, add the academy, migrate."""
    folder = tmp_path_factory.mktemp("wagtail-start")
    made = subprocess.run(  # noqa: S603
        [sys.executable, "-m", "wagtail.bin.wagtail", "start", PROJECT],
        cwd=folder,
        capture_output=True,
        text=True,
        check=False,
    )
    assert made.returncode == 0, made.stderr
    project = folder / PROJECT
    follow_the_readme(project)
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(
        DJANGO_SETTINGS_MODULE=f"{PROJECT}.settings.dev",
        PYTHONPATH=str(installed_wheel),
    )
    migrated = run(project, "manage.py", "migrate", "--noinput", env=env)
    assert migrated.returncode == 0, migrated.stderr
    return project, env


@pytest.fixture(scope="module")
def setup_runs(site):
    project, env = site
    return [run(project, "manage.py", "academy_setup", env=env) for _ in range(2)]


def test_academy_setup_loads_once_and_changes_nothing_the_second_time(setup_runs):
    first, second = setup_runs
    assert first.returncode == 0, first.stderr
    assert second.returncode == 0, second.stderr
    assert "Framework: 9 domains, 34 competencies created" in first.stdout
    assert "Curriculum: 14 modules" in first.stdout, first.stdout
    assert "Framework: unchanged" in second.stdout, second.stdout
    assert "Curriculum: unchanged" in second.stdout
    assert "created" not in second.stdout


def test_system_checks_find_no_academy_problem(site, setup_runs):
    project, env = site
    checked = run(project, "manage.py", "check", env=env)
    assert checked.returncode == 0, checked.stderr
    assert "academy." not in checked.stdout + checked.stderr


def test_a_learner_crawls_every_academy_page_without_an_error(site, setup_runs):
    project, env = site
    script = project / "crawl.py"
    shutil.copy(Path(__file__).with_name("wagtail_start_crawl.py"), script)
    crawled = run(project, str(script), env=env)
    out = crawled.stdout
    assert crawled.returncode == 0, out + crawled.stderr
    assert f"ACADEMY_FILE {Path(env['PYTHONPATH'])}" in out
    # A guest is sent to Django's log-in page, shown in the academy's look.
    assert "LOGIN_PAGE 200 /accounts/login/" in out
    assert "LOGIN_PAGE_IN_ACADEMY_LOOK True" in out
    assert "LOGIN_POST 302 /academy/" in out
    assert "RESET_DONE 200 True True False" in out
    assert "DASHBOARD_BEFORE_PROFILE 302 /academy/profile/" in out
    assert "PROFILE_SAVED 302" in out
    assert "ENROLLED 302" in out
    assert "LESSON 200 True" in out
    pages = int(re.search(r"^CRAWLED (\d+)$", out, flags=re.MULTILINE).group(1))
    assert pages >= 30, out
