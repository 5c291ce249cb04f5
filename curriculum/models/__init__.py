from .framework import Competency, Domain, Framework, Indicator, ProficiencyLevel
from .pages import (
    CurriculumIndexPage,
    LessonPage,
    ModuleCompetency,
    ModulePage,
    PathwayModule,
    PathwayPage,
)

__all__ = [
    "Competency",
    "CurriculumIndexPage",
    "Domain",
    "Framework",
    "Indicator",
    "LessonPage",
    "ModuleCompetency",
    "ModulePage",
    "PathwayModule",
    "PathwayPage",
    "ProficiencyLevel",
]
