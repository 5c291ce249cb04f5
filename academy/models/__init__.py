from .assessments import (
    Answer,
    AssessmentKind,
    AssessmentWindow,
    Rating,
    SelfAssessment,
    SubmittedIsFrozen,
    TargetLevel,
)
from .cohorts import Cohort, CohortMembership
from .credentials import Credential
from .invitations import CohortInvitation
from .learners import LearnerProfile, Sector, UsState
from .progress import Enrolment, KnowledgeCheckAttempt, LessonProgress, Reflection

__all__ = [
    "Answer",
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
    "KnowledgeCheckAttempt",
    "LearnerProfile",
    "LessonProgress",
    "Reflection",
    "Sector",
    "UsState",
]
