import factory
from django.contrib.auth.models import Group

from curriculum.app_settings import mentor_group_name
from tests.academy.factories import UserFactory


class MentorFactory(UserFactory):
    """An experienced leader who mentors or hosts shadowing visits."""

    @factory.post_generation
    def mentor_group(self, create, extracted, **kwargs):
        if create:
            self.groups.add(Group.objects.get_or_create(name=mentor_group_name())[0])
