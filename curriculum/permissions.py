"""The program-staff group: every academy app adds its own model permissions to it."""

from django.apps import apps
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission

from .app_settings import program_staff_group_name


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
    return group
