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
report = {
    "ACADEMY_FILE": academy.__file__,
    "STATUS": response.status_code,
    "BODY": response.content.decode().replace("\n", " "),
}
sys.stdout.write("".join(f"{key} {value}\n" for key, value in report.items()))
