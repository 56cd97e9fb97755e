from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JobsConfig(AppConfig):
    name = "oversyn.web.jobs"
    label = "jobs"
    verbose_name = _("Bakgrundsjobb")

    def ready(self) -> None:
        # the job kinds register themselves when their modules are imported
        from oversyn.web.jobs import kinds  # noqa: F401
