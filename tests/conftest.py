import os

import pytest
from wagtail.models import Page, Site

from cms.home.demo import root_ensure
from cms.home.models import HomePage
from tests.academy.factories import LearnerFactory
from tests.mentoring.factories import MentorFactory

# Playwright's sync API runs an event loop in the test thread; Django must still
# let that thread touch the database.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")


@pytest.fixture(autouse=True)
def _fresh_content_types():
    """Forget content type ids cached by earlier tests whose rows a flush removed."""
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.clear_cache()


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Launch the system Chromium: Playwright cannot download its own here."""
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "headless": True,
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture
def home_page(db) -> HomePage:
    """The site's root page, replacing Wagtail's welcome page."""
    # A browser test's flush removes the tree that migrations made.
    root = Page.get_first_root_node() or root_ensure()
    home = HomePage(title="Lead across sectors", slug="academy-home")
    root.add_child(instance=home)
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "port": 80, "root_page": home},
    )
    return home


@pytest.fixture
def learner(db):
    """A new executive leader who has completed the onboarding profile."""
    return LearnerFactory(email="learner@example.org", first_name="Lena")


@pytest.fixture
def other_learner(db):
    return LearnerFactory(email="other@example.org", first_name="Omar")


@pytest.fixture
def mentor(db):
    return MentorFactory(email="mentor@example.org", first_name="Marcus")


@pytest.fixture
def staff(db):
    from tests.academy.factories import ProgramStaffFactory

    return ProgramStaffFactory(email="staff@example.org", first_name="Sam")


@pytest.fixture
def page(page):
    """Fail fast: a page that needs more than ten seconds is broken, not slow."""
    page.set_default_timeout(10_000)
    return page


@pytest.fixture
def curriculum_index(home_page):
    from tests.curriculum.factories import CurriculumIndexPageFactory

    return CurriculumIndexPageFactory(parent=home_page)


@pytest.fixture
def framework(db):
    from tests.curriculum.factories import FrameworkFactory

    return FrameworkFactory(title="Cross-sector leadership", slug="cross-sector")
