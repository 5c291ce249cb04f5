"""Admin screens for mentoring, grouped in the Academy menu under "Mentoring"."""

from django.utils.translation import gettext_lazy
from wagtail.admin.viewsets.base import ViewSetGroup

from curriculum.viewsets import AcademyMenuGroupMixin

from .overview import MentoringOverviewView, overview_rows
from .pairs import PairViewSet
from .people import MentoringRequestViewSet, MentorProfileViewSet
from .rounds import MatchingRoundViewSet

__all__ = ["MentoringOverviewView", "MentoringViewSetGroup", "overview_rows"]


class MentoringViewSetGroup(AcademyMenuGroupMixin, ViewSetGroup):
    menu_label = gettext_lazy("Mentoring")
    menu_icon = "group"
    menu_order = 50
    submenu_hook = "register_mentoring_menu_item"
    items = (
        MatchingRoundViewSet,
        PairViewSet,
        MentoringRequestViewSet,
        MentorProfileViewSet,
    )
