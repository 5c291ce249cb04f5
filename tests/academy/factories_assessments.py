import datetime

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from academy.models import AssessmentWindow, Rating, SelfAssessment, TargetLevel
from tests.academy.factories import LearnerFactory
from tests.academy.factories_cohorts import CohortFactory
from tests.curriculum.factories import CompetencyFactory, FrameworkFactory


class AssessmentWindowFactory(DjangoModelFactory):
    class Meta:
        model = AssessmentWindow

    cohort = factory.SubFactory(CohortFactory)
    kind = "baseline"
    opens_on = factory.LazyFunction(lambda: datetime.date(2026, 1, 12))
    closes_on = factory.LazyAttribute(
        lambda o: o.opens_on + datetime.timedelta(weeks=2)
    )


class RatingFactory(DjangoModelFactory):
    """A rating carrying the snapshot a submission freezes into it."""

    class Meta:
        model = Rating

    assessment = factory.SubFactory(
        "tests.academy.factories_assessments.SelfAssessmentFactory"
    )
    competency = factory.SubFactory(CompetencyFactory)
    level = 2
    note = ""
    competency_code = factory.LazyAttribute(lambda o: o.competency.code)
    competency_name = factory.LazyAttribute(lambda o: o.competency.name)
    domain_code = factory.LazyAttribute(lambda o: o.competency.domain.code)
    domain_name = factory.LazyAttribute(lambda o: o.competency.domain.name)


class SelfAssessmentFactory(DjangoModelFactory):
    """A draft, or with submitted=True a frozen submission with the given levels.

    Pass levels={competency: level or None} to rate before the assessment freezes.
    """

    class Meta:
        model = SelfAssessment
        skip_postgeneration_save = True

    user = factory.SubFactory(LearnerFactory)
    framework = factory.SubFactory(FrameworkFactory)
    window = None
    kind = factory.LazyAttribute(lambda o: o.window.kind if o.window else "anytime")

    @factory.post_generation
    def levels(self, create, extracted, **kwargs):
        if create and extracted:
            for competency, level in extracted.items():
                RatingFactory(assessment=self, competency=competency, level=level)

    @factory.post_generation
    def submitted(self, create, extracted, **kwargs):
        if create and extracted:
            when = extracted if isinstance(extracted, datetime.datetime) else None
            self.submitted_at = when or timezone.now()
            # Still a draft in the database, so the frozen guard lets this through.
            SelfAssessment.objects.filter(pk=self.pk).update(
                submitted_at=self.submitted_at
            )


class TargetLevelFactory(DjangoModelFactory):
    class Meta:
        model = TargetLevel

    pathway = None
    competency = factory.SubFactory(CompetencyFactory)
    level = 3
