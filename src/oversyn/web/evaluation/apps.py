from django.apps import AppConfig


class EvaluationConfig(AppConfig):
    name = "oversyn.web.evaluation"
    label = "evaluation"
    verbose_name = "Utvärdering"

    def ready(self) -> None:
        from oversyn.web.evaluation import (
            actions,  # noqa: F401  (registers the app's item kinds)
            jobs,  # noqa: F401  (registers the job kind)
        )
