from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "oversyn.web.documents"
    label = "documents"
    verbose_name = "Beslutsunderlag"
