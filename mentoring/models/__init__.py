from .pairs import (
    DEFAULT_CHECKIN_TIME,
    MEETING_URL,
    CheckIn,
    Pair,
    PairEvent,
    PairGoal,
    PairKind,
    PairState,
)
from .profiles import MentoringRequest, MentorProfile, MentorStrength, RequestKind
from .rounds import MatchingRound
from .shadowing import ShadowingPlacement, ShadowingVisit

__all__ = [
    "DEFAULT_CHECKIN_TIME",
    "MEETING_URL",
    "CheckIn",
    "MatchingRound",
    "MentorProfile",
    "MentorStrength",
    "MentoringRequest",
    "Pair",
    "PairEvent",
    "PairGoal",
    "PairKind",
    "PairState",
    "RequestKind",
    "ShadowingPlacement",
    "ShadowingVisit",
]
