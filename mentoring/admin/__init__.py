"""Admin screens for mentoring, grouped under one "Mentoring" menu."""

from django.utils.translation import gettext_lazy
from wagtail.admin.viewsets.base import ViewSetGroup

from .overview import MentoringOverviewView, overview_rows
from .pairs import PairViewSet
from .people import MentoringRequestViewSet, MentorProfileViewSet
from .rounds import MatchingRoundViewSet

__all__ = ["MentoringOverviewView", "MentoringViewSetGroup", "overview_rows"]


class MentoringViewSetGroup(ViewSetGroup):
    menu_label = gettext_lazy("Mentoring")
    menu_icon = "group"
    menu_order = 230
    submenu_hook = "register_mentoring_menu_item"
    items = (
        MatchingRoundViewSet,
        PairViewSet,
        MentoringRequestViewSet,
        MentorProfileViewSet,
    )
