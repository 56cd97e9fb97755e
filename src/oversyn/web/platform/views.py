"""What every app's views share: the case decorator, the template context, running an action.

Every case view loads the case through :func:`case_view`, so a case the user has no role in
answers 404; a role without the view's permission is 403.  Writes go through
:func:`call_service` / :func:`attempt`, which turn an action's refusals into an
:class:`Outcome` the template shows (errors, and for a stale form the saved version).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from dataclasses import field as dc_field
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from oversyn.web.platform import selectors as sel
from oversyn.web.platform.audit import dump
from oversyn.web.platform.errors import ConflictError, ServiceError
from oversyn.web.platform.permissions import EDIT, MEMBERS, VIEW

View = Callable[..., HttpResponse]


def case_view(permission: str = VIEW) -> Callable[[View], View]:
    """Load the case for the user (404 if no role); 403 if the role lacks ``permission``."""

    def decorate(view: View) -> View:
        @login_required
        @wraps(view)
        def wrapper(request: HttpRequest, key: str, *args: Any, **kwargs: Any) -> HttpResponse:
            access = sel.case_for_user(request.user, key)
            if not access.can(permission):
                raise PermissionDenied(_("Din roll i ärendet får inte göra detta."))
            return view(request, access, *args, **kwargs)

        return wrapper

    return decorate


def page_context(access: sel.CaseAccess, **extra: Any) -> dict[str, Any]:
    """The context every case page's template gets (the case, the role's rights)."""
    return {
        "access": access,
        "record": access.record,
        "case": access.case,
        "can_edit": access.can(EDIT),
        "can_members": access.can(MEMBERS),
        **extra,
    }


@dataclass
class Outcome:
    """What a write service said: ``errors`` (Swedish) and, for a stale form, ``conflicted``
    with ``conflict`` (the saved version, shown next to the user's input)."""

    ok: bool
    errors: list[str] = dc_field(default_factory=list)
    conflict: Any = None
    result: Any = None
    conflicted: bool = False


def attempt(call: Callable[[], Any]) -> Outcome:
    """Run a write (a service call with its arguments bound) and catch its refusals."""
    try:
        result = call()
    except ConflictError as exc:
        return Outcome(False, exc.messages, dump(exc.current), conflicted=True)
    except ServiceError as exc:
        return Outcome(False, exc.messages)
    return Outcome(True, result=result)


def call_service(request: HttpRequest, service: Any, **kwargs: Any) -> Outcome:
    """Call a write service as the request's user and catch the refusals it may raise."""
    return attempt(lambda: service(actor=request.user, **kwargs))


def run_service(request: HttpRequest, service: Any, success: str, **kwargs: Any) -> bool:
    """Call a write service; show its errors as messages, or ``success``."""
    outcome = call_service(request, service, **kwargs)
    for message in outcome.errors:
        messages.error(request, message)
    if outcome.ok:
        messages.success(request, success)
    return outcome.ok


def read_upload(upload: Any) -> tuple[str | None, str]:
    """An uploaded file's text (UTF-8, with or without BOM) and name; None if not UTF-8."""
    raw = upload.read()
    try:
        return raw.decode("utf-8-sig"), upload.name
    except UnicodeDecodeError:
        return None, upload.name
