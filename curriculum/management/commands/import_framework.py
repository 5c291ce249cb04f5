from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from curriculum.interchange import (
    InterchangeError,
    parse_framework_file,
    read_framework_text,
)
from curriculum.interchange.academy_yaml import parse_framework_yaml
from curriculum.services import framework_import
from curriculum.validators import IMPORT_MAX_BYTES


class Command(BaseCommand):
    help = (
        "Import a competency framework from a CASE JSON package or a Moodle CSV file "
        "(or the academy's YAML). Importing the same file again updates it in place."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)

    def handle(self, *args, path: Path, **options):
        try:
            if path.stat().st_size > IMPORT_MAX_BYTES:
                raise CommandError(
                    f"{path.name}: the file is larger than "
                    f"{IMPORT_MAX_BYTES // (1024 * 1024)} MB."
                )
            content = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"Cannot read {path}: {exc.strerror}.") from None
        try:
            if path.suffix.lower() in (".yaml", ".yml"):
                spec = parse_framework_yaml(read_framework_text(content))
            else:
                spec = parse_framework_file(content, filename=path.name)
            report = framework_import(spec=spec)
        except InterchangeError as exc:
            raise CommandError(f"{path.name}: {exc}") from None
        self.stdout.write(str(report))
