import datetime

import factory
from factory.django import DjangoModelFactory

from academy.models import Cohort, CohortMembership
from tests.academy.factories import LearnerFactory


class CohortFactory(DjangoModelFactory):
    class Meta:
        model = Cohort

    name = factory.Sequence(lambda n: f"Cohort {n}")
    start_date = factory.LazyFunction(lambda: datetime.date(2026, 1, 12))
    end_date = factory.LazyAttribute(
        lambda o: o.start_date + datetime.timedelta(weeks=12)
    )


class CohortMembershipFactory(DjangoModelFactory):
    class Meta:
        model = CohortMembership

    cohort = factory.SubFactory(CohortFactory)
    user = factory.SubFactory(LearnerFactory)
