"""Site-wide template context: the entry points the current user is entitled to."""

from academy.selectors.navigation import navigation_items


def site_navigation(request):
    return {"site_navigation": navigation_items(request=request)}
