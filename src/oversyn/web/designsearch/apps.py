from django.apps import AppConfig


class DesignSearchConfig(AppConfig):
    name = "oversyn.web.designsearch"
    label = "designsearch"
    verbose_name = "Organisationssökning"

    def ready(self) -> None:
        from oversyn.web.designsearch import jobs  # noqa: F401  (registers the job kind)
