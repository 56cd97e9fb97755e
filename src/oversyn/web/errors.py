"""Error pages (400, 403, 404, 405, 500) in the app's layout, in Swedish (English via i18n).

Each page says what happened in plain words, what the user can do, and the request id to
quote to support (the same id the audit trail and the ``X-Request-Id`` header carry, from
:class:`~oversyn.web.platform.middleware.RequestIdMiddleware`).  Nothing internal is shown: no
exception text (except a refusal's own Swedish message on a 403), no path, no traceback.
The 500 page falls back to a page without the layout if the layout itself cannot be drawn
(the database may be what failed).
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.template import loader
from django.utils.functional import Promise
from django.utils.html import escape
from django.utils.translation import gettext as _

from oversyn.web.platform.middleware import current_request_id

log = logging.getLogger(__name__)


def _texts(status: int) -> tuple[str, str, str]:
    """(title, what happened, what to do) for an HTTP status (any other: the 500 texts)."""
    texts = {
        400: (
            _("Felaktig begäran"),
            _("Servern kunde inte tolka det som skickades (till exempel ett för stort formulär)."),
            _("Gå tillbaka, kontrollera uppgifterna och försök igen."),
        ),
        403: (
            _("Åtkomst nekad"),
            _("Du har inte behörighet att göra detta i ärendet."),
            _(
                "Be ärendets utredare om en roll i ärendet om du behöver den, eller gå "
                "tillbaka till ärendelistan."
            ),
        ),
        404: (
            _("Sidan finns inte"),
            _("Sidan eller ärendet finns inte, eller så har du ingen roll i ärendet."),
            _("Kontrollera adressen eller gå till ärendelistan."),
        ),
        405: (
            _("Fel sätt att öppna sidan"),
            _("Adressen tar bara emot formulär som skickas från sidan, inte en vanlig länk."),
            _("Gå tillbaka till sidan och använd knappen där."),
        ),
        503: (
            _("Databasen är upptagen"),
            _(
                "Många sparar samtidigt just nu och din ändring kunde inte sparas. "
                "Ingenting sparades."
            ),
            _("Gå tillbaka och spara igen om en stund."),
        ),
        500: (
            _("Något gick fel"),
            _("Ett oväntat fel uppstod hos servern. Ingenting har sparats av det du skickade."),
            _(
                "Försök igen om en stund. Om felet kvarstår, kontakta supporten och uppge "
                "felkoden nedan."
            ),
        ),
    }
    return texts.get(status, texts[500])


def _request_id(request: HttpRequest) -> str:
    return getattr(request, "request_id", "") or current_request_id.get()


def render_error(
    request: HttpRequest, status: int, detail: str = "", headers: dict[str, str] | None = None
) -> HttpResponse:
    title, text, todo = _texts(status)
    context = {
        "status": status,
        "title": title,
        "text": text,
        "todo": todo,
        "detail": detail,
        "request_id": _request_id(request),
    }
    try:
        body = loader.render_to_string("error.html", context, request=request)
    except Exception:  # the layout needs the database (the user's remiss menu); keep it simple
        if status != 500:
            raise
        log.exception("error page layout failed")
        code_label = _("Felkod att uppge för supporten:")
        body = (
            f"<!DOCTYPE html><html lang='sv'><head><meta charset='utf-8'><title>{escape(title)}"
            f"</title></head><body><main><h1>{escape(title)}</h1><p>{escape(text)}</p>"
            f"<p>{escape(todo)}</p><p>{escape(code_label)} "
            f"<code>{escape(context['request_id'])}</code></p></main></body></html>"
        )
    response = HttpResponse(body, status=status)
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render_error(request, 400)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    message = exception.args[0] if exception is not None and exception.args else ""
    # our own refusals are Swedish sentences for the user; anything else stays unsaid
    return render_error(request, 403, str(message) if isinstance(message, str | Promise) else "")


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render_error(request, 404)


def server_error(request: HttpRequest) -> HttpResponse:
    return render_error(request, 500)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    detail = _(
        "Formuläret hade gått ut eller skickades från en annan sida. Ladda om sidan och "
        "skicka igen."
    )
    return render_error(request, 403, detail)


class ErrorPageMiddleware:
    """Give a bare 405 (``require_POST`` and friends return an empty body) the error page."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if isinstance(response, HttpResponseNotAllowed) and not response.content:
            return render_error(request, 405, headers={"Allow": response["Allow"]})
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        """A write that found the database busy past every retry (a service without its own
        retry) is answered 503 with the "try again" page — not a 500, and nothing stored."""
        from oversyn.web.platform.repository import database_busy

        if database_busy(exception):
            log.warning("database busy: %s", exception)
            return render_error(request, 503, headers={"Retry-After": "2"})
        if _sign_on_not_configured(exception):  # an SSO address of a service that is off
            log.warning("single sign-on not configured: %s", exception)
            return render_error(request, 404)
        return None


def _sign_on_not_configured(exception: Exception) -> bool:
    """True when a single sign-on end point was called but that sign-on is not set up
    (SAML without an identity provider's metadata, OIDC without its end points)."""
    from django.core.exceptions import ImproperlyConfigured

    name = type(exception).__name__
    if name == "IdPConfigurationMissing":
        return True
    return isinstance(exception, ImproperlyConfigured) and "OIDC" in str(exception)
