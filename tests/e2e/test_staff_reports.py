import re

import pytest
from playwright.sync_api import expect

from tests.academy.factories import PASSWORD, CohortFactory
from tests.e2e.accessibility import serious_violations

# A browser test commits for real; the fixtures rebuild what a flush removes.
pytestmark = pytest.mark.django_db(transaction=True)


def test_staff_choose_what_the_growth_report_compares_and_download_it(
    page, live_server, staff
):
    cohort = CohortFactory(name="Spring 2027")

    page.goto(live_server.url + "/admin/")
    page.get_by_label("Email:").fill(staff.email)
    page.get_by_label("Password:", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))

    # The choice is on the page, labelled, without opening a menu first.
    page.goto(live_server.url + "/admin/reports/cohort-growth/")
    choice = page.get_by_role("region", name="Choose what to compare")
    expect(choice.get_by_label("Cohort")).to_have_value(str(cohort.pk))
    choice.get_by_label("From").select_option(label="Midpoint")
    choice.get_by_role("button", name="Show growth").click()
    expect(page).to_have_url(re.compile(r"from_kind=midpoint"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Midpoint to Exit")
    assert serious_violations(page) == []

    # The downloads are buttons in the header and follow the choice.
    with page.expect_download() as download:
        page.get_by_role("link", name="Download CSV").click()
    assert download.value.suggested_filename == (
        f"cohort-{cohort.pk}-growth-midpoint-exit.csv"
    )
    expect(page.get_by_role("link", name="Download XLSX")).to_be_visible()
