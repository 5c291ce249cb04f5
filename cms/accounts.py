"""Where people land after logging in: the first place their role fits."""

from allauth.account.adapter import DefaultAccountAdapter
from django.contrib.auth.models import AbstractBaseUser
from django.urls import reverse

from mentoring.selectors import mentoring_roles


def person_roles(*, user: AbstractBaseUser) -> dict[str, bool]:
    """Return which parts of the site the person can use: mentoring, admin, learning."""
    if not user.is_authenticated:
        return {"mentor": False, "staff": False, "learner": False}
    roles = mentoring_roles(user=user)
    return {
        "mentor": roles["mentor"],
        "staff": user.has_perm("wagtailadmin.access_admin"),
        "learner": roles["learner"],
    }


def landing_url(*, user: AbstractBaseUser) -> str:
    """Return the mentoring, admin or learning home, in that order of preference."""
    roles = person_roles(user=user)
    if roles["mentor"]:
        return reverse("mentoring:dashboard")
    if roles["staff"]:
        return reverse("wagtailadmin_home")
    # Learners, and new accounts, who start by telling us about their work.
    return reverse("academy:dashboard")


class AccountAdapter(DefaultAccountAdapter):
    """Send each person to their own home after logging in, unless `next` says where."""

    def get_login_redirect_url(self, request) -> str:
        return landing_url(user=request.user)
