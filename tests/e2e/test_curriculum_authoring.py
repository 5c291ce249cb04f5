import re

import pytest
from django.contrib.auth.models import Group, Permission
from playwright.sync_api import expect
from wagtail.models import (
    GroupApprovalTask,
    GroupPagePermission,
    Page,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from tests.academy.factories import PASSWORD
from tests.curriculum.factories import (
    CompetencyFactory,
    DomainFactory,
    LessonPageFactory,
    ModulePageFactory,
)
from tests.e2e.accessibility import serious_violations

# A browser test commits for real; the fixtures rebuild what a flush removes.
pytestmark = pytest.mark.django_db(transaction=True)

MODULE_TITLE = "Leading through a merger"
MODULE_SUMMARY = "How to bring two organizations' staff and partners through change."
LESSON_TITLE = "Mapping your partners"
LESSON_TEXT = "Partners act faster when they trust the people they work with."


def grant_editors_page_permissions():
    """Let Editors add, change and publish pages anywhere, as Wagtail's install does.

    A transactional test's flush can leave the Editors group without the page
    permissions that Wagtail's migrations gave it.
    """
    editors, _ = Group.objects.get_or_create(name="Editors")
    root = Page.get_first_root_node()
    for codename in ("add_page", "change_page", "publish_page"):
        GroupPagePermission.objects.get_or_create(
            group=editors,
            page=root,
            permission=Permission.objects.get(
                content_type__app_label="wagtailcore",
                content_type__model="page",
                codename=codename,
            ),
        )


def publish(page):
    """Open the footer's action menu next to "Save draft" and publish."""
    actions = page.get_by_role("navigation", name="Actions (footer)")
    actions.get_by_role("button", name="More actions").click()
    actions.get_by_role("button", name="Publish", exact=True).click()


def test_staff_author_a_module_and_lesson_that_visitors_can_read(
    page, new_context, live_server, curriculum_index, framework, staff
):
    competency = CompetencyFactory(
        domain=DomainFactory(framework=framework, code="P", name="Partnership"),
        code="P.1",
        name="Builds trust across sectors",
    )
    grant_editors_page_permissions()

    # Program staff log in to the admin through the site's own log-in page.
    page.goto(live_server.url + "/admin/")
    expect(page.get_by_role("heading", name="Sign In")).to_be_visible()
    page.get_by_label("Email:").fill(staff.email)
    page.get_by_label("Password:", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))

    # A module under the curriculum index, developing one competency.
    page.goto(f"{live_server.url}/admin/pages/{curriculum_index.pk}/add_subpage/")
    page.get_by_role("link", name="Module", exact=True).click()
    expect(page.get_by_role("heading", name="New: Module")).to_be_visible()
    page.get_by_role("textbox", name=re.compile(r"^Title")).fill(MODULE_TITLE)
    page.get_by_role("textbox", name=re.compile(r"^Summary")).fill(MODULE_SUMMARY)
    page.get_by_role("button", name="Add competency").click()
    page.get_by_role("button", name="Choose competency").click()
    page.get_by_role("dialog").get_by_role("link", name=competency.name).click()
    publish(page)
    expect(
        page.get_by_text(f"Page '{MODULE_TITLE}' created and published")
    ).to_be_visible()

    # A lesson in that module, with a Markdown block in its body.
    page.get_by_role("link", name=f"Add a child page to '{MODULE_TITLE}'").click()
    expect(page.get_by_role("heading", name="New: Lesson")).to_be_visible()
    page.get_by_role("textbox", name=re.compile(r"^Title")).fill(LESSON_TITLE)
    page.locator("#body-root").get_by_role("button", name="Insert a block").click()
    page.get_by_role("option", name="Markdown").click()
    markdown = page.get_by_role("region", name=re.compile(r"^Markdown"))
    markdown.get_by_role("textbox").fill(f"## Who you rely on\n\n{LESSON_TEXT}")
    publish(page)
    expect(
        page.get_by_text(f"Page '{LESSON_TITLE}' created and published")
    ).to_be_visible()

    # A visitor, not logged in, finds the module and reads the lesson.
    visitor = new_context().new_page()
    visitor.set_default_timeout(10_000)
    visitor.goto(live_server.url + curriculum_index.url)
    expect(visitor.get_by_role("heading", level=1)).to_have_text("Curriculum")
    modules = visitor.get_by_role("region", name=re.compile(r"^Modules"))
    expect(modules.get_by_role("link", name=MODULE_TITLE)).to_be_visible()
    expect(modules.get_by_text(MODULE_SUMMARY)).to_be_visible()
    expect(modules.get_by_text(competency.code, exact=True)).to_be_visible()
    assert serious_violations(visitor) == []

    modules.get_by_role("link", name=MODULE_TITLE).click()
    expect(visitor.get_by_role("heading", level=1)).to_have_text(MODULE_TITLE)
    expect(visitor.get_by_text(MODULE_SUMMARY)).to_be_visible()
    lessons = visitor.get_by_role("region", name="Lessons")
    expect(lessons.get_by_role("link", name=LESSON_TITLE)).to_be_visible()
    assert serious_violations(visitor) == []

    lessons.get_by_role("link", name=LESSON_TITLE).click()
    expect(visitor.get_by_role("heading", level=1)).to_have_text(LESSON_TITLE)
    expect(visitor.get_by_role("heading", name="Who you rely on")).to_be_visible()
    expect(visitor.get_by_text(LESSON_TEXT)).to_be_visible()
    assert serious_violations(visitor) == []


def moderators_approval_on_every_page():
    """Wagtail's own install: every page is submitted to an (empty) Moderators group."""
    moderators, _ = Group.objects.get_or_create(name="Moderators")
    task = GroupApprovalTask.objects.create(name="Moderators approval")
    task.groups.set([moderators])
    workflow = Workflow.objects.create(name="Moderators approval")
    WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    WorkflowPage.objects.update_or_create(
        page=Page.get_first_root_node(), defaults={"workflow": workflow}
    )


def test_program_staff_write_preview_and_publish_a_lesson_themselves(
    page, new_context, live_server, curriculum_index, staff
):
    module = ModulePageFactory(parent=curriculum_index, title="Governing together")
    LessonPageFactory(parent=module, title="Who sits at the table")
    moderators_approval_on_every_page()

    # Program staff log in; their group alone lets them work on the curriculum.
    page.goto(live_server.url + "/admin/")
    page.get_by_label("Email:").fill(staff.email)
    page.get_by_label("Password:", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))

    # A new lesson in the module.
    page.goto(f"{live_server.url}/admin/pages/{module.pk}/add_subpage/")
    expect(page.get_by_role("heading", name="New: Lesson")).to_be_visible()
    page.get_by_role("textbox", name=re.compile(r"^Title")).fill(
        "Chairing a joint board"
    )
    page.locator("#body-root").get_by_role("button", name="Insert a block").click()
    page.get_by_role("option", name="Markdown").click()
    markdown = page.get_by_role("region", name=re.compile(r"^Markdown"))
    markdown.get_by_role("textbox").fill(
        "A joint board works when every sector speaks."
    )

    # The preview shows the lesson as learners will see it, second in its module.
    page.get_by_role("button", name="Toggle preview").click()
    preview = page.frame_locator("iframe[title='Preview']").last
    expect(
        preview.get_by_role("heading", name="Chairing a joint board")
    ).to_be_visible()
    expect(preview.get_by_text("Lesson 2 of 2")).to_be_visible()
    page.get_by_role("button", name="Toggle preview").click()

    # Publishing goes straight through; no moderator has to approve it.
    publish(page)
    expect(
        page.get_by_text("Page 'Chairing a joint board' created and published")
    ).to_be_visible()

    # A visitor reads it on the live site.
    visitor = new_context().new_page()
    visitor.set_default_timeout(10_000)
    visitor.goto(live_server.url + module.url)
    lessons = visitor.get_by_role("region", name="Lessons")
    lessons.get_by_role("link", name="Chairing a joint board").click()
    expect(visitor.get_by_role("heading", level=1)).to_have_text(
        "Chairing a joint board"
    )
    expect(visitor.get_by_text("every sector speaks")).to_be_visible()
    assert serious_violations(visitor) == []
