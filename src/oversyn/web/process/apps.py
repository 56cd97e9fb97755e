from django.apps import AppConfig


class ProcessConfig(AppConfig):
    name = "oversyn.web.process"
    label = "process"
    verbose_name = "Ärendeprocess"

    def ready(self) -> None:
        from oversyn.web.process import actions  # noqa: F401  (registers the app's item kinds)
