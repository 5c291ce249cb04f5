"""Run inside the host site: migrate, then use the academy as its people would."""

import re
import sys

import django
from django.core.management import call_command

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core import mail  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from django.urls import reverse  # noqa: E402
from wagtail.models import Site  # noqa: E402

import academy  # noqa: E402
from academy.models import Cohort, Credential  # noqa: E402
from academy.services.cohorts import cohort_add_members  # noqa: E402
from curriculum.models import CurriculumIndexPage, LessonPage, ModulePage  # noqa: E402
from mentoring.models import MentoringRequest, MentorProfile  # noqa: E402

setup_test_environment()
call_command("migrate", verbosity=0, interactive=False)
User = get_user_model()
report = {"ACADEMY_FILE": academy.__file__, "USER_MODEL": User._meta.label}


def visit(client, url, data=None):
    """Fetch a page (POST with data) and report its status, title and text."""
    response = client.post(url, data) if data is not None else client.get(url)
    body = response.content.decode()
    title = re.search(r"<title>(.*?)</title>", body, re.S)
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", body, flags=re.S)
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body))
    report[f"{'POST' if data is not None else 'GET'} {url}"] = (
        f"{response.status_code} {response.get('Location', '')}"
        f" [{title.group(1).strip() if title else ''}] {text}"
    )
    return response


# A learner of the host site, signed in by email: onboarding, then every page.
learner = User.objects.create_user("host@example.org", "pw")
client = Client()
client.force_login(learner)
visit(client, "/learn/profile/")
visit(
    client,
    "/learn/profile/",
    {
        "first_name": "Ada",
        "last_name": "Host",
        "sector": "state",
        "organization": "Host agency",
        "job_title": "Director",
        "state": "OR",
        "time_zone": "",
        "years_in_executive_role": "3",
        "non_essential_email": "on",
    },
)
learner.refresh_from_db()
report["LEARNER_NAME"] = learner.get_full_name()
# A one-lesson module: enrol, read, complete, and open the credential it earns.
root = Site.objects.get(is_default_site=True).root_page
index = root.add_child(instance=CurriculumIndexPage(title="Courses", slug="courses"))
module = index.add_child(
    instance=ModulePage(title="Leading with data", summary="Numbers for leaders.")
)
lesson = module.add_child(instance=LessonPage(title="Reading a dashboard"))
guest = visit(Client(), module.url)
report["GUEST_MODULE"] = guest.content.decode().replace("\n", " ")
visit(client, f"/learn/modules/{module.pk}/enrol/", {})
visit(client, module.url)
visit(client, lesson.url)
visit(client, f"/learn/lessons/{lesson.pk}/complete/", {})
credential = Credential.objects.get(user=learner)
report["CREDENTIAL_NAME"] = credential.recipient_name
for url in (
    reverse("academy:credential-detail", args=[credential.public_id]),
    reverse("academy:credential-verify", args=[credential.public_id]),
    "/learn/",
    "/learn/assessments/",
    "/learn/journal/",
    "/learn/privacy/",
    "/learn/privacy/export.json",
    "/mentoring/",
    "/mentoring/request/",
):
    visit(client, url)

# Staff add learners by email: an active account joins, an unknown address is
# invited, and joins once it has an account (no allauth: nothing to verify).
mail.outbox.clear()
cohort = Cohort.objects.create(
    name="Host cohort", start_date="2026-03-02", end_date="2026-06-26"
)
added = cohort_add_members(
    cohort=cohort, emails=["HOST@example.org", "newcomer@example.org"]
)
report["COHORT_REPORT"] = added
report["MAIL_TO"] = sorted(m.to[0] for m in mail.outbox)
invitation = next(m for m in mail.outbox if m.to == ["newcomer@example.org"])
report["INVITATION"] = invitation.body.replace("\n", " ")
mail.outbox.clear()
User.objects.create_user("newcomer@example.org", "pw", first_name="Nia")
report["NEWCOMER_COHORTS"] = [
    c.name for c in Cohort.objects.filter(members__email="newcomer@example.org")
]
report["NEWCOMER_MAIL"] = [m.subject for m in mail.outbox]

# Mentoring: the newcomer offers to mentor, the learner asks for a mentor.
MentorProfile.objects.create(
    user=User.objects.get(email="newcomer@example.org"),
    sector="cbo",
    organization="Neighbours United",
    role="Director",
    state="OR",
)
MentoringRequest.objects.create(learner=learner, goals="Lead across sectors.")

# Program staff: the academy's admin screens, and adding learners from the form.
admin = User.objects.create_superuser("admin@example.org", "pw")
call_command(
    "load_benchmark_assessments",
    learners=3,
    competencies=5,
    assessments=1,
    stdout=sys.stderr,
)
staff = Client()
staff.force_login(admin)
visit(
    staff,
    reverse("academy_cohorts:add"),
    {
        "name": "Form cohort",
        "start_date": "2026-09-07",
        "end_date": "2026-12-18",
        "add_emails": "Ada Host <host@example.org>\nlater@example.org",
    },
)
form_cohort = Cohort.objects.get(name="Form cohort")
for url in (
    reverse("academy_cohorts:index"),
    reverse("academy_cohorts:inspect", args=[form_cohort.pk]),
    reverse("academy_cohorts:report", args=[form_cohort.pk]),
    reverse(
        "academy_cohorts:report", args=[Cohort.objects.get(name="Benchmark cohort").pk]
    ),
    reverse("academy_credentials:index"),
    reverse("academy_credentials:inspect", args=[credential.pk]),
    reverse("mentoring_mentors:index"),
    reverse("mentoring_requests:index"),
    reverse("mentoring_pairs:index"),
    reverse("mentoring_rounds:index"),
    reverse("mentoring_overview"),
    reverse("wagtailusers_users:index"),
    reverse("wagtailusers_users:delete", args=[learner.pk]),
):
    visit(staff, url)
# Deleting a person from the admin's Users erases their academy records too.
newcomer = User.objects.get(email="newcomer@example.org")
visit(staff, reverse("wagtailusers_users:delete", args=[newcomer.pk]), {})
report["NEWCOMER_ERASED"] = not User.objects.filter(pk=newcomer.pk).exists()

sys.stdout.write("".join(f"{key} {value}\n" for key, value in report.items()))
