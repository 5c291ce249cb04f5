"""The program-staff group: every academy app adds its own model permissions to it."""

from django.apps import apps
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission

from .conf import program_staff_group_name

# Program staff own the curriculum: they add, edit and publish its pages without
# waiting for a site-wide moderation workflow.
CURRICULUM_PAGE_PERMISSIONS = ("add_page", "change_page", "publish_page")


def program_staff_group_grant(*, app_config, using="default", **kwargs) -> Group:
    """Give the program-staff group all permissions of the app that just migrated."""
    # Our receiver may run before auth's own (and before Wagtail admin's, after a
    # flush), so make sure the permissions we grant exist.
    create_permissions(app_config, verbosity=0, using=using)
    if apps.is_installed("wagtail.admin"):
        create_permissions(
            apps.get_app_config("wagtailadmin"), verbosity=0, using=using
        )
    group, _ = Group.objects.using(using).get_or_create(name=program_staff_group_name())
    permissions = Permission.objects.using(using).filter(
        content_type__app_label=app_config.label
    )
    # Seeing one learner's own answers is a deliberate grant, never part of the bundle.
    permissions = permissions.exclude(codename="view_individual_results")
    admin_access = Permission.objects.using(using).filter(
        content_type__app_label="wagtailadmin", codename="access_admin"
    )
    group.permissions.add(*permissions, *admin_access)
    if app_config.label == "curriculum":
        index_model = app_config.get_model("CurriculumIndexPage")
        for index in index_model.objects.using(using).select_related("owner"):
            if curriculum_index_is_trusted(index=index):
                curriculum_tree_grant(index=index, using=using)
    return group


def curriculum_tree_grant(*, index, using: str = "default") -> None:
    """Let program staff add, edit and publish every page under a curriculum index."""
    from wagtail.models import GroupPagePermission

    group, _ = Group.objects.using(using).get_or_create(name=program_staff_group_name())
    permissions = Permission.objects.using(using).filter(
        content_type__app_label="wagtailcore",
        content_type__model="page",
        codename__in=CURRICULUM_PAGE_PERMISSIONS,
    )
    if len(permissions) < len(CURRICULUM_PAGE_PERMISSIONS):
        # Only right after a flush; creating them empties the content-type cache.
        create_permissions(apps.get_app_config("wagtailcore"), verbosity=0, using=using)
        permissions = permissions.all()
    for permission in permissions:
        GroupPagePermission.objects.using(using).get_or_create(
            group=group, page_id=index.pk, permission=permission
        )


def curriculum_index_is_trusted(*, index) -> bool:
    """Whether an index was made by a command, a loader or a superuser.

    Program staff may draft an index anywhere an editor may add pages; were that
    opened to them, they could publish outside the curriculum without moderation.
    """
    return index.owner_id is None or index.owner.is_superuser


def curriculum_index_created(*, instance, created, using="default", **kwargs) -> None:
    """Open a new curriculum index to program staff as soon as it exists."""
    if created and curriculum_index_is_trusted(index=instance):
        curriculum_tree_grant(index=instance, using=using)
