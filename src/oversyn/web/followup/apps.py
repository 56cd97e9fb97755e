from django.apps import AppConfig


class FollowupConfig(AppConfig):
    name = "oversyn.web.followup"
    label = "followup"
    verbose_name = "Uppföljning"

    def ready(self) -> None:
        from oversyn.web.followup import actions  # noqa: F401  (registers the app's item kinds)
