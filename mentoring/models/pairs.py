"""Mentoring and shadowing pairs, their lifecycle, goals and check-ins.

proposed -> approved -> offered -> active -> completed, with declined, expired
and closed as exits. Every change is kept as a PairEvent.
"""

from datetime import time

from django.conf import settings
from django.core.validators import URLValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

# A next check-in planned without a time starts at nine in the morning.
DEFAULT_CHECKIN_TIME = time(9, 0)
MEETING_URL = URLValidator(
    schemes=["https", "http"],
    message=_("Enter the full link to the video call, starting with https://."),
)


class PairKind(models.TextChoices):
    MENTORING = "mentoring", _("Mentoring")
    SHADOWING = "shadowing", _("Shadowing")


class PairState(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    APPROVED = "approved", _("Approved")
    OFFERED = "offered", _("Offered")
    ACTIVE = "active", _("Active")
    COMPLETED = "completed", _("Completed")
    DECLINED = "declined", _("Declined")
    EXPIRED = "expired", _("Expired")
    CLOSED = "closed", _("Closed")

    @classmethod
    def holding_capacity(cls) -> list[str]:
        """States in which a pair takes up one of the mentor's places."""
        return [cls.ACTIVE]


class PairQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Pairs the user is part of, as mentor or as learner."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(models.Q(mentor=user) | models.Q(learner=user))

    def offered_or_later(self):
        return self.exclude(state__in=[PairState.PROPOSED, PairState.APPROVED])


class Pair(models.Model):
    round = models.ForeignKey(
        "mentoring.MatchingRound",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="pairs",
    )
    request = models.ForeignKey(
        "mentoring.MentoringRequest",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="pairs",
    )
    kind = models.CharField(
        _("kind"), max_length=20, choices=PairKind.choices, default=PairKind.MENTORING
    )
    # Empty only once that person erased their account (account_erase); the
    # other side keeps the pair, and a plain delete of a user is still refused.
    mentor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.PROTECT,
        related_name="mentor_pairs",
    )
    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.PROTECT,
        related_name="learner_pairs",
    )
    state = models.CharField(
        _("state"),
        max_length=20,
        choices=PairState.choices,
        default=PairState.PROPOSED,
        db_index=True,
    )
    score = models.FloatField(null=True, blank=True)
    score_breakdown = models.JSONField(default=dict, blank=True)
    offered_at = models.DateTimeField(null=True, blank=True)
    mentor_accepted_at = models.DateTimeField(null=True, blank=True)
    learner_accepted_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    close_reason = models.TextField(_("reason"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PairQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["mentor", "state"]),
            models.Index(fields=["learner", "state"]),
        ]
        verbose_name = _("pair")

    def __str__(self):
        return f"{self.get_kind_display()}: {self.mentor} with {self.learner}"


class PairEvent(models.Model):
    """The audit trail: who changed a pair's state, and when."""

    pair = models.ForeignKey(Pair, on_delete=models.CASCADE, related_name="events")
    from_state = models.CharField(max_length=20, blank=True)
    to_state = models.CharField(max_length=20)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    note = models.TextField(blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("pair event")

    def __str__(self):
        return f"{self.pair_id}: {self.from_state or '·'} → {self.to_state}"


class PairGoal(models.Model):
    pair = models.ForeignKey(Pair, on_delete=models.CASCADE, related_name="goals")
    competency = models.ForeignKey(
        "curriculum.Competency",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    text = models.CharField(_("goal"), max_length=500)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    achieved = models.BooleanField(_("achieved"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("shared goal")

    def __str__(self):
        return self.text


class CheckIn(models.Model):
    pair = models.ForeignKey(Pair, on_delete=models.CASCADE, related_name="checkins")
    met_on = models.DateField(_("date"))
    minutes = models.PositiveSmallIntegerField(_("length in minutes"), default=45)
    notes = models.TextField(_("notes"), blank=True)
    competencies = models.ManyToManyField(
        "curriculum.Competency", blank=True, related_name="+",
        verbose_name=_("competencies discussed"),
    )  # fmt: skip
    next_steps = models.TextField(_("next steps"), blank=True)
    next_checkin_on = models.DateField(_("next check-in"), null=True, blank=True)
    next_checkin_time = models.TimeField(_("time"), null=True, blank=True)
    # The zone the time was written in, so both people's calendars agree.
    time_zone = models.CharField(_("time zone"), max_length=64, blank=True)
    meeting_url = models.URLField(
        _("meeting link"),
        max_length=500,
        blank=True,
        validators=[MEETING_URL],
        help_text=_("The video call link for the next check-in, if you meet online."),
    )
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-met_on", "-pk"]
        verbose_name = _("check-in")

    def __str__(self):
        return f"{self.pair_id} on {self.met_on}"
