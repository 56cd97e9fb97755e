"""Who is calling: a personal token (``Authorization: Bearer ovs_…``) or the session.

The token is tried first; a request without a valid token falls back to the Django session,
which checks CSRF for unsafe methods (ninja's :class:`SessionAuth` runs Django's CSRF check:
send ``X-CSRFToken`` as the web pages do).  Either way ``request.auth`` is the user, the
actor of every action; :func:`writer` refuses a write made with a read-scope token (403).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.security import HttpBearer, SessionAuth

from oversyn.web.api.models import ApiToken
from oversyn.web.api.tokens import token_for_secret


class TokenAuth(HttpBearer):
    """A personal API token; marks ``request.api_token`` with the token used."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        found = token_for_secret(token)
        if found is None:
            return None
        request.api_token = found
        request.user = found.user
        return found.user


class Session(SessionAuth):
    """The web login's session (CSRF checked on unsafe methods)."""

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = super().authenticate(request, key)
        if user is not None and not user.is_active:
            return None
        return user


AUTH = [TokenAuth(), Session()]


def actor(request: HttpRequest) -> Any:
    """The authenticated user (the actor of the request's actions)."""
    return request.auth


def writer(request: HttpRequest) -> Any:
    """The actor of a write; 403 for a read-scope token."""
    token = getattr(request, "api_token", None)
    if token is not None and token.scope != ApiToken.Scope.WRITE:
        raise PermissionDenied(_("API-nyckeln får bara läsa; skapa en nyckel som får skriva."))
    return actor(request)
