from django.apps import AppConfig


class PlatformConfig(AppConfig):
    name = "oversyn.web.platform"
    label = "platform"
    verbose_name = "Plattform"

    def ready(self) -> None:
        # the warm-up job kind registers itself (a worker must know it)
        from oversyn.web.platform import checks, warmup  # noqa: F401  (system checks)
