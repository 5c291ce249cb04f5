"""The academy's front-end templates use only their own classes and variables.

A host site's stylesheet must not be able to restyle the academy by accident, nor
may the academy depend on the demo's classes, so every class starts with la- and
every CSS variable with --la-. Pages fill only the blocks the README documents.
"""

import re
from pathlib import Path

import pytest

from academy.charts import Series, bar_chart
from academy.templates_contract import OPTIONAL_BASE_BLOCKS, REQUIRED_BASE_BLOCKS

REPO = Path(__file__).resolve().parents[1]
APPS = ("academy", "curriculum", "mentoring")
TAG = re.compile(r"\{%.*?%\}|\{\{.*?\}\}", re.S)
PAGE_BLOCKS = {
    "title",
    "extra_css",
    "extra_js",
    "academy_class",
    "academy_breadcrumbs",
    "academy_messages",
    "academy_content",
}


def _front_end_templates() -> list[Path]:
    found = []
    for app in APPS:
        for path in sorted((REPO / app / "templates" / app).rglob("*.html")):
            text = path.read_text()
            if "admin" in path.parts or '{% extends "wagtailadmin/' in text:
                continue  # Wagtail admin screens use Wagtail's own classes.
            found.append(path)
    return found


def _stylesheets() -> list[Path]:
    return [
        REPO / "academy/static/academy/academy.css",
        REPO / "academy/static/academy/certificate.css",
        REPO / "mentoring/static/mentoring/mentoring.css",
    ]


def _classes(html: str) -> list[str]:
    """Return every class name in class attributes, template tags left out."""
    names = []
    for value in re.findall(r'class="([^"]*)"', html):
        # A tag glued to a word (block--{{ type }}, --{% if %}right) continues it.
        value = re.sub(r"(?<=[\w-])(?:\{%.*?%\}|\{\{.*?\}\})[\w-]*", "", value)
        names += TAG.sub(" ", value).split()
    return names


def _name(path: Path) -> str:
    return str(path.relative_to(REPO))


@pytest.mark.parametrize("path", _front_end_templates(), ids=_name)
def test_front_end_templates_use_only_la_classes(path):
    classes = _classes(path.read_text())
    strangers = [c for c in classes if c != "la" and not c.startswith("la-")]
    assert not strangers, f"{_name(path)} uses classes without la-: {strangers}"


@pytest.mark.parametrize("path", _front_end_templates(), ids=_name)
def test_pages_extend_the_academy_layout_and_fill_only_documented_blocks(path):
    text = path.read_text()
    assert "main_class" not in text
    assert "var(--" not in text or "var(--la-" in text
    extends = re.search(r'\{% extends "([^"]+)" %\}', text)
    if extends is None or path.name == "layout.html":
        return  # an include, a block template, or the layout itself
    assert extends.group(1) == "academy/layout.html"
    blocks = set(re.findall(r"\{% block (\w+) %\}", text))
    assert blocks <= PAGE_BLOCKS, blocks - PAGE_BLOCKS


def test_the_layout_fills_only_the_host_blocks_the_readme_names():
    text = (REPO / "academy/templates/academy/layout.html").read_text()
    outer = set(re.findall(r"^\{% block (\w+) %\}", text, re.M))
    assert outer == {"extra_css", "content", *OPTIONAL_BASE_BLOCKS}
    assert set(REQUIRED_BASE_BLOCKS) == {"title", "content", "extra_css", "extra_js"}
    assert '<div class="la ' in text


@pytest.mark.parametrize("path", _stylesheets(), ids=_name)
def test_stylesheets_use_only_la_classes_and_variables(path):
    css = re.sub(r"/\*.*?\*/", "", path.read_text(), flags=re.S)
    variables = set(re.findall(r"(?<![\w-])(--[\w-]+)\s*[:)]", css))
    assert all(v.startswith("--la-") for v in variables), variables
    selectors = re.findall(r"([^{}]+)\{", css)
    classes = {
        c
        for s in selectors
        if not s.strip().startswith("@")
        for c in re.findall(r"\.(-?[a-zA-Z_][\w-]*)", s)
    }
    assert all(c == "la" or c.startswith("la-") for c in classes), classes


def test_charts_are_drawn_with_la_classes():
    chart = bar_chart(
        uid="t",
        title="Ratings",
        categories=["Trust"],
        series=[Series("Now", [2.0])],
        max_level=4,
        level_names={1: "One", 2: "Two", 3: "Three", 4: "Four"},
    )
    assert _classes(str(chart))
    assert all(c.startswith("la-") for c in _classes(str(chart)))


def test_the_class_check_catches_a_host_class_and_skips_template_tags():
    html = (
        '<p class="la-tag btn{% if x %} la-tag--done{% endif %}">'
        '<i class="la-block--{{ kind }} la-x--{% if a %}b{% endif %}">'
    )
    assert _classes(html) == ["la-tag", "btn", "la-tag--done", "la-block--", "la-x--"]
