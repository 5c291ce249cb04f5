from django import template

from ..selectors.navigation import navigation_items

register = template.Library()


@register.simple_tag
def lookup(mapping, key):
    """Return mapping[key] or None: templates cannot index a dict by a variable."""
    if not mapping:
        return None
    return mapping.get(key)


@register.simple_tag
def rating_value(competency, posted=None):
    """Return the level and note to show: what was just posted, else what is saved."""
    if hasattr(posted, "get"):
        return {
            "level": posted.get(f"level-{competency.pk}", ""),
            "note": posted.get(f"note-{competency.pk}", ""),
        }
    rating = getattr(competency, "rating", None)
    if rating is None:
        return {"level": "", "note": ""}
    level = "unsure" if rating.level is None else str(rating.level)
    return {"level": level, "note": rating.note}


@register.inclusion_tag("academy/includes/menu.html", takes_context=True)
def academy_menu(context):
    """Render the academy's menu for the person viewing the page."""
    request = context.get("request")
    return {"items": navigation_items(request=request) if request is not None else []}
