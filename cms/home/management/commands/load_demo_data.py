from django.conf import settings
from django.core.management.base import BaseCommand

from cms.home.demo import (
    demo_accounts_ensure,
    demo_pair_ensure,
    demo_program_ensure,
    home_page_ensure,
)
from curriculum.content_import import curriculum_import
from curriculum.interchange.academy_yaml import parse_framework_yaml
from curriculum.services import framework_import

FIXTURES = settings.BASE_DIR / "fixtures"


class Command(BaseCommand):
    help = "Load the demo framework, curriculum and accounts (safe to run again)."

    def handle(self, *args, **options):
        home_page_ensure()
        self.stdout.write("Home page ready.")
        framework_yaml = FIXTURES / "framework" / "cross-sector-leadership.yaml"
        report = framework_import(
            spec=parse_framework_yaml(framework_yaml.read_text(encoding="utf-8"))
        )
        self.stdout.write(str(report))
        self.stdout.write(
            "Curriculum: " + str(curriculum_import(directory=FIXTURES / "curriculum"))
        )
        users = demo_accounts_ensure()
        self.stdout.write("Demo accounts: " + ", ".join(user.email for user in users))
        demo_program_ensure()
        demo_pair_ensure()
        self.stdout.write("Demo cohort, profiles and mentor ready.")
