"""The program's resource library: guides, templates and agendas."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from ..blocks import ModuleBodyBlock


class GuideKind(models.TextChoices):
    GUIDE = "guide", _("Guide")
    TEMPLATE = "template", _("Template")
    AGENDA = "agenda", _("Agenda")


class ResourceLibraryPage(Page):
    introduction = RichTextField(blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("introduction")]
    subpage_types = ["curriculum.GuidePage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("resource library")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["guides"] = (
            GuidePage.objects.live()
            .public()
            .child_of(self)
            .only("title", "url_path", "summary", "audience", "kind", "path", "depth")
            .order_by("path")
        )
        return context


class GuidePage(Page):
    summary = models.TextField(_("summary"), max_length=400)
    audience = models.CharField(_("who it is for"), max_length=255, blank=True)
    kind = models.CharField(
        _("kind"), max_length=20, choices=GuideKind.choices, default=GuideKind.GUIDE
    )
    body = StreamField(ModuleBodyBlock(), blank=True)

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [FieldPanel("summary"), FieldPanel("audience"), FieldPanel("kind")],
            heading=_("About this resource"),
        ),
        FieldPanel("body"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("body"),
        index.FilterField("kind"),
    ]
    parent_page_types = ["curriculum.ResourceLibraryPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("program guide")
