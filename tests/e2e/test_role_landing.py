import pytest
from playwright.sync_api import expect

from academy.services.progress import enrolment_create
from tests.academy.factories import (
    PASSWORD,
    LearnerProfileFactory,
    ProgramStaffFactory,
    wagtail_editors_group,
)
from tests.curriculum.factories import (
    LessonPageFactory,
    ModulePageFactory,
    QuestionFactory,
)
from tests.e2e.accessibility import serious_violations
from tests.mentoring.factories import MentorFactory

# A browser test commits for real; the fixtures rebuild what a flush removes.
pytestmark = pytest.mark.django_db(transaction=True)

LONG_EMAIL = (
    "deputy.director.of.community.partnerships@alliance-for-families.example.org"
)


def _log_in(page, live_server, email: str, start: str = "/accounts/login/"):
    page.goto(live_server.url + start)
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password:", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()


def _nav_labels(page) -> list[str]:
    return (
        page.get_by_role("navigation", name="Main")
        .get_by_role("link")
        .all_inner_texts()
    )


def test_learner_mentor_and_staff_each_land_where_they_belong(
    new_context, live_server, curriculum_index, learner, mentor
):
    wagtail_editors_group()
    staff = ProgramStaffFactory(email="staff@example.org")
    index = curriculum_index.url
    elsewhere = "https://example.com/academy/"

    page = new_context().new_page()
    _log_in(page, live_server, learner.email)
    expect(page).to_have_url(live_server.url + "/academy/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Welcome, Lena")
    assert _nav_labels(page) == [
        "Curriculum",
        "My learning",
        "Self-assessment",
        "Mentoring",
    ]
    assert serious_violations(page) == []

    page = new_context().new_page()
    _log_in(page, live_server, mentor.email)
    expect(page).to_have_url(live_server.url + "/mentoring/")
    expect(page.get_by_text("Tell us about your work")).to_have_count(0)
    assert _nav_labels(page) == ["Curriculum", "My learning", "Mentoring"]
    assert serious_violations(page) == []
    # "My learning" asks for the learner profile only when the mentor opens it.
    page.get_by_role("link", name="My learning").click()
    expect(page.get_by_role("heading", name="Tell us about your work")).to_be_visible()

    page = new_context().new_page()
    _log_in(page, live_server, staff.email)
    expect(page).to_have_url(live_server.url + "/admin/")
    expect(page.get_by_text("Tell us about your work")).to_have_count(0)

    # A safe "next" still takes the person where they were going; another site's not.
    page = new_context().new_page()
    _log_in(page, live_server, mentor.email, start=f"/accounts/login/?next={index}")
    expect(page).to_have_url(live_server.url + index)
    page = new_context().new_page()
    _log_in(page, live_server, mentor.email, start=f"/accounts/login/?next={elsewhere}")
    expect(page).to_have_url(live_server.url + "/mentoring/")


def test_header_stays_on_one_line_at_1366_px_with_a_long_email(
    new_context, live_server, curriculum_index
):
    wagtail_editors_group()
    person = ProgramStaffFactory(email=LONG_EMAIL)
    MentorFactory(email=LONG_EMAIL)  # the same person also mentors
    LearnerProfileFactory(user=person)

    page = new_context(viewport={"width": 1366, "height": 800}).new_page()
    _log_in(page, live_server, LONG_EMAIL, start="/accounts/login/?next=/academy/")
    expect(page).to_have_url(live_server.url + "/academy/")
    # Someone with every role chooses in the navigation.
    assert _nav_labels(page) == [
        "Curriculum",
        "My learning",
        "Self-assessment",
        "Mentoring",
        "Admin",
    ]
    layout = page.evaluate(
        """() => {
            const box = el => el.getBoundingClientRect();
            const inner = document.querySelector('.site-header__inner');
            const parts = [...inner.children].map(box);
            const links = [...document.querySelectorAll('.site-nav a')].map(box);
            return {
                // On one row, centred items share one vertical centre.
                centres: new Set(parts.map(b => Math.round(b.top + b.height / 2))).size,
                tallestPart: Math.max(...parts.map(b => b.height)),
                height: box(inner).height,
                linkTops: new Set(links.map(b => Math.round(b.top))).size,
                tallestLink: Math.max(...links.map(b => b.height)),
                shortestLink: Math.min(...links.map(b => b.height)),
                scroll: document.documentElement.scrollWidth,
                width: window.innerWidth,
                who: document.querySelector('.account-nav__who').textContent.trim(),
            };
        }"""
    )
    assert layout["centres"] == 1, layout
    assert layout["linkTops"] == 1, layout
    # No label wraps: the current one is only its underline taller than the rest.
    assert layout["tallestLink"] <= layout["shortestLink"] + 4, layout
    assert layout["height"] < layout["tallestPart"] + 40, layout
    assert layout["scroll"] <= layout["width"], layout
    # The address is shortened on screen only: its whole text is still there.
    assert layout["who"] == LONG_EMAIL
    assert serious_violations(page) == []


def test_the_lesson_that_completes_a_module_links_to_the_credential(
    new_context, live_server, curriculum_index, learner
):
    module = ModulePageFactory(parent=curriculum_index, title="Trust as infrastructure")
    LessonPageFactory(
        parent=module,
        title="Two kinds of trust",
        body=[("markdown", "Read.")],
        questions=0,
    )
    last = LessonPageFactory(
        parent=module,
        title="Repairing trust",
        body=[("markdown", "Read.")],
        questions=0,
    )
    QuestionFactory(
        module=module,
        lesson=last,
        prompt="What repairs trust fastest?",
        choices=[("A kept promise, made in public.", True), ("A new logo.", False)],
        explanation="Partners believe what they see kept.",
    )
    enrolment_create(user=learner, module=module)

    page = new_context().new_page()
    _log_in(page, live_server, learner.email)
    page.goto(live_server.url + module.url)
    page.get_by_role("link", name="Start the first lesson").click()
    page.get_by_role("button", name="Mark complete").click()
    page.get_by_role("link", name="Go to the next lesson").click()
    expect(page.get_by_role("heading", name=last.title, level=1)).to_be_visible()

    # The check completes the lesson only when answered right.
    expect(page.get_by_role("button", name="Mark complete")).to_have_count(0)
    page.get_by_label("A new logo.").check()
    page.get_by_role("button", name="Check my answer").click()
    expect(page.get_by_text("Not quite.")).to_be_visible()
    expect(page.get_by_text("You have completed this lesson.")).to_have_count(0)
    page.get_by_label("A kept promise, made in public.").check()
    page.get_by_role("button", name="Try again").click()
    expect(page.get_by_text("Right.")).to_be_visible()
    expect(page.get_by_role("button", name="Try again")).to_have_count(0)

    expect(
        page.get_by_text("You have completed the module “Trust as infrastructure”.")
    ).to_be_visible()
    assert serious_violations(page) == []
    page.get_by_role("link", name="View your credential").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Certificate of completion"
    )
    expect(page.get_by_role("main")).to_contain_text("Trust as infrastructure")
