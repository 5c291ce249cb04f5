"""Competency frameworks in interchange formats (CASE JSON, Moodle CSV), no Django."""

from __future__ import annotations

import csv
import json

from .case import UNPLACED_CODE, parse_case, render_case, unplaced_domain_id
from .moodle_csv import parse_moodle_csv, render_moodle_csv
from .spec import (
    CompetencySpec,
    DomainSpec,
    FrameworkSpec,
    InterchangeError,
    LevelSpec,
    spec_text_check,
    text_check,
)

__all__ = [
    "UNPLACED_CODE",
    "CompetencySpec",
    "DomainSpec",
    "FrameworkSpec",
    "InterchangeError",
    "LevelSpec",
    "parse_case",
    "parse_framework_file",
    "parse_moodle_csv",
    "read_framework_text",
    "render_case",
    "render_moodle_csv",
    "unplaced_domain_id",
]


def read_framework_text(content: bytes) -> str:
    """Decode a framework file as UTF-8 text without control characters."""
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InterchangeError(
            f"The file is not UTF-8 text (bad byte at position {exc.start}); "
            "save it as UTF-8 and try again."
        ) from None
    text_check(text)
    return text


def parse_framework_file(content: bytes, *, filename: str = "") -> FrameworkSpec:
    """Read an uploaded file as CASE JSON or Moodle CSV, judged by its content."""
    text = read_framework_text(content)
    start = text.lstrip()[:1]
    if not start:
        raise InterchangeError("The file is empty.")
    if start in "{[" or filename.lower().endswith(".json"):
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise InterchangeError(
                f"The file is not valid JSON: line {exc.lineno} column {exc.colno} "
                f"({exc.msg})."
            ) from None
        except RecursionError:
            raise InterchangeError(
                "The file is not valid JSON: nested too deeply."
            ) from None
        return parse_case(data)
    try:
        return spec_text_check(parse_moodle_csv(text))
    except csv.Error as exc:
        raise InterchangeError(f"The CSV cannot be read: {exc}.") from None
