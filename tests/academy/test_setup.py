"""`manage.py academy_setup`: a host site's one command to get going."""

import io
import threading

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import CommandError, call_command
from django.db import connection
from wagtail.models import Page, PageLogEntry, Revision, Site

from cms.home.demo import root_ensure
from curriculum.models import (
    Competency,
    CurriculumIndexPage,
    Domain,
    Framework,
    LessonPage,
    ModulePage,
    PathwayPage,
)

pytestmark = pytest.mark.django_db


def _setup(*args) -> list[str]:
    out = io.StringIO()
    call_command("academy_setup", *args, stdout=out)
    return out.getvalue().strip().splitlines()


def _counts() -> dict[str, int]:
    return {
        "pages": Page.objects.count(),
        "revisions": Revision.objects.count(),
        "log entries": PageLogEntry.objects.count(),
        "competencies": Competency.objects.count(),
        "groups": Group.objects.count(),
    }


def test_setup_loads_framework_curriculum_and_groups_then_says_so(home_page):
    Group.objects.filter(name__in=["Program staff", "Mentors"]).delete()

    lines = _setup()

    assert lines == [
        "Framework: 9 domains, 34 competencies created",
        "Curriculum: 14 modules, 42 lessons, 3 pathways, 4 program guides published",
        "Groups: Program staff created, Mentors created",
    ]
    assert Domain.objects.count() == 9
    assert Competency.objects.count() == 34
    index = CurriculumIndexPage.objects.get()
    assert index.get_parent().specific == home_page
    assert ModulePage.objects.child_of(index).live().count() == 14
    assert LessonPage.objects.descendant_of(index).live().count() == 42
    assert PathwayPage.objects.child_of(index).live().count() == 3
    staff = Group.objects.get(name="Program staff")
    assert staff.permissions.filter(codename="access_admin").exists()
    assert staff.permissions.filter(content_type__app_label="mentoring").exists()
    assert staff.page_permissions.filter(page=index).exists()
    assert Group.objects.filter(name="Mentors").exists()


def test_running_setup_again_changes_nothing_and_says_so(home_page):
    _setup()
    before = _counts()

    lines = _setup()

    assert lines == [
        "Framework: unchanged (already loaded; import_framework updates it)",
        "Curriculum: unchanged (it has modules; import_curriculum updates them)",
        "Groups: Program staff exists, Mentors exists",
    ]
    assert _counts() == before


def test_setup_without_curriculum_loads_only_the_framework(home_page):
    lines = _setup("--no-curriculum")

    assert lines[0] == "Framework: 9 domains, 34 competencies created"
    assert not any(line.startswith("Curriculum") for line in lines)
    assert not ModulePage.objects.exists()


def test_setup_builds_under_a_default_site_whose_root_is_not_the_tree_root(db):
    # A browser test's flush removes the tree that migrations made.
    tree_root = Page.get_first_root_node() or root_ensure()
    site_root = tree_root.add_child(title="Host home", slug="host-home")
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "port": 80, "root_page": site_root},
    )

    _setup()

    index = CurriculumIndexPage.objects.get()
    assert index.get_parent() == site_root
    assert index.url == "/curriculum/"


def test_setup_without_a_default_site_stops_with_a_message(db):
    Site.objects.all().delete()

    with pytest.raises(CommandError, match="no default Wagtail site"):
        _setup()
    assert not Competency.objects.exists()
    assert not CurriculumIndexPage.objects.exists()


def test_program_staff_keep_the_permissions_migrating_gave_them(home_page):
    staff = Group.objects.get(name="Program staff")
    granted = set(staff.permissions.values_list("pk", flat=True))

    _setup()

    assert set(staff.permissions.values_list("pk", flat=True)) == granted
    assert not Permission.objects.filter(
        group=staff, codename="view_individual_results"
    ).exists()


def test_running_setup_again_keeps_what_staff_changed(home_page):
    _setup()
    competency = Competency.objects.get(code="SP.1")
    competency.name = "Our own wording"
    competency.save()
    domain = competency.domain
    Competency.objects.create(
        domain=domain, code="LOCAL.1", name="A competency of our own", sort_order=99
    )
    edited, removed, hidden = ModulePage.objects.order_by("path")[:3]
    edited.title = "Our module title"
    edited.save_revision().publish()
    removed_slug = removed.slug
    removed.delete()
    hidden.unpublish()

    _setup()

    assert Competency.objects.get(code="SP.1").name == "Our own wording"
    assert not Competency.objects.get(code="LOCAL.1").retired
    assert ModulePage.objects.get(pk=edited.pk).title == "Our module title"
    assert not ModulePage.objects.filter(slug=removed_slug).exists()
    assert not ModulePage.objects.get(pk=hidden.pk).live


def test_a_site_with_its_own_default_framework_gets_the_framework_not_the_modules(
    home_page,
):
    Framework.objects.create(
        title="Our framework", slug="ours", identifier="ours-1", is_default=True
    )

    lines = _setup()

    assert lines[0] == "Framework: 9 domains, 34 competencies created"
    assert lines[1] == (
        "Curriculum: skipped: the starter modules are written for the shipped "
        "framework, and your default framework is Our framework"
    )
    assert Framework.objects.get(is_default=True).title == "Our framework"
    assert not ModulePage.objects.exists()


def test_a_page_already_called_curriculum_stops_setup_with_a_message(home_page):
    home_page.add_child(instance=Page(title="Our curriculum", slug="curriculum"))

    with pytest.raises(CommandError, match="could not be created: .*slug"):
        _setup()
    assert not Competency.objects.exists()


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="Concurrent runs need PostgreSQL; SQLite has one writer.",
)
@pytest.mark.django_db(transaction=True)  # committed data, seen by every thread
def test_three_setups_at_the_same_moment_load_everything_once(home_page):
    barrier = threading.Barrier(3, timeout=10)
    outcomes: list[str] = []

    def run() -> None:
        try:
            barrier.wait()
            outcomes.append(_setup()[0])
        except Exception as exc:  # noqa: BLE001 - the test reports any failure
            outcomes.append(f"failed: {exc!r}")
        finally:
            connection.close()  # this thread's own connection

    threads = [threading.Thread(target=run) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert sorted(outcomes) == [
        "Framework: 9 domains, 34 competencies created",
        "Framework: unchanged (already loaded; import_framework updates it)",
        "Framework: unchanged (already loaded; import_framework updates it)",
    ]
    assert Framework.objects.count() == 1
    assert CurriculumIndexPage.objects.count() == 1
    assert ModulePage.objects.count() == 14


def test_setup_says_when_the_curriculum_index_is_not_published(home_page):
    _setup()
    CurriculumIndexPage.objects.get().unpublish()

    lines = _setup()

    assert lines[1].endswith(
        "but no curriculum index page is published: visitors cannot reach it"
    )
