"""StreamField blocks for modules and lessons; each renders through its own template."""

from django.core.exceptions import ValidationError
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageBlock

from .markdown import markdown_to_html


class MarkdownBlock(blocks.TextBlock):
    """Markdown source kept as written, rendered sanitised."""

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        context["html"] = mark_safe(markdown_to_html(value))  # noqa: S308 - sanitised
        return context

    def render_basic(self, value, context=None):
        return mark_safe(markdown_to_html(value))  # noqa: S308 - sanitised by nh3

    class Meta:
        icon = "code"
        label = _("Markdown")
        template = "curriculum/blocks/markdown.html"


class ResourceBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("Document"))
    title = blocks.CharBlock(
        required=False, label=_("Link text"), help_text=_("Defaults to the title.")
    )
    description = blocks.TextBlock(required=False, label=_("What it is for"))

    class Meta:
        icon = "doc-full"
        label = _("Downloadable resource")
        template = "curriculum/blocks/resource.html"


class CaseStudyBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"))
    kind = blocks.ChoiceBlock(
        choices=[("real", _("Real case")), ("composite", _("Composite"))],
        required=False,
        label=_("Real or composite"),
        help_text=_(
            "Say whether this retells a real, documented case (cite it in the "
            "lesson's sources) or a composite drawn from several."
        ),
    )
    body = blocks.RichTextBlock(
        features=["bold", "italic", "link", "ol", "ul", "h3"], label=_("Story")
    )

    class Meta:
        icon = "openquote"
        label = _("Case study")
        template = "curriculum/blocks/case_study.html"


class SourceBlock(blocks.StructBlock):
    """A work a lesson draws a finding or a real case from."""

    title = blocks.CharBlock(label=_("Title"))
    authors = blocks.CharBlock(required=False, label=_("Authors"))
    publisher = blocks.CharBlock(required=False, label=_("Publisher"))
    year = blocks.IntegerBlock(
        required=False, min_value=1900, max_value=2100, label=_("Year")
    )
    url = blocks.URLBlock(required=False, label=_("Address, where public"))

    def clean(self, value):
        value = super().clean(value)
        if not (value["authors"] or value["publisher"]):
            raise StructBlockValidationError(
                block_errors={
                    "publisher": ValidationError(
                        _("Name the publisher or the authors.")
                    )
                }
            )
        return value

    class Meta:
        icon = "link"
        label = _("Source")
        template = "curriculum/blocks/source.html"


class ReflectionPromptBlock(blocks.StructBlock):
    prompt = blocks.TextBlock(label=_("Prompt"))

    class Meta:
        icon = "edit"
        label = _("Reflection prompt")
        template = "curriculum/blocks/reflection_prompt.html"


class ModuleBodyBlock(blocks.StreamBlock):
    paragraph = blocks.RichTextBlock(
        features=["h2", "h3", "bold", "italic", "link", "ol", "ul"], label=_("Text")
    )
    markdown = MarkdownBlock()


class LessonBodyBlock(blocks.StreamBlock):
    paragraph = blocks.RichTextBlock(
        features=["h2", "h3", "bold", "italic", "link", "ol", "ul", "blockquote"],
        label=_("Text"),
        template="curriculum/blocks/paragraph.html",
    )
    markdown = MarkdownBlock()
    embed = EmbedBlock(
        label=_("Video or other embed"), template="curriculum/blocks/embed.html"
    )
    image = ImageBlock(label=_("Image"), template="curriculum/blocks/image.html")
    resource = ResourceBlock()
    case_study = CaseStudyBlock()
    reflection = ReflectionPromptBlock()
