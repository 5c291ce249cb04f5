from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page


class HomePage(Page):
    """The demo site's front door: what the academy is and where to go next."""

    introduction = RichTextField(
        blank=True,
        features=["bold", "italic", "link"],
        help_text=_("A short paragraph under the page title."),
    )
    learner_text = models.TextField(
        blank=True, help_text=_("What new executive leaders find here.")
    )
    mentor_text = models.TextField(
        blank=True, help_text=_("What mentors and shadowing hosts find here.")
    )
    staff_text = models.TextField(
        blank=True, help_text=_("What program staff find here.")
    )

    content_panels = Page.content_panels + [
        FieldPanel("introduction"),
        MultiFieldPanel(
            [
                FieldPanel("learner_text"),
                FieldPanel("mentor_text"),
                FieldPanel("staff_text"),
            ],
            heading=_("Who the academy is for"),
        ),
    ]
    max_count = 1
    parent_page_types = ["wagtailcore.Page"]

    class Meta:
        verbose_name = _("home page")
