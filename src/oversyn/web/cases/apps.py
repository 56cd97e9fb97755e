from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "oversyn.web.cases"
    label = "cases"
    verbose_name = "Ärenden"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from oversyn.web.cases import finance  # noqa: F401  (registers the budget transfers)
