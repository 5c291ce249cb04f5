from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from curriculum.conf import admin_base_url
from curriculum.selectors import framework_default, framework_get
from curriculum.services import framework_export


class Command(BaseCommand):
    help = "Export a competency framework as a CASE JSON package or a Moodle CSV file."

    def add_arguments(self, parser):
        parser.add_argument(
            "identifier",
            nargs="?",
            help="The framework's UUID or slug; the default framework when omitted.",
        )
        parser.add_argument("--format", choices=["case", "csv"], default="case")
        parser.add_argument(
            "--output", type=Path, help="File to write; stdout if omitted."
        )

    def handle(self, *args, identifier=None, output=None, **options):
        framework = (
            framework_get(identifier=identifier) if identifier else framework_default()
        )
        if framework is None:
            raise CommandError(
                f"No framework '{identifier}'." if identifier else "No framework yet."
            )
        base_uri = admin_base_url() + "/curriculum/case"
        text = framework_export(
            framework=framework, fmt=options["format"], base_uri=base_uri
        )
        if output:
            output.write_text(text, encoding="utf-8")
            self.stdout.write(f"Wrote {framework} to {output}.")
        else:
            self.stdout.write(text, ending="" if text.endswith("\n") else "\n")
