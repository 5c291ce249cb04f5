from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AcademyConfig(AppConfig):
    name = "academy"
    label = "academy"
    verbose_name = _("Academy")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from curriculum.permissions import program_staff_group_grant

        from . import checks  # noqa: F401 - registers the system checks

        post_migrate.connect(program_staff_group_grant, sender=self)
        from django.contrib.auth.signals import user_logged_in

        from .timezones import time_zone_on_login

        user_logged_in.connect(time_zone_on_login, dispatch_uid="academy_time_zone")
        # The welcome email and cohort invitations follow allauth's verification
        # when allauth is installed, else an active account's creation.
        from .signals import connect

        connect()
