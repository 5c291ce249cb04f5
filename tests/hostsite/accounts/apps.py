from django.apps import AppConfig


class HostAccountsConfig(AppConfig):
    name = "hostsite.accounts"
    label = "hostaccounts"
    verbose_name = "Host accounts"
    default_auto_field = "django.db.models.BigAutoField"
