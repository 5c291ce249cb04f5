"""Every setting the apps read is documented, with the default the code uses."""

import re
from pathlib import Path

import pytest
from django.test import override_settings

from academy import conf as academy_conf
from curriculum import conf as curriculum_conf

REPO = Path(__file__).resolve().parents[2]
APPS = ("academy", "curriculum", "mentoring")
# A setting is read by its name in quotes: getattr(settings, "ACADEMY_...").
SETTING_NAME = re.compile(r"""["'](ACADEMY_[A-Z_]+)["']""")


def _settings_read_by_the_apps() -> set[str]:
    names = set()
    for app in APPS:
        for source in (REPO / app).rglob("*.py"):
            names |= set(SETTING_NAME.findall(source.read_text()))
    return names


def test_every_academy_setting_is_in_the_docs_and_the_readme():
    names = _settings_read_by_the_apps()
    assert "ACADEMY_ISSUER_URL" in names
    assert "ACADEMY_SITE_NAME" in names
    docs = (REPO / "docs" / "settings.md").read_text()
    readme = (REPO / "README.md").read_text()
    for name in names:
        assert f"| `{name}`" in docs, name
        assert f"`{name}`" in readme, name


def test_only_conf_modules_and_checks_read_academy_settings():
    readers = {
        source.relative_to(REPO).as_posix()
        for app in APPS
        for source in (REPO / app).rglob("*.py")
        if SETTING_NAME.search(source.read_text())
    }
    assert readers == {"academy/conf.py", "curriculum/conf.py", "academy/checks.py"}


def test_every_system_check_id_is_documented():
    ids = set(
        re.findall(r"academy\.[EW]\d{3}", (REPO / "academy/checks.py").read_text())
    )
    docs = (REPO / "docs" / "settings.md").read_text()
    assert len(ids) == 9
    for check_id in ids:
        assert f"| `{check_id}` |" in docs, check_id


@pytest.mark.django_db
def test_settings_are_read_when_needed_with_their_defaults():
    assert academy_conf.default_target_level() == 3
    assert curriculum_conf.mentor_group_name() == "Mentors"
    with override_settings(
        ACADEMY_DEFAULT_TARGET_LEVEL=4,
        ACADEMY_MENTOR_GROUP="Volunteer mentors",
        ACADEMY_SITE_NAME="County Academy",
        ACADEMY_ISSUER_URL="https://issuer.example.org/",
    ):
        assert academy_conf.default_target_level() == 4
        assert curriculum_conf.mentor_group_name() == "Volunteer mentors"
        assert academy_conf.site_name() == "County Academy"
        assert academy_conf.issuer_url() == "https://issuer.example.org"
