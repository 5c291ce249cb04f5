from django.core.management.base import BaseCommand

from mentoring.selectors import overdue_pairs
from mentoring.services import pairs_expire
from mentoring.tasks import checkin_overdue_email


class Command(BaseCommand):
    help = (
        "Daily upkeep for a scheduler (cron): expire offers unanswered for 14 days "
        "and send reminders for overdue check-ins."
    )

    def handle(self, *args, **options):
        expired = pairs_expire()
        overdue = list(overdue_pairs())
        for pair in overdue:
            checkin_overdue_email.enqueue(pair.pk)
        self.stdout.write(
            f"{len(expired)} offers expired; {len(overdue)} overdue reminders queued."
        )
