"""A format-neutral description of a competency framework.

Every interchange format parses into these dataclasses and renders from them, so
the database code (``curriculum.services.framework_import``) knows one shape only.
"""

from __future__ import annotations

from dataclasses import dataclass, field


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
    levels: list[LevelSpec] = field(default_factory=list)
    domains: list[DomainSpec] = field(default_factory=list)
