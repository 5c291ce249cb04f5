"""The time zone a person reads dates in: their choice, else their state's zone."""

import datetime
import zoneinfo

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from curriculum.spreadsheets import iso_datetime

# The zones a learner can choose; every state maps to one of them.
TIME_ZONE_CHOICES = [
    ("America/New_York", _("Eastern time")),
    ("America/Chicago", _("Central time")),
    ("America/Denver", _("Mountain time")),
    ("America/Phoenix", _("Mountain time without daylight saving (Arizona)")),
    ("America/Los_Angeles", _("Pacific time")),
    ("America/Anchorage", _("Alaska time")),
    ("Pacific/Honolulu", _("Hawaii time")),
    ("America/Puerto_Rico", _("Atlantic time (Puerto Rico, U.S. Virgin Islands)")),
    ("Pacific/Guam", _("Chamorro time (Guam, Northern Mariana Islands)")),
    ("Pacific/Pago_Pago", _("Samoa time")),
]

EASTERN, CENTRAL, MOUNTAIN, PACIFIC = (
    "America/New_York",
    "America/Chicago",
    "America/Denver",
    "America/Los_Angeles",
)

# A state that spans two zones takes the zone where most of its people live.
STATE_TIME_ZONES = {
    "AL": CENTRAL,
    "AK": "America/Anchorage",
    "AZ": "America/Phoenix",
    "AR": CENTRAL,
    "CA": PACIFIC,
    "CO": MOUNTAIN,
    "CT": EASTERN,
    "DE": EASTERN,
    "DC": EASTERN,
    "FL": EASTERN,
    "GA": EASTERN,
    "HI": "Pacific/Honolulu",
    "ID": MOUNTAIN,
    "IL": CENTRAL,
    "IN": EASTERN,
    "IA": CENTRAL,
    "KS": CENTRAL,
    "KY": EASTERN,
    "LA": CENTRAL,
    "ME": EASTERN,
    "MD": EASTERN,
    "MA": EASTERN,
    "MI": EASTERN,
    "MN": CENTRAL,
    "MS": CENTRAL,
    "MO": CENTRAL,
    "MT": MOUNTAIN,
    "NE": CENTRAL,
    "NV": PACIFIC,
    "NH": EASTERN,
    "NJ": EASTERN,
    "NM": MOUNTAIN,
    "NY": EASTERN,
    "NC": EASTERN,
    "ND": CENTRAL,
    "OH": EASTERN,
    "OK": CENTRAL,
    "OR": PACIFIC,
    "PA": EASTERN,
    "RI": EASTERN,
    "SC": EASTERN,
    "SD": CENTRAL,
    "TN": CENTRAL,
    "TX": CENTRAL,
    "UT": MOUNTAIN,
    "VT": EASTERN,
    "VA": EASTERN,
    "WA": PACIFIC,
    "WV": EASTERN,
    "WI": CENTRAL,
    "WY": MOUNTAIN,
    "AS": "Pacific/Pago_Pago",
    "GU": "Pacific/Guam",
    "MP": "Pacific/Guam",
    "PR": "America/Puerto_Rico",
    "VI": "America/Puerto_Rico",
}


def profile_time_zone(profile) -> str:
    """Return the zone the learner chose, else their state's, else the site's."""
    if profile is None:
        return settings.TIME_ZONE
    return (
        getattr(profile, "time_zone", "")
        or STATE_TIME_ZONES.get(getattr(profile, "state", ""))
        or settings.TIME_ZONE
    )


# Profiles that say where a person works, first match wins; other apps' profiles
# (a mentor's) are found by their relation name, so academy imports none of them.
PROFILE_RELATIONS = ("learner_profile", "mentor_profile")


def user_time_zone(user) -> str:
    """Return the zone a person reads dates in: from a learner, else mentor, profile."""
    for relation in PROFILE_RELATIONS:
        profile = getattr(user, relation, None)
        if profile is not None:
            return profile_time_zone(profile)
    return settings.TIME_ZONE


def zone(name: str) -> datetime.tzinfo:
    """Return the named zone, or the site's when the name is unknown."""
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo(settings.TIME_ZONE)


def iso_local(moment: datetime.datetime | None) -> str:
    """Return ISO 8601 in the current zone, with its offset and whole seconds."""
    if moment is None:
        return ""
    return iso_datetime(moment, timezone.get_current_timezone())


SESSION_KEY = "academy_time_zone"


def time_zone_remember(*, request, user, profile=None) -> str:
    """Keep the person's zone in their session, so pages need no query to find it."""
    name = profile_time_zone(profile) if profile else user_time_zone(user)
    if hasattr(request, "session"):
        request.session[SESSION_KEY] = name
    return name


def time_zone_on_login(sender, request, user, **kwargs) -> None:
    """Remember the zone of whoever just logged in."""
    time_zone_remember(request=request, user=user)
