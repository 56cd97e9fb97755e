from django.apps import AppConfig


class RemissConfig(AppConfig):
    name = "oversyn.web.remiss"
    label = "remiss"
    verbose_name = "Remiss"

    def ready(self) -> None:
        from oversyn.web.remiss import actions  # noqa: F401  (registers the app's item kinds)
