"""Version tokens as HTTP does them: ``ETag`` out, ``If-Match`` in.

An item's ETag is its registry version token (:func:`registry.item_token_of`, a hash of its
content: the same token the web forms carry as ``base``); a case's is the token of its whole
content (:func:`repository.token`).  A write names the version it saw in ``If-Match``:
without one it is refused with 428, with a stale one with 412 — the action itself compares
the token again inside its transaction, so a save that slips in between is still caught.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _


class PreconditionRequired(Exception):
    """A write without ``If-Match`` (428)."""

    def __init__(self) -> None:
        super().__init__(
            _(
                "Ange versionen du utgår från i rubriken If-Match (ETag från när du läste "
                "uppgiften)."
            )
        )


def quote(token: str) -> str:
    return f'"{token}"'


def set_etag(response: HttpResponse, token: str) -> None:
    response["ETag"] = quote(token)


def if_match(request: HttpRequest) -> list[str]:
    """The tokens ``If-Match`` names (``*`` kept as is); raise 428 when it is absent."""
    header = request.headers.get("If-Match", "").strip()
    if not header:
        raise PreconditionRequired()
    out = []
    for part in header.split(","):
        part = part.strip()
        if part.startswith("W/"):
            part = part[2:]
        out.append(part.strip('"'))
    return [p for p in out if p]


def base_token(request: HttpRequest, current: str) -> str:
    """The version token the client saw, for the action to compare: ``current`` when
    ``If-Match`` names it (or ``*`` while the resource exists), otherwise what it names (the
    action then refuses it as stale: 412)."""
    tokens = if_match(request)
    if current and (current in tokens or "*" in tokens):
        return current
    return tokens[0] if tokens else ""


def matches(request: HttpRequest, current: Any) -> bool:
    return base_token(request, current) == current
