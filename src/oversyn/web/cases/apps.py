from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "oversyn.web.cases"
    label = "cases"
    verbose_name = "Ärenden"
    default_auto_field = "django.db.models.BigAutoField"
