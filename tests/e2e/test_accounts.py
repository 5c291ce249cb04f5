import re

import pytest
from playwright.sync_api import expect

from tests.e2e.accessibility import serious_violations

# A browser test commits for real; the fixtures rebuild what a flush removes.
pytestmark = pytest.mark.django_db(transaction=True)


def test_visitor_signs_up_verifies_logs_in_and_out(
    page, live_server, home_page, mailoutbox
):
    page.goto(live_server.url + "/")
    assert serious_violations(page) == []
    page.get_by_role("link", name="Sign up").first.click()

    expect(page.get_by_role("heading", name="Sign Up")).to_be_visible()
    assert serious_violations(page) == []
    page.get_by_label("Email").fill("new.director@example.org")
    page.get_by_label("Password:", exact=True).fill("cross-sector-2026!")
    page.get_by_label("Password (again)").fill("cross-sector-2026!")
    page.get_by_role("button", name="Sign Up").click()
    expect(
        page.get_by_role("heading", name="Verify Your Email Address")
    ).to_be_visible()

    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["new.director@example.org"]
    link = re.search(r"http://\S+/accounts/confirm-email/\S+/", mailoutbox[0].body)
    page.goto(link.group(0))
    page.get_by_role("button", name="Confirm").click()

    expect(page.get_by_role("heading", name="Sign In")).to_be_visible()
    assert serious_violations(page) == []
    page.get_by_label("Email").fill("new.director@example.org")
    page.get_by_label("Password:", exact=True).fill("cross-sector-2026!")
    page.get_by_role("button", name="Sign In").click()

    # New learners complete a short profile before anything else.
    expect(page.get_by_role("heading", name="Tell us about your work")).to_be_visible()
    assert serious_violations(page) == []
    page.get_by_label("First name").fill("Jordan")
    page.get_by_label("Last name").fill("Reyes")
    page.get_by_label("Sector").select_option(label="County or local agency")
    page.get_by_label("Organization").fill("Lake County Human Services")
    page.get_by_label("Job title").fill("Director")
    page.get_by_label("State or territory").select_option(label="Colorado")
    page.get_by_label("Years in an executive role").fill("1")
    page.get_by_role("button", name="Save and continue").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Welcome, Jordan")
    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_role("link", name="Log in")).to_be_visible()
    page.goto(live_server.url + "/academy/")
    expect(page.get_by_role("heading", name="Sign In")).to_be_visible()
