"""The academy's own framework format: YAML that people can edit by hand."""

from __future__ import annotations

import uuid

import yaml

from .spec import (
    CompetencySpec,
    DomainSpec,
    FrameworkSpec,
    InterchangeError,
    LevelSpec,
    spec_text_check,
    text_check,
    yaml_load_plain,
)


def parse_framework_yaml(text: str) -> FrameworkSpec:
    """Read a framework written in YAML; item identifiers derive from the codes."""
    text_check(text)
    try:
        data = yaml_load_plain(text)
    except yaml.YAMLError as exc:
        raise InterchangeError(
            f"The file is not valid YAML: {exc}".splitlines()[0]
        ) from None
    if not isinstance(data, dict) or "identifier" not in data:
        raise InterchangeError(
            "The YAML framework needs an 'identifier' and a 'title'."
        )
    try:
        return spec_text_check(_spec(data))
    except InterchangeError:
        raise
    except (AttributeError, KeyError, OverflowError, TypeError, ValueError) as exc:
        detail = f"missing {exc}" if isinstance(exc, KeyError) else str(exc)
        raise InterchangeError(
            f"A value in the YAML framework has the wrong shape ({detail})."
        ) from None


def _spec(data: dict) -> FrameworkSpec:
    root = uuid.UUID(str(data["identifier"]))
    derived = lambda code: str(uuid.uuid5(root, code))  # noqa: E731
    return FrameworkSpec(
        identifier=str(root),
        title=str(data.get("title", "")),
        version=str(data.get("version", "")),
        description=str(data.get("description", "")),
        slug=str(data.get("slug", "")),
        levels=[
            LevelSpec(int(lv["value"]), str(lv["name"]), str(lv.get("description", "")))
            for lv in data.get("levels") or []
        ],
        domains=[
            DomainSpec(
                identifier=derived(d["code"]),
                code=str(d["code"]),
                name=str(d["name"]),
                description=str(d.get("description", "")),
                competencies=[
                    CompetencySpec(
                        identifier=derived(c["code"]),
                        code=str(c["code"]),
                        name=str(c["name"]),
                        description=str(c.get("description", "")),
                        indicators={
                            int(k): str(v)
                            for k, v in (c.get("indicators") or {}).items()
                        },
                        retired=bool(c.get("retired", False)),
                    )
                    for c in d.get("competencies") or []
                ],
            )
            for d in data.get("domains") or []
        ],
    )
