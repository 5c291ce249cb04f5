from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from curriculum.content_import import CurriculumImportError, curriculum_import


class Command(BaseCommand):
    help = (
        "Create or update module, lesson and pathway pages from a folder of Markdown "
        "files with front matter (see curriculum/data/curriculum/)."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", type=Path)

    def handle(self, *args, directory: Path, **options):
        try:
            report = curriculum_import(directory=directory)
        except CurriculumImportError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(str(report))
