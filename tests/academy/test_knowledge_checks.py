import re

import pytest
from django.urls import reverse

from academy.models import LessonProgress
from academy.services.progress import enrolment_create
from tests.curriculum.factories import (
    LessonPageFactory,
    ModulePageFactory,
    QuestionFactory,
)

pytestmark = pytest.mark.django_db

RIGHT = "Agreeing on a joint case review."
WRONG = "Choosing a building near the highest caseloads."


def _lesson_with_check(module, title):
    lesson = LessonPageFactory(
        parent=module,
        title=title,
        body=[("markdown", "A shared building.")],
        questions=0,
    )
    QuestionFactory(
        module=module,
        lesson=lesson,
        prompt="Which step turns co-location into integration?",
        choices=[(RIGHT, True), (WRONG, False)],
        explanation="A shared review changes how staff work together.",
    )
    return lesson


@pytest.fixture
def lesson(curriculum_index, learner):
    module = ModulePageFactory(parent=curriculum_index, title="Integrating services")
    lesson = _lesson_with_check(module, "From co-location to integration")
    LessonPageFactory(parent=module, title="Joint case review")
    enrolment_create(user=learner, module=module)
    return lesson


def _answer_url(lesson) -> str:
    return reverse(
        "academy:question-answer", args=[lesson.pk, lesson.questions.get().pk]
    )


def _choice(lesson, text) -> dict:
    return {"choice": str(lesson.questions.get().choices.get(text=text).pk)}


def _completed(learner, lesson) -> bool:
    return LessonProgress.objects.filter(
        user=learner, lesson=lesson, completed_at__isnull=False
    ).exists()


def test_a_wrong_answer_does_not_complete_the_lesson(client, learner, lesson):
    client.force_login(learner)
    html = client.post(_answer_url(lesson), _choice(lesson, WRONG), follow=True)
    html = html.content.decode()
    assert "Not quite." in html
    assert "You have completed this lesson." not in html
    assert not _completed(learner, lesson)

    html = client.post(_answer_url(lesson), _choice(lesson, RIGHT), follow=True)
    assert "You have completed this lesson." in html.content.decode()
    assert _completed(learner, lesson)


def test_try_again_shows_only_after_a_wrong_answer(client, learner, lesson):
    client.force_login(learner)
    html = client.get(lesson.url).content.decode()
    assert "Check my answer" in html
    assert "Try again" not in html

    html = client.post(_answer_url(lesson), _choice(lesson, WRONG), follow=True)
    html = html.content.decode()
    assert "Try again" in html
    # Trying again means choosing again: the wrong answer is not left selected.
    assert re.search(r'<input type="radio"[^>]* checked', html) is None

    html = client.post(_answer_url(lesson), _choice(lesson, RIGHT), follow=True)
    html = html.content.decode()
    assert "Right." in html
    right_id = _choice(lesson, RIGHT)["choice"]
    assert re.search(rf'<input type="radio"[^>]*value="{right_id}" checked', html)
    assert "Try again" not in html
    assert "Check my answer" not in html


def test_feedback_quotes_the_answer_without_stray_punctuation(client, learner, lesson):
    client.force_login(learner)
    html = client.post(_answer_url(lesson), _choice(lesson, WRONG), follow=True)
    page = html.content.decode()
    feedback = page.split('class="la-check-result')[1].split("</div>")[0]
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", feedback))
    assert "Choosing a building near the highest caseloads." in text
    for stray in (".”.", "..", " .", "“ ", "”."):
        assert stray not in text, text


def test_mark_complete_waits_for_a_right_answer(client, learner, lesson):
    client.force_login(learner)
    html = client.get(lesson.url).content.decode()
    assert "Answer the knowledge check above correctly" in html
    assert "Mark complete" not in html

    response = client.post(
        reverse("academy:lesson-complete", args=[lesson.pk]), follow=True
    )
    assert "Answer every knowledge check correctly" in response.content.decode()
    assert not _completed(learner, lesson)


def test_answers_wait_until_the_modules_a_module_builds_on_are_done(
    client, learner, curriculum_index
):
    from academy.models import Credential, Enrolment
    from tests.academy.factories import EnrolmentFactory

    first = ModulePageFactory(parent=curriculum_index, title="Trust as infrastructure")
    LessonPageFactory(parent=first, title="Two kinds of trust")
    later = ModulePageFactory(parent=curriculum_index, title="Sharing power")
    later.prerequisites = [first]
    later.save_revision().publish()
    lesson = _lesson_with_check(later, "Shared decisions")
    # A pathway enrols the later module before the first one is done.
    EnrolmentFactory(user=learner, module=later)
    client.force_login(learner)

    answered = client.post(_answer_url(lesson), _choice(lesson, RIGHT), follow=True)
    marked = client.post(
        reverse("academy:lesson-complete", args=[lesson.pk]), follow=True
    )

    for response in (answered, marked):
        assert "Complete these first:" in response.content.decode()
        assert "Trust as infrastructure" in response.content.decode()
    assert not _completed(learner, lesson)
    assert not Enrolment.objects.get(user=learner, module=later).completed_at
    assert not Credential.objects.filter(user=learner).exists()
