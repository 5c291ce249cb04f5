"""Where people land after logging in: the first place their role fits."""

from urllib.parse import urlsplit, urlunsplit

from allauth.account.adapter import DefaultAccountAdapter
from django.contrib.auth.models import AbstractBaseUser
from django.urls import reverse

from academy.conf import absolute_url
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


def _on_public_address(url: str) -> str:
    """Keep a link's path, but on ACADEMY_BASE_URL rather than the request's Host."""
    parts = urlsplit(url)
    return absolute_url(urlunsplit(("", "", parts.path, parts.query, parts.fragment)))


class AccountAdapter(DefaultAccountAdapter):
    """Send each person to their own home after logging in, unless `next` says where.

    Links in account emails use the one public address, as every academy email does.
    """

    def get_reset_password_from_key_url(self, key: str) -> str:
        return _on_public_address(super().get_reset_password_from_key_url(key))

    def get_email_confirmation_url(self, request, emailconfirmation) -> str:
        return _on_public_address(
            super().get_email_confirmation_url(request, emailconfirmation)
        )

    def get_login_redirect_url(self, request) -> str:
        return landing_url(user=request.user)
