from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class MentoringConfig(AppConfig):
    name = "mentoring"
    label = "mentoring"
    verbose_name = _("Mentoring")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from curriculum.permissions import program_staff_group_grant

        post_migrate.connect(program_staff_group_grant, sender=self)
        # The academy's export and erasure reach mentoring only through these.
        from academy.selectors.privacy import privacy_section_register
        from academy.services.privacy import privacy_eraser_register

        from .selectors import person_mentoring_export
        from .services import person_mentoring_erase

        privacy_section_register(person_mentoring_export)
        privacy_eraser_register(person_mentoring_erase)
