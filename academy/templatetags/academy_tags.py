from django import template

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
