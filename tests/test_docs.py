"""The guides in docs/ point at files, addresses and commands that exist."""

import importlib
import pkgutil
import re
from pathlib import Path

import pytest
from django.core.management import get_commands
from django.urls import Resolver404, resolve

REPO = Path(__file__).resolve().parents[1]
GUIDES = sorted((REPO / "docs").glob("*.md"))
PAGES = [REPO / "README.md", *GUIDES]


def _anchor(heading: str) -> str:
    """Return the anchor GitHub gives a Markdown heading."""
    text = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return text.replace(" ", "-")


def _anchors(path: Path) -> set[str]:
    text = path.read_text()
    return {_anchor(h) for h in re.findall(r"^#+ (.+)$", text, flags=re.MULTILINE)}


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(REPO)))
def test_every_relative_link_reaches_a_file_and_heading(page):
    for target in re.findall(r"\]\(([^)\s]+)\)", page.read_text()):
        if re.match(r"[a-z]+:", target):
            continue
        file, _, anchor = target.partition("#")
        path = (page.parent / file).resolve() if file else page
        assert path.exists(), f"{page.name}: {target}"
        if anchor:
            assert anchor in _anchors(path), f"{page.name}: {target}"


@pytest.mark.parametrize("page", GUIDES, ids=lambda p: str(p.relative_to(REPO)))
def test_every_site_address_in_the_guides_resolves(page):
    paths = re.findall(
        r"`(/(?:academy|mentoring|curriculum|admin)/[^`]*)`", page.read_text()
    )
    for path in paths:
        concrete = re.sub(r"<[^>]+>", "1", path)
        try:
            resolve(concrete)
        except Resolver404:
            pytest.fail(f"{page.name}: {path} resolves to no view")


@pytest.mark.parametrize("page", GUIDES, ids=lambda p: str(p.relative_to(REPO)))
def test_every_command_in_the_guides_exists(page):
    commands = set(re.findall(r"manage\.py ([a-z_]+)", page.read_text()))
    assert commands <= set(get_commands()), commands - set(get_commands())


def test_the_functions_the_developers_guide_names_exist():
    text = (REPO / "docs" / "developers.md").read_text()
    section = text[text.index("### Services and selectors") : text.index("### Signals")]
    rows = [line for line in section.splitlines() if line.startswith("| `")]
    assert rows
    for row in rows:
        where, names = row.split("|")[1:3]
        modules = []
        for name in re.findall(r"`([\w.*]+)`", where):
            if name.endswith(".*"):
                package = importlib.import_module(name[:-2])
                modules += [
                    importlib.import_module(f"{package.__name__}.{info.name}")
                    for info in pkgutil.iter_modules(package.__path__)
                ]
            else:
                modules.append(importlib.import_module(name))
        for function in re.findall(r"`(\w+)`", names):
            assert any(hasattr(m, function) for m in modules), (where, function)
