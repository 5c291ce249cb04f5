import pytest
from django.urls import reverse

from academy.models import Credential
from academy.services.progress import enrolment_create, lesson_complete, lesson_open
from tests.curriculum.factories import LessonPageFactory, ModulePageFactory

pytestmark = pytest.mark.django_db


def _module(parent, title: str, lessons: int = 2):
    module = ModulePageFactory(parent=parent, title=title)
    made = [
        LessonPageFactory(
            parent=module,
            title=f"{title}: part {n}",
            body=[("markdown", "Read.")],
            questions=0,
        )
        for n in range(1, lessons + 1)
    ]
    return module, made


def _section(html: str, title: str) -> str:
    """The part of the dashboard under one heading, up to the next section."""
    return html.split(f">{title}</h2>")[1].split("</section>")[0]


def _dashboard(client) -> str:
    return client.get(reverse("academy:dashboard")).content.decode()


def test_after_completing_a_module_the_dashboard_does_not_say_none_was_started(
    client, learner, curriculum_index
):
    module, lessons = _module(curriculum_index, "Trust as infrastructure")
    enrolment_create(user=learner, module=module)
    for lesson in lessons:
        lesson_complete(user=learner, lesson=lesson)
    client.force_login(learner)
    html = _dashboard(client)
    assert "You have not started a module yet" not in html
    assert "No module in progress right now." in _section(html, "Modules in progress")
    completed = _section(html, "Completed modules and credentials")
    assert "Trust as infrastructure" in completed
    credential = Credential.objects.get(user=learner)
    assert str(credential.public_id) in completed


def test_continue_points_to_the_next_lesson_of_the_module_opened_last(
    client, learner, curriculum_index
):
    trust, trust_lessons = _module(curriculum_index, "Trust as infrastructure", 3)
    power, power_lessons = _module(curriculum_index, "Sharing power")
    enrolment_create(user=learner, module=trust)
    lesson_complete(user=learner, lesson=trust_lessons[0])
    # Enrolled afterwards, never opened: it is not where the learner left off.
    enrolment_create(user=learner, module=power)
    client.force_login(learner)
    html = _dashboard(client)
    continue_section = _section(html, "Continue where you left off")
    assert trust_lessons[1].title in continue_section
    assert "Sharing power" not in continue_section

    lesson_open(user=learner, lesson=power_lessons[0])
    continue_section = _section(_dashboard(client), "Continue where you left off")
    assert power_lessons[0].title in continue_section
    assert "Trust" not in continue_section


@pytest.mark.parametrize("more_modules", [0, 5])
def test_in_progress_completed_and_recommended_are_each_true(
    client, learner, curriculum_index, more_modules, django_assert_max_num_queries
):
    started, started_lessons = _module(curriculum_index, "Trust as infrastructure")
    waiting, _ = _module(curriculum_index, "Governing together")
    done, done_lessons = _module(curriculum_index, "Shared purpose")
    open_module, _ = _module(curriculum_index, "Financing that lasts")
    locked, _ = _module(curriculum_index, "Sharing power")
    locked.prerequisites.set([open_module])
    locked.save_revision().publish()
    for module in (started, waiting, done):
        enrolment_create(user=learner, module=module)
    lesson_open(user=learner, lesson=started_lessons[0])
    for lesson in done_lessons:
        lesson_complete(user=learner, lesson=lesson)
    # More of the same, to show the page's query count does not grow with them.
    for n in range(more_modules):
        module, extra = _module(curriculum_index, f"Elective {n}")
        enrolment_create(user=learner, module=module)
        lesson_complete(user=learner, lesson=extra[n % 2])
    client.force_login(learner)
    with django_assert_max_num_queries(20):
        html = _dashboard(client)

    in_progress = _section(html, "Modules in progress")
    assert "Trust as infrastructure" in in_progress.split("Enrolled, not started")[0]
    assert "Governing together" in in_progress.split("Enrolled, not started")[1]
    assert "Shared purpose" not in in_progress
    completed = _section(html, "Completed modules and credentials")
    assert "Shared purpose" in completed
    assert "Trust as infrastructure" not in completed
    recommended = _section(html, "Recommended for you")
    assert "Financing that lasts" in recommended
    for title in ("Trust", "Governing", "Shared purpose", "Sharing power"):
        assert title not in recommended
