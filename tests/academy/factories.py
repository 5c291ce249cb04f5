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
