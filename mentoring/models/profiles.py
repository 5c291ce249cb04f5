"""Who mentors, and who asks for a mentor or a shadowing placement."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel

from academy.models import Sector, UsState
from academy.people import person_label


class MentorProfile(ClusterableModel):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="mentor_profile",
    )
    sector = models.CharField(_("sector"), max_length=20, choices=Sector.choices)
    organization = models.CharField(_("organization"), max_length=255)
    role = models.CharField(_("role"), max_length=255)
    state = models.CharField(_("state"), max_length=2, choices=UsState.choices)
    bio = models.TextField(_("short bio"), blank=True)
    capacity = models.PositiveSmallIntegerField(
        _("how many mentees at once"),
        default=2,
        validators=[MinValueValidator(0), MaxValueValidator(10)],
    )
    accepting = models.BooleanField(_("taking new mentees now"), default=True)
    hosts_shadowing = models.BooleanField(_("hosts shadowing visits"), default=False)
    offers_virtual = models.BooleanField(_("meets virtually"), default=True)
    offers_in_person = models.BooleanField(_("meets in person"), default=False)
    host_region = models.CharField(
        _("region where I can host"),
        max_length=255,
        blank=True,
        help_text=_("For example: the Denver metro area, or anywhere in Ohio."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["user__last_name", "user__first_name"]
        verbose_name = _("mentor profile")

    def __str__(self):
        return f"{person_label(self.user)} ({self.organization})"


class MentorStrength(models.Model):
    """A competency the mentor is strong in, and at what level."""

    mentor = ParentalKey(
        MentorProfile, on_delete=models.CASCADE, related_name="strengths"
    )
    competency = models.ForeignKey(
        "curriculum.Competency", on_delete=models.CASCADE, related_name="+"
    )
    level = models.PositiveSmallIntegerField(
        _("level"), default=3, validators=[MinValueValidator(1)]
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["mentor", "competency"], name="unique_mentor_strength"
            )
        ]
        verbose_name = _("mentor strength")

    def __str__(self):
        return f"{self.mentor}: {self.competency.code} @ {self.level}"


class RequestKind(models.TextChoices):
    MENTORING = "mentoring", _("A mentor")
    SHADOWING = "shadowing", _("A shadowing placement")
    BOTH = "both", _("Both")


class MentoringRequest(models.Model):
    """A learner asking for a mentor and/or a shadowing placement."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        MATCHED = "matched", _("Matched")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="mentoring_requests",
    )
    kind = models.CharField(
        _("what you are asking for"),
        max_length=20,
        choices=RequestKind.choices,
        default=RequestKind.MENTORING,
    )
    goals = models.TextField(_("your goals, in your own words"))
    competencies = models.ManyToManyField(
        "curriculum.Competency",
        related_name="+",
        blank=True,
        verbose_name=_("competencies you want to grow"),
    )
    wants_virtual = models.BooleanField(_("virtual meetings suit me"), default=True)
    wants_in_person = models.BooleanField(
        _("in-person meetings suit me"), default=False
    )
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.OPEN, db_index=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("mentoring request")
        constraints = [
            # Two requests sent at the same moment must not both stay open.
            models.UniqueConstraint(
                fields=["learner"],
                condition=models.Q(status="open"),
                name="mentoring_one_open_request_per_learner",
                violation_error_message=_("This learner already has an open request."),
            )
        ]

    def __str__(self):
        return f"{self.learner} · {self.get_kind_display()}"

    @property
    def needs_in_person(self) -> bool:
        return self.kind in (RequestKind.SHADOWING, RequestKind.BOTH)
