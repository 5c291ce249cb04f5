import pytest
from django.urls import reverse

from academy.models import Credential
from academy.services.progress import enrolment_create
from tests.curriculum.factories import LessonPageFactory, ModulePageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def lessons(curriculum_index, learner):
    module = ModulePageFactory(parent=curriculum_index, title="Trust as infrastructure")
    made = [
        LessonPageFactory(
            parent=module, title=title, body=[("markdown", "Read.")], questions=0
        )
        for title in ("Two kinds of trust", "Repairing trust")
    ]
    enrolment_create(user=learner, module=module)
    return made


def test_the_last_lesson_says_the_module_is_complete_and_links_to_the_credential(
    client, learner, lessons, django_assert_max_num_queries
):
    client.force_login(learner)
    response = client.post(
        reverse("academy:lesson-complete", args=[lessons[0].pk]), follow=True
    )
    html = response.content.decode()
    assert "Go to the next lesson" in html
    assert "You have completed the module" not in html
    assert "View your credential" not in html

    response = client.post(
        reverse("academy:lesson-complete", args=[lessons[1].pk]), follow=True
    )
    html = response.content.decode()
    assert "You have completed this lesson." in html
    assert "You have completed the module “Trust as infrastructure”." in html
    credential = Credential.objects.get(user=learner)
    link = reverse("academy:credential-detail", args=[credential.public_id])
    assert f'href="{link}">View your credential</a>' in html
    assert client.get(link).status_code == 200

    with django_assert_max_num_queries(30):
        client.get(lessons[1].url)
