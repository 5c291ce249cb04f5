"""1EdTech CASE 1.0/1.1 JSON packages (CFPackage) to and from FrameworkSpec.

Tree: ``isChildOf`` associations.  Children of the CFDocument are domains; every
deeper descendant becomes a competency of its top-level domain.  Items with no known
parent go to an extra "Unplaced items" domain.  Levels and indicators travel in one
CFRubric: a scale criterion without CFItemURI lists every level (``feedback`` holds
the level description) and one criterion per competency carries its indicators.
"""

from __future__ import annotations

import math
import uuid
from datetime import UTC, date, datetime, timedelta
from graphlib import CycleError, TopologicalSorter
from typing import Any

from .spec import (
    CompetencySpec,
    DomainSpec,
    FrameworkSpec,
    InterchangeError,
    LevelSpec,
    spec_text_check,
)

CREATOR = "Cross-Sector Leadership Academy"
UNPLACED_NAME = "Unplaced items"
UNPLACED_CODE = "UNPLACED"
NAME_MAX = 255


def derived_id(base: str, name: str) -> str:
    """A deterministic UUID, so re-exports keep the same derived identifiers."""
    try:
        namespace = uuid.UUID(base)
    except ValueError:
        namespace = uuid.uuid5(uuid.NAMESPACE_URL, base)
    return str(uuid.uuid5(namespace, name))


def unplaced_domain_id(document_identifier: str) -> str:
    """Identifier of the extra domain that collects items without a known parent."""
    return derived_id(document_identifier, "unplaced")


# --- parsing ---------------------------------------------------------------------


def _str(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _clean(value: Any) -> str:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return _str(value).strip()


def _list(value: Any) -> list[dict[str, Any]]:
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or value is None:
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def _resolve(node: Any, known: dict[str, str]) -> str | None:
    """Key of the node a LinkURI (object, bare identifier or URI) points at."""
    refs = (
        [node.get("identifier"), node.get("uri")] if isinstance(node, dict) else [node]
    )
    for ref in map(_clean, refs):
        for key in (ref.lower(), ref.rstrip("/").rsplit("/", 1)[-1].lower()):
            if key and key in known:
                return known[key]
    return None


def _label(item: dict[str, Any], number: int) -> str:
    hint = _clean(item.get("humanCodingScheme")) or _clean(item.get("fullStatement"))
    return f"CFItem #{number}" + (f" ({hint[:40]!r})" if hint else "")


def _name_and_description(item: dict[str, Any], identifier: str) -> tuple[str, str]:
    full = _str(item.get("fullStatement"))
    name = _clean(item.get("abbreviatedStatement"))
    if not name:
        name = " ".join(full.split()) or _clean(item.get("humanCodingScheme"))
        name = name or identifier
    if len(name) > NAME_MAX:
        name = name[: NAME_MAX - 1].rstrip() + "…"
    parts = [full] if full.strip() and full.strip() != name else []
    if _str(item.get("notes")).strip():
        parts.append(item["notes"])
    return name, "\n\n".join(parts)


def _ended(value: Any, today: date) -> bool:
    try:
        return date.fromisoformat(_str(value)[:10]) < today
    except ValueError:
        return False


def parse_case(data: Any, *, today: date | None = None) -> FrameworkSpec:
    """Read a decoded CASE package (wrapped in ``CFPackage`` or bare)."""
    package = data.get("CFPackage") if isinstance(data, dict) else None
    package = package if isinstance(package, dict) else data
    document = package.get("CFDocument") if isinstance(package, dict) else None
    if not isinstance(document, dict):
        raise InterchangeError("Not a CASE package: no CFDocument found.")
    doc_id = _clean(document.get("identifier"))
    if not doc_id:
        raise InterchangeError("The CASE CFDocument has no identifier.")
    title = _clean(document.get("title"))
    if not title:
        raise InterchangeError("The CASE CFDocument has no title.")
    doc_key = doc_id.lower()

    raw_items = package.get("CFItems") or []
    if not isinstance(raw_items, list):
        raise InterchangeError("CASE CFItems must be a list.")
    items: dict[str, dict[str, Any]] = {}
    for number, item in enumerate(raw_items, 1):
        if not isinstance(item, dict):
            raise InterchangeError(f"CASE CFItem #{number} is not an object.")
        ident = _clean(item.get("identifier"))
        if not ident:
            raise InterchangeError(f"CASE {_label(item, number)} has no identifier.")
        if ident.lower() in items or ident.lower() == doc_key:
            raise InterchangeError(f"CASE identifier {ident} is used more than once.")
        items[ident.lower()] = item
    order = {key: index for index, key in enumerate(items)}
    ids = {key: _clean(item["identifier"]) for key, item in items.items()}

    # child key -> chosen parent; every isChildOf edge also goes into the cycle check.
    known = {key: key for key in items} | {doc_key: doc_key}
    parent: dict[str, str] = {}
    sequence: dict[str, float | None] = {}
    graph: dict[str, set[str]] = {}
    for assoc in _list(package.get("CFAssociations")):
        if _clean(assoc.get("associationType")).lower() != "ischildof":
            continue
        child = _resolve(assoc.get("originNodeURI"), known)
        dest = _resolve(assoc.get("destinationNodeURI"), known)
        if child is None or child == doc_key or dest is None:
            continue
        if dest != doc_key:
            graph.setdefault(child, set()).add(dest)
        if child not in parent:
            parent[child] = dest
            sequence[child] = _number(assoc.get("sequenceNumber"))
    try:
        TopologicalSorter(graph).prepare()
    except CycleError as exc:
        cycle = " -> ".join(ids[key] for key in reversed(exc.args[1]))
        raise InterchangeError(
            f"CASE isChildOf associations form a cycle (child -> parent): {cycle}."
        ) from None

    children: dict[str, list[str]] = {key: [] for key in known}
    for child, dest in parent.items():
        children[dest].append(child)
    for kids in children.values():
        kids.sort(key=lambda k: (sequence[k] is None, sequence[k] or 0.0, order[k]))

    def subtree(root: str) -> list[str]:
        found, stack = [], list(reversed(children[root]))
        while stack:
            key = stack.pop()
            found.append(key)
            stack.extend(reversed(children[key]))
        return found

    today = today or datetime.now(UTC).date()
    competencies: dict[str, CompetencySpec] = {}

    def domain(
        identifier: str, code: str, name: str, description: str, keys: list[str]
    ) -> DomainSpec:
        comps = []
        for key in keys:
            item = items[key]
            comp_name, comp_description = _name_and_description(item, ids[key])
            comp = CompetencySpec(
                identifier=ids[key],
                code=_clean(item.get("humanCodingScheme")),
                name=comp_name,
                description=comp_description,
                retired=_ended(item.get("statusEndDate"), today),
            )
            competencies[key] = comp
            comps.append(comp)
        return DomainSpec(identifier, code, name, description, comps)

    domains = []
    for key in children[doc_key]:
        name, description = _name_and_description(items[key], ids[key])
        code = _clean(items[key].get("humanCodingScheme"))
        domains.append(domain(ids[key], code, name, description, subtree(key)))
    orphans = [key for key in items if key not in parent]
    if orphans:
        keys = [k for root in orphans for k in [root, *subtree(root)]]
        unplaced_id = unplaced_domain_id(doc_id)
        domains.append(domain(unplaced_id, UNPLACED_CODE, UNPLACED_NAME, "", keys))

    return spec_text_check(
        FrameworkSpec(
            identifier=doc_id,
            title=title,
            version=_clean(document.get("version")),
            status=_case_status(document.get("adoptionStatus")),
            description=_str(document.get("description"))
            or _str(document.get("notes")),
            levels=_read_rubrics(package.get("CFRubrics"), known, competencies),
            domains=domains,
        )
    )


def _read_rubrics(
    rubrics: Any, known: dict[str, str], competencies: dict[str, CompetencySpec]
) -> list[LevelSpec]:
    """Collect the scale from rubric levels and file indicators under competencies."""
    seen: dict[tuple[float, str], int] = {}
    feedback: dict[tuple[float, str], str] = {}
    indicators: list[tuple[CompetencySpec, tuple[float, str], str]] = []
    for rubric in _list(rubrics):
        for criterion in _list(rubric.get("CFRubricCriteria")):
            target = competencies.get(_resolve(criterion.get("CFItemURI"), known) or "")
            levels = _list(criterion.get("CFRubricCriterionLevels"))
            for index, level in enumerate(levels, 1):
                rank = _number(level.get("position"))
                rank = _number(level.get("score")) if rank is None else rank
                rank = float(index) if rank is None else rank
                key = (rank, _clean(level.get("quality")) or f"Level {rank:g}")
                seen.setdefault(key, len(seen))
                if not feedback.get(key):
                    feedback[key] = _str(level.get("feedback"))
                if target is not None:
                    indicators.append((target, key, _str(level.get("description"))))
    ordered = sorted(seen, key=lambda key: (key[0], seen[key]))
    values = {key: value for value, key in enumerate(ordered, 1)}
    for comp, key, text in indicators:
        comp.indicators[values[key]] = text
    return [LevelSpec(values[key], key[1], feedback[key]) for key in ordered]


# --- rendering -------------------------------------------------------------------


def render_case(
    spec: FrameworkSpec, *, base_uri: str, now: datetime | None = None
) -> dict[str, Any]:
    """A wrapped CFPackage that parse_case reads back as an equal spec, slug aside."""
    base = base_uri.rstrip("/")
    moment = (now or datetime.now(UTC)).replace(microsecond=0)
    moment = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    moment = moment.astimezone(UTC)
    stamp = moment.strftime("%Y-%m-%dT%H:%M:%SZ")
    retired_on = (moment.date() - timedelta(days=1)).isoformat()

    def link(kind: str, identifier: str, title: str) -> dict[str, str]:
        return {
            "title": title,
            "identifier": identifier,
            "uri": f"{base}/{kind}/{identifier}",
        }

    doc_link = link("CFDocuments", spec.identifier, spec.title)
    document = {
        "identifier": spec.identifier,
        "uri": doc_link["uri"],
        "creator": spec.authors or CREATOR,
        "title": spec.title,
        "lastChangeDateTime": stamp,
        "description": spec.description or None,
        "language": "en",
        "version": spec.version or None,
        "adoptionStatus": (spec.status or "adopted").capitalize(),
        "CFPackageURI": link("CFPackages", spec.identifier, spec.title),
    }
    items: list[dict[str, Any]] = []
    associations: list[dict[str, Any]] = []

    def add(
        node: DomainSpec | CompetencySpec,
        kind: str,
        position: int,
        parent: dict[str, str],
        retired: bool,
    ) -> dict[str, str]:
        node_link = link("CFItems", node.identifier, node.name)
        item = {
            "identifier": node.identifier,
            "uri": node_link["uri"],
            "CFDocumentURI": doc_link,
            "fullStatement": node.description or node.name,
            "abbreviatedStatement": node.name,
            "humanCodingScheme": node.code or None,
            "listEnumeration": str(position),
            "CFItemType": kind,
            "language": "en",
            "statusEndDate": retired_on if retired else None,
            "lastChangeDateTime": stamp,
        }
        items.append({k: v for k, v in item.items() if v is not None})
        assoc_id = derived_id(node.identifier, f"isChildOf:{parent['identifier']}")
        associations.append(
            {
                "identifier": assoc_id,
                "uri": f"{base}/CFAssociations/{assoc_id}",
                "CFDocumentURI": doc_link,
                "associationType": "isChildOf",
                "sequenceNumber": position,
                "originNodeURI": node_link,
                "destinationNodeURI": parent,
                "lastChangeDateTime": stamp,
            }
        )
        return node_link

    comps: list[tuple[CompetencySpec, dict[str, str]]] = []
    for d_pos, dom in enumerate(spec.domains, 1):
        dom_link = add(dom, "Domain", d_pos, doc_link, retired=False)
        for c_pos, comp in enumerate(dom.competencies, 1):
            comps.append((comp, add(comp, "Competency", c_pos, dom_link, comp.retired)))

    rubric_id = derived_id(spec.identifier, "rubric")
    by_value = {level.value: level for level in spec.levels}

    def criterion(
        key: str,
        category: str,
        position: int,
        item_link: dict[str, str] | None,
        texts: list[tuple[int, str]],
    ) -> dict[str, Any]:
        crit_id = derived_id(rubric_id, key)
        levels = []
        for value, text in texts:
            level = by_value.get(value) or LevelSpec(value, f"Level {value}")
            level_id = derived_id(crit_id, f"level:{value}")
            levels.append(
                {
                    "identifier": level_id,
                    "uri": f"{base}/CFRubricCriterionLevels/{level_id}",
                    "description": text,
                    "quality": level.name,
                    "score": value,
                    "feedback": level.description,
                    "position": value,
                    "rubricCriterionId": crit_id,
                    "lastChangeDateTime": stamp,
                }
            )
        found = {
            "identifier": crit_id,
            "uri": f"{base}/CFRubricCriteria/{crit_id}",
            "category": category,
            "CFItemURI": item_link,
            "position": position,
            "rubricId": rubric_id,
            "lastChangeDateTime": stamp,
            "CFRubricCriterionLevels": levels,
        }
        return {k: v for k, v in found.items() if v is not None}

    criteria = []
    if spec.levels:
        scale = [(lv.value, lv.description) for lv in spec.levels]
        criteria.append(criterion("scale", "Proficiency scale", 0, None, scale))
    for position, (comp, comp_link) in enumerate(comps, 1):
        texts = sorted(comp.indicators.items())
        criteria.append(
            criterion(comp.identifier, comp.name, position, comp_link, texts)
        )
    rubrics = []
    if spec.levels or any(comp.indicators for comp, _ in comps):
        rubrics.append(
            {
                "identifier": rubric_id,
                "uri": f"{base}/CFRubrics/{rubric_id}",
                "title": f"{spec.title}: proficiency levels",
                "description": "Proficiency levels and each competency's indicators.",
                "lastChangeDateTime": stamp,
                "CFRubricCriteria": criteria,
            }
        )
    return {
        "CFPackage": {
            "CFDocument": {k: v for k, v in document.items() if v is not None},
            "CFItems": items,
            "CFAssociations": associations,
            "CFRubrics": rubrics,
        }
    }


def _case_status(value) -> str:
    """Map CASE's adoptionStatus onto the academy's three statuses."""
    status = _clean(value).lower()
    return status if status in ("draft", "adopted", "deprecated") else ""
