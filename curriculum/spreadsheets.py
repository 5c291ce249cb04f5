"""Spreadsheet cells that cannot run as formulas: the one writer for every CSV export.

A spreadsheet that opens a CSV file runs a cell starting with "=", "+", "-" or "@"
(some also a tab or carriage return) as a formula, so text a learner or staff member
typed could open links or read other cells.  Following OWASP's advice, such text is
written with a single quote in front, which spreadsheets show as text.  Values the
code writes as numbers (int, float, Decimal) stay numbers: -0.5 is a value, not a
formula.  Text that merely looks like a number ("-2") is text and gets the quote.
A moment is written in ISO 8601 with its offset and whole seconds.

No Django here: the framework interchange (which has none) uses it too.
"""

from __future__ import annotations

import csv
import datetime
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
QUOTE = "'"


def iso_datetime(moment: datetime.datetime, tz: datetime.tzinfo | None = None) -> str:
    """Return ISO 8601 with the offset and whole seconds, in tz when given."""
    if tz is not None and moment.tzinfo is not None:
        moment = moment.astimezone(tz)
    return moment.replace(microsecond=0).isoformat()


def cell_neutralise(value: Any) -> Any:
    """Return a cell to write, formula-looking text prefixed with a single quote."""
    if isinstance(value, datetime.datetime):
        return iso_datetime(value)
    if value is None or isinstance(value, int | float | Decimal):
        return value
    text = str(value)
    return QUOTE + text if text.startswith(FORMULA_TRIGGERS) else text


def cell_restore(text: str) -> str:
    """Remove the quote cell_neutralise added, so a read-back keeps the text exact."""
    if text.startswith(QUOTE) and text[1:2] and text[1] in FORMULA_TRIGGERS:
        return text[1:]
    return text


class SafeCsvWriter:
    """A csv.writer that passes every cell through cell_neutralise."""

    def __init__(self, stream, dialect: str | csv.Dialect = "excel", **fmtparams):
        self._writer = csv.writer(stream, dialect, **fmtparams)

    @property
    def dialect(self):
        return self._writer.dialect

    def writerow(self, row: Iterable[Any]):
        return self._writer.writerow([cell_neutralise(cell) for cell in row])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


def csv_writer(
    stream, dialect: str | csv.Dialect = "excel", **fmtparams
) -> SafeCsvWriter:
    """Return a writer like csv.writer whose text cells cannot run as formulas."""
    return SafeCsvWriter(stream, dialect, **fmtparams)


class SafeSpreadsheetExportMixin:
    """Keep text as text in the CSV and XLSX exports of a ReportView it precedes."""

    def preprocess_field_value(self, field, value, export_format):
        if export_format == self.FORMAT_CSV and isinstance(value, datetime.datetime):
            # The reader's zone: the request activated it.
            from django.utils import timezone

            return iso_datetime(value, timezone.get_current_timezone())
        value = super().preprocess_field_value(field, value, export_format)
        if export_format == self.FORMAT_CSV:
            return cell_neutralise(value)
        return value

    def write_csv_response(self, queryset):
        # Say the encoding, or spreadsheet programs guess and mangle "–" and "’".
        response = super().write_csv_response(queryset)
        response["Content-Type"] = "text/csv; charset=utf-8"
        return response

    # XLSX needs no quote, as a cell has a type; but openpyxl guesses the type from
    # the text, making "=..." a formula and "#N/A" an error value.
    def generate_xlsx_row(self, worksheet, row_dict, date_format=None):
        for cell in super().generate_xlsx_row(worksheet, row_dict, date_format):
            if isinstance(cell.value, str):
                cell.data_type = "s"
            yield cell
