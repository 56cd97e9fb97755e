"""Log out: ends the local session, and the provider's session too after a single sign-on."""

from __future__ import annotations

from django.conf import settings
from django.contrib import auth
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from oversyn.web.accounts.oidc import provider_logout_url


@require_POST
def logout(request: HttpRequest) -> HttpResponse:
    """POST only (CSRF-protected, as Django's LogoutView)."""
    if getattr(settings, "OVERSYN_OIDC_ENABLED", False) and "oidc_id_token" in request.session:
        target = provider_logout_url(request)
        auth.logout(request)
        return HttpResponseRedirect(target)
    saml_session = getattr(request, "saml_session", None)  # djangosaml2's own session
    if (
        getattr(settings, "OVERSYN_SAML_ENABLED", False)
        and saml_session is not None
        and (saml_session.get("_saml2_subject_id"))
    ):
        return HttpResponseRedirect(reverse("saml2_logout"))
    return auth_views.LogoutView.as_view()(request)


def lockout(request: HttpRequest, original_response: object, credentials: object) -> HttpResponse:
    """django-axes' answer to a locked-out user name or address: a Swedish page, 429."""
    from django.shortcuts import render

    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(request, "accounts/lockout.html", {"cooloff_minutes": minutes}, status=429)
