from pathlib import Path

from django.core.management.base import BaseCommand

from curriculum.content_export import curriculum_export


class Command(BaseCommand):
    help = (
        "Write the live module, lesson, pathway and guide pages to a folder of "
        "Markdown files that import_curriculum reads back."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", type=Path)

    def handle(self, *args, directory: Path, **options):
        report = curriculum_export(directory=directory)
        self.stdout.write(str(report))
