from django.core.management.base import BaseCommand, CommandError

from academy.services.setup import SetupError, academy_setup
from curriculum.content_import import CurriculumImportError
from curriculum.interchange import InterchangeError


class Command(BaseCommand):
    help = (
        "Load the shipped competency framework and starter curriculum under the "
        "default site's root page and create the Program staff and Mentors groups. "
        "Running it again changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-curriculum",
            action="store_true",
            help="Load only the framework, not the starter curriculum's pages.",
        )

    def handle(self, *args, no_curriculum: bool = False, **options):
        try:
            report = academy_setup(curriculum=not no_curriculum)
        except (SetupError, CurriculumImportError, InterchangeError) as exc:
            raise CommandError(str(exc)) from None
        for line in report.lines():
            self.stdout.write(line)
