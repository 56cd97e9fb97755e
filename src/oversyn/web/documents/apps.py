from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "oversyn.web.documents"
    label = "documents"
    verbose_name = "Beslutsunderlag"

    def ready(self) -> None:
        from oversyn.web.documents import jobs  # noqa: F401  (registers the job kind)
