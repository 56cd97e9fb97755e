from django.apps import AppConfig


class OrganisationConfig(AppConfig):
    name = "oversyn.web.organisation"
    label = "organisation"
    verbose_name = "Organisation"

    def ready(self) -> None:
        from oversyn.web.organisation import actions  # noqa: F401  (registers the app's item kinds)
