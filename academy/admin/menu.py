"""The one "Academy" admin menu that every academy screen is registered into.

academy/wagtail_hooks.py imports this module; importing it is what registers them.
"""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, SubmenuMenuItem

from curriculum.viewsets import ACADEMY_MENU_HOOK, ACADEMY_REPORTS_MENU_HOOK

# Wagtail's Pages come first (order 100), Images and Documents follow (300, 400).
ACADEMY_MENU_ORDER = 200


@hooks.register("register_admin_menu_item")
def register_academy_menu():
    # A submenu shows only when one of its items does, so a person sees only the
    # screens they may use, and nothing at all without academy permissions.
    return SubmenuMenuItem(
        _("Academy"),
        Menu(register_hook_name=ACADEMY_MENU_HOOK),
        name="academy",
        icon_name="site",
        order=ACADEMY_MENU_ORDER,
    )


@hooks.register(ACADEMY_MENU_HOOK)
def register_reports_menu():
    return SubmenuMenuItem(
        _("Reports"),
        Menu(register_hook_name=ACADEMY_REPORTS_MENU_HOOK),
        name="academy-reports",
        icon_name="table",
        order=20,
    )
