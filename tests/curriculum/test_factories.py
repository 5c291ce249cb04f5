import pytest

from tests.curriculum.factories import (
    CompetencyFactory,
    LessonPageFactory,
    ModuleCompetencyFactory,
    PathwayModuleFactory,
)

pytestmark = pytest.mark.django_db


def test_factories_build_a_module_with_a_lesson_and_a_competency(curriculum_index):
    target = ModuleCompetencyFactory(
        module__parent=curriculum_index,
        competency=CompetencyFactory(with_indicators=True),
    )
    lesson = LessonPageFactory(parent=target.module)
    PathwayModuleFactory(pathway__parent=curriculum_index, module=target.module)
    assert lesson.get_parent().specific == target.module
    assert target.competency.indicators.count() == 4
    assert [b.block_type for b in lesson.body] == ["markdown", "reflection"]
    assert [q.module_id for q in lesson.questions.all()] == [target.module.pk]
