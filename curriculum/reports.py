"""Shared pieces of the academy's admin reports."""

from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.widgets import HeaderButton


class ChoiceFormReportMixin:
    """A report that reads its own choice (a cohort, a module) from its filter set
    and shows the choice as a form on the page, not as filters that narrow a list.

    `choice_form_name` is the context name the report's template reads the form by.
    """

    choice_form_name = "choice_form"

    def filter_queryset(self, queryset):
        return queryset

    @cached_property
    def active_filters(self):
        # The form and the title already say what is shown; no filter pills.
        return []

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context[self.choice_form_name] = self.filters.form if self.filters else None
        context.pop("filters", None)
        return context


class ReportDownloadButtonsMixin:
    """Show a report's CSV and XLSX downloads as header buttons, not under "…"."""

    @cached_property
    def header_more_buttons(self):
        export_urls = {self.csv_export_url, self.xlsx_export_url}
        return [
            button
            for button in super().header_more_buttons
            if getattr(button, "url", None) not in export_urls
        ]

    @cached_property
    def header_buttons(self):
        buttons = list(super().header_buttons)
        if self.show_export_buttons:
            buttons += [
                HeaderButton(
                    _("Download CSV"),
                    url=self.csv_export_url,
                    icon_name="download",
                    priority=90,
                ),
                HeaderButton(
                    _("Download XLSX"),
                    url=self.xlsx_export_url,
                    icon_name="download",
                    priority=100,
                ),
            ]
        return buttons
