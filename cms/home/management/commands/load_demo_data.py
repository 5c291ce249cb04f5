from django.core.management.base import BaseCommand

from cms.home.demo import DEMO_ACCOUNTS, DEMO_PASSWORD, demo_load


class Command(BaseCommand):
    help = "Load the demo content, people and their story (safe to run again)."

    def handle(self, *args, **options):
        accounts = demo_load()
        width = max(len(user.email) for user in accounts)
        for user in accounts:
            role = DEMO_ACCOUNTS[user.email]["role"]
            self.stdout.write(f"{user.email:<{width}}  {role}")
        self.stdout.write(f"Password for every demo account: {DEMO_PASSWORD}")
