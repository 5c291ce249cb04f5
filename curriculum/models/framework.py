"""The competency framework: levels, domains, competencies, indicators."""

import uuid

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable, RevisionMixin
from wagtail.search import index


def new_identifier() -> str:
    return str(uuid.uuid4())


class IdentifierMixin(models.Model):
    """A stable identifier that CASE and Moodle files carry across systems."""

    identifier = models.CharField(
        _("identifier"),
        max_length=255,
        unique=True,
        default=new_identifier,
        help_text=_("Stable ID used by CASE and other systems; do not change it."),
    )

    class Meta:
        abstract = True


class FrameworkStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ADOPTED = "adopted", _("Adopted")
    DEPRECATED = "deprecated", _("Deprecated")


class Framework(IdentifierMixin, RevisionMixin, index.Indexed, ClusterableModel):
    title = models.CharField(_("title"), max_length=255)
    slug = models.SlugField(_("slug"), max_length=100, unique=True, blank=True)
    version = models.CharField(_("version"), max_length=50, blank=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=FrameworkStatus.choices,
        default=FrameworkStatus.ADOPTED,
        help_text=_("Shown to everyone who reads the framework."),
    )
    authors = models.CharField(_("authors"), max_length=255, blank=True)
    license_name = models.CharField(_("license"), max_length=100, blank=True)
    license_url = models.URLField(_("license address"), blank=True)
    description = models.TextField(_("description"), blank=True)
    # {"source": {...}, "stages": [{key, name, description}],
    #  "domains": {code: {stage: text}}}
    value_curve = models.JSONField(
        _("Value Curve crosswalk"), default=dict, blank=True, editable=False
    )
    is_default = models.BooleanField(
        _("default framework"),
        default=False,
        help_text=_("Learners rate themselves against the default framework."),
    )
    updated_at = models.DateTimeField(auto_now=True)

    panels = [
        FieldPanel("title"),
        FieldPanel("slug"),
        FieldPanel("version"),
        FieldPanel("status"),
        FieldPanel("authors"),
        MultiFieldPanel(
            [FieldPanel("license_name"), FieldPanel("license_url")],
            heading=_("License"),
        ),
        FieldPanel("description"),
        FieldPanel("is_default"),
        MultiFieldPanel(
            [InlinePanel("levels", label=_("Level"), min_num=1)],
            heading=_("Proficiency levels"),
        ),
        FieldPanel("identifier", read_only=True),
    ]
    search_fields = [index.SearchField("title"), index.AutocompleteField("title")]

    class Meta:
        ordering = ["-is_default", "title"]
        verbose_name = _("competency framework")
        verbose_name_plural = _("competency frameworks")

    def __str__(self):
        return f"{self.title} {self.version}".strip()

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.title)[:100] or self.identifier[:36]
        super().save(*args, **kwargs)


class ProficiencyLevel(Orderable):
    framework = ParentalKey(Framework, on_delete=models.CASCADE, related_name="levels")
    value = models.PositiveSmallIntegerField(
        _("value"), help_text=_("1 is the lowest level.")
    )
    name = models.CharField(_("name"), max_length=100)
    description = models.TextField(_("description"), blank=True)

    panels = [FieldPanel("value"), FieldPanel("name"), FieldPanel("description")]

    class Meta(Orderable.Meta):
        ordering = ["value"]
        constraints = [
            models.UniqueConstraint(
                fields=["framework", "value"], name="unique_level_value_per_framework"
            )
        ]
        verbose_name = _("proficiency level")

    def __str__(self):
        return f"{self.value} {self.name}"


class Domain(IdentifierMixin, RevisionMixin, index.Indexed, Orderable):
    framework = models.ForeignKey(
        Framework, on_delete=models.CASCADE, related_name="domains"
    )
    code = models.CharField(_("code"), max_length=50, blank=True)
    name = models.CharField(_("name"), max_length=255)
    description = models.TextField(_("description"), blank=True)

    panels = [
        FieldPanel("framework"),
        FieldPanel("code"),
        FieldPanel("name"),
        FieldPanel("description"),
    ]
    search_fields = [
        index.SearchField("name"),
        index.SearchField("code"),
        index.AutocompleteField("name"),
        index.FilterField("framework"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("domain")

    def __str__(self):
        return f"{self.code} {self.name}".strip()


class Competency(IdentifierMixin, RevisionMixin, index.Indexed, ClusterableModel):
    """A competency; retired, never deleted, so learners' records keep meaning."""

    domain = models.ForeignKey(
        Domain, on_delete=models.PROTECT, related_name="competencies"
    )
    code = models.CharField(_("code"), max_length=50, blank=True)
    name = models.CharField(_("name"), max_length=255)
    description = models.TextField(_("description"), blank=True)
    retired = models.BooleanField(
        _("retired"),
        default=False,
        help_text=_(
            "Retired competencies leave new self-assessments and module tags but stay "
            "readable in learners' records."
        ),
    )
    sort_order = models.IntegerField(null=True, blank=True, editable=False)
    sort_order_field = "sort_order"

    panels = [
        FieldPanel("domain"),
        FieldPanel("code"),
        FieldPanel("name"),
        FieldPanel("description"),
        FieldPanel("retired"),
        InlinePanel("indicators", label=_("Indicator"), heading=_("Indicators")),
    ]
    search_fields = [
        index.SearchField("name"),
        index.SearchField("code"),
        index.SearchField("description"),
        index.AutocompleteField("name"),
        index.FilterField("domain"),
        index.FilterField("retired"),
    ]

    class Meta:
        ordering = ["domain__sort_order", "sort_order", "code"]
        verbose_name = _("competency")
        verbose_name_plural = _("competencies")

    def __str__(self):
        label = f"{self.code} {self.name}".strip()
        return f"{label} ({_('retired')})" if self.retired else label


class Indicator(Orderable):
    """What a competency looks like at one proficiency level."""

    competency = ParentalKey(
        Competency, on_delete=models.CASCADE, related_name="indicators"
    )
    level = models.ForeignKey(
        ProficiencyLevel, on_delete=models.CASCADE, related_name="indicators"
    )
    description = models.TextField(_("behavioural indicator"))

    panels = [FieldPanel("level"), FieldPanel("description")]

    class Meta(Orderable.Meta):
        ordering = ["level__value"]
        constraints = [
            models.UniqueConstraint(
                fields=["competency", "level"], name="unique_indicator_per_level"
            )
        ]
        verbose_name = _("indicator")

    def __str__(self):
        return f"{self.competency.code} @ {self.level.name}"

    def clean(self):
        if (
            self.level_id
            and self.competency_id
            and self.level.framework_id != self.competency.domain.framework_id
        ):
            raise ValidationError(
                {"level": _("Choose a level of this competency's own framework.")}
            )
