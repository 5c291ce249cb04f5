"""Set up a host site: the shipped framework, the starter curriculum, the groups."""

from dataclasses import dataclass, field

from django.apps import apps
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils.translation import gettext as _
from wagtail.models import Site

from curriculum.conf import mentor_group_name, program_staff_group_name
from curriculum.content_import import curriculum_import
from curriculum.data import shipped_framework_path, starter_curriculum_path
from curriculum.interchange.academy_yaml import parse_framework_yaml
from curriculum.models import CurriculumIndexPage, Framework, ModulePage
from curriculum.permissions import program_staff_group_grant
from curriculum.selectors import framework_default
from curriculum.services import framework_import

# The apps whose permissions the program-staff group holds, as migrating grants them.
STAFF_APPS = ("curriculum", "academy", "mentoring")


class SetupError(Exception):
    """The site cannot be set up as it stands; the message says what to fix."""


@dataclass
class SetupReport:
    framework: str = ""
    curriculum: str = ""
    groups: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        lines = [_("Framework: %(what)s") % {"what": self.framework}]
        if self.curriculum:
            lines.append(_("Curriculum: %(what)s") % {"what": self.curriculum})
        lines.append(_("Groups: %(what)s") % {"what": ", ".join(self.groups)})
        return lines

    def __str__(self) -> str:
        return "\n".join(self.lines())


# Serialises concurrent runs on PostgreSQL: the second waits, then finds it all loaded.
SETUP_LOCK_KEY = 0x4C41_5345  # "LASE"


def _framework_load() -> tuple[str, Framework]:
    """Load the shipped framework once; after that it is the program's to edit."""
    spec = parse_framework_yaml(shipped_framework_path().read_text(encoding="utf-8"))
    existing = Framework.objects.filter(identifier=spec.identifier).first()
    if existing is not None:
        # Re-importing would undo staff edits and retire competencies they added.
        return _("unchanged (already loaded; import_framework updates it)"), existing
    report = framework_import(spec=spec)
    counts = {"domains": report.domains, "competencies": report.competencies}
    framework = Framework.objects.get(identifier=spec.identifier)
    return (
        _("%(domains)d domains, %(competencies)d competencies created") % counts,
        framework,
    )


def _curriculum_load(*, framework: Framework) -> str:
    """Load the starter modules into a curriculum that has none yet."""
    if ModulePage.objects.exists():
        # Staff may have edited, unpublished or removed starter modules: keep that.
        if not CurriculumIndexPage.objects.live().exists():
            return _(
                "unchanged (it has modules; import_curriculum updates them), but no "
                "curriculum index page is published: visitors cannot reach it"
            )
        return _("unchanged (it has modules; import_curriculum updates them)")
    default = framework_default()
    if default is None or default.pk != framework.pk:
        return _(
            "skipped: the starter modules are written for the shipped framework, "
            "and your default framework is %(name)s"
        ) % {"name": default}
    report = curriculum_import(directory=starter_curriculum_path())
    published = report.created + report.updated
    if not published:
        return _("unchanged")

    def count(kind: str) -> int:
        return sum(1 for label in published if label.startswith(f"{kind} "))

    return _(
        "%(modules)d modules, %(lessons)d lessons, %(pathways)d pathways, "
        "%(guides)d program guides published"
    ) % {
        "modules": count("module"),
        "lessons": count("lesson"),
        "pathways": count("pathway"),
        "guides": count("guide"),
    }


def _groups_ensure(*, staff_existed: bool) -> list[str]:
    staff_name = program_staff_group_name()
    for label in STAFF_APPS:
        if label in apps.app_configs:
            program_staff_group_grant(app_config=apps.get_app_config(label))
    _mentors, mentors_created = Group.objects.get_or_create(name=mentor_group_name())
    return [
        (_("%(group)s exists") if staff_existed else _("%(group)s created"))
        % {"group": staff_name},
        (_("%(group)s created") if mentors_created else _("%(group)s exists"))
        % {"group": mentor_group_name()},
    ]


@transaction.atomic
def academy_setup(*, curriculum: bool = True) -> SetupReport:
    """Load the shipped framework and starter curriculum and create the groups."""
    if not Site.objects.filter(is_default_site=True).exists():
        raise SetupError(
            _(
                "There is no default Wagtail site. Create one (Settings > Sites in the "
                "Wagtail admin, with 'Is default site' ticked) and run this again."
            )
        )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [SETUP_LOCK_KEY])
    # A new curriculum index makes the staff group too: ask before it exists.
    staff_existed = Group.objects.filter(name=program_staff_group_name()).exists()
    report = SetupReport()
    report.framework, framework = _framework_load()
    if curriculum:
        try:
            report.curriculum = _curriculum_load(framework=framework)
        except ValidationError as exc:
            # Such as another page already using the index's slug under the root.
            raise SetupError(
                _("The curriculum could not be created: %(problem)s")
                % {"problem": " ".join(exc.messages)}
            ) from None
    report.groups = _groups_ensure(staff_existed=staff_existed)
    return report
