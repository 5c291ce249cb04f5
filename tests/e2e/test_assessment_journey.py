import re

import pytest
from playwright.sync_api import expect

from academy.services.progress import enrolment_create
from tests.academy.factories import PASSWORD, LearnerFactory
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


def _rate(page, ratings: dict[str, str]):
    for competency, level in ratings.items():
        group = page.get_by_role("group", name=competency)
        group.get_by_label(level).check()


def test_learner_sees_growth_between_baseline_and_second_assessment(
    page, live_server, curriculum_index, framework
):
    sp = DomainFactory(framework=framework, code="SP", name="Shared purpose")
    tr = DomainFactory(framework=framework, code="TR", name="Trust")
    vision = CompetencyFactory(
        domain=sp, code="SP.1", name="Shared vision", with_indicators=True
    )
    CompetencyFactory(domain=sp, code="SP.2", name="Translating", with_indicators=True)
    trust = CompetencyFactory(
        domain=tr, code="TR.1", name="Building trust", with_indicators=True
    )
    module = ModulePageFactory(parent=curriculum_index, title="Trust as infrastructure")
    ModuleCompetencyFactory(module=module, competency=trust)
    ModuleCompetencyFactory(module=module, competency=vision)
    lesson = LessonPageFactory(
        parent=module,
        title="Two kinds of trust",
        body=[("markdown", "Trust.")],
        questions=0,
    )
    learner = LearnerFactory(email="lena@example.org", first_name="Lena")
    enrolment_create(user=learner, module=module)

    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Email").fill("lena@example.org")
    page.get_by_label("Password:", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.get_by_role("link", name="Take your first self-assessment").click()

    # Baseline: SP mean (1+2)/2 = 1.5, TR 1.
    expect(page.get_by_role("heading", name="Rate yourself")).to_be_visible()
    assert serious_violations(page) == []
    _rate(page, {"SP.1 Shared vision": "1 Emerging", "SP.2 Translating": "2 Developing",
                 "TR.1 Building trust": "1 Emerging"})  # fmt: skip
    page.get_by_role("button", name="Submit assessment").click()
    expect(page.get_by_text("Your self-assessment is submitted.")).to_be_visible()

    # The gap analysis recommends the module that develops the gaps.
    expect(page.get_by_role("link", name="Trust as infrastructure")).to_be_visible()

    # Complete the module.
    page.goto(live_server.url + lesson.url)
    page.get_by_role("button", name="Mark complete").click()
    expect(page.get_by_text("You have completed this lesson.")).to_be_visible()

    # Second assessment: SP mean (3+4)/2 = 3.5, TR 3.
    page.goto(live_server.url + "/academy/assessments/take/")
    _rate(page, {"SP.1 Shared vision": "3 Proficient", "SP.2 Translating": "4 Advanced",
                 "TR.1 Building trust": "3 Proficient"})  # fmt: skip
    page.get_by_role("button", name="Submit assessment").click()

    # Growth: the chart and its table show the same numbers.
    expect(page.get_by_role("heading", name="Your growth")).to_be_visible()
    profile = page.get_by_role("table", name="Mean rating by domain")
    expect(
        profile.get_by_role("row", name="Shared purpose 1.5 3.5 +2.0")
    ).to_be_visible()
    expect(profile.get_by_role("row", name="Trust 1.0 3.0 +2.0")).to_be_visible()
    chart = page.get_by_role(
        "img", name="Profile: first and latest assessment by domain"
    )
    expect(chart).to_be_visible()
    description = page.locator("#profile-d").text_content()
    assert "Shared purpose" in description and "3.5" in description  # noqa: PT018
    assert serious_violations(page) == []

    # Both were taken today: the list tells them apart by the time, and names them
    # by the same kind the download does.
    listed = page.get_by_role("region", name="Your assessments").get_by_role(
        "link", name=re.compile(r"^Check-in · \w{3} \d{1,2}, \d{4}, \d{1,2}:\d\d")
    )
    expect(listed).to_have_count(2)
    first, second = listed.all_text_contents()
    assert first != second

    page.get_by_role("link", name="Compare two assessments").click()
    rose = page.get_by_role("region", name="Rose (3)")
    expect(rose).to_contain_text("SP.1 Shared vision")
    assert serious_violations(page) == []
