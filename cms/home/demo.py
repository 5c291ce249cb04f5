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


@transaction.atomic
def home_page_ensure() -> HomePage:
    """Make a HomePage the default site's root, replacing Wagtail's welcome page."""
    home = HomePage.objects.first()
    if home is None:
        root = Page.get_first_root_node()
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
