from .assessments import (
    Answer,
    AssessmentKind,
    AssessmentWindow,
    Rating,
    SelfAssessment,
    SubmittedIsFrozen,
    TargetLevel,
)
from .checks import AnswerChoice, ModuleCheckAttempt, QuestionAnswer
from .cohorts import Cohort, CohortMembership
from .credentials import Credential
from .invitations import CohortInvitation
from .learners import LearnerProfile, Sector, UsState
from .progress import Enrolment, LessonProgress, Reflection

__all__ = [
    "Answer",
    "AnswerChoice",
    "AssessmentKind",
    "AssessmentWindow",
    "Rating",
    "SelfAssessment",
    "SubmittedIsFrozen",
    "TargetLevel",
    "Cohort",
    "CohortInvitation",
    "CohortMembership",
    "Credential",
    "Enrolment",
    "LearnerProfile",
    "LessonProgress",
    "ModuleCheckAttempt",
    "QuestionAnswer",
    "Reflection",
    "Sector",
    "UsState",
]
