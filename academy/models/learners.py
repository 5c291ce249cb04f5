"""Who a learner is: the profile they complete before anything else."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..people import person_label
from ..timezones import TIME_ZONE_CHOICES


class Sector(models.TextChoices):
    STATE_AGENCY = "state", _("State agency")
    LOCAL_AGENCY = "local", _("County or local agency")
    TRIBAL = "tribal", _("Tribal government")
    CBO = "cbo", _("Community-based organization")
    HEALTH_SYSTEM = "health", _("Health system or payer")
    PUBLIC_HEALTH = "public_health", _("Public health department")
    OTHER = "other", _("Other")

    @classmethod
    def public(cls) -> set[str]:
        """Sectors on the public-agency side when pairing across sectors."""
        return {cls.STATE_AGENCY, cls.LOCAL_AGENCY, cls.TRIBAL}


class UsState(models.TextChoices):
    AL = "AL", "Alabama"
    AK = "AK", "Alaska"
    AZ = "AZ", "Arizona"
    AR = "AR", "Arkansas"
    CA = "CA", "California"
    CO = "CO", "Colorado"
    CT = "CT", "Connecticut"
    DE = "DE", "Delaware"
    DC = "DC", "District of Columbia"
    FL = "FL", "Florida"
    GA = "GA", "Georgia"
    HI = "HI", "Hawaii"
    ID = "ID", "Idaho"
    IL = "IL", "Illinois"
    IN = "IN", "Indiana"
    IA = "IA", "Iowa"
    KS = "KS", "Kansas"
    KY = "KY", "Kentucky"
    LA = "LA", "Louisiana"
    ME = "ME", "Maine"
    MD = "MD", "Maryland"
    MA = "MA", "Massachusetts"
    MI = "MI", "Michigan"
    MN = "MN", "Minnesota"
    MS = "MS", "Mississippi"
    MO = "MO", "Missouri"
    MT = "MT", "Montana"
    NE = "NE", "Nebraska"
    NV = "NV", "Nevada"
    NH = "NH", "New Hampshire"
    NJ = "NJ", "New Jersey"
    NM = "NM", "New Mexico"
    NY = "NY", "New York"
    NC = "NC", "North Carolina"
    ND = "ND", "North Dakota"
    OH = "OH", "Ohio"
    OK = "OK", "Oklahoma"
    OR = "OR", "Oregon"
    PA = "PA", "Pennsylvania"
    RI = "RI", "Rhode Island"
    SC = "SC", "South Carolina"
    SD = "SD", "South Dakota"
    TN = "TN", "Tennessee"
    TX = "TX", "Texas"
    UT = "UT", "Utah"
    VT = "VT", "Vermont"
    VA = "VA", "Virginia"
    WA = "WA", "Washington"
    WV = "WV", "West Virginia"
    WI = "WI", "Wisconsin"
    WY = "WY", "Wyoming"
    AS = "AS", "American Samoa"
    GU = "GU", "Guam"
    MP = "MP", "Northern Mariana Islands"
    PR = "PR", "Puerto Rico"
    VI = "VI", "U.S. Virgin Islands"


class LearnerProfile(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="learner_profile",
    )
    sector = models.CharField(_("sector"), max_length=20, choices=Sector.choices)
    organization = models.CharField(_("organization"), max_length=255)
    job_title = models.CharField(_("job title"), max_length=255)
    state = models.CharField(
        _("state or territory"), max_length=2, choices=UsState.choices
    )
    time_zone = models.CharField(
        _("time zone"),
        max_length=40,
        blank=True,
        choices=TIME_ZONE_CHOICES,
        help_text=_(
            "Dates and times are shown in this zone. Leave it empty to use your "
            "state's."
        ),
    )
    years_in_executive_role = models.PositiveSmallIntegerField(
        _("years in an executive role"),
        help_text=_("Round to whole years; 0 if you started this year."),
    )
    share_assessment_with_mentor = models.BooleanField(
        _("let my matched mentor see my self-assessment summary"),
        default=False,
        help_text=_("Mentors see your ratings, never your notes. Change it any time."),
    )
    non_essential_email = models.BooleanField(
        _("send me non-essential email"),
        default=True,
        help_text=_(
            "Welcome notes and credential announcements. Program notices (such as "
            "being added to a cohort) still arrive."
        ),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("learner profile")

    def __str__(self):
        return f"{person_label(self.user)} ({self.organization})"

    @property
    def is_public_sector(self) -> bool:
        return self.sector in Sector.public()
