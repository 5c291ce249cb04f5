"""Every setting the curriculum app reads, with its default, read at call time.

The group names are shared: academy and mentoring read them from here, as
curriculum is the app the others depend on. docs/settings.md describes each one.
"""

from django.conf import settings


def program_staff_group_name() -> str:
    """ACADEMY_PROGRAM_STAFF_GROUP: the group that runs the academy in the admin."""
    return getattr(settings, "ACADEMY_PROGRAM_STAFF_GROUP", "Program staff")


def mentor_group_name() -> str:
    """ACADEMY_MENTOR_GROUP: the group whose members count as mentors."""
    return getattr(settings, "ACADEMY_MENTOR_GROUP", "Mentors")


def admin_base_url() -> str:
    """WAGTAILADMIN_BASE_URL (Wagtail's): where exported CASE identifiers point."""
    return getattr(settings, "WAGTAILADMIN_BASE_URL", "").rstrip("/")
