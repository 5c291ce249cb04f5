"""Who the person is to the academy, and the academy's menu for them."""

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Exists, OuterRef, Value
from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from curriculum.conf import mentor_group_name
from curriculum.selectors import curriculum_index_page

from ..models import LearnerProfile

_CACHE_ATTR = "_academy_navigation_items"


def person_roles(*, user: AbstractBaseUser) -> dict[str, bool]:
    """Return whether the person mentors, learns and may use the admin, in one query."""
    if not user.is_authenticated:
        return {"mentor": False, "staff": False, "learner": False}
    annotations = {
        "in_mentor_group": Exists(
            user.groups.model.objects.filter(
                user=OuterRef("pk"), name=mentor_group_name()
            )
        ),
        "has_learner_profile": Exists(
            LearnerProfile.objects.filter(user=OuterRef("pk"))
        ),
        "has_mentor_profile": Value(value=False),
    }
    # Mentoring is a separate app that builds on the academy; ask by model name.
    if apps.is_installed("mentoring"):
        mentor_profile = apps.get_model("mentoring", "MentorProfile")
        annotations["has_mentor_profile"] = Exists(
            mentor_profile.objects.filter(user=OuterRef("pk"))
        )
    row = (
        get_user_model()
        .objects.filter(pk=user.pk)
        .annotate(**annotations)
        .values(*annotations)
        .first()
    ) or {}
    return {
        "mentor": bool(row.get("has_mentor_profile") or row.get("in_mentor_group")),
        "staff": user.has_perm("wagtailadmin.access_admin"),
        "learner": bool(row.get("has_learner_profile")),
    }


def _url(name: str) -> str | None:
    """Return the address of a URL name, or None where the host did not include it."""
    try:
        return reverse(name)
    except NoReverseMatch:
        return None


def _mark_current(items: list[dict], path: str) -> list[dict]:
    """Mark the item whose address is the longest start of the current path."""
    matches = [item for item in items if path.startswith(item["url"])]
    if matches:
        item = max(matches, key=lambda item: len(item["url"]))
        # aria-current: "page" on the item's own page, "true" anywhere inside it.
        item["current"] = "page" if item["url"] == path else "true"
    return items


def navigation_items(*, request: HttpRequest) -> list[dict]:
    """Return the academy's menu for the person asking: label, url, current."""
    cached = getattr(request, _CACHE_ATTR, None)
    if cached is not None:
        return cached
    user = getattr(request, "user", None)
    candidates = []
    index = curriculum_index_page()
    # An index outside every site's tree has no address to link to.
    if index is not None and index.url:
        candidates.append((_("Curriculum"), index.url))
    if user is not None and user.is_authenticated:
        roles = person_roles(user=user)
        # Anyone can start learning: "My learning" asks for the profile when opened.
        candidates.append((_("My learning"), _url("academy:dashboard")))
        if roles["learner"]:
            candidates.append(
                (_("Self-assessment"), _url("academy:assessment-history"))
            )
        if roles["mentor"] or roles["learner"]:
            candidates.append((_("Mentoring"), _url("mentoring:dashboard")))
        if roles["staff"]:
            candidates.append((_("Admin"), _url("wagtailadmin_home")))
    items = [{"label": label, "url": url} for label, url in candidates if url]
    items = _mark_current(items, getattr(request, "path", ""))
    setattr(request, _CACHE_ATTR, items)
    return items
