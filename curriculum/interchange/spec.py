"""A format-neutral description of a competency framework.

Every interchange format parses into these dataclasses and renders from them, so
the database code (``curriculum.services.framework_import``) knows one shape only.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import yaml

from ..validators import find_control_character


class InterchangeError(ValueError):
    """A file that cannot become a framework; the message is one line for the user."""


@dataclass
class LevelSpec:
    value: int  # 1-based rank, also the position in the scale
    name: str
    description: str = ""


@dataclass
class CompetencySpec:
    identifier: str  # a UUID string; stable across exports and imports
    code: str  # human coding scheme, e.g. "SP.2"; may be "" when a source has none
    name: str
    description: str = ""
    # level value -> what the competency looks like at that level
    indicators: dict[int, str] = field(default_factory=dict)
    retired: bool = False


@dataclass
class DomainSpec:
    identifier: str
    code: str
    name: str
    description: str = ""
    competencies: list[CompetencySpec] = field(default_factory=list)


@dataclass
class FrameworkSpec:
    identifier: str
    title: str
    version: str = ""
    description: str = ""
    slug: str = ""  # empty: the importer derives one from the title
    # Empty values leave what is stored as it is: not every format carries them.
    status: str = ""  # draft | adopted | deprecated
    authors: str = ""
    license_name: str = ""
    license_url: str = ""
    value_curve: dict = field(default_factory=dict)
    levels: list[LevelSpec] = field(default_factory=list)
    domains: list[DomainSpec] = field(default_factory=list)


def web_address(value, *, where: str) -> str:
    """Return an http(s) address, or "" for none; refuse any other scheme.

    Addresses end up in links on public pages: a "javascript:" one would run.
    """
    from urllib.parse import urlsplit

    address = str(value or "").strip()
    if not address:
        return ""
    parts = urlsplit(address)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        raise InterchangeError(
            f"{where} must be a web address starting with http:// or https://, "
            f"not {address[:80]!r}."
        )
    return address


def text_check(text: str) -> None:
    """Refuse file text holding a control character, naming its line."""
    position = find_control_character(text)
    if position is not None:
        line = text.count("\n", 0, position) + 1
        raise InterchangeError(
            f"Line {line} contains a control character ({text[position]!r}); "
            "remove it and try again."
        )


def spec_text_check(spec: FrameworkSpec) -> FrameworkSpec:
    """Refuse a framework whose texts hold control characters, naming the item."""

    def check(where: str, *texts: str) -> None:
        for text in texts:
            if isinstance(text, str) and find_control_character(text) is not None:
                raise InterchangeError(
                    f"{where} contains a control character (such as a NUL byte); "
                    "remove it and try again."
                )

    check(
        "The framework",
        spec.identifier,
        spec.title,
        spec.version,
        spec.slug,
        spec.status,
        spec.authors,
        spec.license_name,
        spec.license_url,
    )
    if where := first_bad_text(spec.value_curve, "value_curve"):
        raise InterchangeError(
            f"The framework's {where} contains a control character; remove it."
        )
    check("The framework description", spec.description)
    for level in spec.levels:
        check(f"Level {level.value}", level.name, level.description)
    for domain in spec.domains:
        check(
            f"Domain {domain.code or domain.identifier}",
            domain.identifier,
            domain.code,
            domain.name,
            domain.description,
        )
        for competency in domain.competencies:
            check(
                f"Competency {competency.code or competency.identifier}",
                competency.identifier,
                competency.code,
                competency.name,
                competency.description,
                *competency.indicators.values(),
            )
    return spec


class _PlainYamlLoader(yaml.SafeLoader):
    """Safe YAML without anchors and aliases: hand-written files need neither,
    and aliases let a few lines expand into gigabytes."""

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.composer.ComposerError(
                None,
                None,
                "anchors and aliases (*name) are not allowed",
                event.start_mark,
            )
        return super().compose_node(parent, index)


def yaml_load_plain(text: str):
    """Load YAML safely, refusing aliases and nesting deeper than a person writes."""
    try:
        return yaml.load(text, Loader=_PlainYamlLoader)  # noqa: S506 - a SafeLoader
    except RecursionError:
        raise yaml.YAMLError("the YAML is nested too deeply") from None


def first_bad_text(value, where: str = "") -> str | None:
    """Return where a nested value holds a forbidden character, or None."""
    if isinstance(value, str):
        bad = find_control_character(value) is not None
        return (where or "a value") if bad else None
    if isinstance(value, dict):
        for key, item in value.items():
            label = f"{where}.{key}" if where else str(key)
            found = first_bad_text(key, label) or first_bad_text(item, label)
            if found:
                return found
    if isinstance(value, list | tuple):
        for n, item in enumerate(value):
            found = first_bad_text(item, f"{where}[{n}]")
            if found:
                return found
    return None
