from django.apps import AppConfig


class EvaluationConfig(AppConfig):
    name = "oversyn.web.evaluation"
    label = "evaluation"
    verbose_name = "Utvärdering"
