import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


LOCAL_CLUTTER = {
    ".git",
    ".venv",
    ".nox",
    "build",
    "db.sqlite3",
    ".test-db.sqlite3",
    ".test-media",
    "media",
}


def _local_clutter(directory: str, names: list[str]) -> set[str]:
    """Skip what a local checkout accumulates at its top level, and bytecode."""
    skip = {n for n in names if n == "__pycache__" or n.endswith(".egg-info")}
    if Path(directory) == REPO:
        skip |= LOCAL_CLUTTER & set(names)
        skip |= {"static"} & set(names)  # collectstatic output, not app static files
    return skip


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """Build the distribution exactly as `pip install .` would."""
    out = tmp_path_factory.mktemp("dist")
    # Build from a clean copy so leftovers of earlier local builds never leak in.
    source = tmp_path_factory.mktemp("src") / "project"
    shutil.copytree(REPO, source, ignore=_local_clutter)
    subprocess.run(  # noqa: S603
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "--quiet",
            "--wheel-dir",
            str(out),
            str(source),
        ],
        check=True,
        capture_output=True,
    )
    return next(out.glob("wagtail_leadership_academy-*.whl"))


def test_wheel_carries_the_three_apps_with_templates_and_migrations(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    for app in ("academy", "curriculum", "mentoring"):
        assert f"{app}/apps.py" in names
        assert f"{app}/urls.py" in names
        assert f"{app}/migrations/__init__.py" in names
        assert any(n.startswith(f"{app}/templates/{app}/") for n in names)
    assert not any(n.startswith(("cms/", "tests/")) for n in names)


def test_plugin_runs_in_another_wagtail_site(wheel, tmp_path):
    site_packages = tmp_path / "site"
    subprocess.run(  # noqa: S603
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--no-deps",
            "--quiet",
            "--target",
            str(site_packages),
            str(wheel),
        ],
        check=True,
        capture_output=True,
    )
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
    assert f"ACADEMY_FILE {site_packages}" in result.stdout
    assert "STATUS 200" in result.stdout
    assert "| Host site</title>" in result.stdout
    assert "Tell us about your work" in result.stdout
    # A host without allauth: an active account joins, an unknown address is invited.
    assert "COHORT_REPORT 1 learner added; 1 invited to sign up." in result.stdout
    assert "MAIL_TO ['host@example.org', 'newcomer@example.org']" in result.stdout
