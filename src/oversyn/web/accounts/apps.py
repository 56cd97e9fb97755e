from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "oversyn.web.accounts"
    label = "accounts"
    verbose_name = _("Konton och inloggning")

    def ready(self) -> None:
        from oversyn.web.accounts import checks  # noqa: F401  (registers the system check)
