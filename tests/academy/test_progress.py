import pytest

from academy.models import Credential, Enrolment, LessonProgress
from academy.selectors.progress import lesson_blocks
from academy.services.checks import question_answer
from academy.services.progress import (
    NotEnrolled,
    PrerequisitesUnmet,
    enrolment_create,
    lesson_complete,
    lesson_open,
    pathway_enrol,
    reflection_save,
)
from tests.curriculum.factories import (
    LessonPageFactory,
    ModulePageFactory,
    PathwayModuleFactory,
    PathwayPageFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def module(curriculum_index):
    return ModulePageFactory(parent=curriculum_index, title="Trust as infrastructure")


@pytest.fixture
def lessons(module):
    return [LessonPageFactory(parent=module, title=f"Lesson {n}") for n in (1, 2)]


def _choices(lesson):
    question = lesson.questions.get()
    return (
        question,
        question.choices.get(correct=True).pk,
        question.choices.get(correct=False).pk,
    )


def test_enrolling_twice_keeps_one_enrolment(learner, module):
    first = enrolment_create(user=learner, module=module)
    again = enrolment_create(user=learner, module=module)
    assert first.pk == again.pk
    assert Enrolment.objects.filter(user=learner).count() == 1


def test_opening_a_lesson_marks_it_started_only_when_enrolled(learner, lessons, module):
    assert lesson_open(user=learner, lesson=lessons[0]) is None
    enrolment_create(user=learner, module=module)
    progress = lesson_open(user=learner, lesson=lessons[0])
    assert progress.started_at is not None
    assert progress.completed_at is None


def test_completing_every_lesson_completes_the_module_and_issues_a_credential(
    learner, lessons, module
):
    enrolment_create(user=learner, module=module)
    lesson_complete(user=learner, lesson=lessons[0])
    assert Enrolment.objects.get(user=learner).completed_at is None
    lesson_complete(user=learner, lesson=lessons[1])
    assert Enrolment.objects.get(user=learner).completed_at is not None
    credential = Credential.objects.get(user=learner)
    assert credential.module_title == "Trust as infrastructure"


def test_a_lesson_added_later_does_not_take_away_a_completion(learner, lessons, module):
    enrolment_create(user=learner, module=module)
    for lesson in lessons:
        lesson_complete(user=learner, lesson=lesson)
    LessonPageFactory(parent=module, title="A new lesson")
    lesson_complete(user=learner, lesson=lessons[0])
    assert Enrolment.objects.get(user=learner).completed_at is not None
    assert Credential.objects.filter(user=learner).count() == 1


def test_draft_lessons_do_not_count_towards_completion(learner, lessons, module):
    draft = LessonPageFactory(parent=module)
    draft.unpublish()
    enrolment_create(user=learner, module=module)
    for lesson in lessons:
        lesson_complete(user=learner, lesson=lesson)
    assert Enrolment.objects.get(user=learner).completed_at is not None


def test_moving_and_renaming_pages_keeps_every_record(
    learner, lessons, module, curriculum_index
):
    enrolment_create(user=learner, module=module)
    lesson_complete(user=learner, lesson=lessons[0])
    other_module = ModulePageFactory(parent=curriculum_index, title="Elsewhere")
    lessons[0].title = "Renamed lesson"
    lessons[0].slug = "renamed"
    lessons[0].save_revision().publish()
    module.title = "Renamed module"
    module.save_revision().publish()
    lessons[1].move(other_module, pos="last-child")
    assert LessonProgress.objects.get(user=learner).lesson.title == "Renamed lesson"
    assert Enrolment.objects.get(user=learner).module.title == "Renamed module"


def test_unmet_prerequisites_explain_what_to_take_first(learner, curriculum_index):
    first = ModulePageFactory(parent=curriculum_index, title="Trust as infrastructure")
    second = ModulePageFactory(parent=curriculum_index, title="Sharing power")
    second.prerequisites.set([first])
    second.save_revision().publish()
    with pytest.raises(PrerequisitesUnmet) as unmet:
        enrolment_create(user=learner, module=second)
    assert [m.pk for m in unmet.value.modules] == [first.pk]
    assert "Trust as infrastructure" in str(unmet.value)

    lesson = LessonPageFactory(parent=first)
    enrolment_create(user=learner, module=first)
    lesson_complete(user=learner, lesson=lesson)
    assert enrolment_create(user=learner, module=second).module_id == second.pk


def test_pathway_enrolment_takes_prerequisites_inside_the_pathway(
    learner, curriculum_index
):
    first = ModulePageFactory(parent=curriculum_index)
    second = ModulePageFactory(parent=curriculum_index)
    second.prerequisites.set([first])
    second.save_revision().publish()
    pathway = PathwayPageFactory(parent=curriculum_index)
    PathwayModuleFactory(pathway=pathway, module=first)
    PathwayModuleFactory(pathway=pathway, module=second)
    result = pathway_enrol(user=learner, pathway=pathway)
    assert [e.module_id for e in result.enrolments] == [first.pk, second.pk]
    assert all(e.pathway_id == pathway.pk for e in result.enrolments)
    assert result.waiting == {}


def test_answers_are_kept_and_the_lesson_completes_when_its_check_is_answered(
    learner, lessons, module
):
    enrolment_create(user=learner, module=module)
    question, right_id, wrong_id = _choices(lessons[0])
    wrong = question_answer(
        user=learner, lesson=lessons[0], question_id=question.pk, choice_ids=[wrong_id]
    )
    assert wrong.answer.correct is False
    assert wrong.explanation == "Kept promises build a record partners rely on."
    assert LessonProgress.objects.get(lesson=lessons[0]).completed_at is None
    right = question_answer(
        user=learner, lesson=lessons[0], question_id=question.pk, choice_ids=[right_id]
    )
    assert right.answer.correct is True
    assert learner.question_answers.count() == 2
    assert LessonProgress.objects.get(lesson=lessons[0]).completed_at is not None


def test_bad_answers_are_refused_without_saving(learner, lessons, module):
    enrolment_create(user=learner, module=module)
    question, right_id, wrong_id = _choices(lessons[0])
    other_question, other_right, _wrong = _choices(lessons[1])
    for choice_ids in ([other_right], ["7x"], [], [right_id, wrong_id]):
        with pytest.raises(ValueError, match="Choose one"):
            question_answer(
                user=learner,
                lesson=lessons[0],
                question_id=question.pk,
                choice_ids=choice_ids,
            )
    with pytest.raises(ValueError, match="no such question"):
        question_answer(
            user=learner,
            lesson=lessons[0],
            question_id=other_question.pk,
            choice_ids=[other_right],
        )
    assert learner.question_answers.count() == 0


def test_progress_needs_an_enrolment(learner, lessons):
    with pytest.raises(NotEnrolled):
        lesson_complete(user=learner, lesson=lessons[0])


def test_a_reflection_is_saved_and_replaced_not_duplicated(learner, lessons):
    block_id = next(iter(lesson_blocks(lesson=lessons[0], block_type="reflection")))
    reflection_save(user=learner, lesson=lessons[0], block_id=block_id, text="First")
    saved = reflection_save(
        user=learner, lesson=lessons[0], block_id=block_id, text="Second thoughts"
    )
    assert learner.reflections.get().text == "Second thoughts"
    assert saved.prompt == "Which partner do you trust most, and why?"
