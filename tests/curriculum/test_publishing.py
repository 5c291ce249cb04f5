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


@pytest.fixture
def moderation_everywhere():
    """Wagtail's own default: every page goes to the Moderators for approval."""
    from django.contrib.auth.models import Group
    from wagtail.models import Page

    moderators = Group.objects.get_or_create(name="Moderators")[0]
    task = GroupApprovalTask.objects.create(name="Moderators approval")
    task.groups.set([moderators])
    workflow = Workflow.objects.create(name="Moderators approval")
    WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    WorkflowPage.objects.update_or_create(
        page=Page.get_first_root_node(), defaults={"workflow": workflow}
    )
    return workflow


def test_program_staff_publish_a_new_lesson_without_waiting_for_moderators(
    client, staff, pages, moderation_everywhere
):
    from django.urls import reverse
    from wagtail.test.utils.form_data import nested_form_data, streamfield

    from curriculum.models import LessonPage

    client.force_login(staff)
    url = reverse(
        "wagtailadmin_pages:add",
        args=["curriculum", "lessonpage", pages["module"].pk],
    )
    form = client.get(url).content.decode()
    assert 'name="action-publish"' in form

    response = client.post(
        url,
        nested_form_data(
            {
                "title": "Chairing a joint board",
                "slug": "chairing-a-joint-board",
                "estimated_minutes": 15,
                "body": streamfield([]),
                "sources": streamfield([]),
                "action-publish": "action-publish",
            }
        ),
    )
    assert response.status_code == 302
    lesson = LessonPage.objects.get(slug="chairing-a-joint-board")
    assert lesson.live
    assert not lesson.workflow_states.exists()
    assert "Chairing a joint board" in client.get(lesson.url).content.decode()


def test_program_staff_can_publish_an_edited_lesson(client, staff, pages):
    from django.urls import reverse

    client.force_login(staff)
    response = client.get(reverse("wagtailadmin_pages:edit", args=[pages["lesson"].pk]))
    assert 'name="action-publish"' in response.content.decode()


def test_a_host_sites_existing_curriculum_opens_to_program_staff_on_migrate(pages):
    from django.apps import apps
    from wagtail.models import GroupPagePermission

    from curriculum.permissions import program_staff_group_grant

    GroupPagePermission.objects.filter(group__name="Program staff").delete()
    program_staff_group_grant(app_config=apps.get_app_config("curriculum"))
    granted = GroupPagePermission.objects.filter(
        group__name="Program staff", page=pages["index"]
    ).values_list("permission__codename", flat=True)
    assert set(granted) == {"add_page", "change_page", "publish_page"}


def test_the_preview_of_a_new_lesson_numbers_it_after_the_modules_lessons(
    client, staff, pages
):
    from django.urls import reverse
    from wagtail.test.utils.form_data import nested_form_data, streamfield

    LessonPageFactory(parent=pages["module"], title="Who sits at the table")
    client.force_login(staff)
    url = reverse(
        "wagtailadmin_pages:preview_on_add",
        args=["curriculum", "lessonpage", pages["module"].pk],
    )
    data = nested_form_data(
        {
            "title": "Chairing a joint board",
            "slug": "chairing-a-joint-board",
            "estimated_minutes": 15,
            "body": streamfield([]),
            "sources": streamfield([]),
        }
    )
    assert client.post(url, data).json()["is_valid"]
    preview = client.get(url).content.decode()
    assert "Chairing a joint board" in preview
    assert "Lesson 3 of 3" in preview


def test_the_preview_of_an_unpublished_lesson_numbers_it_in_place(client, staff, pages):
    from django.urls import reverse

    draft = LessonPageFactory(parent=pages["module"], title="Who sits at the table")
    draft.unpublish()
    LessonPageFactory(parent=pages["module"], title="Closing the loop")
    client.force_login(staff)
    url = reverse("wagtailadmin_pages:view_draft", args=[draft.pk])
    assert "Lesson 2 of 3" in client.get(url).content.decode()


def test_an_index_program_staff_draft_elsewhere_does_not_let_them_publish_there(
    staff, home_page, moderation_everywhere
):
    from django.core.management import call_command
    from wagtail.models import Page

    from curriculum.models import CurriculumIndexPage

    rogue = CurriculumIndexPage(title="Rogue", slug="rogue", owner=staff)
    home_page.add_child(instance=rogue)
    call_command("migrate", verbosity=0)  # the grant that runs on every migrate too

    rogue_perms = Page.objects.get(pk=rogue.pk).permissions_for_user(staff)
    assert not rogue_perms.can_publish()
    trusted = CurriculumIndexPage(title="Curriculum", slug="curriculum-two")
    home_page.add_child(instance=trusted)
    staff = type(staff).objects.get(pk=staff.pk)  # permissions are cached per object
    assert Page.objects.get(pk=trusted.pk).permissions_for_user(staff).can_publish()
