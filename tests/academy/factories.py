import datetime

import factory
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone
from factory.django import DjangoModelFactory

from academy.models import (
    AssessmentWindow,
    Cohort,
    CohortInvitation,
    CohortMembership,
    Credential,
    Rating,
    SelfAssessment,
    TargetLevel,
)
from curriculum.conf import program_staff_group_name
from tests.curriculum.factories import (
    CompetencyFactory,
    FrameworkFactory,
    ModulePageFactory,
)

PASSWORD = "a-long-test-passphrase"  # noqa: S105


class UserFactory(factory.django.DjangoModelFactory):
    """A person with a verified email who can log in with PASSWORD."""

    class Meta:
        model = get_user_model()
        django_get_or_create = ("email",)
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    username = factory.LazyAttribute(lambda o: o.email)
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def verified_email(self, create, extracted, **kwargs):
        if create:
            self.save()
            # verified_email=False gives an account that has not confirmed its address.
            EmailAddress.objects.get_or_create(
                user=self,
                email=self.email,
                defaults={"verified": extracted is not False, "primary": True},
            )


class ProgramStaffFactory(UserFactory):
    """A Wagtail editor in the program-staff group."""

    @factory.post_generation
    def staff_groups(self, create, extracted, **kwargs):
        if create:
            for name in (program_staff_group_name(), "Editors"):
                self.groups.add(Group.objects.get_or_create(name=name)[0])


class LearnerProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "academy.LearnerProfile"

    user = factory.SubFactory(UserFactory)
    sector = "local"
    organization = factory.Faker("company")
    job_title = "Deputy director"
    state = "NC"
    years_in_executive_role = 1


class LearnerFactory(UserFactory):
    """A user who has completed the onboarding profile."""

    profile = factory.RelatedFactory(LearnerProfileFactory, factory_related_name="user")


class EnrolmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "academy.Enrolment"

    user = factory.SubFactory(LearnerFactory)
    module = factory.SubFactory("tests.curriculum.factories.ModulePageFactory")


class LessonProgressFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "academy.LessonProgress"

    user = factory.SubFactory(LearnerFactory)
    lesson = factory.SubFactory("tests.curriculum.factories.LessonPageFactory")


class QuestionAnswerFactory(factory.django.DjangoModelFactory):
    """A right answer to a lesson's question, as the learner saw it."""

    class Meta:
        model = "academy.QuestionAnswer"

    user = factory.SubFactory(LearnerFactory)
    lesson = factory.SubFactory(
        "tests.curriculum.factories.LessonPageFactory", questions=0
    )
    question = factory.SubFactory(
        "tests.curriculum.factories.QuestionFactory",
        lesson=factory.SelfAttribute("..lesson"),
        module=factory.LazyAttribute(lambda o: o.lesson.get_parent().specific),
    )
    question_text = factory.SelfAttribute("question.prompt")
    response_text = "Transactional trust"
    correct = True


class ReflectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "academy.Reflection"

    user = factory.SubFactory(LearnerFactory)
    lesson = factory.SubFactory("tests.curriculum.factories.LessonPageFactory")
    block_id = factory.Faker("uuid4")
    prompt = "Which partner do you trust most, and why?"
    text = factory.Faker("paragraph")


def wagtail_editors_group() -> Group:
    """Wagtail's Editors group with admin access, even after a browser test's flush."""
    from django.contrib.auth.models import Permission

    group = Group.objects.get_or_create(name="Editors")[0]
    group.permissions.add(
        Permission.objects.get(
            content_type__app_label="wagtailadmin", codename="access_admin"
        )
    )
    return group


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


def _frozen_competencies(credential) -> list[dict]:
    """Freeze the module's competency targets the way credential_issue does."""
    targets = credential.module.competency_targets.select_related(
        "competency__domain__framework"
    )
    return [
        {
            "identifier": t.competency.identifier,
            "framework": t.competency.domain.framework.identifier,
            "code": t.competency.code,
            "name": t.competency.name,
            "target_level": t.target_level,
        }
        for t in targets
    ]


class CredentialFactory(DjangoModelFactory):
    """A credential for a completed module, frozen from the module as issued."""

    class Meta:
        model = Credential

    user = factory.SubFactory(UserFactory)
    module = factory.SubFactory(ModulePageFactory)
    recipient_name = factory.LazyAttribute(
        lambda o: o.user.get_full_name() or o.user.email
    )
    module_title = factory.LazyAttribute(lambda o: o.module.title)
    competencies = factory.LazyAttribute(_frozen_competencies)


class RevokedCredentialFactory(CredentialFactory):
    """A credential staff withdrew, with the reason they gave."""

    revoked_at = factory.LazyFunction(timezone.now)
    revoked_reason = "Issued in error: the module was not completed."


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

    assessment = factory.SubFactory("tests.academy.factories.SelfAssessmentFactory")
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


class CohortInvitationFactory(DjangoModelFactory):
    """An address invited to a cohort that has no verified account yet."""

    class Meta:
        model = CohortInvitation

    cohort = factory.SubFactory(CohortFactory)
    email = factory.Sequence(lambda n: f"invitee{n}@example.org")
