"""Making, finding and revoking personal API tokens (the account page and the API use it)."""

from __future__ import annotations

import secrets
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from oversyn.web.api.models import ApiToken, secret_hash
from oversyn.web.platform.errors import ServiceError

PREFIX = "ovs_"


def token_create(*, user: Any, name: str, scope: str) -> tuple[ApiToken, str]:
    """A new token for ``user``; returns it and its secret (shown once, never stored)."""
    name = name.strip()
    problems = []
    if not name:
        problems.append(_("Namn måste fyllas i."))
    elif len(name) > 100:
        problems.append(_("Namn är för långt."))
    if scope not in ApiToken.Scope.values:
        problems.append(_("Välj läsa eller läsa och skriva."))
    if problems:
        raise ServiceError(problems)
    secret = PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=name,
        scope=scope,
        prefix=secret[: len(PREFIX) + 4],
        hashed_secret=secret_hash(secret),
    )
    return token, secret


def token_revoke(*, user: Any, token_id: int) -> ApiToken:
    """Revoke one of ``user``'s own tokens (another user's token is not found)."""
    token = ApiToken.objects.filter(user=user, pk=token_id, revoked__isnull=True).first()
    if token is None:
        raise ServiceError([_("API-nyckeln finns inte eller är redan återkallad.")])
    token.revoked = timezone.now()
    token.save(update_fields=["revoked"])
    return token


def token_for_secret(secret: str) -> ApiToken | None:
    """The active token with this secret (its user active), marking it used; else None."""
    if not secret.startswith(PREFIX):
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(hashed_secret=secret_hash(secret), revoked__isnull=True)
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    now = timezone.now()
    ApiToken.objects.filter(pk=token.pk).update(last_used=now)
    token.last_used = now
    return token
