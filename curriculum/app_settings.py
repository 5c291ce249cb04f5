"""Settings the academy apps read at call time, each with a default."""

from django.conf import settings


def program_staff_group_name() -> str:
    return getattr(settings, "ACADEMY_PROGRAM_STAFF_GROUP", "Program staff")


def mentor_group_name() -> str:
    return getattr(settings, "ACADEMY_MENTOR_GROUP", "Mentors")
