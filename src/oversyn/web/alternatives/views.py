"""The alternative builder: an alternative's page, its operations (form, preview, add, remove)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from oversyn.core.case import BASELINE_ID
from oversyn.core.diff import diff_organisations, totals_sentences
from oversyn.web.alternatives import actions as alt_actions
from oversyn.web.alternatives import forms as alt_forms
from oversyn.web.alternatives import selectors as asel
from oversyn.web.organisation import selectors as osel
from oversyn.web.platform import cache, warmup
from oversyn.web.platform import selectors as sel
from oversyn.web.platform import shared as svc
from oversyn.web.platform.lang import current_lang
from oversyn.web.platform.pages import form_errors
from oversyn.web.platform.routes import Routes
from oversyn.web.platform.views import (
    case_view,
    page_context,
    run_posted,
    run_service,
)

route = Routes()  # this module's URL patterns (urls.py), each beside its view


def _to_alternative(access: sel.CaseAccess, alt_id: str) -> HttpResponse:
    """Back to the alternative's page (its builder)."""
    return redirect("cases:alternative", key=access.record.key, alt_id=alt_id)


def _post_or_redirect(view: Any) -> Any:
    """A form's address: POST runs ``view`` (with its own permission check); any other method
    (a reload, a bookmark, a link) is sent to the page where the form is, for every member of
    the case (404 for others), instead of a bare 405."""

    @case_view()
    @wraps(view)
    def wrapper(request: HttpRequest, access: sel.CaseAccess, **kwargs: Any) -> HttpResponse:
        if request.method != "POST":
            alt_id = kwargs.get("alt_id")
            if alt_id and access.case.alternative(alt_id) is not None:
                return _to_alternative(access, alt_id)
            return redirect("cases:overview", key=access.record.key)
        return view(request, access.record.key, **kwargs)

    return wrapper


def _edit_post(path: str, name: str) -> Callable[[Any], Any]:
    """Declare the address ``path`` (URL name ``name``) of a form that changes the case: POST
    runs the view for the utredare (``EDIT``); any other method goes to the form's page
    (:func:`_post_or_redirect`)."""

    def declare(view: Any) -> Any:
        return route(path, name)(_post_or_redirect(case_view(svc.EDIT)(view)))

    return declare


@_edit_post("alternativ/", "alternative_create")
def alternative_create(request: HttpRequest, access: sel.CaseAccess) -> HttpResponse:
    form = alt_forms.AlternativeForm(
        request.POST, alternatives=asel.alternative_choices(access.case)
    )
    if form.is_valid():
        alt_id = form.alt_id()
        if run_service(
            request,
            alt_actions.alternative_create,
            _("Alternativet %(name)s skapades.") % {"name": form.cleaned_data["name"]},
            record=access.record,
            alt_id=alt_id,
            name=form.cleaned_data["name"],
            description=form.cleaned_data["description"],
            based_on=form.cleaned_data["based_on"] or None,
            note=form.cleaned_data["note"],
        ):
            return _to_alternative(access, alt_id)
    else:
        for message in form_errors(form):
            messages.error(request, message)
    return redirect("cases:overview", key=access.record.key)


def builder_parts(
    record: Any, case: Any, alt_id: str, lang: str, background: bool = False
) -> dict[str, Any]:
    """The organisation, the steps, the diff and the tree of an alternative: once per case
    version (cache), in one entry so that the tree's units and the organisation's are stored
    (and read) once.  With ``background`` a miss raises :class:`cache.Pending`."""
    alt = case.alternative(alt_id)
    assert alt is not None

    def derived() -> dict[str, Any]:
        org = case.organisation(alt_id)
        base_org = case.organisation(alt.based_on or BASELINE_ID)
        diff = diff_organisations(base_org, org)
        baseline = case.baseline
        return {
            "org": org,
            "operations": asel.operation_steps(base_org, alt.operations, alt_id),
            "diff": diff.sentences(lang),
            "diff_from_baseline": (
                diff_organisations(baseline, org).sentences(lang) if alt.based_on else None
            ),
            "totals": totals_sentences(base_org, org, lang),
            "totals_from_baseline": (totals_sentences(baseline, org, lang) if alt.based_on else []),
            "tree": osel.organisation_tree(org, diff),
        }

    return cache.cached(record, "builder", derived, alt_id, background=background)


def warm_builders(record: Any, case: Any) -> None:
    """The warm-up job's part (oversyn.web.platform.warmup): every alternative's builder."""
    lang = current_lang()
    for alt in case.alternatives:
        builder_parts(record, case, alt.id, lang)


def _builder_context(
    access: sel.CaseAccess,
    alt_id: str,
    op: str = "move_unit",
    background: bool = False,
    **extra: Any,
) -> dict[str, Any]:
    case, record = access.case, access.record
    alt = case.alternative(alt_id)
    assert alt is not None
    lang = current_lang()
    parts = dict(builder_parts(record, case, alt_id, lang, background))  # a copy: it is cached
    org = parts.pop("org")  # the other parts are shown as they are
    return page_context(
        access,
        alt=alt,
        base=svc.token(alt),
        based_on_name=case.alternative_name(alt.based_on or BASELINE_ID, lang),
        **parts,
        op=op,
        op_labels=list(alt_forms.OP_LABELS.items()),
        op_form=extra.pop("op_form", None)
        or alt_forms.OperationForm(
            org=org, op=op, baseline=case.baseline, initial={"base": svc.token(alt)}
        ),
        edit_form=alt_forms.AlternativeForm(
            initial={
                "name": alt.name,
                "description": alt.description,
                "note": alt.note,
                "base": svc.token(alt),
            },
            editing=True,
        ),
        **extra,
    )


def _get_alt(access: sel.CaseAccess, alt_id: str) -> None:
    if access.case.alternative(alt_id) is None:
        from django.http import Http404

        raise Http404(_("Alternativet finns inte."))


def _chosen_op(params: Any) -> str:
    """The kind of operation the builder's form shows (``op`` of the query or the posted
    form; moving a unit by default)."""
    op = params.get("op", "move_unit")
    return op if op in alt_forms.OP_FIELDS else "move_unit"


@route("alternativ/<str:alt_id>/", "alternative")
@case_view()
def alternative(request: HttpRequest, access: sel.CaseAccess, alt_id: str) -> HttpResponse:
    _get_alt(access, alt_id)
    try:
        context = _builder_context(
            access, alt_id, _chosen_op(request.GET), background=warmup.background(access)
        )
    except cache.Pending:
        return warmup.pending_page(request, access, _("Alternativbyggaren"))
    if warmup.polled(request):
        return warmup.ready_response()
    return render(request, "alternatives/alternative.html", context)


@route("alternativ/<str:alt_id>/formular/", "operation_form")
@case_view()
def operation_form(request: HttpRequest, access: sel.CaseAccess, alt_id: str) -> HttpResponse:
    """HTMX: the fields of the chosen kind of operation."""
    _get_alt(access, alt_id)
    ctx = _builder_context(access, alt_id, _chosen_op(request.GET))
    return render(request, "alternatives/_op_form.html", ctx)


@route("alternativ/<str:alt_id>/forhandsvisa/", "operation_preview")
@_post_or_redirect
@case_view()
def operation_preview(request: HttpRequest, access: sel.CaseAccess, alt_id: str) -> HttpResponse:
    """HTMX: the diff in words if the operation being filled in were added (nothing saved)."""
    _get_alt(access, alt_id)
    case = access.case
    op = _chosen_op(request.POST)
    alt = case.alternative(alt_id)
    assert alt is not None
    now = case.organisation(alt_id)
    form = alt_forms.OperationForm(request.POST, org=now, op=op, baseline=case.baseline)
    errors: list[str] = []
    sentences: list[str] = []
    step: list[str] = []
    totals: list[str] = []
    complete = form.is_valid()
    if complete:
        try:
            operation = alt_actions.parse_operation(form.to_data())
            after = alt_actions.operation_check(case, alt_id, operation)
        except svc.ServiceError as exc:
            errors = exc.messages
        else:
            before = case.organisation(alt.based_on or BASELINE_ID)
            lang = current_lang()
            sentences = diff_organisations(before, after).sentences(lang)
            step = diff_organisations(now, after).sentences(lang)
            totals = totals_sentences(before, after, lang)
    elif form.errors:
        errors = form_errors(form)
    return render(
        request,
        "alternatives/_preview.html",
        {
            "complete": complete,
            "errors": errors,
            "sentences": sentences,
            "step": step,
            "totals": totals,
            "generated": form.generated if complete else [],
        },
    )


@_edit_post("alternativ/<str:alt_id>/andringar/", "operation_add")
def operation_add(request: HttpRequest, access: sel.CaseAccess, alt_id: str) -> HttpResponse:
    _get_alt(access, alt_id)
    op = _chosen_op(request.POST)
    form = alt_forms.OperationForm(
        request.POST, org=access.case.organisation(alt_id), op=op, baseline=access.case.baseline
    )
    errors: list[str] = []
    if form.is_valid():
        try:
            alt_actions.operation_add(
                actor=request.user,
                record=access.record,
                alt_id=alt_id,
                data=form.to_data(),
                base=form.cleaned_data.get("base") or "",
            )
        except svc.ServiceError as exc:
            errors = exc.messages
        else:
            messages.success(request, _("Ändringen lades till."))
            return _to_alternative(access, alt_id)
    access = sel.case_for_user(request.user, access.record.key)
    return render(
        request,
        "alternatives/alternative.html",
        _builder_context(access, alt_id, op, op_form=form, op_errors=errors),
        status=400 if errors or not form.is_valid() else 200,
    )


@_edit_post("alternativ/<str:alt_id>/andringar/<int:index>/ta-bort/", "operation_remove")
def operation_remove(
    request: HttpRequest, access: sel.CaseAccess, alt_id: str, index: int
) -> HttpResponse:
    run_posted(
        request,
        access,
        alt_actions.operation_remove,
        _("Ändringen togs bort."),
        alt_id=alt_id,
        index=index,
    )
    return _to_alternative(access, alt_id)


@_edit_post("alternativ/<str:alt_id>/andra/", "alternative_update")
def alternative_update(request: HttpRequest, access: sel.CaseAccess, alt_id: str) -> HttpResponse:
    _get_alt(access, alt_id)
    form = alt_forms.AlternativeForm(request.POST, editing=True)
    if form.is_valid():
        run_service(
            request,
            alt_actions.alternative_update,
            _("Sparat."),
            record=access.record,
            alt_id=alt_id,
            name=form.cleaned_data["name"],
            description=form.cleaned_data["description"],
            note=form.cleaned_data["note"],
            base=form.cleaned_data.get("base") or "",
        )
    return _to_alternative(access, alt_id)


@_edit_post("alternativ/<str:alt_id>/ta-bort/", "alternative_delete")
def alternative_delete(request: HttpRequest, access: sel.CaseAccess, alt_id: str) -> HttpResponse:
    _get_alt(access, alt_id)
    if not run_posted(
        request,
        access,
        alt_actions.alternative_delete,
        _("Alternativet togs bort."),
        alt_id=alt_id,
    ):
        return _to_alternative(access, alt_id)
    return redirect("cases:overview", key=access.record.key)
