from .pairs import CheckIn, Pair, PairEvent, PairGoal, PairKind, PairState
from .profiles import MentoringRequest, MentorProfile, MentorStrength, RequestKind
from .rounds import MatchingRound
from .shadowing import ShadowingPlacement, ShadowingVisit

__all__ = [
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
