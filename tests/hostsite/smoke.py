"""Run inside the host site: migrate, log a user in and render an academy page."""

import sys

import django
from django.core.management import call_command

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

import academy  # noqa: E402

setup_test_environment()
call_command("migrate", verbosity=0, interactive=False)
user = get_user_model().objects.create_user("host", "host@example.org", "pw")
client = Client()
client.force_login(user)
response = client.get("/learn/profile/")
# Without allauth an active account counts as verified; others are invited.
from django.core import mail  # noqa: E402

from academy.models import Cohort  # noqa: E402
from academy.services.cohorts import cohort_add_members  # noqa: E402

cohort = Cohort.objects.create(
    name="Host cohort", start_date="2026-03-02", end_date="2026-06-26"
)
added = cohort_add_members(
    cohort=cohort, emails=["HOST@example.org", "newcomer@example.org"]
)
report = {
    "COHORT_REPORT": added,
    "MAIL_TO": sorted(m.to[0] for m in mail.outbox),
    "ACADEMY_FILE": academy.__file__,
    "STATUS": response.status_code,
    "BODY": response.content.decode().replace("\n", " "),
}
sys.stdout.write("".join(f"{key} {value}\n" for key, value in report.items()))
