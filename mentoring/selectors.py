"""Reads for the mentoring app."""

from django.contrib.auth.models import AbstractBaseUser

from curriculum.app_settings import mentor_group_name


def mentor_is_active(*, user: AbstractBaseUser) -> bool:
    """Return whether the user mentors or hosts shadowing visits."""
    if not user.is_authenticated:
        return False
    return user.groups.filter(name=mentor_group_name()).exists()
