import factory
import wagtail_factories
from factory.django import DjangoModelFactory

from curriculum.models import (
    Competency,
    CurriculumIndexPage,
    Domain,
    Framework,
    Indicator,
    LessonPage,
    ModuleCompetency,
    ModulePage,
    PathwayModule,
    PathwayPage,
    ProficiencyLevel,
    Question,
    QuestionChoice,
)

LEVEL_NAMES = ["Emerging", "Developing", "Proficient", "Advanced"]


class FrameworkFactory(DjangoModelFactory):
    class Meta:
        model = Framework
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Leadership framework {n}")
    version = "1.0"
    description = factory.Faker("sentence")
    is_default = True

    @factory.post_generation
    def levels(self, create, extracted, **kwargs):
        """Give every framework the four standard levels unless told otherwise."""
        if create and extracted is not False:
            for value, name in enumerate(LEVEL_NAMES, start=1):
                ProficiencyLevelFactory(framework=self, value=value, name=name)


class ProficiencyLevelFactory(DjangoModelFactory):
    class Meta:
        model = ProficiencyLevel

    framework = factory.SubFactory(FrameworkFactory, levels=False)
    value = factory.Sequence(lambda n: n + 1)
    name = factory.Faker("word")
    description = factory.Faker("sentence")
    sort_order = factory.SelfAttribute("value")


class DomainFactory(DjangoModelFactory):
    class Meta:
        model = Domain

    framework = factory.SubFactory(FrameworkFactory)
    code = factory.Sequence(lambda n: f"D{n}")
    name = factory.Faker("catch_phrase")
    description = factory.Faker("sentence")
    sort_order = factory.Sequence(int)


class CompetencyFactory(DjangoModelFactory):
    class Meta:
        model = Competency
        skip_postgeneration_save = True

    domain = factory.SubFactory(DomainFactory)
    code = factory.Sequence(lambda n: f"C.{n}")
    name = factory.Faker("catch_phrase")
    description = factory.Faker("sentence")
    sort_order = factory.Sequence(int)

    @factory.post_generation
    def with_indicators(self, create, extracted, **kwargs):
        """Write an indicator at every level of the framework when asked."""
        if create and extracted:
            for level in self.domain.framework.levels.all():
                IndicatorFactory(competency=self, level=level)


class IndicatorFactory(DjangoModelFactory):
    class Meta:
        model = Indicator

    competency = factory.SubFactory(CompetencyFactory)
    level = factory.LazyAttribute(
        lambda o: o.competency.domain.framework.levels.order_by("value").first()
    )
    description = factory.Faker("sentence")


class CurriculumIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = CurriculumIndexPage

    title = "Curriculum"
    slug = "curriculum"


class ModulePageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = ModulePage

    title = factory.Sequence(lambda n: f"Module {n}")
    slug = factory.Sequence(lambda n: f"module-{n}")
    summary = factory.Faker("sentence")
    estimated_minutes = 90
    sector_focus = "both"
    audience = "New executive leaders"
    parent = factory.SubFactory(CurriculumIndexPageFactory)


class ModuleCompetencyFactory(DjangoModelFactory):
    class Meta:
        model = ModuleCompetency

    module = factory.SubFactory(ModulePageFactory)
    competency = factory.SubFactory(CompetencyFactory)
    target_level = 3


class LessonPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = LessonPage

    title = factory.Sequence(lambda n: f"Lesson {n}")
    slug = factory.Sequence(lambda n: f"lesson-{n}")
    estimated_minutes = 20
    parent = factory.SubFactory(ModulePageFactory)
    body = factory.LazyFunction(
        lambda: [
            ("markdown", "## Why it matters\n\nPartners act faster when they trust."),
            ("reflection", {"prompt": "Which partner do you trust most, and why?"}),
        ]
    )

    @factory.post_generation
    def questions(obj, create, extracted, **kwargs):
        """Give the lesson one bank question, or `questions=N` of them (0: none)."""
        if not create:
            return
        count = 1 if extracted is None else extracted
        for _n in range(count):
            QuestionFactory(module=obj.get_parent().specific, lesson=obj)


class PathwayPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = PathwayPage

    title = factory.Sequence(lambda n: f"Pathway {n}")
    slug = factory.Sequence(lambda n: f"pathway-{n}")
    role = "New county human services director"
    parent = factory.SubFactory(CurriculumIndexPageFactory)


class PathwayModuleFactory(DjangoModelFactory):
    class Meta:
        model = PathwayModule

    pathway = factory.SubFactory(PathwayPageFactory)
    module = factory.SubFactory(ModulePageFactory)


class QuestionFactory(DjangoModelFactory):
    """A single-choice question in a module's bank: one right, one wrong choice."""

    class Meta:
        model = Question

    module = factory.SubFactory(ModulePageFactory)
    lesson = None
    key = factory.Sequence(lambda n: f"question-{n}")
    kind = "single"
    prompt = "Which kind of trust grows from kept promises?"
    explanation = "Kept promises build a record partners rely on."
    sort_order = factory.Sequence(lambda n: n)

    @factory.post_generation
    def choices(obj, create, extracted, **kwargs):
        """`choices=[(text, correct), ...]`; by default one right, one wrong."""
        if not create:
            return
        wanted = extracted or [
            ("Transactional trust", True),
            ("Relational trust", False),
        ]
        for position, (text, correct) in enumerate(wanted):
            QuestionChoice.objects.create(
                question=obj,
                sort_order=position,
                text=text,
                correct=correct,
                feedback=f"{text}: {'yes' if correct else 'not this one'}.",
            )
