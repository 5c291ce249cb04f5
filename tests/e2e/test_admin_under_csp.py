import re

import pytest
from django.core.files.base import ContentFile
from playwright.sync_api import expect
from wagtail.embeds.embeds import get_embed_hash
from wagtail.embeds.models import Embed
from wagtail_factories import DocumentFactory

from tests.academy.factories import PASSWORD
from tests.curriculum.factories import LessonPageFactory, ModulePageFactory

# A browser test commits for real; the fixtures rebuild what a flush removes.
pytestmark = pytest.mark.django_db(transaction=True)

VIDEO = "https://www.youtube.com/watch?v=leading-across-sectors"


def _cached_video_embed() -> None:
    """What Wagtail's oEmbed finder would have stored for the lesson's video."""
    Embed.objects.create(
        url=VIDEO,
        hash=get_embed_hash(VIDEO),
        type="video",
        title="Leading across sectors",
        provider_name="YouTube",
        html=(
            '<iframe title="Leading across sectors" width="560" height="315" '
            'src="https://www.youtube-nocookie.com/embed/leading-across-sectors" '
            "allowfullscreen></iframe>"
        ),
    )


def _policy(response) -> dict[str, str]:
    parts = response.headers["content-security-policy"].split(";")
    return dict(part.strip().partition(" ")[::2] for part in parts)


def _log_in_to_admin(page, live_server, user) -> None:
    page.goto(live_server.url + "/admin/")
    page.get_by_label("Email:").fill(user.email)
    page.get_by_label("Password:", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))


def test_staff_edit_preview_and_check_a_lesson_with_a_video_and_a_document(
    page, new_context, live_server, curriculum_index, staff
):
    staff.is_superuser = True
    staff.save()
    _cached_video_embed()
    document = DocumentFactory(
        title="Partner map template",
        file=ContentFile(b"Partner, Sector, Trust\n", name="partner-map.txt"),
    )
    module = ModulePageFactory(parent=curriculum_index, title="Trust as infrastructure")
    lesson = LessonPageFactory(
        parent=module,
        title="Mapping your partners",
        body=[
            ("markdown", "Partners act faster when they trust each other."),
            ("embed", VIDEO),
            ("resource", {"document": document, "title": "", "description": ""}),
        ],
        questions=0,
    )
    _log_in_to_admin(page, live_server, staff)

    # The page editor, its StreamField, the live preview and Wagtail's own checks.
    editor = page.goto(f"{live_server.url}/admin/pages/{lesson.pk}/edit/")
    assert _policy(editor)["script-src"] == "'self' 'unsafe-inline'"
    assert _policy(editor)["style-src"] == "'self'"
    title = re.compile("Mapping your partners")
    expect(page.get_by_role("heading", name=title)).to_be_visible()
    page.get_by_role("button", name="Toggle preview").click()
    # Wagtail loads each preview into a fresh frame, then swaps it in.
    preview = page.frame_locator("iframe[title='Preview']").last
    expect(preview.get_by_role("heading", name="Mapping your partners")).to_be_visible()
    expect(preview.locator("iframe[title='Leading across sectors']")).to_be_attached()
    page.get_by_role("button", name="Toggle checks").click()
    expect(page.get_by_role("heading", name="Checks")).to_be_visible()
    page.get_by_role("button", name="Insert a block").first.click()
    page.get_by_role("option", name="Markdown").click()

    # The document and image libraries.
    page.goto(live_server.url + "/admin/documents/")
    expect(page.get_by_role("link", name="Partner map template")).to_be_visible()
    page.get_by_role("link", name="Partner map template").click()
    expect(page.get_by_role("textbox", name=re.compile("^Title"))).to_be_visible()
    page.goto(live_server.url + "/admin/images/")
    expect(page.get_by_role("heading", name="Images")).to_be_visible()

    # A visitor watches the video and downloads the document.
    visitor = new_context().new_page()
    visitor.set_default_timeout(10_000)
    lesson_page = visitor.goto(live_server.url + lesson.url)
    assert _policy(lesson_page)["script-src"] == "'self'"
    expect(visitor.locator("iframe[title='Leading across sectors']")).to_be_attached()
    with visitor.expect_download() as download:
        visitor.get_by_role("link", name="Partner map template").click()
    assert download.value.suggested_filename.startswith("partner-map")
