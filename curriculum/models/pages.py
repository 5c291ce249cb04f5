"""Authored curriculum: module index, modules of lessons, role pathways."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail import blocks as wagtail_blocks
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from ..blocks import LessonBodyBlock, ModuleBodyBlock, SourceBlock


def extend_context(hook_name: str, context: dict, request, page) -> dict:
    """Let other apps (the academy) add learner state to a curriculum page's context.

    The curriculum knows nothing of learners; apps register functions under
    ``curriculum_module_context`` or ``curriculum_lesson_context`` that take
    ``request`` and ``page`` and return a dict to merge into the context.
    """
    for fn in hooks.get_hooks(hook_name):
        context.update(fn(request=request, page=page) or {})
    return context


class SectorFocus(models.TextChoices):
    PUBLIC = "public", _("Public agencies")
    COMMUNITY = "community", _("Community-based organizations")
    BOTH = "both", _("Both sectors")


class CurriculumIndexPage(Page):
    introduction = RichTextField(blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("introduction")]
    subpage_types = ["curriculum.ModulePage", "curriculum.PathwayPage"]

    class Meta:
        verbose_name = _("curriculum index")

    def get_context(self, request, *args, **kwargs):
        from ..selectors import framework_default, module_filter_options, module_list
        from .guides import ResourceLibraryPage

        context = super().get_context(request, *args, **kwargs)
        context["framework"] = framework_default()
        context["resource_library"] = ResourceLibraryPage.objects.live().first()
        filters = module_filter_options(index_page=self, params=request.GET)
        context["filters"] = filters
        context["modules"] = module_list(index_page=self, filters=filters)
        context["pathways"] = PathwayPage.objects.live().child_of(self).order_by("path")
        return context


class ModulePage(Page):
    summary = models.TextField(
        _("summary"), max_length=400, help_text=_("Shown on cards and listings.")
    )
    introduction = StreamField(ModuleBodyBlock(), blank=True)
    outcomes = StreamField(
        [("outcome", wagtail_blocks.CharBlock(label=_("Learning outcome")))],
        blank=True,
        verbose_name=_("learning outcomes"),
    )
    estimated_minutes = models.PositiveIntegerField(
        _("estimated minutes"), default=60, validators=[MinValueValidator(1)]
    )
    sector_focus = models.CharField(
        _("sector focus"),
        max_length=20,
        choices=SectorFocus.choices,
        default=SectorFocus.BOTH,
    )
    audience = models.TextField(_("audience"), blank=True)
    image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    prerequisites = ParentalManyToManyField(
        "curriculum.ModulePage",
        blank=True,
        related_name="unlocks",
        verbose_name=_("prerequisite modules"),
    )
    check_questions = models.PositiveSmallIntegerField(
        _("questions in the module check"),
        default=0,
        validators=[MaxValueValidator(50)],
        help_text=_(
            "How many questions the end-of-module check draws at random from the "
            "question bank. 0: no module check; the lessons alone complete it."
        ),
    )
    check_pass_mark = models.PositiveSmallIntegerField(
        _("pass mark"),
        default=0,
        validators=[MaxValueValidator(50)],
        help_text=_("Correct answers needed to pass, e.g. 4 of 5."),
    )

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("image"),
        FieldPanel("introduction"),
        FieldPanel("outcomes"),
        MultiFieldPanel(
            [
                FieldPanel("estimated_minutes"),
                FieldPanel("sector_focus"),
                FieldPanel("audience"),
                FieldPanel("prerequisites"),
            ],
            heading=_("Who and how long"),
        ),
        MultiFieldPanel(
            [FieldPanel("check_questions"), FieldPanel("check_pass_mark")],
            heading=_("End-of-module check"),
        ),
        InlinePanel(
            "competency_targets",
            label=_("Competency"),
            heading=_("Competencies developed"),
        ),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("audience"),
        index.FilterField("sector_focus"),
        index.FilterField("estimated_minutes"),
    ]
    parent_page_types = ["curriculum.CurriculumIndexPage"]
    subpage_types = ["curriculum.LessonPage"]

    class Meta:
        verbose_name = _("module")

    def clean(self):
        super().clean()
        if (
            self.check_questions
            and not 1 <= self.check_pass_mark <= self.check_questions
        ):
            raise ValidationError(
                {
                    "check_pass_mark": _(
                        "Set a pass mark between 1 and the number of questions."
                    )
                }
            )
        if not self.check_questions and self.check_pass_mark:
            raise ValidationError(
                {"check_questions": _("Say how many questions the check draws.")}
            )

    def get_context(self, request, *args, **kwargs):
        from ..selectors import module_detail

        context = super().get_context(request, *args, **kwargs)
        context.update(module_detail(module=self))
        return extend_context("curriculum_module_context", context, request, self)


class ModuleCompetency(Orderable):
    """A competency a module develops, and the level it aims to bring learners to."""

    module = ParentalKey(
        ModulePage, on_delete=models.CASCADE, related_name="competency_targets"
    )
    competency = models.ForeignKey(
        "curriculum.Competency", on_delete=models.PROTECT, related_name="module_targets"
    )
    target_level = models.PositiveSmallIntegerField(
        _("target level"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
        help_text=_("The proficiency level value the module aims for (1 = lowest)."),
    )

    panels = [FieldPanel("competency"), FieldPanel("target_level")]

    class Meta(Orderable.Meta):
        verbose_name = _("competency developed")
        constraints = [
            models.UniqueConstraint(
                fields=["module", "competency"], name="unique_competency_per_module"
            )
        ]


class LessonPage(Page):
    estimated_minutes = models.PositiveIntegerField(
        _("estimated minutes"), default=20, validators=[MinValueValidator(1)]
    )
    body = StreamField(LessonBodyBlock(), blank=True)
    sources = StreamField(
        [("source", SourceBlock())],
        blank=True,
        verbose_name=_("sources"),
        help_text=_("The works whose findings and real cases the lesson retells."),
    )

    content_panels = Page.content_panels + [
        FieldPanel("estimated_minutes"),
        FieldPanel("body"),
        FieldPanel("sources"),
    ]
    search_fields = Page.search_fields + [index.SearchField("body")]
    parent_page_types = ["curriculum.ModulePage"]
    subpage_types = []

    class Meta:
        verbose_name = _("lesson")

    def get_context(self, request, *args, **kwargs):
        from ..selectors import lesson_navigation, lesson_questions

        context = super().get_context(request, *args, **kwargs)
        context.update(lesson_navigation(lesson=self))
        context["lesson_questions"] = lesson_questions(lesson=self)
        return extend_context("curriculum_lesson_context", context, request, self)


class PathwayPage(Page):
    role = models.CharField(
        _("role"), max_length=255, help_text=_("Who the pathway is for.")
    )
    introduction = StreamField(ModuleBodyBlock(), blank=True)
    before_you_start = StreamField(
        [
            (
                "module",
                wagtail_blocks.StructBlock(
                    [
                        (
                            "module",
                            wagtail_blocks.PageChooserBlock(
                                page_type="curriculum.ModulePage", label=_("Module")
                            ),
                        ),
                        (
                            "why",
                            wagtail_blocks.TextBlock(label=_("Why it comes first")),
                        ),
                    ],
                    icon="info-circle",
                    label=_("Module to take first"),
                ),
            )
        ],
        blank=True,
        verbose_name=_("before you start"),
        help_text=_(
            "Prerequisites of the pathway's modules that the pathway itself does not "
            "include, and why to take them first."
        ),
    )

    content_panels = Page.content_panels + [
        FieldPanel("role"),
        FieldPanel("introduction"),
        InlinePanel(
            "pathway_modules", label=_("Module"), heading=_("Modules, in order")
        ),
        FieldPanel("before_you_start"),
    ]
    parent_page_types = ["curriculum.CurriculumIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("pathway")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["pathway_modules"] = self.pathway_modules.filter(
            module__live=True
        ).select_related("module")
        return extend_context("curriculum_pathway_context", context, request, self)


class PathwayModule(Orderable):
    pathway = ParentalKey(
        PathwayPage, on_delete=models.CASCADE, related_name="pathway_modules"
    )
    module = models.ForeignKey(
        ModulePage, on_delete=models.CASCADE, related_name="in_pathways"
    )

    panels = [FieldPanel("module")]

    class Meta(Orderable.Meta):
        verbose_name = _("pathway module")
