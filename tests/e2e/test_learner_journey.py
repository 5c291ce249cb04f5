import re

import pytest
from playwright.sync_api import expect

from tests.curriculum.factories import (
    CompetencyFactory,
    DomainFactory,
    LessonPageFactory,
    ModuleCompetencyFactory,
    ModulePageFactory,
)
from tests.e2e.accessibility import serious_violations

# A browser test commits for real; the fixtures rebuild what a flush removes.
pytestmark = pytest.mark.django_db(transaction=True)


def _no_serious_violations(page):
    assert serious_violations(page) == [], page.url


def test_new_leader_signs_up_completes_a_module_and_verifies_the_credential(
    page, browser, live_server, curriculum_index, framework, mailoutbox
):
    module = ModulePageFactory(
        parent=curriculum_index,
        title="Trust as infrastructure",
        summary="Build trust on purpose with partners in the other sector.",
    )
    ModuleCompetencyFactory(
        module=module,
        competency=CompetencyFactory(
            domain=DomainFactory(framework=framework, code="TR", name="Trust"),
            code="TR.1",
            name="Building relational and transactional trust",
        ),
    )
    first = LessonPageFactory(
        parent=module,
        title="Relational and transactional trust",
        body=[("markdown", "Trust has two sides: *relational* and *transactional*.")],
        questions=0,
    )
    second = LessonPageFactory(parent=module, title="Repairing trust")

    # Sign up, verify, log in.
    page.goto(live_server.url + "/accounts/signup/")
    page.get_by_label("Email").fill("director@example.org")
    page.get_by_label("Password:", exact=True).fill("cross-sector-2026!")
    page.get_by_label("Password (again)").fill("cross-sector-2026!")
    page.get_by_role("button", name="Sign Up").click()
    link = re.search(r"http://\S+/accounts/confirm-email/\S+/", mailoutbox[-1].body)
    page.goto(link.group(0))
    page.get_by_role("button", name="Confirm").click()
    page.get_by_label("Email").fill("director@example.org")
    page.get_by_label("Password:", exact=True).fill("cross-sector-2026!")
    page.get_by_role("button", name="Sign In").click()

    # Complete the profile before anything else.
    expect(page.get_by_role("heading", name="Tell us about your work")).to_be_visible()
    page.get_by_label("First name").fill("Dana")
    page.get_by_label("Last name").fill("Whitfield")
    page.get_by_label("Sector").select_option(label="Community-based organization")
    page.get_by_label("Organization").fill("Gaston Neighborhood Alliance")
    page.get_by_label("Job title").fill("Executive director")
    page.get_by_label("State or territory").select_option(label="North Carolina")
    page.get_by_label("Years in an executive role").fill("2")
    page.get_by_role("button", name="Save and continue").click()
    expect(page.get_by_role("heading", name="Welcome, Dana")).to_be_visible()
    _no_serious_violations(page)

    # Enrol from the module page.
    page.get_by_role("link", name="Trust as infrastructure").first.click()
    _no_serious_violations(page)
    page.get_by_role("button", name="Enrol in this module").click()
    expect(page.get_by_text("0 of 2 lessons complete")).to_be_visible()
    page.get_by_role("link", name="Start the first lesson").click()

    # Lesson one: read it and mark it complete.
    expect(page.get_by_role("heading", name=first.title, level=1)).to_be_visible()
    _no_serious_violations(page)
    page.get_by_role("button", name="Mark complete").click()
    expect(page.get_by_text("You have completed this lesson.")).to_be_visible()
    page.get_by_role("link", name="Go to the next lesson").click()

    # Lesson two: a reflection and a knowledge check (wrong, then right).
    expect(page.get_by_role("heading", name=second.title, level=1)).to_be_visible()
    page.get_by_label("Your reflection (private to you)").fill(
        "Our county contract pays ninety days late; that erodes trust."
    )
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_text("Your reflection is saved.")).to_be_visible()
    page.get_by_label("Relational trust").check()
    page.get_by_role("button", name="Check my answer").click()
    expect(page.get_by_text("Not quite.")).to_be_visible()
    _no_serious_violations(page)
    page.get_by_label("Transactional trust").check()
    page.get_by_role("button", name="Try again").click()
    expect(page.get_by_text("Right.")).to_be_visible()
    expect(page.get_by_text("You have completed this lesson.")).to_be_visible()

    # The module is complete: its progress bar reads 100% and the credential is there.
    page.goto(live_server.url + module.url)
    expect(page.get_by_text("2 of 2 lessons complete · 100%")).to_be_visible()
    expect(page.locator("progress")).to_have_attribute("value", "100")
    page.goto(live_server.url + "/academy/")
    expect(page.get_by_role("heading", name="Credentials", exact=True)).to_be_visible()
    page.get_by_role("link", name="Trust as infrastructure").last.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Certificate of completion"
    )
    expect(page.get_by_role("main")).to_contain_text("Trust as infrastructure")
    _no_serious_violations(page)

    # The public verification page, opened by someone who is not logged in.
    verify_url = page.get_by_role(
        "link", name=re.compile("verif", re.I)
    ).first.get_attribute("href")
    visitor = browser.new_context().new_page()
    visitor.goto(
        verify_url if verify_url.startswith("http") else live_server.url + verify_url
    )
    expect(visitor.get_by_role("main")).to_contain_text("Valid")
    expect(visitor.get_by_role("main")).to_contain_text("Trust as infrastructure")
    expect(visitor.get_by_role("main")).to_contain_text("Dana Whitfield")
    assert "director@example.org" not in visitor.content()
    _no_serious_violations(visitor)

    # The journal holds the reflection.
    page.goto(live_server.url + "/academy/journal/")
    expect(page.get_by_text("ninety days late")).to_be_visible()
    _no_serious_violations(page)
