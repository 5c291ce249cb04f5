"""The learner's reflection journal."""

from django.db.models import QuerySet

from ..models import Reflection


def reflection_journal(*, user) -> QuerySet:
    """Return the learner's non-empty reflections, newest first, with their lessons."""
    return (
        Reflection.objects.filter(user=user)
        .exclude(text="")
        .select_related("lesson")
        .order_by("-updated_at")
    )
