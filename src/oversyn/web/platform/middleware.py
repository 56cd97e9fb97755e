"""Request id: every request gets one, the audit trail records it (as NetBox does)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from contextvars import ContextVar

from django.http import HttpRequest, HttpResponse

current_request_id: ContextVar[str] = ContextVar("oversyn_request_id", default="")


class RequestIdMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = uuid.uuid4().hex
        request.request_id = request_id  # type: ignore[attr-defined]
        token = current_request_id.set(request_id)
        try:
            response = self.get_response(request)
        finally:
            current_request_id.reset(token)
        response["X-Request-Id"] = request_id
        return response


class CaseAddressMiddleware:
    """Redirect an old ``/arenden/<id>/…`` link to the case's address (see selectors)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        from django.http import HttpResponseRedirect
        from django.utils.http import urlencode

        from oversyn.web.platform.selectors import CaseMoved

        if not isinstance(exception, CaseMoved):
            return None
        old, new = f"/arenden/{exception.old}/", f"/arenden/{exception.key}/"
        if old not in request.path:
            return None
        target = request.path.replace(old, new, 1)
        if request.GET:
            target += "?" + urlencode(list(request.GET.lists()), doseq=True)
        response = HttpResponseRedirect(target)
        if request.method not in ("GET", "HEAD"):
            response.status_code = 307  # keep the method and body of a form post
        return response
