"""Site-wide template context: the entry points the current user is entitled to."""

from django.urls import reverse
from django.utils.translation import gettext as _

from curriculum.selectors import curriculum_index_page

from .accounts import person_roles


def _mark_current(items: list[dict], path: str) -> list[dict]:
    """Mark the item whose address is the longest start of the current path."""
    matches = [item for item in items if path.startswith(item["url"])]
    if matches:
        item = max(matches, key=lambda item: len(item["url"]))
        # aria-current: "page" on the item's own page, "true" anywhere inside it.
        item["current"] = "page" if item["url"] == path else "true"
    return items


def site_navigation(request):
    user = getattr(request, "user", None)
    items = []
    index = curriculum_index_page()
    # An index outside every site's tree has no address to link to.
    if index is not None and index.url:
        items.append({"label": _("Curriculum"), "url": index.url})
    if user is not None and user.is_authenticated:
        roles = person_roles(user=user)
        # Anyone can start learning: "My learning" asks for the profile when opened.
        items.append({"label": _("My learning"), "url": reverse("academy:dashboard")})
        if roles["learner"]:
            items.append(
                {
                    "label": _("Self-assessment"),
                    "url": reverse("academy:assessment-history"),
                }
            )
        if roles["mentor"] or roles["learner"]:
            items.append(
                {"label": _("Mentoring"), "url": reverse("mentoring:dashboard")}
            )
        if roles["staff"]:
            items.append({"label": _("Admin"), "url": reverse("wagtailadmin_home")})
    path = getattr(request, "path", "")
    return {"site_navigation": _mark_current(items, path)}
