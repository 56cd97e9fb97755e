"""SAML 2.0 login (djangosaml2 over pysaml2), for IdPs in a federation such as Sambi.

`saml_config.saml_config_from_env` builds pysaml2's SP configuration from the environment
(docs/operations.md); :class:`OversynSaml2Backend` gives a user found or created from the
assertion the roles that :func:`grants_from_claims` reads from the groups attribute, and links
the NameID as an :class:`ExternalIdentity`.
"""

from __future__ import annotations

from typing import Any

from djangosaml2.backends import Saml2Backend

PROVIDER = "saml"


class OversynSaml2Backend(Saml2Backend):
    def _update_user(
        self, user: Any, attributes: dict, attribute_mapping: dict, force_save: bool = False
    ) -> Any:
        from django.conf import settings

        from oversyn.web.accounts.models import ExternalIdentity
        from oversyn.web.accounts.roles import grants_from_claims
        from oversyn.web.accounts.services import sso_roles_apply

        user = super()._update_user(user, attributes, attribute_mapping, force_save=True)
        ExternalIdentity.objects.get_or_create(
            provider=PROVIDER, subject=user.get_username(), defaults={"user": user}
        )
        groups_attr = settings.OVERSYN_SAML_GROUPS_ATTRIBUTE
        claims = {settings.OVERSYN_SSO_GROUPS_CLAIM: attributes.get(groups_attr, [])}
        sso_roles_apply(user=user, grants=grants_from_claims(claims), source=PROVIDER)
        return user
