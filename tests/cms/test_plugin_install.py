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
    assert len(shipped) == 42
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
    assert f"ACADEMY_FILE {site_packages}" in result.stdout
    assert "STATUS 200" in result.stdout
    assert "| Host site</title>" in result.stdout
    assert "Tell us about your work" in result.stdout
    # A host without allauth: an active account joins, an unknown address is invited.
    assert "COHORT_REPORT 1 learner added; 1 invited to sign up." in result.stdout
    assert "MAIL_TO ['host@example.org', 'newcomer@example.org']" in result.stdout
