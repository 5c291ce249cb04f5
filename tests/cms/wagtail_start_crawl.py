"""Run inside a `wagtail start` project: onboard a learner and crawl the academy."""

import sys
import traceback
from collections import deque
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlsplit

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

import academy  # noqa: E402
from curriculum.models import CurriculumIndexPage, LessonPage, ModulePage  # noqa: E402

LIMIT = 200
# `wagtail start NAME` links every page of its base.html to static/css/NAME.css.
PROJECT_CSS = f"css/{settings.ROOT_URLCONF.split('.')[0]}.css"
# Addresses that change state on GET would end the session or need a form's POST.
SKIP = ("logout", "/privacy/delete/")


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs = []
        self.title = ""
        self._in_title = False

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self.hrefs.extend(v for k, v in attrs if k == "href" and v)
        self._in_title = tag == "title"

    def handle_endtag(self, tag):
        self._in_title = False

    def handle_data(self, data):
        if self._in_title:
            self.title += data


def report(key, value):
    sys.stdout.write(f"{key} {value}\n")


setup_test_environment()
User = get_user_model()
user = User.objects.create_user(
    **{User.USERNAME_FIELD: "lena"}, email="lena@example.org", password="pw-academy-1"
)
client = Client()
# Log in through the page LOGIN_URL leads to, as a learner would.
guest = client.get("/academy/", follow=True)
login_page = guest.content.decode()
report("LOGIN_PAGE", f"{guest.status_code} {guest.request['PATH_INFO']}")
report("LOGIN_PAGE_IN_ACADEMY_LOOK", "academy/academy.css" in login_page)
logged_in = client.post(
    guest.request["PATH_INFO"],
    {"username": "lena", "password": "pw-academy-1", "next": "/academy/"},
)
report("LOGIN_POST", f"{logged_in.status_code} {logged_in.get('Location', '')}")
# Django's password-reset pages, also in the academy's look, not the Django admin's.
reset = Client().post(
    "/accounts/password_reset/", {"email": "lena@example.org"}, follow=True
)
reset_page = reset.content.decode()
report(
    "RESET_DONE",
    f"{reset.status_code} {'Check your email' in reset_page} "
    f"{'academy/academy.css' in reset_page} {'Django administration' in reset_page}",
)

first = client.get("/academy/")
report("DASHBOARD_BEFORE_PROFILE", f"{first.status_code} {first.get('Location', '')}")
saved = client.post(
    "/academy/profile/",
    {
        "first_name": "Lena",
        "last_name": "Ortiz",
        "sector": "local",
        "organization": "Mesa County Human Services",
        "job_title": "Deputy director",
        "state": "CO",
        "time_zone": "",
        "years_in_executive_role": "3",
        "share_assessment_with_mentor": "on",
    },
)
report("PROFILE_SAVED", saved.status_code)

index = CurriculumIndexPage.objects.live().first()
module = ModulePage.objects.live().descendant_of(index).first()
lesson = LessonPage.objects.live().child_of(module).first()
enrolled = client.post(f"/academy/modules/{module.id}/enrol/")
report("ENROLLED", enrolled.status_code)
opened = client.get(lesson.url)
report("LESSON", f"{opened.status_code} {lesson.title in opened.content.decode()}")

prefixes = ("/academy/", "/curriculum/", "/mentoring/", index.url)
queue = deque(["/academy/", index.url, "/mentoring/", "/academy/assessments/take/"])
seen = set(queue)
problems = []
pages = 0
while queue and pages < LIMIT:
    url = queue.popleft()
    pages += 1
    try:
        response = client.get(url)
    except Exception:  # noqa: BLE001
        problems.append(f"{url} raised\n{traceback.format_exc()}")
        continue
    if response.status_code not in (200, 302):
        problems.append(f"{url} answered {response.status_code}")
        continue
    found = []
    if response.status_code == 302:
        found.append(response["Location"])
    elif response["Content-Type"].startswith("text/html"):
        body = response.content.decode()
        parser = Links()
        parser.feed(body)
        if "Traceback" in body:
            problems.append(f"{url} shows a traceback")
        if PROJECT_CSS not in body:
            problems.append(f"{url} is not in the project's base.html")
        if not parser.title.strip():
            problems.append(f"{url} has no title")
        found.extend(parser.hrefs)
    for href in found:
        target = urlsplit(urldefrag(urljoin(url, href))[0])
        if target.netloc not in ("", "testserver") or target.scheme not in ("", "http"):
            continue
        path = target.path + (f"?{target.query}" if target.query else "")
        if path.startswith(prefixes) and not any(s in path for s in SKIP):
            if path not in seen:
                seen.add(path)
                queue.append(path)

report("ACADEMY_FILE", academy.__file__)
report("CRAWLED", pages)
report("SEEN", " ".join(sorted(seen)))
for problem in problems:
    report("PROBLEM", problem)
sys.exit(1 if problems else 0)
