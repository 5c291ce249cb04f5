from .framework import (
    Competency,
    Domain,
    Framework,
    FrameworkStatus,
    Indicator,
    ProficiencyLevel,
)
from .guides import GuideKind, GuidePage, ResourceLibraryPage
from .pages import (
    CurriculumIndexPage,
    LessonPage,
    ModuleCompetency,
    ModulePage,
    PathwayModule,
    PathwayPage,
)
from .questions import DecisionSeat, Question, QuestionChoice, QuestionKind

__all__ = [
    "Competency",
    "DecisionSeat",
    "CurriculumIndexPage",
    "Domain",
    "Framework",
    "GuideKind",
    "GuidePage",
    "FrameworkStatus",
    "Indicator",
    "LessonPage",
    "ModuleCompetency",
    "ModulePage",
    "PathwayModule",
    "PathwayPage",
    "ProficiencyLevel",
    "Question",
    "QuestionChoice",
    "QuestionKind",
    "ResourceLibraryPage",
]
