"""A module's question bank: questions written once, asked in lessons and module checks.

Questions are rows, not StreamField blocks, so answers can point at them and item
statistics can be computed in the database. A question that leaves the source is
retired, never deleted, so the answers learners gave to it are kept.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable
from wagtail.search import index


class QuestionKind(models.TextChoices):
    SINGLE = "single", _("Single choice")
    MULTIPLE = "multiple", _("Choose all that apply")
    SCENARIO = "scenario", _("Scenario")


class DecisionSeat(models.TextChoices):
    """Who makes the decision a scenario puts to the learner."""

    COMMUNITY = "community", _("A community-based organization leader")
    PUBLIC = "public", _("A public agency leader")
    HEALTH = "health", _("A health system or health plan leader")


class Question(index.Indexed, ClusterableModel):
    module = models.ForeignKey(
        "curriculum.ModulePage",
        on_delete=models.CASCADE,
        related_name="questions",
        verbose_name=_("module"),
        help_text=_("The module whose question bank holds this question."),
    )
    lesson = models.ForeignKey(
        "curriculum.LessonPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="questions",
        verbose_name=_("asked in lesson"),
        help_text=_(
            "Ask it as a knowledge check at the end of this lesson. Leave empty to "
            "use it only in the end-of-module check."
        ),
    )
    key = models.SlugField(
        _("key"),
        max_length=100,
        help_text=_(
            "Unique within the module; the importer matches questions by it, so "
            "answers stay attached when the source is re-imported."
        ),
    )
    kind = models.CharField(
        _("type"),
        max_length=20,
        choices=QuestionKind.choices,
        default=QuestionKind.SCENARIO,
    )
    seat = models.CharField(
        _("decision seat"),
        max_length=20,
        choices=DecisionSeat.choices,
        blank=True,
        help_text=_("For scenarios: whose decision the learner is asked to make."),
    )
    scenario = models.TextField(
        _("scenario"), blank=True, help_text=_("The situation, for scenario questions.")
    )
    prompt = models.TextField(_("question"))
    explanation = models.TextField(
        _("rationale"), help_text=_("Shown once the learner has answered.")
    )
    competencies = ParentalManyToManyField(
        "curriculum.Competency",
        blank=True,
        related_name="questions",
        verbose_name=_("competencies"),
    )
    sort_order = models.PositiveIntegerField(_("order"), default=0)
    active = models.BooleanField(
        _("in use"),
        default=True,
        help_text=_(
            "Retired questions are no longer asked; the answers given to them are kept."
        ),
    )
    updated_at = models.DateTimeField(auto_now=True)
    # The StreamField block an older single knowledge check lived in, so the answers
    # given to it could follow it into the bank.
    legacy_block_id = models.CharField(max_length=64, blank=True, editable=False)

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("module"),
                FieldPanel("lesson"),
                FieldPanel("key"),
                FieldPanel("active"),
            ],
            heading=_("Where it is asked"),
        ),
        FieldPanel("kind"),
        FieldPanel("seat"),
        FieldPanel("scenario"),
        FieldPanel("prompt"),
        # The form says "at least two choices" itself, once (QuestionAdminForm).
        InlinePanel("choices", label=_("Choice"), max_num=8),
        FieldPanel("explanation"),
        FieldPanel("competencies"),
    ]
    search_fields = [
        index.SearchField("prompt"),
        index.SearchField("scenario"),
        index.AutocompleteField("prompt"),
        index.FilterField("module_id"),
        index.FilterField("kind"),
        index.FilterField("active"),
    ]

    class Meta:
        ordering = ["module", "sort_order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["module", "key"], name="unique_question_key_per_module"
            )
        ]
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def __str__(self):
        # Scenario questions often ask the same thing ("What do you do first?"):
        # lead with the situation so rows in a list can be told apart.
        text = " ".join(f"{self.scenario} {self.prompt}".split())
        return text if len(text) <= 100 else f"{text[:99]}…"

    @property
    def is_multiple(self) -> bool:
        return self.kind == QuestionKind.MULTIPLE

    def clean(self):
        super().clean()
        errors = {}
        if self.kind == QuestionKind.SCENARIO and not self.scenario.strip():
            errors["scenario"] = _("Describe the situation for a scenario question.")
        if self.lesson_id and self.module_id:
            from .pages import LessonPage, ModulePage

            module = ModulePage.objects.filter(pk=self.module_id).first()
            in_module = module and (
                LessonPage.objects.child_of(module).filter(pk=self.lesson_id).exists()
            )
            if not in_module:
                errors["lesson"] = _("Choose a lesson of the question's own module.")
        if errors:
            raise ValidationError(errors)


class QuestionChoice(Orderable):
    question = ParentalKey(Question, on_delete=models.CASCADE, related_name="choices")
    text = models.TextField(_("answer"))
    correct = models.BooleanField(_("correct"), default=False)
    feedback = models.TextField(
        _("feedback"),
        blank=True,
        help_text=_("Why this answer is right or wrong; shown to whoever picks it."),
    )
    pin_last = models.BooleanField(
        _("keep last"),
        default=False,
        help_text=_('Not shuffled: for "None of the above" and the like.'),
    )

    panels = [
        FieldPanel("text"),
        FieldPanel("correct"),
        FieldPanel("feedback"),
        FieldPanel("pin_last"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("choice")

    def __str__(self):
        return self.text
