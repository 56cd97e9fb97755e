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


def api_tokens(request: HttpRequest) -> HttpResponse:
    """The user's own API tokens: make one (its secret shown once), revoke one, see when each
    was last used.  Only the user's own tokens are listed or revoked."""
    from django.contrib.auth.views import redirect_to_login
    from django.shortcuts import render
    from django.utils.translation import gettext as _

    from oversyn.web.api.models import ApiToken
    from oversyn.web.api.tokens import token_create, token_revoke
    from oversyn.web.platform.errors import ServiceError

    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    errors: list[str] = []
    secret = ""
    created = None
    status = 200
    if request.method == "POST":
        try:
            if request.POST.get("revoke"):
                try:
                    token_id = int(request.POST["revoke"])
                except ValueError:
                    raise ServiceError([_("API-nyckeln finns inte.")]) from None
                revoked = token_revoke(user=request.user, token_id=token_id)
                from django.contrib import messages

                messages.success(
                    request, _("API-nyckeln %(name)s återkallades.") % {"name": revoked.name}
                )
                return HttpResponseRedirect(reverse("api_tokens"))
            created, secret = token_create(
                user=request.user,
                name=request.POST.get("name", ""),
                scope=request.POST.get("scope", ""),
            )
        except ServiceError as exc:
            errors, status = exc.messages, 400
    tokens = ApiToken.objects.filter(user=request.user)
    response = render(
        request,
        "accounts/api_tokens.html",
        {
            "tokens": tokens,
            "errors": errors,
            "secret": secret,
            "created": created,
            "scopes": ApiToken.Scope.choices,
            "form": request.POST if errors else {},
        },
        status=status,
    )
    if secret:
        response["Cache-Control"] = "no-store"  # the secret is shown this once
    return response
