"""Writes for the competency framework: import and export."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction
from django.utils.text import slugify

from .interchange import (
    CompetencySpec,
    DomainSpec,
    FrameworkSpec,
    InterchangeError,
    LevelSpec,
    render_case,
    render_moodle_csv,
)
from .models import Competency, Domain, Framework, Indicator, ProficiencyLevel
from .selectors import framework_tree

DEFAULT_LEVELS = [
    LevelSpec(1, "Emerging", "Knows the idea and why it matters."),
    LevelSpec(2, "Developing", "Applies it with guidance in familiar settings."),
    LevelSpec(3, "Proficient", "Applies it independently, including across sectors."),
    LevelSpec(4, "Advanced", "Leads it across systems and develops others in it."),
]


@dataclass
class ImportReport:
    framework: Framework
    created: bool
    unchanged: bool = False
    domains: int = 0
    competencies: int = 0
    retired: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        verb = "Created" if self.created else "Updated"
        if self.unchanged:
            verb = "Unchanged:"
        line = (
            f"{verb} framework '{self.framework.title}' ({self.framework.identifier}): "
            f"{self.domains} domains, {self.competencies} competencies"
        )
        if self.retired:
            line += f"; retired {len(self.retired)} no longer in the file"
        return line + "."


def _unique_slug(wanted: str, *, framework: Framework) -> str:
    base = slugify(wanted)[:90] or "framework"
    slug, n = base, 2
    while Framework.objects.filter(slug=slug).exclude(pk=framework.pk).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _claim(model, identifier: str, *, framework: Framework, label: str):
    """Return the row with this identifier unless another framework owns it."""
    obj = model.objects.filter(identifier=identifier).first()
    if obj is None:
        return model(identifier=identifier)
    owner_id = obj.framework_id if model is Domain else obj.domain.framework_id
    if owner_id != framework.pk:
        raise InterchangeError(
            f"The {label} identifier {identifier} already belongs to another framework."
        )
    return obj


def _check(spec: FrameworkSpec) -> None:
    seen: set[str] = {spec.identifier}
    for item in [*spec.domains, *(c for d in spec.domains for c in d.competencies)]:
        if not item.identifier:
            raise InterchangeError(f"'{item.name}' has no identifier.")
        if item.identifier in seen:
            raise InterchangeError(f"The identifier {item.identifier} is used twice.")
        if len(item.code) > 50:
            raise InterchangeError(
                f"The code '{item.code[:60]}' is over 50 characters."
            )
        seen.add(item.identifier)
    values = [level.value for level in spec.levels]
    if len(values) != len(set(values)):
        raise InterchangeError("Two proficiency levels share the same value.")


@transaction.atomic
def framework_import(*, spec: FrameworkSpec) -> ImportReport:
    """Create or update a framework in place, matching every item by its identifier."""
    _check(spec)
    framework = Framework.objects.filter(identifier=spec.identifier).first()
    created = framework is None
    if not created and _same(framework_spec(framework=framework), spec):
        return ImportReport(
            framework=framework,
            created=False,
            unchanged=True,
            domains=len(spec.domains),
            competencies=sum(len(d.competencies) for d in spec.domains),
        )
    if created:
        framework = Framework(identifier=spec.identifier)
        framework.is_default = not Framework.objects.filter(is_default=True).exists()
    framework.title = (spec.title or "Untitled framework")[:255]
    framework.version = spec.version[:50]
    framework.description = spec.description
    for name in ("status", "authors", "license_name", "license_url", "value_curve"):
        if value := getattr(spec, name):
            setattr(framework, name, value)
    framework.slug = _unique_slug(
        spec.slug or framework.slug or spec.title, framework=framework
    )
    framework.save()

    levels_spec = spec.levels or ([] if framework.levels.exists() else DEFAULT_LEVELS)
    levels = {level.value: level for level in framework.levels.all()}
    for position, level_spec in enumerate(levels_spec):
        level = levels.get(level_spec.value) or ProficiencyLevel(
            framework=framework, value=level_spec.value
        )
        level.name = level_spec.name[:100]
        level.description = level_spec.description
        level.sort_order = position
        level.save()
        levels[level_spec.value] = level
    if spec.levels:
        framework.levels.exclude(value__in=[lv.value for lv in spec.levels]).delete()

    report = ImportReport(framework=framework, created=created)
    kept: list[int] = []
    for d_position, domain_spec in enumerate(spec.domains):
        domain = _claim(
            Domain, domain_spec.identifier, framework=framework, label="domain"
        )
        domain.framework = framework
        domain.code = domain_spec.code
        domain.name = (domain_spec.name or domain_spec.code or "Untitled domain")[:255]
        domain.description = domain_spec.description
        domain.sort_order = d_position
        domain.save()
        report.domains += 1
        for c_position, competency_spec in enumerate(domain_spec.competencies):
            kept.append(
                _competency_save(
                    competency_spec,
                    domain=domain,
                    framework=framework,
                    position=c_position,
                    levels=levels,
                ).pk
            )
            report.competencies += 1
    # Competencies dropped from the file are retired, not deleted: records use them.
    dropped = Competency.objects.filter(
        domain__framework=framework, retired=False
    ).exclude(pk__in=kept)
    report.retired = list(dropped.values_list("code", flat=True))
    for competency in dropped:
        competency.retired = True
        competency.save(update_fields=["retired"])
        competency.save_revision(clean=False)
    framework.save_revision()
    return report


def _competency_save(
    spec: CompetencySpec, *, domain: Domain, framework: Framework, position: int, levels
) -> Competency:
    competency = _claim(
        Competency, spec.identifier, framework=framework, label="competency"
    )
    before = _competency_content(competency) if competency.pk else None
    competency.domain = domain
    competency.code = spec.code
    competency.name = (spec.name or spec.code or "Untitled competency")[:255]
    competency.description = spec.description
    competency.retired = spec.retired
    competency.sort_order = position
    competency.save()
    existing = {i.level_id: i for i in competency.indicators.all()}
    wanted = set()
    for value, text in spec.indicators.items():
        level = levels.get(value)
        if level is None:
            raise InterchangeError(
                f"Competency {spec.code or spec.identifier} has an indicator for level "
                f"{value}, which the framework does not define."
            )
        indicator = existing.get(level.pk) or Indicator(
            competency=competency, level=level
        )
        indicator.description = text
        indicator.sort_order = value
        indicator.save()
        wanted.add(level.pk)
    competency.indicators.exclude(level_id__in=wanted).delete()
    # A revision of what the file said, so the first edit in the admin can be
    # compared with the imported wording.
    if before is None or before != _competency_content(competency):
        competency.save_revision(clean=False)
    return competency


def _competency_content(competency: Competency) -> tuple:
    """Return what an import may change in a competency, to tell if it did."""
    indicators = {i.level_id: i.description for i in competency.indicators.all()}
    return (
        competency.domain_id,
        competency.code,
        competency.name,
        competency.description,
        competency.retired,
        competency.sort_order,
        indicators,
    )


def _same(stored: FrameworkSpec, incoming: FrameworkSpec) -> bool:
    """Whether importing would change nothing (the slug is the academy's own)."""
    levels = incoming.levels or stored.levels
    metadata = ("status", "authors", "license_name", "license_url", "value_curve")
    if any(
        getattr(incoming, name) and getattr(incoming, name) != getattr(stored, name)
        for name in metadata
    ):
        return False
    return (stored.title, stored.version, stored.description, stored.levels) == (
        incoming.title,
        incoming.version,
        incoming.description,
        levels,
    ) and stored.domains == incoming.domains


def framework_spec(*, framework: Framework) -> FrameworkSpec:
    """Describe a stored framework in the format-neutral shape."""
    tree = framework_tree(framework=framework)
    return FrameworkSpec(
        identifier=tree.identifier,
        title=tree.title,
        version=tree.version,
        description=tree.description,
        slug=tree.slug,
        status=tree.status,
        authors=tree.authors,
        license_name=tree.license_name,
        license_url=tree.license_url,
        value_curve=tree.value_curve,
        levels=[
            LevelSpec(level.value, level.name, level.description)
            for level in tree.levels.all()
        ],
        domains=[
            DomainSpec(
                identifier=domain.identifier,
                code=domain.code,
                name=domain.name,
                description=domain.description,
                competencies=[
                    CompetencySpec(
                        identifier=competency.identifier,
                        code=competency.code,
                        name=competency.name,
                        description=competency.description,
                        indicators={
                            i.level.value: i.description
                            for i in competency.indicators.all()
                        },
                        retired=competency.retired,
                    )
                    for competency in domain.competencies.all()
                ],
            )
            for domain in tree.domains.all()
        ],
    )


def framework_export(*, framework: Framework, fmt: str, base_uri: str) -> str:
    """Render a framework as CASE JSON or Moodle CSV text."""
    import json

    spec = framework_spec(framework=framework)
    if fmt == "csv":
        return render_moodle_csv(spec)
    return json.dumps(
        render_case(spec, base_uri=base_uri), indent=2, ensure_ascii=False
    )
