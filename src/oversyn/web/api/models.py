"""Personal API tokens: a user's own keys for the REST API (``Authorization: Bearer …``).

Only a hash of the secret is stored (SHA-256 of 32 random bytes: a high-entropy secret needs
no slow hash); the secret is shown once, when the token is made.  ``prefix`` (the secret's
first characters) lets the user tell tokens apart.  A token is scoped ``read`` or ``write``;
a read token is refused every write (403) whatever the user's role.
"""

from __future__ import annotations

import hashlib

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from oversyn.web.cases.models import owning_user


def secret_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


class ApiToken(models.Model):
    class Scope(models.TextChoices):
        READ = "read", _("läsa")
        WRITE = "write", _("läsa och skriva")

    user = owning_user("api_tokens")
    name = models.CharField(_("namn"), max_length=100)
    scope = models.CharField(_("behörighet"), max_length=5, choices=Scope.choices)
    prefix = models.CharField(_("början"), max_length=12)
    hashed_secret = models.CharField(_("hash"), max_length=64, unique=True)
    created = models.DateTimeField(_("skapad"), default=timezone.now)
    last_used = models.DateTimeField(_("senast använd"), null=True, blank=True)
    revoked = models.DateTimeField(_("återkallad"), null=True, blank=True)

    class Meta:
        ordering = ["-created"]
        verbose_name = _("API-nyckel")
        verbose_name_plural = _("API-nycklar")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def active(self) -> bool:
        return self.revoked is None
