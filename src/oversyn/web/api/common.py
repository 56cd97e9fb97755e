"""What the routers share: the case as the caller may see it, permissions, JSON bodies."""

from __future__ import annotations

import json
from typing import Any

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _

from oversyn.web.api.auth import actor, writer
from oversyn.web.platform import selectors as sel
from oversyn.web.platform.errors import ServiceError


def case_access(request: HttpRequest, key: str) -> sel.CaseAccess:
    """The case at ``key`` if the caller may see it, else 404 (never 403: no leak)."""
    try:
        return sel.case_for_user(actor(request), key)
    except sel.CaseMoved:  # an old id-address: the API names cases by their address only
        raise Http404(_("Ärendet finns inte.")) from None


def require(access: sel.CaseAccess, permission: str, request: HttpRequest) -> Any:
    """The writer, when their role grants ``permission`` (403 otherwise, or for a read token)."""
    access.require(permission)
    return writer(request)


def json_body(request: HttpRequest) -> Any:
    """The request's JSON body; 422 with a message when it is no JSON."""
    try:
        return json.loads(request.body or b"null")
    except (ValueError, UnicodeDecodeError) as exc:
        raise ServiceError(
            [_("Innehållet är ingen giltig JSON: %(error)s") % {"error": exc}]
        ) from exc


def json_object(request: HttpRequest) -> dict[str, Any]:
    data = json_body(request)
    if not isinstance(data, dict):
        raise ServiceError([_("Innehållet ska vara ett JSON-objekt.")])
    return data
