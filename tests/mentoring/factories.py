from datetime import timedelta
from decimal import Decimal

import factory
from django.contrib.auth.models import Group
from django.utils import timezone

from curriculum.conf import mentor_group_name
from mentoring.models import (
    CheckIn,
    MatchingRound,
    MentoringRequest,
    MentorProfile,
    MentorStrength,
    Pair,
    PairEvent,
    PairGoal,
    PairKind,
    PairState,
    ShadowingPlacement,
    ShadowingVisit,
)
from tests.academy.factories import LearnerFactory, UserFactory


class MentorFactory(UserFactory):
    """An experienced leader who mentors or hosts shadowing visits."""

    @factory.post_generation
    def mentor_group(self, create, extracted, **kwargs):
        if create:
            self.groups.add(Group.objects.get_or_create(name=mentor_group_name())[0])


class MentorProfileFactory(factory.django.DjangoModelFactory):
    """A mentor's profile: a CBO director in North Carolina with two places."""

    class Meta:
        model = MentorProfile
        django_get_or_create = ("user",)

    user = factory.SubFactory(UserFactory)
    sector = "cbo"
    organization = factory.Faker("company")
    role = "Executive director"
    state = "NC"
    bio = factory.Faker("sentence")
    capacity = 2
    accepting = True
    hosts_shadowing = True
    offers_virtual = True
    offers_in_person = True
    host_region = "The Charlotte metro area"


class MentorStrengthFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MentorStrength

    mentor = factory.SubFactory(MentorProfileFactory)
    competency = factory.SubFactory("tests.curriculum.factories.CompetencyFactory")
    level = 3


class MentoringRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MentoringRequest
        skip_postgeneration_save = True

    learner = factory.SubFactory(LearnerFactory)
    kind = "mentoring"
    goals = factory.Faker("paragraph")
    wants_virtual = True
    wants_in_person = False
    status = MentoringRequest.Status.OPEN

    @factory.post_generation
    def competencies(self, create, extracted, **kwargs):
        if create and extracted:
            self.competencies.set(extracted)


class MatchingRoundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MatchingRound

    name = factory.Sequence(lambda n: f"Spring round {n}")


class PairFactory(factory.django.DjangoModelFactory):
    """An active mentoring pair; its mentor always has a mentor profile."""

    class Meta:
        model = Pair
        skip_postgeneration_save = True

    class Params:
        offered = factory.Trait(
            state=PairState.OFFERED,
            started_at=None,
            mentor_accepted_at=None,
            learner_accepted_at=None,
        )
        shadowing = factory.Trait(kind=PairKind.SHADOWING)

    kind = PairKind.MENTORING
    mentor = factory.SubFactory(MentorFactory)
    learner = factory.SubFactory(LearnerFactory)
    state = PairState.ACTIVE
    offered_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=10))
    mentor_accepted_at = factory.LazyFunction(
        lambda: timezone.now() - timedelta(days=9)
    )
    learner_accepted_at = factory.LazyFunction(
        lambda: timezone.now() - timedelta(days=8)
    )
    started_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=8))

    @factory.post_generation
    def mentor_profile(self, create, extracted, **kwargs):
        """Give the mentor a profile, as pair_create requires (pass False to skip)."""
        if create and extracted is not False:
            MentorProfileFactory(user=self.mentor, **kwargs)


class PairEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PairEvent

    pair = factory.SubFactory(PairFactory)
    from_state = PairState.OFFERED
    to_state = PairState.ACTIVE
    actor = factory.SelfAttribute("pair.learner")


class PairGoalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PairGoal

    pair = factory.SubFactory(PairFactory)
    text = factory.Faker("sentence")
    competency = None
    added_by = factory.SelfAttribute("pair.learner")


class CheckInFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CheckIn
        skip_postgeneration_save = True

    pair = factory.SubFactory(PairFactory)
    met_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=3))
    minutes = 45
    notes = factory.Faker("paragraph")
    next_steps = factory.Faker("sentence")
    next_checkin_on = factory.LazyAttribute(lambda o: o.met_on + timedelta(days=21))
    logged_by = factory.SelfAttribute("pair.mentor")

    @factory.post_generation
    def competencies(self, create, extracted, **kwargs):
        if create and extracted:
            self.competencies.set(extracted)


class ShadowingPlacementFactory(factory.django.DjangoModelFactory):
    """A first visit with its learning agreement, not yet confirmed.

    For the return visit, pass `mentor_visits=True, reciprocal_of=first`.
    """

    class Meta:
        model = ShadowingPlacement
        skip_postgeneration_save = True

    class Params:
        confirmed = factory.Trait(
            host_confirmed_at=factory.LazyFunction(timezone.now),
            visitor_confirmed_at=factory.LazyFunction(timezone.now),
        )

    pair = factory.SubFactory(PairFactory, kind=PairKind.SHADOWING)
    mentor_visits = False
    host_organization = factory.Faker("company")
    site = factory.Faker("address")
    starts_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=7))
    ends_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=30))
    objectives = factory.Faker("paragraph")
    planned_hours = 16
    confidentiality_rules = "Client names stay in the building."
    visitor_rules = "Sign in at the front desk."

    @factory.post_generation
    def competencies(self, create, extracted, **kwargs):
        if create and extracted:
            self.competencies.set(extracted)


class ShadowingVisitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ShadowingVisit

    placement = factory.SubFactory(ShadowingPlacementFactory, confirmed=True)
    visited_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=1))
    hours = Decimal("4.0")
    reflection = factory.Faker("paragraph")
    logged_by = factory.SelfAttribute("placement.visitor")
