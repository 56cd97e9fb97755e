from django.apps import AppConfig


class AlternativesConfig(AppConfig):
    name = "oversyn.web.alternatives"
    label = "alternatives"
    verbose_name = "Alternativ"
