"""Mentoring emails, sent in the background through Django's mail system."""

from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from academy.conf import absolute_url, site_name
from academy.people import person_email
from academy.timezones import user_time_zone, zone


def _pair(pair_id: int):
    from .models import Pair

    return Pair.objects.select_related(
        "mentor__learner_profile", "learner__learner_profile"
    ).get(pk=pair_id)


def _send(template: str, pair, recipients, **extra) -> int:
    sent = 0
    for person in recipients:
        context = {
            "pair": pair,
            "person": person,
            "site_name": site_name(),
            "dashboard_url": absolute_url(reverse("mentoring:dashboard")),
            "pair_url": absolute_url(reverse("mentoring:pair-detail", args=[pair.pk])),
            **extra,
        }
        # Each person reads dates in their own time zone.
        with timezone.override(zone(user_time_zone(person))):
            subject = render_to_string(
                f"mentoring/email/{template}_subject.txt", context
            )
            body = render_to_string(f"mentoring/email/{template}.txt", context)
        sent += send_mail(" ".join(subject.split()), body, None, [person_email(person)])
    return sent


@task()
def pair_offered_email(pair_id: int) -> int:
    """Tell both people about the offer (an essential program notice)."""
    pair = _pair(pair_id)
    return _send("offered", pair, [pair.mentor, pair.learner])


@task()
def pair_active_email(pair_id: int) -> int:
    """Tell both people that both accepted and the pair is active."""
    pair = _pair(pair_id)
    return _send("active", pair, [pair.mentor, pair.learner])


@task()
def pair_completed_email(pair_id: int) -> int:
    pair = _pair(pair_id)
    return _send("completed", pair, [pair.mentor, pair.learner])


@task()
def checkin_overdue_email(pair_id: int) -> int:
    """Remind both people that a check-in is overdue."""
    pair = _pair(pair_id)
    return _send("overdue", pair, [pair.mentor, pair.learner])


@task()
def pair_partner_left_email(pair_id: int, recipient_id: int) -> int:
    """Tell the remaining person their pair ended because the other left the academy."""
    from django.contrib.auth import get_user_model

    pair = _pair(pair_id)
    recipient = get_user_model().objects.filter(pk=recipient_id).first()
    if recipient is None:
        return 0
    return _send("partner_left", pair, [recipient])
