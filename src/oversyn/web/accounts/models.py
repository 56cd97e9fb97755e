"""Accounts from the municipality's identity provider and the roles it grants.

* :class:`ExternalIdentity` links a local user to the provider's stable subject (OIDC ``sub``,
  SAML NameID), so a changed e-mail address or display name does not create a second user.
* :class:`SsoGrant` remembers which roles came from the provider's groups, so that the next
  login can take away a role whose group the user has left, and never touches a role that an
  investigator gave by hand.
* :class:`AccountPolicy` only carries the ``create_case`` permission ("may create cases").
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from oversyn.web.cases.models import owning_user


class ExternalIdentity(models.Model):
    provider = models.CharField(_("inloggningstjänst"), max_length=20)  # "oidc" or "saml"
    subject = models.CharField(_("identitet hos tjänsten"), max_length=255)
    user = owning_user("external_identities")
    created_at = models.DateTimeField(_("skapad"), default=timezone.now)
    last_login = models.DateTimeField(_("senaste inloggning"), default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["provider", "subject"], name="one_user_per_subject")
        ]
        verbose_name = _("extern identitet")
        verbose_name_plural = _("externa identiteter")

    def __str__(self) -> str:
        return f"{self.provider}:{self.subject} → {self.user}"


class SsoGrant(models.Model):
    """A role that the provider's groups gave: ``scope`` is ``case:<key>`` or ``global``."""

    user = owning_user("sso_grants")
    scope = models.CharField(_("omfång"), max_length=120)
    role = models.CharField(_("roll"), max_length=40)
    source = models.CharField(_("inloggningstjänst"), max_length=20)
    granted_at = models.DateTimeField(_("tilldelad"), default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "scope"], name="one_sso_grant_per_scope")
        ]
        verbose_name = _("roll från inloggningstjänsten")
        verbose_name_plural = _("roller från inloggningstjänsten")

    def __str__(self) -> str:
        return f"{self.user}: {self.scope} {self.role}"


class AccountPolicy(models.Model):
    """No rows: holds the permission ``accounts.create_case`` (may create cases)."""

    class Meta:
        managed = True
        default_permissions = ()
        permissions = [("create_case", _("får skapa ärenden"))]
        verbose_name = _("kontopolicy")
