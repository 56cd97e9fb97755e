"""OpenID Connect login (mozilla-django-oidc): users from the provider's claims, roles from
its groups.

A user is found by the provider's subject (``sub``, kept in :class:`ExternalIdentity`), not by
e-mail: a changed address does not make a second account.  A new user gets the login name
from ``OVERSYN_OIDC_USERNAME_CLAIM`` (a number is added when the name is taken), no usable
local password, and the roles :func:`grants_from_claims` gives; every later login updates
name, e-mail and roles.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from oversyn.web.accounts.models import ExternalIdentity
from oversyn.web.accounts.roles import grants_from_claims
from oversyn.web.accounts.services import sso_roles_apply

PROVIDER = "oidc"


def unique_username(user_model: Any, wanted: str) -> str:
    base = (wanted or "anvandare")[:140]
    name, n = base, 1
    while user_model.objects.filter(username=name).exists():
        n += 1
        name = f"{base}-{n}"
    return name


def set_profile(user: Any, *, email: str, first_name: str, last_name: str) -> None:
    user.email = email or user.email
    user.first_name = (first_name or user.first_name)[:150]
    user.last_name = (last_name or user.last_name)[:150]


class OversynOIDCBackend(OIDCAuthenticationBackend):
    def verify_claims(self, claims: dict[str, Any]) -> bool:
        return bool(claims.get("sub"))

    def filter_users_by_claims(self, claims: dict[str, Any]) -> Any:
        return self.UserModel.objects.filter(
            external_identities__provider=PROVIDER, external_identities__subject=claims["sub"]
        )

    @staticmethod
    def _names(claims: dict[str, Any]) -> tuple[str, str]:
        given, family = claims.get("given_name", ""), claims.get("family_name", "")
        if not given and not family and claims.get("name"):
            given, _sep, family = str(claims["name"]).partition(" ")
        return given, family

    @transaction.atomic
    def create_user(self, claims: dict[str, Any]) -> Any:
        wanted = claims.get(settings.OVERSYN_OIDC_USERNAME_CLAIM) or claims.get("email") or ""
        user = self.UserModel(
            username=unique_username(self.UserModel, str(wanted or claims["sub"]))
        )
        given, family = self._names(claims)
        set_profile(user, email=claims.get("email", ""), first_name=given, last_name=family)
        user.set_unusable_password()
        user.save()
        ExternalIdentity.objects.create(user=user, provider=PROVIDER, subject=claims["sub"])
        sso_roles_apply(user=user, grants=grants_from_claims(claims), source=PROVIDER)
        return user

    @transaction.atomic
    def update_user(self, user: Any, claims: dict[str, Any]) -> Any:
        given, family = self._names(claims)
        set_profile(user, email=claims.get("email", ""), first_name=given, last_name=family)
        user.save()
        ExternalIdentity.objects.filter(user=user, provider=PROVIDER, subject=claims["sub"]).update(
            last_login=timezone.now()
        )
        sso_roles_apply(user=user, grants=grants_from_claims(claims), source=PROVIDER)
        return user


def provider_logout_url(request: HttpRequest) -> str:
    """RP-initiated logout at the provider (``OVERSYN_OIDC_LOGOUT_ENDPOINT``), back to our
    login page; without an endpoint only the local session ends."""
    endpoint = getattr(settings, "OVERSYN_OIDC_LOGOUT_ENDPOINT", "")
    back = request.build_absolute_uri(reverse("login"))
    if not endpoint:
        return back
    params = {"post_logout_redirect_uri": back, "client_id": settings.OIDC_RP_CLIENT_ID}
    id_token = request.session.get("oidc_id_token")
    if id_token:
        params["id_token_hint"] = id_token
    return f"{endpoint}?{urlencode(params)}"
