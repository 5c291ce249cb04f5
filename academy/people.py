"""Name a person and find their address, whatever user model the host site uses."""

from django.contrib.auth import get_user_model


def person_email(user) -> str:
    """Return the person's email address, read from the user model's email field."""
    return getattr(user, user.get_email_field_name(), "") or ""


def person_full_name(user) -> str:
    """Return the person's full name, or "" when they gave none."""
    get_full_name = getattr(user, "get_full_name", None)
    if callable(get_full_name):
        return (get_full_name() or "").strip()
    parts = (getattr(user, "first_name", ""), getattr(user, "last_name", ""))
    return " ".join(part.strip() for part in parts if part and part.strip())


def person_short_name(user) -> str:
    """Return the name to greet the person by, or "" when they gave none."""
    get_short_name = getattr(user, "get_short_name", None)
    if callable(get_short_name):
        return (get_short_name() or "").strip()
    return (getattr(user, "first_name", "") or "").strip()


def person_label(user) -> str:
    """Name the person for staff: their full name, else their email address."""
    return person_full_name(user) or person_email(user) or str(user)


def user_email_field() -> str:
    """Return the name of the host user model's email field, for queries."""
    return get_user_model().get_email_field_name()
