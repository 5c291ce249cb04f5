"""Site-wide template context: the entry points the current user is entitled to."""

from django.urls import reverse
from django.utils.translation import gettext as _

from curriculum.selectors import curriculum_index_page
from mentoring.selectors import mentoring_roles


def site_navigation(request):
    user = getattr(request, "user", None)
    items = []
    index = curriculum_index_page()
    if index is not None:
        items.append({"label": _("Curriculum"), "url": index.url})
    if user is not None and user.is_authenticated:
        items.append({"label": _("My learning"), "url": reverse("academy:dashboard")})
        roles = mentoring_roles(user=user)
        if roles["mentor"] or roles["learner"]:
            items.append(
                {"label": _("Mentoring"), "url": reverse("mentoring:dashboard")}
            )
        if user.has_perm("wagtailadmin.access_admin"):
            items.append(
                {"label": _("Program admin"), "url": reverse("wagtailadmin_home")}
            )
    return {"site_navigation": items}
