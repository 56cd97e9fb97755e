"""What every app's views share: the case decorator, the template context, running an action.

Every case view loads the case through :func:`case_view`, so a case the user has no role in
answers 404; a role without the view's permission is 403.  Writes go through
:func:`call_service` / :func:`attempt`, which turn an action's refusals into an
:class:`Outcome` the template shows (errors, and for a stale form the saved version).
"""

from __future__ import annotations

import enum
import types
import typing
from collections.abc import Callable
from dataclasses import dataclass
from dataclasses import field as dc_field
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from pydantic import BaseModel

from oversyn.web.platform import registry
from oversyn.web.platform import selectors as sel
from oversyn.web.platform.audit import dump
from oversyn.web.platform.errors import ConflictError, ServiceError
from oversyn.web.platform.permissions import EDIT, MEMBERS, VIEW
from oversyn.web.platform.routes import Routes

route = Routes()  # this module's URL patterns (urls.py), each beside its view

View = Callable[..., HttpResponse]


def case_view(permission: str = VIEW) -> Callable[[View], View]:
    """Load the case for the user (404 if no role); 403 if the role lacks ``permission``."""

    def decorate(view: View) -> View:
        @login_required
        @wraps(view)
        def wrapper(request: HttpRequest, key: str, *args: Any, **kwargs: Any) -> HttpResponse:
            access = sel.case_for_user(request.user, key)
            access.require(permission)
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


def read_only_unless(access: sel.CaseAccess, *forms: Any, permission: str = EDIT) -> None:
    """Show ``forms`` (and formsets' forms) read-only to a role without ``permission``: the
    fields are disabled (Django then ignores anything posted for them)."""
    if access.can(permission):
        return
    for form in forms:
        for each in getattr(form, "forms", [form]):
            for field in each.fields.values():
                field.disabled = True


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


def save_form(
    request: HttpRequest,
    access: sel.CaseAccess,
    form: Any,
    service: Any,
    args: Callable[[Any], dict[str, Any]],
) -> Outcome:
    """A posted ``form`` saved by the write ``service`` on the page's case: when the form is
    valid, ``service`` gets ``args(form)`` and the form's version token (``base``); saved, the
    message "Sparat."; refused, its messages (and for a stale form what is saved now).  An
    invalid form is not saved (``ok`` False, no messages: the form shows its own errors)."""
    if not form.is_valid():
        return Outcome(False)
    outcome = call_service(
        request,
        service,
        record=access.record,
        base=form.cleaned_data.get("base") or "",
        **args(form),
    )
    if outcome.ok:
        messages.success(request, _("Sparat."))
    return outcome


def run_service(request: HttpRequest, service: Any, success: str, **kwargs: Any) -> bool:
    """Call a write service; show its errors as messages, or ``success``."""
    outcome = call_service(request, service, **kwargs)
    for message in outcome.errors:
        messages.error(request, message)
    if outcome.ok:
        messages.success(request, success)
    return outcome.ok


def run_posted(
    request: HttpRequest, access: sel.CaseAccess, service: Any, success: str, **kwargs: Any
) -> bool:
    """:func:`run_service` on the page's case with the version token the form posted
    (``base``): the common shape of a delete or a small change button."""
    return run_service(
        request,
        service,
        success,
        record=access.record,
        base=request.POST.get("base", ""),
        **kwargs,
    )


def posted_button(
    service: Any,
    success: Callable[[], str],
    page: str,
    anchor: str = "",
    permission: str = EDIT,
    refused: str = "",
) -> Callable[..., HttpResponse]:
    """A button's POST address (a delete, a small change): :func:`run_posted` calls
    ``service`` with the URL's arguments (``journey_id``, ``index`` …) and the form's version
    token, shows its message or refusals, and goes back to the case page ``page``
    (``cases:<page>``) at ``anchor`` — or, when refused and ``refused`` names one, to that
    page of the same URL arguments (the item's own page, where the button is)."""

    @require_POST
    @case_view(permission)
    def view(request: HttpRequest, access: sel.CaseAccess, **args: Any) -> HttpResponse:
        if not run_posted(request, access, service, success(), **args) and refused:
            return redirect(f"cases:{refused}", key=access.record.key, **args)
        return redirect(reverse(f"cases:{page}", args=[access.record.key]) + anchor)

    return view


def run_and_back(
    request: HttpRequest,
    access: sel.CaseAccess,
    service: Any,
    success: str,
    page: str,
    **kwargs: Any,
) -> HttpResponse:
    """A button's POST: :func:`run_service` on the page's case (its errors or ``success`` as
    messages), then back to the case page ``page`` (a URL name taking the case key)."""
    run_service(request, service, success, record=access.record, **kwargs)
    return redirect(page, key=access.record.key)


def read_upload(upload: Any) -> tuple[str | None, str]:
    """An uploaded file's text (UTF-8, with or without BOM) and name; None if not UTF-8."""
    raw = upload.read()
    try:
        return raw.decode("utf-8-sig"), upload.name
    except UnicodeDecodeError:
        return None, upload.name


# -- the generic item pages (list, new/edit, delete) of every registered item kind --------------


def _form_fields(kind: Any) -> dict[str, str]:
    """The model's fields one text input can hold, by name, with their shape: ``scalar``; a
    ``list`` of plain values (one input per value, or one comma-separated line); ``text``, a
    part the core reads from its text (a deadline as written: "Q1 2025").  Mappings and other
    nested parts are not in the form and keep their stored values."""
    out = {}
    for name, info in kind.model.model_fields.items():
        inner = info.annotation
        if typing.get_origin(inner) in (typing.Union, types.UnionType):  # X | None
            inner = next(a for a in typing.get_args(inner) if a is not type(None))
        if typing.get_origin(inner) is typing.Annotated:
            inner = typing.get_args(inner)[0]
        if typing.get_origin(inner) is list:
            (item,) = typing.get_args(inner) or (Any,)
            if typing.get_origin(item) is typing.Annotated:
                item = typing.get_args(item)[0]
            if item in (str, int, float):
                out[name] = "list"
            continue
        if isinstance(inner, type) and issubclass(inner, BaseModel):
            if "text" in inner.model_fields and _reads_text(inner):
                out[name] = "text"
            continue
        if typing.get_origin(inner) is dict:
            continue
        out[name] = "scalar"
    return out


#: Plain text fields that hold more than a line: shown as a textarea.
LONG_TEXT = frozenset(
    {"description", "text", "mitigation", "note", "motivation", "response", "summary", "body_text"}
)


def _widget(kind: Any, name: str, case: Any) -> dict[str, Any]:
    """How the generic form shows one scalar field: a select for an enumeration, a small
    bounded integer (a 1–5 grade), a reference to an alternative or one the kind's
    ``extra["choices"]`` names (a decision's assessor); a checkbox for a yes/no;
    a textarea for long text; otherwise a text input.  ``choices`` are (value, label)."""
    info = kind.model.model_fields[name]
    inner = info.annotation
    optional = False
    if typing.get_origin(inner) in (typing.Union, types.UnionType):
        args = typing.get_args(inner)
        optional = type(None) in args
        inner = next(a for a in args if a is not type(None))
    metadata = list(info.metadata)
    if typing.get_origin(inner) is typing.Annotated:
        inner, *extra = typing.get_args(inner)
        for item in extra:
            metadata += list(getattr(item, "metadata", [item]))
    blank = [("", "–")] if optional or not info.is_required() else []
    # a reference the kind names (extra["choices"]: field → case → (id, name)): chosen by name
    chosen = kind.extra.get("choices", {}).get(name) if hasattr(kind, "extra") else None
    if chosen is not None and case is not None:
        return {"widget": "select", "choices": blank + list(chosen(case))}
    if name == "alternative" and case is not None:
        ids = case.alternative_ids()
        return {"widget": "select", "choices": blank + [(a, case.alternative_name(a)) for a in ids]}
    if isinstance(inner, type) and issubclass(inner, enum.Enum):
        return {
            "widget": "select",
            "choices": blank + [(str(e.value), str(e.value)) for e in inner],
        }
    if typing.get_origin(inner) is typing.Literal:
        return {
            "widget": "select",
            "choices": blank + [(str(v), str(v)) for v in typing.get_args(inner)],
        }
    if inner is bool:
        return {"widget": "checkbox"}
    if inner is int:
        low = next((m.ge for m in metadata if hasattr(m, "ge")), None)
        high = next((m.le for m in metadata if hasattr(m, "le")), None)
        if low is not None and high is not None and 0 <= high - low <= 10:
            return {
                "widget": "select",
                "choices": blank + [(str(v), str(v)) for v in range(low, high + 1)],
            }
    if inner is str and name in LONG_TEXT:
        return {"widget": "textarea"}
    return {"widget": "input"}


def _reads_text(model: type[BaseModel]) -> bool:
    try:
        model.model_validate("Q1 2025")
    except (ValueError, TypeError):
        return False
    return True


#: Lists of sentences (which hold commas): a textarea with one value per line.
LINE_LISTS = frozenset({"reasons"})


def _named(kind: Any, name: str, case: Any) -> dict[str, str] | None:
    """A list of references the kind names (``extra["choices"]``: field → case → (id, name),
    e.g. a journey's steps): id → name, so the form shows and takes names, one per line."""
    chosen = getattr(kind, "extra", {}).get("choices", {}).get(name)
    return dict(chosen(case)) if chosen is not None and case is not None else None


def _by_names(values: list[str], named: dict[str, str]) -> list[str]:
    """Names typed one per line → ids (a name or an id; case-insensitive).  A line that is
    neither stays as typed, so the core's reference check names it."""
    ids = {n.casefold(): i for i, n in named.items()} | {i.casefold(): i for i in named}
    return [ids.get(v.casefold(), v) for v in values]


def _shown(value: Any, shape: str, name: str = "", named: dict[str, str] | None = None) -> str:
    if value is None:
        return ""
    if shape == "list" and named is not None:
        return "\n".join(named.get(str(v), str(v)) for v in value)
    if shape == "list":
        return ("\n" if name in LINE_LISTS else ", ").join(str(v) for v in value)
    if shape == "text":
        return str(value.get("text", "")) if isinstance(value, dict) else str(value)
    return str(value)


def _posted(
    request: HttpRequest, name: str, shape: str, named: dict[str, str] | None = None
) -> Any:
    if shape != "list":
        return request.POST.get(name, "").strip()
    values = [v.strip() for v in request.POST.getlist(name)]
    if len(values) == 1:  # one line per value (a textarea), else values typed with commas
        lines = values[0].splitlines()
        whole = values[0].strip().casefold()
        known = named is not None and whole in {k.casefold() for k in (*named, *named.values())}
        by_line = name in LINE_LISTS or known or len(lines) > 1
        parts = lines if by_line else values[0].split(",")
        values = [v.strip() for v in parts]
    values = [v for v in values if v]
    return _by_names(values, named) if named is not None else values


def _kind_or_404(name: str) -> Any:
    try:
        return registry.get(name)
    except KeyError:
        raise Http404(_("Det finns ingen sådan sorts uppgift.")) from None


@route("poster/<str:kind>/", "item_list")
@case_view()
def item_list(request: HttpRequest, access: sel.CaseAccess, kind: str) -> HttpResponse:
    """Every item of ``kind`` in the case, with links to edit it."""
    k = _kind_or_404(kind)
    items = [
        {"id": getattr(o, k.key), "name": k.display(o), "base": registry.token(o)}
        for o in k.items(access.case)
    ]
    return render(
        request,
        "platform/item_list.html",
        page_context(access, kind=k, items=items, can_write=access.can(k.permission)),
    )


@route("poster/<str:kind>/<str:item_id>/", "item_edit")
@route("poster/<str:kind>/ny/", "item_new")
@case_view()
def item_edit(
    request: HttpRequest, access: sel.CaseAccess, kind: str, item_id: str | None = None
) -> HttpResponse:
    """A new item of ``kind`` (``item_id`` None) or one item, as a form of its plain fields.

    Fields the form does not show (lists, nested parts) keep their stored values; an empty
    input leaves the field at its default.  The save is :func:`registry.item_save`.
    """
    k = _kind_or_404(kind)
    item = k.find(access.case, item_id) if item_id is not None else None
    if item_id is not None and item is None:
        raise Http404(_("Uppgiften finns inte (någon kan ha tagit bort den)."))
    names = _form_fields(k)
    named = {n: _named(k, n, access.case) for n, shape in names.items() if shape == "list"}
    stored = item.model_dump(mode="json") if item is not None else {}
    values = {n: _shown(stored.get(n), shape, n, named.get(n)) for n, shape in names.items()}
    base = registry.token(item) if item is not None else ""
    errors: list[str] = []
    if request.method == "POST":
        access.require(k.permission)
        posted = {n: _posted(request, n, shape, named.get(n)) for n, shape in names.items()}
        data = {n: v for n, v in stored.items() if n not in names}
        data.update({n: v for n, v in posted.items() if v not in ("", [])})
        values = {n: _shown(v, names[n], n, named.get(n)) for n, v in posted.items()}
        outcome = call_service(
            request,
            registry.item_save,
            record=access.record,
            kind=k,
            item_id=item_id,
            data=data,
            base=request.POST.get("base", ""),
        )
        if outcome.ok:
            messages.success(request, _("Sparat."))
            return redirect("cases:item_list", key=access.record.key, kind=k.name)
        errors = outcome.errors
    labels = {
        "id": _("Id (lämna tomt så skapas det av namnet)"),
        "note": _("Anteckning"),
        **(k.labels() if k.labels else {}),
    }
    fields = [
        {
            "name": n,
            "label": labels.get(n, n),
            "value": values[n],
            **(
                _widget(k, n, access.case)
                if shape == "scalar"
                else {"widget": "textarea" if n in LINE_LISTS or named.get(n) else "input"}
            ),
        }
        for n, shape in names.items()
    ]
    return render(
        request,
        "platform/item_form.html",
        page_context(
            access,
            kind=k,
            item_id=item_id,
            fields=fields,
            base=base,
            errors=errors,
            can_write=access.can(k.permission),
        ),
        status=400 if errors else 200,
    )


@route("poster/<str:kind>/<str:item_id>/ta-bort/", "item_delete")
@case_view()
def item_delete(
    request: HttpRequest, access: sel.CaseAccess, kind: str, item_id: str
) -> HttpResponse:
    """Remove one item of ``kind`` (POST, with the token of the item the user saw)."""
    k = _kind_or_404(kind)
    if request.method != "POST":
        return redirect("cases:item_edit", key=access.record.key, kind=k.name, item_id=item_id)
    access.require(k.permission)
    # its errors (a stale token, a refused delete) are shown as messages
    run_posted(request, access, registry.item_delete, _("Borttaget."), kind=k, item_id=item_id)
    return redirect("cases:item_list", key=access.record.key, kind=k.name)


def kind_delete(
    kind: str, success: Callable[[], str], page: str, anchor: str = ""
) -> Callable[..., HttpResponse]:
    """The delete button of a registered kind on its own page (POST, the item's token in
    ``base``): :func:`registry.item_delete`, its message or its refusals, back to ``page``
    (``cases:<page>``).  The URL's one item argument (``cost_id``, ``alt_id`` …) is the key."""

    @require_POST
    @case_view()
    def view(request: HttpRequest, access: sel.CaseAccess, **item: str) -> HttpResponse:
        k = registry.get(kind)
        access.require(k.permission)
        (item_id,) = item.values()
        run_posted(request, access, registry.item_delete, success(), kind=k, item_id=item_id)
        return redirect(reverse(f"cases:{page}", args=[access.record.key]) + anchor)

    return view
