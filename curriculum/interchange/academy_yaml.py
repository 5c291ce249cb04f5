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
    web_address,
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
        status=_status(data.get("status", "")),
        authors=str(data.get("authors", "")),
        license_name=str((data.get("license") or {}).get("name", "")),
        license_url=web_address(
            (data.get("license") or {}).get("url", ""), where="The license 'url'"
        ),
        value_curve=_value_curve(data.get("value_curve") or {}),
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


STATUSES = ("draft", "adopted", "deprecated")
VALUE_CURVE_STAGES = ("regulative", "collaborative", "integrative", "generative")


def _status(value) -> str:
    status = str(value or "").strip().lower()
    if status and status not in STATUSES:
        raise InterchangeError(
            f"The framework 'status' must be one of {', '.join(STATUSES)}, "
            f"not {status!r}."
        )
    return status


def _value_curve(data: dict) -> dict:
    """Keep the crosswalk to the Human Services Value Curve in one checked shape."""
    if not data:
        return {}
    stages = [
        {
            "key": str(stage["key"]),
            "name": str(stage["name"]),
            "description": str(stage.get("description", "")),
        }
        for stage in data.get("stages") or []
    ]
    if [stage["key"] for stage in stages] != list(VALUE_CURVE_STAGES):
        raise InterchangeError(
            "The value_curve stages must be, in order: "
            + ", ".join(VALUE_CURVE_STAGES)
            + "."
        )
    source = data.get("source") or {}
    return {
        "source": {
            **{k: str(source[k]) for k in ("title", "publisher") if k in source},
            "url": web_address(source.get("url"), where="The value_curve source 'url'"),
        },
        "stages": stages,
        "domains": {
            str(code): {
                stage: str(cells.get(stage, "")) for stage in VALUE_CURVE_STAGES
            }
            for code, cells in (data.get("domains") or {}).items()
        },
    }
