import factory
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from curriculum.app_settings import program_staff_group_name

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
            EmailAddress.objects.get_or_create(
                user=self,
                email=self.email,
                defaults={"verified": True, "primary": True},
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


class KnowledgeCheckAttemptFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "academy.KnowledgeCheckAttempt"

    user = factory.SubFactory(LearnerFactory)
    lesson = factory.SubFactory("tests.curriculum.factories.LessonPageFactory")
    block_id = factory.Faker("uuid4")
    choice = 0
    choice_text = "Transactional trust"
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
