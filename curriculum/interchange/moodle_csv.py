"""Moodle competency framework CSV (admin/tool/lpimportcsv) to and from FrameworkSpec.

Layout: Moodle's 14 columns, headed with the English labels Moodle's exporter writes
(the short names ``parentidnumber, idnumber, ...`` are accepted too; Moodle itself
maps columns by position).  The row with "Is framework" = 1 is the framework;
top-level rows are domains and deeper rows are competencies of their top-level
ancestor, in depth-first file order.

Cells are written through curriculum.spreadsheets, so text starting like a formula
("=", "+", "-", "@", tab, carriage return) gets a leading single quote; reading
removes a quote followed by one of those characters again.

Identifiers: "Exported ID" holds each UUID.  The framework ID number is the slug, or
the identifier when there is no slug; an item without a code uses its identifier as
ID number (read back as code "").  Files from Moodle itself have numeric export ids,
so their identifiers become uuid5(NAMESPACE_URL, "moodle:<framework idnumber>" or
"moodle:<framework idnumber>:<idnumber>") and their HTML becomes plain text.

What Moodle has no column for rides in the HTML descriptions (format 1) as elements
with ``academy-*`` classes, text HTML-escaped and newlines written as ``<br>\\n``:
``<p class="academy-description">`` (the description), ``<p class="academy-version"
data-version="…">`` and ``<dl class="academy-levels">`` (framework row: ``<dt
data-level="n">`` level name, ``<dd>`` level description), ``<p
class="academy-retired">`` and ``<dl class="academy-indicators">`` (competency rows:
``<dt data-level="n">`` level name, ``<dd>`` indicator).  Scale values are the level
names joined by commas (a comma inside a name becomes ";"; the exact names come back
from ``academy-levels``).
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
import uuid
from graphlib import CycleError, TopologicalSorter
from html.parser import HTMLParser

from ..spreadsheets import cell_restore, csv_writer
from .spec import (
    CompetencySpec,
    DomainSpec,
    FrameworkSpec,
    InterchangeError,
    LevelSpec,
)

COLUMNS = {
    "parentidnumber": "Parent ID number",
    "idnumber": "ID number",
    "shortname": "Short name",
    "description": "Description",
    "descriptionformat": "Description format",
    "scalevalues": "Scale values",
    "scaleconfiguration": "Scale configuration",
    "ruletype": "Rule type (optional)",
    "ruleoutcome": "Rule outcome (optional)",
    "ruleconfig": "Rule config (optional)",
    "relatedidnumbers": "Cross-referenced competency ID numbers",
    "exportid": "Exported ID (optional)",
    "isframework": "Is framework",
    "taxonomy": "Taxonomy",
}
REQUIRED = ("parentidnumber", "idnumber", "shortname", "isframework")
ALIASES = {
    "crossreferencedcompetencyidnumbers": "relatedidnumbers",
    "exportedid": "exportid",
    "taxonomies": "taxonomy",
}
FORMAT_HTML = "1"
NAME_MAX = 255
SLUG_RE = re.compile(r"[-a-zA-Z0-9_]+")


# --- rendering -------------------------------------------------------------------


def _esc(text: str) -> str:
    return html.escape(text).replace("\n", "<br>\n")


def _dl(css: str, entries: list[tuple[int, str, str]]) -> str:
    body = "".join(
        f'<dt data-level="{value}">{_esc(name)}</dt><dd>{_esc(text)}</dd>'
        for value, name, text in entries
    )
    return f'<dl class="{css}">{body}</dl>' if body else ""


def _html(description: str, *blocks: str) -> str:
    head = f'<p class="academy-description">{_esc(description)}</p>'
    return "\n".join(b for b in (head if description else "", *blocks) if b)


def _scale_configuration(levels: list[LevelSpec]) -> str:
    """Moodle's JSON: the scale, then the default (first) and proficient items."""
    if not levels:
        return ""
    proficient = 3 if len(levels) == 4 else len(levels)
    config: list[dict[str, object]] = [{"scaleid": ""}]
    for position in sorted({1, proficient}):
        config.append(
            {
                "id": position,
                "scaledefault": int(position == 1),
                "proficient": int(position == proficient),
            }
        )
    return json.dumps(config, separators=(",", ":"))


def render_moodle_csv(spec: FrameworkSpec) -> str:
    """CSV that Moodle imports and parse_moodle_csv reads back exactly."""
    out = io.StringIO()
    writer = csv_writer(out, lineterminator="\n")
    writer.writerow(COLUMNS.values())

    def row(**cells: str) -> None:
        writer.writerow(cells.get(key, "") for key in COLUMNS)

    names = {level.value: level.name for level in spec.levels}
    version = ""
    if spec.version:
        version = (
            f'<p class="academy-version" data-version="{html.escape(spec.version)}">'
            f"Version {html.escape(spec.version)}</p>"
        )
    levels = [(lv.value, lv.name, lv.description) for lv in spec.levels]
    row(
        idnumber=spec.slug or spec.identifier,
        shortname=spec.title,
        description=_html(spec.description, version, _dl("academy-levels", levels)),
        descriptionformat=FORMAT_HTML,
        scalevalues=",".join(lv.name.replace(",", ";") for lv in spec.levels),
        scaleconfiguration=_scale_configuration(spec.levels),
        exportid=spec.identifier,
        isframework="1",
        taxonomy="domain,competency",
    )

    used: set[str] = set()

    def idnumber(node: DomainSpec | CompetencySpec) -> str:
        if node.code in used:
            raise InterchangeError(
                f"Code {node.code!r} is used twice; Moodle needs unique ID numbers."
            )
        used.update({node.code} - {""})
        return node.code or node.identifier

    common = {
        "descriptionformat": FORMAT_HTML,
        "ruleoutcome": "0",
        "ruleconfig": "null",
    }
    for domain in spec.domains:
        domain_idnumber = idnumber(domain)
        row(
            idnumber=domain_idnumber,
            shortname=domain.name,
            description=_html(domain.description),
            exportid=domain.identifier,
            isframework="0",
            **common,
        )
        for comp in domain.competencies:
            retired = '<p class="academy-retired">Retired</p>' if comp.retired else ""
            indicators = [
                (value, names.get(value, f"Level {value}"), text)
                for value, text in sorted(comp.indicators.items())
            ]
            row(
                parentidnumber=domain_idnumber,
                idnumber=idnumber(comp),
                shortname=comp.name,
                description=_html(
                    comp.description, retired, _dl("academy-indicators", indicators)
                ),
                exportid=comp.identifier,
                isframework="0",
                **common,
            )
    return out.getvalue()


# --- parsing ---------------------------------------------------------------------

_BLOCK_TAGS = {
    *("p", "div", "li", "ul", "ol", "dl", "dt", "dd", "tr", "table", "blockquote"),
    *("h1", "h2", "h3", "h4", "h5", "h6", "pre", "hr"),
}


class _Description(HTMLParser):
    """Splits a Moodle description into plain text and the academy blocks."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ours = False
        self.plain: list[str] = []
        self.description: list[str] = []
        self.version = ""
        self.retired = False
        self.levels: dict[int, tuple[list[str], list[str]]] = {}
        self.indicators: dict[int, list[str]] = {}
        self._list = ""
        self._level = 0
        self._sink: list[str] | None = self.plain

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attr = dict(attrs)
        css = set((attr.get("class") or "").split())
        if self._list and tag == "dt":
            self._level = int(attr.get("data-level") or "")
            self._sink = None
            if self._list == "academy-levels":
                self._sink = self.levels.setdefault(self._level, ([], []))[0]
        elif self._list and tag == "dd":
            if self._list == "academy-levels":
                self._sink = self.levels.setdefault(self._level, ([], []))[1]
            else:
                self._sink = self.indicators.setdefault(self._level, [])
        elif css & {"academy-levels", "academy-indicators"}:
            self.ours, self._sink = True, None
            self._list = min(css & {"academy-levels", "academy-indicators"})
        elif "academy-description" in css:
            self.ours, self._sink = True, self.description
        elif css & {"academy-retired", "academy-version"}:
            self.ours, self._sink = True, None
            self.retired = self.retired or "academy-retired" in css
            self.version = attr.get("data-version") or self.version
        elif self._sink is self.plain and (tag == "br" or tag in _BLOCK_TAGS):
            self.plain.append("\n" if tag == "br" else "\n\n")

    def handle_endtag(self, tag: str) -> None:
        if self._sink is self.plain:
            if tag in _BLOCK_TAGS:
                self.plain.append("\n\n")
        elif self._list and tag == "dl":
            self._list, self._sink = "", self.plain
        elif self._list and tag in ("dt", "dd"):
            self._sink = None
        elif not self._list and tag == "p":
            self._sink = self.plain

    def handle_data(self, data: str) -> None:
        if self._sink is self.plain:
            self.plain.append(re.sub(r"\s+", " ", data))
        elif self._sink is not None:
            self._sink.append(data)

    def text(self) -> str:
        if self.ours:
            return "".join(self.description)
        text = re.sub(r" *\n *", "\n", "".join(self.plain))
        return re.sub(r"\n{3,}", "\n\n", text).strip()


def _read_description(text: str, fmt: str, row: int) -> _Description:
    reader = _Description()
    if fmt.strip() == FORMAT_HTML or 'class="academy-' in text:
        try:
            reader.feed(text)
            reader.close()
        except ValueError:
            raise InterchangeError(
                f"Row {row}: an academy block has a bad data-level."
            ) from None
    else:
        reader.plain.append(text.strip())
    return reader


def _is_uuid(value: str) -> bool:
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


def _header(first_line: str) -> tuple[str, dict[str, int]]:
    """Pick the delimiter whose split gives the most Moodle column names."""
    best: tuple[str, dict[str, int]] = (",", {})
    for delimiter in ",;\t":
        cells = next(csv.reader([first_line], delimiter=delimiter), [])
        index: dict[str, int] = {}
        for position, cell in enumerate(cells):
            key = re.sub(r"[^a-z]", "", cell.lower().replace("(optional)", ""))
            key = ALIASES.get(key, key)
            if key in COLUMNS:
                index.setdefault(key, position)
        if len(index) > len(best[1]):
            best = (delimiter, index)
    return best


def parse_moodle_csv(text: str) -> FrameworkSpec:
    """Read a Moodle competency framework CSV, from Moodle or from render_moodle_csv."""
    text = text.removeprefix("\ufeff")
    delimiter, index = _header(text.split("\n", 1)[0].rstrip("\r"))
    if "idnumber" not in index or "parentidnumber" not in index:
        raise InterchangeError(
            "Not a Moodle competency framework CSV: the first row must be Moodle's "
            "header (Parent ID number, ID number, Short name, ...)."
        )
    missing = [COLUMNS[key] for key in REQUIRED if key not in index]
    if missing:
        raise InterchangeError(f"The Moodle CSV lacks column(s): {', '.join(missing)}.")
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as exc:
        raise InterchangeError(f"The CSV cannot be read: {exc}.") from None

    framework: tuple[int, dict[str, str]] | None = None
    entries: dict[str, tuple[int, dict[str, str]]] = {}
    for number, cells in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in cells):
            continue
        cells = [cell_restore(cell) for cell in cells]
        row = {key: cells[i] if i < len(cells) else "" for key, i in index.items()}
        row = {k: v if k == "description" else v.strip() for k, v in row.items()}
        row.setdefault("description", "")
        if row["isframework"].lower() not in ("", "0", "false", "no"):
            if framework is not None:
                raise InterchangeError(
                    f"Row {number}: a second framework row (Is framework = 1); "
                    f"the first is row {framework[0]}."
                )
            framework = (number, row)
            continue
        if not row["idnumber"]:
            raise InterchangeError(f"Row {number}: the ID number is empty.")
        if not row["shortname"]:
            raise InterchangeError(f"Row {number}: the short name is empty.")
        if row["idnumber"] in entries:
            first = entries[row["idnumber"]][0]
            raise InterchangeError(
                f"Row {number}: ID number {row['idnumber']!r} is used twice "
                f"(first on row {first})."
            )
        entries[row["idnumber"]] = (number, row)
    if framework is None:
        raise InterchangeError("No framework row: one row must have Is framework = 1.")

    children: dict[str, list[str]] = {"": []}
    graph: dict[str, set[str]] = {}
    for idnumber, (number, row) in entries.items():
        parent = row["parentidnumber"]
        if parent and parent not in entries:
            raise InterchangeError(
                f"Row {number}: parent ID number {parent!r} is not in the file."
            )
        children.setdefault(parent, []).append(idnumber)
        if parent:
            graph[idnumber] = {parent}
    try:
        TopologicalSorter(graph).prepare()
    except CycleError as exc:
        cycle = " -> ".join(reversed(exc.args[1]))
        raise InterchangeError(
            f"Parent ID numbers form a cycle (child -> parent): {cycle}."
        ) from None

    fw_number, fw_row = framework
    fw_idnumber = fw_row["idnumber"]
    if not fw_idnumber:
        raise InterchangeError(f"Row {fw_number}: the framework has no ID number.")
    if not fw_row["shortname"]:
        raise InterchangeError(f"Row {fw_number}: the framework has no short name.")

    def identifier(row: dict[str, str], seed: str) -> str:
        exportid = row.get("exportid", "")
        return (
            exportid
            if _is_uuid(exportid)
            else str(uuid.uuid5(uuid.NAMESPACE_URL, seed))
        )

    seen: dict[str, int] = {}

    def node(idnumber: str) -> tuple[str, str, str, _Description]:
        number, row = entries[idnumber]
        ident = identifier(row, f"moodle:{fw_idnumber}:{idnumber}")
        if seen.setdefault(ident, number) != number:
            raise InterchangeError(
                f"Row {number}: exported ID {ident} is used twice "
                f"(first on row {seen[ident]})."
            )
        info = _read_description(
            row["description"], row.get("descriptionformat", ""), number
        )
        code = "" if idnumber == ident else idnumber
        return ident, code, row["shortname"][:NAME_MAX], info

    domains = []
    for top in children[""]:
        ident, code, name, info = node(top)
        domain = DomainSpec(ident, code, name, info.text())
        stack = list(reversed(children.get(top, [])))
        while stack:
            current = stack.pop()
            stack.extend(reversed(children.get(current, [])))
            c_ident, c_code, c_name, c_info = node(current)
            indicators = {v: "".join(parts) for v, parts in c_info.indicators.items()}
            domain.competencies.append(
                CompetencySpec(
                    c_ident, c_code, c_name, c_info.text(), indicators, c_info.retired
                )
            )
        domains.append(domain)

    fw_ident = identifier(fw_row, f"moodle:{fw_idnumber}")
    fw_info = _read_description(
        fw_row["description"], fw_row.get("descriptionformat", ""), fw_number
    )
    if fw_info.levels:
        levels = [
            LevelSpec(value, "".join(name), "".join(text))
            for value, (name, text) in fw_info.levels.items()
        ]
    else:
        names = [
            n.strip() for n in fw_row.get("scalevalues", "").split(",") if n.strip()
        ]
        levels = [LevelSpec(value, name) for value, name in enumerate(names, 1)]
    slug = (
        fw_idnumber
        if fw_idnumber != fw_ident and SLUG_RE.fullmatch(fw_idnumber)
        else ""
    )
    return FrameworkSpec(
        identifier=fw_ident,
        title=fw_row["shortname"],
        version=fw_info.version,
        description=fw_info.text(),
        slug=slug,
        levels=levels,
        domains=domains,
    )
