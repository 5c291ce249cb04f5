"""Reads for the curriculum, each in a fixed number of queries."""

from dataclasses import dataclass, field

from django.db.models import Prefetch, Q, QuerySet

from .models import (
    Competency,
    CurriculumIndexPage,
    Domain,
    Framework,
    LessonPage,
    ModuleCompetency,
    ModulePage,
    Question,
    QuestionChoice,
)
from .models.pages import SectorFocus

LENGTHS = {
    "short": ("Under an hour", Q(estimated_minutes__lt=60)),
    "medium": (
        "One to two hours",
        Q(estimated_minutes__gte=60, estimated_minutes__lte=120),
    ),
    "long": ("Over two hours", Q(estimated_minutes__gt=120)),
}


def curriculum_index_page() -> CurriculumIndexPage | None:
    """Return the live curriculum index, the learner's way into the modules."""
    return CurriculumIndexPage.objects.live().order_by("path").first()


def framework_default() -> Framework | None:
    """Return the framework learners rate themselves against."""
    return Framework.objects.order_by("-is_default", "pk").first()


def framework_get(*, identifier: str) -> Framework | None:
    """Find a framework by its CASE identifier or its slug."""
    return Framework.objects.filter(
        Q(identifier=identifier) | Q(slug=identifier)
    ).first()


def framework_for_item(*, identifier: str) -> Framework | None:
    """Return the framework that holds the domain or competency with this identifier."""
    return Framework.objects.filter(
        Q(domains__identifier=identifier)
        | Q(domains__competencies__identifier=identifier)
    ).first()


def framework_tree(*, framework: Framework) -> Framework:
    """Return the framework with levels, domains, competencies and indicators loaded."""
    return Framework.objects.prefetch_related(
        "levels",
        Prefetch(
            "domains",
            queryset=Domain.objects.order_by("sort_order", "pk").prefetch_related(
                Prefetch(
                    "competencies",
                    queryset=Competency.objects.order_by(
                        "sort_order", "pk"
                    ).prefetch_related("indicators__level"),
                )
            ),
        ),
    ).get(pk=framework.pk)


@dataclass
class ModuleFilters:
    domains: list = field(default_factory=list)
    competencies: list = field(default_factory=list)
    domain: int | None = None
    competency: int | None = None
    sector: str = ""
    length: str = ""
    sectors: list = field(default_factory=list)
    lengths: list = field(default_factory=list)

    @property
    def active(self) -> bool:
        return bool(self.domain or self.competency or self.sector or self.length)


def _int_or_none(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def module_filter_options(*, index_page, params) -> ModuleFilters:
    """Read the listing's filters from the query string, ignoring bad values."""
    framework = framework_default()
    domains = (
        list(
            Domain.objects.filter(framework=framework)
            .order_by("sort_order", "pk")
            .prefetch_related(
                Prefetch(
                    "competencies",
                    queryset=Competency.objects.filter(retired=False).order_by(
                        "sort_order", "pk"
                    ),
                )
            )
        )
        if framework
        else []
    )
    competencies = [c for d in domains for c in d.competencies.all()]
    domain = _int_or_none(params.get("domain"))
    competency = _int_or_none(params.get("competency"))
    sector = params.get("sector", "")
    length = params.get("length", "")
    return ModuleFilters(
        domains=domains,
        competencies=competencies,
        domain=domain if domain in {d.pk for d in domains} else None,
        competency=competency if competency in {c.pk for c in competencies} else None,
        sector=sector if sector in SectorFocus.values else "",
        length=length if length in LENGTHS else "",
        sectors=SectorFocus.choices,
        lengths=[(key, label) for key, (label, _q) in LENGTHS.items()],
    )


def module_list(*, index_page, filters: ModuleFilters | None = None) -> QuerySet:
    """Return live modules under an index page, filtered, with competencies."""
    modules = ModulePage.objects.live().descendant_of(index_page)
    if filters:
        if filters.domain:
            modules = modules.filter(
                competency_targets__competency__domain_id=filters.domain
            )
        if filters.competency:
            modules = modules.filter(
                competency_targets__competency_id=filters.competency
            )
        if filters.sector and filters.sector != SectorFocus.BOTH:
            modules = modules.filter(
                sector_focus__in=[filters.sector, SectorFocus.BOTH]
            )
        elif filters.sector == SectorFocus.BOTH:
            modules = modules.filter(sector_focus=SectorFocus.BOTH)
        if filters.length:
            modules = modules.filter(LENGTHS[filters.length][1])
    return (
        modules.distinct()
        .order_by("path")
        .prefetch_related(
            Prefetch(
                "competency_targets",
                queryset=ModuleCompetency.objects.select_related("competency__domain"),
            )
        )
    )


def module_detail(*, module: ModulePage) -> dict:
    """Return the module's lessons, competency targets and live prerequisites."""
    return {
        "lessons": list(
            LessonPage.objects.live()
            .child_of(module)
            .order_by("path")
            .only("title", "slug", "url_path", "estimated_minutes", "path", "depth")
        ),
        "competency_targets": list(
            module.competency_targets.select_related("competency__domain")
        ),
        # In a preview the relation is an in-memory list, so filter by id.
        "prerequisite_modules": list(
            ModulePage.objects.live()
            .filter(pk__in=[page.pk for page in module.prerequisites.all()])
            .order_by("title")
            .only("title", "slug", "url_path", "path", "depth")
        ),
    }


def lesson_navigation(*, lesson: LessonPage) -> dict:
    """Return the lesson's module and its previous and next lessons."""
    module = ModulePage.objects.filter(path=lesson.path[: -lesson.steplen]).first()
    siblings = list(
        LessonPage.objects.live()
        .filter(path__startswith=lesson.path[: -lesson.steplen], depth=lesson.depth)
        .order_by("path")
        .only("title", "slug", "url_path", "path", "depth")
    )
    position = next(
        (i for i, page in enumerate(siblings) if page.pk == lesson.pk), None
    )
    if position is None:
        # A draft or a new lesson in preview: number it where it will stand.
        siblings.append(lesson)
        siblings.sort(key=lambda page: page.path)
        position = siblings.index(lesson)
    previous_lesson = next_lesson = None
    if position is not None:
        previous_lesson = siblings[position - 1] if position > 0 else None
        next_lesson = siblings[position + 1] if position + 1 < len(siblings) else None
    return {
        "module": module,
        "lessons": siblings,
        "lesson_number": position + 1,
        "previous_lesson": previous_lesson,
        "next_lesson": next_lesson,
    }


def lesson_questions(*, lesson) -> list:
    """Return the bank questions a lesson asks, choices in the author's order.

    Kept on the page object, so the academy's hook and the page share one read.
    """
    if lesson.pk is None:  # a new lesson in preview asks nothing yet
        return []
    cached = getattr(lesson, "_bank_questions", None)
    if cached is not None:
        return cached
    lesson._bank_questions = list(
        Question.objects.filter(lesson=lesson, active=True)
        .prefetch_related(
            Prefetch("choices", queryset=QuestionChoice.objects.order_by("sort_order"))
        )
        .order_by("sort_order", "pk")
    )
    return lesson._bank_questions
