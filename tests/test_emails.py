"""Every email the academy sends: no blank value, every link absolute on the site."""

import copy
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.test.signals import template_rendered
from wagtail.models import Site

from academy.tasks import (
    cohort_added_email,
    cohort_invitation_email,
    credential_issued_email,
    welcome_email,
)
from mentoring.tasks import (
    checkin_overdue_email,
    pair_active_email,
    pair_completed_email,
    pair_offered_email,
    pair_partner_left_email,
)
from tests.academy.factories import (
    CohortInvitationFactory,
    CohortMembershipFactory,
    CredentialFactory,
)
from tests.curriculum.factories import ModulePageFactory, PathwayPageFactory
from tests.mentoring.factories import PairFactory

pytestmark = pytest.mark.django_db

BASE = "https://leaders.example.gov"
MISSING = "<<MISSING:%s>>"
APPS = ("academy", "curriculum", "mentoring")


def _send_every_email(*, learner, mentor, curriculum_index) -> None:
    """Send each email the three apps have, the way their flows do."""
    welcome_email.enqueue(learner.pk)
    module = ModulePageFactory(parent=curriculum_index, title="Trust as infrastructure")
    credential_issued_email.enqueue(CredentialFactory(user=learner, module=module).pk)
    pathway = PathwayPageFactory(parent=curriculum_index, title="First 90 days")
    membership = CohortMembershipFactory(
        user=learner, cohort__name="Spring 2026", cohort__pathway=pathway
    )
    cohort_added_email.enqueue(membership.pk)
    cohort_invitation_email.enqueue(
        CohortInvitationFactory(cohort=membership.cohort).pk
    )
    pair = PairFactory(mentor=mentor, learner=learner)
    for task in (
        pair_offered_email,
        pair_active_email,
        pair_completed_email,
        checkin_overdue_email,
    ):
        task.enqueue(pair.pk)
    shadowing = PairFactory(mentor=mentor, learner=learner, shadowing=True)
    pair_offered_email.enqueue(shadowing.pk)
    pair_partner_left_email.enqueue(pair.pk, mentor.pk)


def _email_templates() -> set[str]:
    root = Path(django_settings.BASE_DIR)
    return {
        str(path.relative_to(root / app / "templates"))
        for app in APPS
        for path in (root / app / "templates").glob("*/email/*")
    }


def _links(text: str) -> list[str]:
    return [
        word
        for word in text.split()
        if "://" in word or word.startswith("/") or word.startswith("www.")
    ]


@pytest.fixture
def strict_templates(settings):
    """Render templates so that a missing variable shows up as a marker."""
    templates = copy.deepcopy(settings.TEMPLATES)
    templates[0].setdefault("OPTIONS", {})["string_if_invalid"] = MISSING
    settings.TEMPLATES = templates


@pytest.fixture
def rendered():
    names: set[str] = set()

    def record(sender, template, **kwargs):
        names.add(template.name)

    template_rendered.connect(record)
    yield names
    template_rendered.disconnect(record)


def test_every_email_has_every_value_and_only_absolute_links_to_the_site(
    settings, strict_templates, rendered, mailoutbox, learner, mentor, curriculum_index
):
    settings.ACADEMY_BASE_URL = BASE + "/"

    _send_every_email(learner=learner, mentor=mentor, curriculum_index=curriculum_index)

    unsent = _email_templates() - rendered
    assert not unsent, f"no test sends {sorted(unsent)}: add it to _send_every_email"
    assert len(mailoutbox) == 15
    for message in mailoutbox:
        assert "<<MISSING" not in message.subject + message.body, message.body
        links = _links(message.body)
        assert links, f"{message.subject!r} links nowhere"
        for link in links:
            assert link.startswith(BASE + "/"), f"{message.subject!r}: {link}"
        assert "127.0.0.1" not in message.body


def test_welcome_email_links_the_dashboard_and_the_profile(
    settings, learner, mailoutbox
):
    settings.ACADEMY_BASE_URL = BASE

    welcome_email.enqueue(learner.pk)

    body = mailoutbox[0].body
    assert f"choose a first module:\n{BASE}/academy/\n" in body
    assert f"on your profile page.\n{BASE}/academy/profile/\n" in body


def test_cohort_email_gives_the_dashboard_address(settings, mailoutbox):
    settings.ACADEMY_BASE_URL = BASE

    cohort_added_email.enqueue(CohortMembershipFactory().pk)

    assert f"Your learning dashboard: {BASE}/academy/" in mailoutbox[0].body


def test_links_follow_the_wagtail_sites_address_when_no_base_url_is_set(
    settings, home_page, learner, curriculum_index, mailoutbox
):
    settings.ACADEMY_BASE_URL = ""
    Site.objects.filter(is_default_site=True).update(
        hostname="academy.example.org", port=443
    )
    module = ModulePageFactory(parent=curriculum_index)
    credential = CredentialFactory(user=learner, module=module)

    credential_issued_email.enqueue(credential.pk)
    pair_offered_email.enqueue(PairFactory(learner=learner, offered=True).pk)

    for message in mailoutbox:
        links = _links(message.body)
        assert links
        assert all(link.startswith("https://academy.example.org/") for link in links), (
            message.body
        )
    assert (
        f"https://academy.example.org/academy/verify/{credential.public_id}/"
        in mailoutbox[0].body
    )


def test_subjects_show_names_as_typed_not_as_html(
    mailoutbox, learner, curriculum_index
):
    cohort_added_email.enqueue(
        CohortMembershipFactory(user=learner, cohort__name="Health & Housing").pk
    )
    module = ModulePageFactory(parent=curriculum_index, title="Leaders' first 90 days")
    credential_issued_email.enqueue(CredentialFactory(user=learner, module=module).pk)

    subjects = [message.subject for message in mailoutbox]
    assert "You have joined the cohort Health & Housing" in subjects[0]
    assert "Leaders' first 90 days" in subjects[1]
    assert not any("&amp;" in s or "&#x27;" in s for s in subjects)
