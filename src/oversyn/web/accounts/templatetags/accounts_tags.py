"""``{% sso_methods as methods %}``: the single sign-on buttons the login page shows."""

from django import template
from django.conf import settings
from django.urls import reverse

register = template.Library()


@register.simple_tag
def sso_methods() -> list[tuple[str, str]]:
    methods = []
    if getattr(settings, "OVERSYN_OIDC_ENABLED", False) and settings.OIDC_OP_AUTHORIZATION_ENDPOINT:
        methods.append(("oidc", reverse("oidc_authentication_init")))
    if getattr(settings, "OVERSYN_SAML_ENABLED", False) and settings.SAML_CONFIG.get("metadata"):
        methods.append(("saml", reverse("saml2_login")))
    return methods
