import io

from django.http import HttpResponse
from django.template.loader import render_to_string
from django.template.response import TemplateResponse

from curriculum.spreadsheets import csv_writer

from ..decorators import learner_required
from ..selectors.journal import reflection_journal
from ..timezones import iso_local


@learner_required
def journal(request):
    return TemplateResponse(
        request,
        "academy/journal.html",
        {"reflections": reflection_journal(user=request.user)},
    )


@learner_required
def journal_export(request, fmt: str):
    """Download every reflection as Markdown (to read) or CSV (for a spreadsheet)."""
    reflections = reflection_journal(user=request.user)
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv_writer(buffer)
        writer.writerow(["lesson", "prompt", "reflection", "updated"])
        for item in reflections:
            writer.writerow(
                [item.lesson.title, item.prompt, item.text, iso_local(item.updated_at)]
            )
        response = HttpResponse(
            buffer.getvalue(), content_type="text/csv; charset=utf-8"
        )
    else:
        text = render_to_string(
            "academy/journal_export.md",
            {"reflections": reflections, "user": request.user},
        )
        response = HttpResponse(text, content_type="text/markdown; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="reflections.{fmt}"'
    return response
