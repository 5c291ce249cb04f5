from django.apps import AppConfig
from django.db.models.signals import post_migrate, post_save
from django.utils.translation import gettext_lazy as _


class CurriculumConfig(AppConfig):
    name = "curriculum"
    label = "curriculum"
    verbose_name = _("Curriculum")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from .permissions import curriculum_index_created, program_staff_group_grant

        post_migrate.connect(program_staff_group_grant, sender=self)
        post_save.connect(
            curriculum_index_created, sender=self.get_model("CurriculumIndexPage")
        )
