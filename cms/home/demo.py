"""Demo-only content: the home page and the demo accounts. Never run in production."""

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from wagtail.models import Page, Site

from curriculum.app_settings import mentor_group_name, program_staff_group_name

from .models import HomePage

DEMO_PASSWORD = "academy-demo"  # noqa: S105 - published in the README on purpose
DEMO_ACCOUNTS = {
    "learner@example.org": {"first_name": "Lena", "last_name": "Ortiz", "groups": []},
    "mentor@example.org": {
        "first_name": "Marcus",
        "last_name": "Hale",
        "groups": [mentor_group_name],
    },
    "staff@example.org": {
        "first_name": "Sam",
        "last_name": "Rivera",
        "groups": [program_staff_group_name, lambda: "Editors"],
    },
}


def root_ensure() -> Page:
    """Recreate Wagtail's tree root (a flushed database has none)."""
    from django.conf import settings
    from wagtail.coreutils import get_supported_content_language_variant
    from wagtail.models import Locale

    Locale.objects.get_or_create(
        language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE)
    )
    return Page.add_root(title="Root", slug="root")


@transaction.atomic
def home_page_ensure() -> HomePage:
    """Make a HomePage the default site's root, replacing Wagtail's welcome page."""
    home = HomePage.objects.first()
    if home is None:
        root = Page.get_first_root_node() or root_ensure()
        home = HomePage(
            title="Lead across sectors",
            slug="home",
            introduction=(
                "<p>A learning academy for new executive leaders of public human "
                "services agencies and community-based organizations: practical "
                "modules, a self-assessment against a shared competency framework, "
                "and mentoring and shadowing with a leader from the other sector.</p>"
            ),
        )
        welcome = (
            root.get_children()
            .exclude(content_type__model="homepage")
            .filter(slug="home")
        )
        for page in welcome:
            page.delete()
        root.add_child(instance=home)
        home.save_revision().publish()
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(
            hostname="localhost", port=80, root_page=home, is_default_site=True
        )
    elif site.root_page_id != home.pk:
        site.root_page = home
        site.save()
    return home


@transaction.atomic
def demo_accounts_ensure() -> list:
    """Create or refresh the demo accounts with verified emails and their groups."""
    User = get_user_model()
    users = []
    for email, details in DEMO_ACCOUNTS.items():
        user, created = User.objects.get_or_create(
            email=email,
            defaults={
                "username": email.split("@")[0],
                "first_name": details["first_name"],
                "last_name": details["last_name"],
            },
        )
        if created or not user.check_password(DEMO_PASSWORD):
            user.set_password(DEMO_PASSWORD)
            user.save()
        EmailAddress.objects.update_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
        for group_name in details["groups"]:
            group, _ = Group.objects.get_or_create(name=group_name())
            user.groups.add(group)
        users.append(user)
    return users


@transaction.atomic
def demo_program_ensure() -> None:
    """Give the demo people profiles, a cohort with assessment windows, a mentor."""
    import datetime

    from academy.models import (
        AssessmentWindow,
        Cohort,
        CohortMembership,
        LearnerProfile,
    )
    from curriculum.models import Competency, PathwayPage
    from mentoring.models import MentorProfile, MentorStrength

    User = get_user_model()
    learner = User.objects.get(email="learner@example.org")
    mentor = User.objects.get(email="mentor@example.org")
    LearnerProfile.objects.get_or_create(
        user=learner,
        defaults={
            "sector": "local",
            "organization": "Lake County Human Services",
            "job_title": "Deputy director",
            "state": "CO",
            "years_in_executive_role": 1,
            "share_assessment_with_mentor": True,
        },
    )
    profile, created = MentorProfile.objects.get_or_create(
        user=mentor,
        defaults={
            "sector": "cbo",
            "organization": "Front Range Family Alliance",
            "role": "Executive director",
            "state": "CO",
            "bio": (
                "Twenty years running community programs that contract with three "
                "counties; happy to host a shadowing day."
            ),
            "capacity": 3,
            "hosts_shadowing": True,
            "offers_in_person": True,
            "host_region": "Denver metro and the central mountains",
        },
    )
    if created:
        for code, level in (("TR.1", 4), ("FI.3", 4), ("CV.1", 3), ("GV.1", 3)):
            competency = Competency.objects.filter(code=code, retired=False).first()
            if competency:
                MentorStrength.objects.create(
                    mentor=profile, competency=competency, level=level
                )
    today = datetime.date.today()
    cohort, _ = Cohort.objects.get_or_create(
        name="Demo cohort",
        defaults={
            "start_date": today - datetime.timedelta(days=14),
            "end_date": today + datetime.timedelta(days=180),
            "pathway": PathwayPage.objects.filter(slug="new-county-director").first(),
        },
    )
    CohortMembership.objects.get_or_create(cohort=cohort, user=learner)
    for kind, opens, closes in (("baseline", -14, 30), ("exit", 150, 180)):
        AssessmentWindow.objects.get_or_create(
            cohort=cohort,
            kind=kind,
            defaults={
                "opens_on": today + datetime.timedelta(days=opens),
                "closes_on": today + datetime.timedelta(days=closes),
            },
        )


@transaction.atomic
def demo_pair_ensure() -> None:
    """Pair the demo mentor with the demo learner, with a first check-in."""
    import datetime

    from mentoring.models import Pair, PairKind
    from mentoring.services import checkin_log, pair_accept, pair_create

    User = get_user_model()
    learner = User.objects.get(email="learner@example.org")
    mentor = User.objects.get(email="mentor@example.org")
    if Pair.objects.filter(mentor=mentor, learner=learner).exists():
        return
    staff = User.objects.get(email="staff@example.org")
    pair = pair_create(
        mentor=mentor, learner=learner, kind=PairKind.MENTORING, actor=staff
    )
    pair_accept(pair=pair, user=mentor)
    pair = pair_accept(pair=pair, user=learner)
    today = datetime.date.today()
    checkin_log(
        pair=pair,
        user=mentor,
        met_on=today - datetime.timedelta(days=3),
        minutes=45,
        notes=(
            "Talked through how the county's contracts pay CBOs, and where the "
            "delays come from."
        ),
        next_steps=(
            "Lena maps the payment steps; Marcus shares Front Range's cash-flow plan."
        ),
        next_checkin_on=today + datetime.timedelta(days=18),
    )
