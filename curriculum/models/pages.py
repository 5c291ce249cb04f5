"""Authored curriculum: module index, modules of lessons, role pathways."""

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

from ..blocks import LessonBodyBlock, ModuleBodyBlock


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
        from ..selectors import module_filter_options, module_list

        context = super().get_context(request, *args, **kwargs)
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

    content_panels = Page.content_panels + [
        FieldPanel("estimated_minutes"),
        FieldPanel("body"),
    ]
    search_fields = Page.search_fields + [index.SearchField("body")]
    parent_page_types = ["curriculum.ModulePage"]
    subpage_types = []

    class Meta:
        verbose_name = _("lesson")

    def get_context(self, request, *args, **kwargs):
        from ..selectors import lesson_navigation

        context = super().get_context(request, *args, **kwargs)
        context.update(lesson_navigation(lesson=self))
        return extend_context("curriculum_lesson_context", context, request, self)


class PathwayPage(Page):
    role = models.CharField(
        _("role"), max_length=255, help_text=_("Who the pathway is for.")
    )
    introduction = StreamField(ModuleBodyBlock(), blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("role"),
        FieldPanel("introduction"),
        InlinePanel(
            "pathway_modules", label=_("Module"), heading=_("Modules, in order")
        ),
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
