from django.apps import AppConfig


class PlatformConfig(AppConfig):
    name = "oversyn.web.platform"
    label = "platform"
    verbose_name = "Plattform"
