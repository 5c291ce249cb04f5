"""A learner fails a module check, reviews what it points to, then passes."""

import pytest
from playwright.sync_api import expect

from academy.services.progress import enrolment_create
from tests.academy.factories import PASSWORD, LearnerFactory
from tests.curriculum.factories import (
    LessonPageFactory,
    ModulePageFactory,
    QuestionFactory,
)
from tests.e2e.accessibility import serious_violations

pytestmark = pytest.mark.django_db(transaction=True)

# Each question's right answer reads "Right <n>: ...", its wrong one "Wrong <n>: ...".
QUESTIONS = 6


def _log_in(page, live_server, email):
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password:", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()


def _answer_every_question(page, *, right: int):
    """Choose right answers for the first `right` questions shown, wrong after."""
    questions = page.locator("ol.la-question-list > li")
    expect(questions).to_have_count(3)
    for n in range(3):
        question = questions.nth(n)
        label = "Right" if n < right else "Wrong"
        question.get_by_label(label, exact=False).first.check()


@pytest.mark.parametrize("width", [1366, 390])
def test_a_learner_fails_the_module_check_reviews_and_passes(
    new_context, live_server, curriculum_index, width, mailoutbox
):
    module = ModulePageFactory(
        parent=curriculum_index,
        title="Governing together",
        check_questions=3,
        check_pass_mark=3,
    )
    lessons = [
        LessonPageFactory(
            parent=module,
            title=title,
            body=[("markdown", "Read this first.")],
            questions=0,
        )
        for title in ("Backbone roles", "Boards that represent sectors")
    ]
    for n in range(QUESTIONS):
        QuestionFactory(
            module=module,
            lesson=lessons[n % 2],
            prompt=f"Question {n}: who should decide?",
            choices=[
                (f"Wrong {n}: the largest funder", False),
                (f"Right {n}: the board", True),
            ],
            explanation=f"Rationale {n}: decision rights are set in the charter.",
        )
    learner = LearnerFactory(email="lena@example.org", first_name="Lena")
    enrolment_create(user=learner, module=module)

    context = new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    _log_in(page, live_server, learner.email)

    # Each lesson's three checks, answered right, complete it.
    for lesson in lessons:
        page.goto(live_server.url + lesson.url)
        for n in range(3):
            item = page.locator("ol.la-question-list > li").nth(n)
            item.get_by_label("Right", exact=False).check()
            item.get_by_role("button", name="Check my answer").click()
            expect(page.locator("ol.la-question-list > li").nth(n)).to_contain_text(
                "Right."
            )
        expect(page.get_by_text("You have completed this lesson.")).to_be_visible()

    page.goto(live_server.url + module.url)
    expect(page.get_by_text("One step left: the module check")).to_be_visible()
    page.get_by_role("link", name="Take the module check").click()
    page.get_by_role("button", name="Start the check").click()
    assert serious_violations(page) == [], page.url

    # Leaving one blank brings the page back with the others still chosen.
    questions = page.locator("ol.la-question-list > li")
    questions.nth(0).get_by_label("Right", exact=False).check()
    page.get_by_role("button", name="Submit my answers").click()
    expect(page.get_by_role("alert")).to_contain_text(
        "Answer every question before you submit."
    )
    expect(
        page.locator("ol.la-question-list > li")
        .nth(0)
        .get_by_label("Right", exact=False)
    ).to_be_checked()

    _answer_every_question(page, right=2)
    page.get_by_role("button", name="Submit my answers").click()
    expect(page.get_by_role("heading", name="Not passed yet")).to_be_visible()
    expect(page.get_by_text("You answered 2 of 3 correctly")).to_be_visible()
    review = page.get_by_role("region", name="What to review")
    expect(review.get_by_role("link")).not_to_have_count(0)
    assert serious_violations(page) == [], page.url
    assert not any("credential" in m.subject.lower() for m in mailoutbox)

    # Reread a lesson it points to, then try again with fresh questions.
    review.get_by_role("link").first.click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    page.go_back()
    page.get_by_role("button", name="Start a new attempt").first.click()
    _answer_every_question(page, right=3)
    page.get_by_role("button", name="Submit my answers").click()
    expect(
        page.get_by_role("heading", name="You passed the module check")
    ).to_be_visible()
    expect(
        page.get_by_text("decision rights are set in the charter").first
    ).to_be_visible()

    page.goto(live_server.url + module.url)
    page.get_by_role("link", name="View your credential").click()
    expect(page.get_by_text("Governing together").first).to_be_visible()
    assert any("credential" in m.subject.lower() for m in mailoutbox)
