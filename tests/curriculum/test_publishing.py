import io
import time
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import GroupApprovalTask, Workflow, WorkflowPage, WorkflowTask

from tests.curriculum.factories import (
    LessonPageFactory,
    ModulePageFactory,
    PathwayPageFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def pages(curriculum_index):
    module = ModulePageFactory(parent=curriculum_index, title="Governing together")
    return {
        "index": curriculum_index,
        "module": module,
        "lesson": LessonPageFactory(
            parent=module, title="Boards that represent sectors"
        ),
        "pathway": PathwayPageFactory(parent=curriculum_index, title="CBO executive"),
    }


@pytest.mark.parametrize("kind", ["index", "module", "lesson", "pathway"])
def test_every_curriculum_page_previews_a_draft(pages, kind):
    page = pages[kind]
    page.title = f"{page.title} (draft)"
    page.save_revision()
    draft = page.get_latest_revision_as_object()
    response = draft.make_preview_request()
    assert response.status_code == 200
    assert f"{page.title}" in response.content.decode()
    page.refresh_from_db()
    assert page.has_unpublished_changes


def test_a_module_scheduled_for_later_goes_live_on_time(client, pages):
    module = ModulePageFactory(parent=pages["index"], title="Next month's module")
    module.unpublish()
    module.go_live_at = timezone.now() + timedelta(seconds=1)
    module.save_revision().publish()
    module.refresh_from_db()
    assert not module.live
    assert "Next month" not in client.get(pages["index"].url).content.decode()

    time.sleep(1.2)  # let the scheduled moment pass
    call_command("publish_scheduled", stdout=io.StringIO())
    module.refresh_from_db()
    assert module.live
    assert "Next month" in client.get(pages["index"].url).content.decode()


def test_a_lesson_goes_through_the_moderation_workflow(pages, staff, learner):
    from django.contrib.auth.models import Group, Permission
    from wagtail.models import GroupPagePermission

    moderators = Group.objects.get_or_create(name="Moderators")[0]
    staff.groups.add(moderators)
    for codename in ("change_page", "publish_page"):
        GroupPagePermission.objects.get_or_create(
            group=moderators,
            page=pages["index"],
            permission=Permission.objects.get(
                content_type__app_label="wagtailcore", codename=codename
            ),
        )
    task = GroupApprovalTask.objects.create(name="Program review")
    task.groups.set([moderators])
    workflow = Workflow.objects.create(name="Curriculum review")
    WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    WorkflowPage.objects.create(workflow=workflow, page=pages["index"])

    lesson = pages["lesson"]
    lesson.title = "Boards that speak for sectors"
    lesson.save_revision(user=learner)
    state = workflow.start(lesson, learner)
    assert state.status == "in_progress"
    state.current_task_state.task.specific.on_action(
        state.current_task_state, staff, "approve"
    )
    lesson.refresh_from_db()
    state.refresh_from_db()
    assert state.status == "approved"
    assert lesson.title == "Boards that speak for sectors"
    assert lesson.live
