"""The alternative builder: an alternative's page, its operations (form, preview, add, remove)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from oversyn.core.case import BASELINE_ID
from oversyn.core.diff import diff_organisations
from oversyn.web.alternatives import actions as alt_actions
from oversyn.web.alternatives import forms as alt_forms
from oversyn.web.alternatives import selectors as asel
from oversyn.web.organisation import selectors as osel
from oversyn.web.platform import cache
from oversyn.web.platform import selectors as sel
from oversyn.web.platform import shared as svc
from oversyn.web.platform.lang import current_lang
from oversyn.web.platform.views import (
    case_view,
    page_context,
    run_service,
)


@require_POST
@case_view(svc.EDIT)
def alternative_create(request: HttpRequest, access: sel.CaseAccess) -> HttpResponse:
    form = alt_forms.AlternativeForm(
        request.POST, alternatives=asel.alternative_choices(access.case)
    )
    if form.is_valid():
        if run_service(
            request,
            alt_actions.alternative_create,
            _("Alternativet %(name)s skapades.") % {"name": form.cleaned_data["name"]},
            record=access.record,
            alt_id=form.cleaned_data["id"],
            name=form.cleaned_data["name"],
            description=form.cleaned_data["description"],
            based_on=form.cleaned_data["based_on"] or None,
        ):
            return redirect(
                "cases:alternative", key=access.record.key, alt_id=form.cleaned_data["id"]
            )
    else:
        for field, errs in form.errors.items():
            for err in errs:
                messages.error(
                    request, f"{form.fields[field].label if field in form.fields else ''}: {err}"
                )
    return redirect("cases:overview", key=access.record.key)


def _builder_context(
    access: sel.CaseAccess, alt_id: str, op: str = "move_unit", **extra: Any
) -> dict[str, Any]:
    case, record = access.case, access.record
    alt = case.alternative(alt_id)
    assert alt is not None
    # the organisation, the steps, the diff and the tree: once per case version (cache), in
    # one entry so that the tree's units and the organisation's are stored (and read) once
    lang = current_lang()

    def derived() -> dict[str, Any]:
        org = case.organisation(alt_id)
        base_org = case.organisation(alt.based_on or BASELINE_ID)
        diff = diff_organisations(base_org, org)
        return {
            "org": org,
            "operations": asel.operation_steps(base_org, alt.operations, alt_id),
            "diff": diff.sentences(lang),
            "tree": osel.organisation_tree(org, diff),
        }

    parts = cache.cached(record, "builder", derived, alt_id)
    org = parts["org"]
    return page_context(
        access,
        alt=alt,
        base=svc.token(alt),
        based_on_name=case.alternative_name(alt.based_on or BASELINE_ID, lang),
        operations=parts["operations"],
        diff=parts["diff"],
        tree=parts["tree"],
        op=op,
        op_labels=list(alt_forms.OP_LABELS.items()),
        op_form=extra.pop("op_form", None)
        or alt_forms.OperationForm(org=org, op=op, initial={"base": svc.token(alt)}),
        edit_form=alt_forms.AlternativeForm(
            initial={"name": alt.name, "description": alt.description, "base": svc.token(alt)},
            editing=True,
        ),
        **extra,
    )


def _get_alt(access: sel.CaseAccess, alt_id: str) -> None:
    if access.case.alternative(alt_id) is None:
        from django.http import Http404

        raise Http404(_("Alternativet finns inte."))


@case_view()
def alternative(request: HttpRequest, access: sel.CaseAccess, alt_id: str) -> HttpResponse:
    _get_alt(access, alt_id)
    op = request.GET.get("op", "move_unit")
    if op not in alt_forms.OP_FIELDS:
        op = "move_unit"
    return render(request, "alternatives/alternative.html", _builder_context(access, alt_id, op))


@case_view()
def operation_form(request: HttpRequest, access: sel.CaseAccess, alt_id: str) -> HttpResponse:
    """HTMX: the fields of the chosen kind of operation."""
    _get_alt(access, alt_id)
    op = request.GET.get("op", "move_unit")
    if op not in alt_forms.OP_FIELDS:
        op = "move_unit"
    ctx = _builder_context(access, alt_id, op)
    return render(request, "alternatives/_op_form.html", ctx)


@require_POST
@case_view()
def operation_preview(request: HttpRequest, access: sel.CaseAccess, alt_id: str) -> HttpResponse:
    """HTMX: the diff in words if the operation being filled in were added (nothing saved)."""
    _get_alt(access, alt_id)
    case = access.case
    op = request.POST.get("op", "move_unit")
    if op not in alt_forms.OP_FIELDS:
        op = "move_unit"
    alt = case.alternative(alt_id)
    assert alt is not None
    form = alt_forms.OperationForm(request.POST, org=case.organisation(alt_id), op=op)
    errors: list[str] = []
    sentences: list[str] = []
    complete = form.is_valid()
    if complete:
        try:
            operation = alt_actions.parse_operation(form.to_data())
            after = alt_actions.operation_check(case, alt_id, operation)
            before = case.organisation(alt.based_on or BASELINE_ID)
            sentences = diff_organisations(before, after).sentences(current_lang())
        except svc.ServiceError as exc:
            errors = exc.messages
        except Exception as exc:  # forms.ValidationError from YAML parsing
            errors = [str(getattr(exc, "message", exc))]
    return render(
        request,
        "alternatives/_preview.html",
        {"complete": complete, "errors": errors, "sentences": sentences},
    )


@require_POST
@case_view(svc.EDIT)
def operation_add(request: HttpRequest, access: sel.CaseAccess, alt_id: str) -> HttpResponse:
    _get_alt(access, alt_id)
    op = request.POST.get("op", "move_unit")
    if op not in alt_forms.OP_FIELDS:
        op = "move_unit"
    form = alt_forms.OperationForm(request.POST, org=access.case.organisation(alt_id), op=op)
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
        except Exception as exc:  # YAML parse errors from the form
            errors = [str(getattr(exc, "message", exc))]
        else:
            messages.success(request, _("Ändringen lades till."))
            return redirect(
                reverse("cases:alternative", kwargs={"key": access.record.key, "alt_id": alt_id})
            )
    access = sel.case_for_user(request.user, access.record.key)
    return render(
        request,
        "alternatives/alternative.html",
        _builder_context(access, alt_id, op, op_form=form, op_errors=errors),
        status=400 if errors or not form.is_valid() else 200,
    )


@require_POST
@case_view(svc.EDIT)
def operation_remove(
    request: HttpRequest, access: sel.CaseAccess, alt_id: str, index: int
) -> HttpResponse:
    run_service(
        request,
        alt_actions.operation_remove,
        _("Ändringen togs bort."),
        record=access.record,
        alt_id=alt_id,
        index=index,
        base=request.POST.get("base", ""),
    )
    return redirect("cases:alternative", key=access.record.key, alt_id=alt_id)


@require_POST
@case_view(svc.EDIT)
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
            base=form.cleaned_data.get("base") or "",
        )
    return redirect("cases:alternative", key=access.record.key, alt_id=alt_id)


@require_POST
@case_view(svc.EDIT)
def alternative_delete(request: HttpRequest, access: sel.CaseAccess, alt_id: str) -> HttpResponse:
    _get_alt(access, alt_id)
    if not run_service(
        request,
        alt_actions.alternative_delete,
        _("Alternativet togs bort."),
        record=access.record,
        alt_id=alt_id,
        base=request.POST.get("base", ""),
    ):
        return redirect("cases:alternative", key=access.record.key, alt_id=alt_id)
    return redirect("cases:overview", key=access.record.key)
