"""The actions' refusals as HTTP statuses, each with a body of the one :class:`Problem` shape.

404 a case (or item) the user cannot see or that does not exist — a user never learns of a
case they have no role in; 403 a role (or a read-only token) without the permission; 412 a
stale ``If-Match``; 428 a write without one; 422 refused input, with located messages in the
request's language (the platform's pydantic translator and the core's problems); 503 a busy
database.  Nothing is half-written: every write is one action in one transaction.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from oversyn.web.api.etag import PreconditionRequired
from oversyn.web.platform.errors import BusyError, ConflictError, ServiceError
from oversyn.web.platform.messages import where


class Problem(Schema):
    """Why a request was refused: ``detail`` in a sentence, ``errors`` one located message
    each (422)."""

    detail: str
    errors: list[str] = []


#: The refusals every operation may answer (the OpenAPI document lists them).
REFUSALS: dict[int, type[Problem]] = {
    401: Problem,
    403: Problem,
    404: Problem,
    422: Problem,
    503: Problem,
}
WRITE_REFUSALS: dict[int, type[Problem]] = {**REFUSALS, 412: Problem, 428: Problem}


def problem(
    api: NinjaAPI, request: HttpRequest, status: int, detail: str, errors: list[str] | None = None
) -> HttpResponse:
    return api.create_response(request, {"detail": detail, "errors": errors or []}, status=status)


def _located(errors: list[dict[str, Any]]) -> list[str]:
    """ninja's request errors (query, path, header …) as located messages."""
    out = []
    for err in errors:
        loc = tuple(err.get("loc", ()))
        place = where(loc, {}, {}) or _("Anropet")
        out.append(f"{place}: {err.get('msg', '')}")
    return out


def install(api: NinjaAPI) -> None:
    """Register the handlers on ``api``."""

    def not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
        text = str(exc) if str(exc) else _("Finns inte.")
        return problem(api, request, 404, text)

    def denied(request: HttpRequest, exc: Exception) -> HttpResponse:
        text = str(exc) or _("Din roll i ärendet får inte göra detta.")
        return problem(api, request, 403, text)

    def conflict(request: HttpRequest, exc: ConflictError) -> HttpResponse:
        return problem(
            api,
            request,
            412,
            _("Versionen i If-Match är inte den sparade; läs uppgiften igen och försök på nytt."),
            exc.messages,
        )

    def refused(request: HttpRequest, exc: ServiceError) -> HttpResponse:
        if isinstance(exc, BusyError):
            return problem(api, request, 503, exc.messages[0], exc.messages)
        if isinstance(exc, ConflictError):
            return conflict(request, exc)
        return problem(api, request, 422, _("Uppgifterna sparades inte."), exc.messages)

    def precondition(request: HttpRequest, exc: PreconditionRequired) -> HttpResponse:
        return problem(api, request, 428, str(exc))

    def invalid(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
        return problem(api, request, 422, _("Anropet är felaktigt."), _located(exc.errors))

    def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        response = problem(
            api,
            request,
            401,
            _("Logga in, eller ange en API-nyckel: Authorization: Bearer <nyckel>."),
        )
        response["WWW-Authenticate"] = 'Bearer realm="oversyn"'
        return response

    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        detail = str(exc)
        if exc.status_code == 403 and "CSRF" in detail:
            detail = _("CSRF-kontrollen misslyckades: skicka X-CSRFToken med sessionen.")
        return problem(api, request, exc.status_code, detail)

    api.add_exception_handler(Http404, not_found)
    api.add_exception_handler(PermissionDenied, denied)
    api.add_exception_handler(ServiceError, refused)
    api.add_exception_handler(PreconditionRequired, precondition)
    api.add_exception_handler(NinjaValidationError, invalid)
    api.add_exception_handler(AuthenticationError, unauthenticated)
    api.add_exception_handler(HttpError, http_error)
