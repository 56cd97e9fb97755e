"""Views: parse the request, call a service (writes) or a selector (reads), render a template.

Every case view loads the case through :func:`selectors.case_for_user`, so a case the user has
no role in answers 404.  Writes need the role the service asks for; a missing role is 403.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from dataclasses import field as dc_field
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from oversyn.core.case import BASELINE_ID
from oversyn.core.diff import diff_organisations
from oversyn.io.casefile import dump_case
from oversyn.io.limits import count_text
from oversyn.web.cases import forms as f
from oversyn.web.cases import selectors as sel
from oversyn.web.cases import selectors_process as psel
from oversyn.web.cases import services as svc
from oversyn.web.cases.lang import current_lang
from oversyn.web.cases.tabular import (
    TableError,
    interactions_from_csv,
    organisation_from_xlsx,
    organisation_to_xlsx,
)
from oversyn.web.uploads import limits, read_text

View = Callable[..., HttpResponse]


def case_view(permission: str = svc.VIEW) -> Callable[[View], View]:
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


def _ctx(access: sel.CaseAccess, **extra: Any) -> dict[str, Any]:
    return {
        "access": access,
        "record": access.record,
        "case": access.case,
        "can_edit": access.can(svc.EDIT),
        "can_members": access.can(svc.MEMBERS),
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
    except svc.ConflictError as exc:
        return Outcome(False, exc.messages, svc._dump(exc.current), conflicted=True)
    except svc.ServiceError as exc:
        return Outcome(False, exc.messages)
    return Outcome(True, result=result)


def call_service(request: HttpRequest, service: Any, **kwargs: Any) -> Outcome:
    """Call a write service as the request's user and catch the refusals it may raise."""
    return attempt(lambda: service(actor=request.user, **kwargs))


def _run_service(request: HttpRequest, service: Any, success: str, **kwargs: Any) -> bool:
    """Call a write service; show its errors as messages, or ``success``."""
    outcome = call_service(request, service, **kwargs)
    for message in outcome.errors:
        messages.error(request, message)
    if outcome.ok:
        messages.success(request, success)
    return outcome.ok


def _form_errors(form: Any) -> list[str]:
    """A form's errors as the page's error list (an empty or too large file says so)."""
    return [str(m) for messages_ in form.errors.values() for m in messages_]


# -- case list, overview, import/export --------------------------------------------------------


@login_required
def case_list(request: HttpRequest) -> HttpResponse:
    errors: list[str] = []
    form = f.UploadForm()
    if request.method == "POST":
        form = f.UploadForm(request.POST, request.FILES)
        if not form.is_valid():
            errors = _form_errors(form)
        else:
            upload = form.cleaned_data["file"]
            text, errors = read_text(upload, limits().casefile_bytes)
            if text is not None:
                name = upload.name
                outcome = call_service(request, svc.case_import_new, text=text, filename=name)
                if outcome.ok:
                    messages.success(request, _("Ärendet importerades."))
                    return redirect("cases:overview", key=outcome.result.key)
                errors = outcome.errors
    cases = sel.cases_for_user(request.user)
    return render(request, "cases/case_list.html", {"cases": cases, "form": form, "errors": errors})


@case_view()
def overview(request: HttpRequest, access: sel.CaseAccess) -> HttpResponse:
    case = access.case
    alternatives = []
    for alt in case.alternatives:
        alternatives.append(
            {"alt": alt, "diff": sel.alternative_diff(case, alt.id, alt.based_on or BASELINE_ID)}
        )
    return render(
        request,
        "cases/overview.html",
        _ctx(
            access,
            alternatives=alternatives,
            analysis=sel.analysis_table(case),
            missing=sel.missing_items(case),
            alt_form=f.AlternativeForm(alternatives=_alt_choices(access)),
            members=sel.case_members(access.record),
            process=psel.overview_prompts(case, timezone.localdate()),
        ),
    )


@case_view()
def export_yaml(request: HttpRequest, access: sel.CaseAccess) -> HttpResponse:
    response = HttpResponse(dump_case(access.case), content_type="application/yaml; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{access.record.key}.yaml"'
    return response


@case_view(svc.EDIT)
def import_yaml(request: HttpRequest, access: sel.CaseAccess) -> HttpResponse:
    errors: list[str] = []
    form = f.UploadForm(initial={"version": access.record.version})
    if request.method == "POST":
        form = f.UploadForm(request.POST, request.FILES)
        if not form.is_valid():
            errors = _form_errors(form)
        else:
            upload = form.cleaned_data["file"]
            text, errors = read_text(upload, limits().casefile_bytes)
            name = upload.name
            if text is not None and _run_service(
                request,
                svc.case_import,
                _("Ärendefilen importerades; hela ärendet ersattes."),
                record=access.record,
                text=text,
                filename=name,
                expected_version=form.cleaned_data["version"] or 0,
            ):
                return redirect("cases:overview", key=access.record.key)
    return render(request, "cases/import_yaml.html", _ctx(access, form=form, errors=errors))


# -- organisation ------------------------------------------------------------------------------

FORMS: dict[str, type[f.VersionedForm]] = {
    "unit": f.UnitForm,
    "administration": f.AdministrationForm,
    "committee": f.CommitteeForm,
    "service_area": f.ServiceAreaForm,
}
SAVE = {
    "unit": lambda **kw: svc.unit_save(unit_id=kw.pop("obj_id"), **kw),
    "administration": lambda **kw: svc.administration_save(adm_id=kw.pop("obj_id"), **kw),
    "committee": lambda **kw: svc.committee_save(committee_id=kw.pop("obj_id"), **kw),
    "service_area": lambda **kw: svc.service_area_save(area_id=kw.pop("obj_id"), **kw),
}
DELETE = {
    "unit": lambda **kw: svc.unit_delete(unit_id=kw.pop("obj_id"), **kw),
    "administration": lambda **kw: svc.administration_delete(adm_id=kw.pop("obj_id"), **kw),
    "committee": lambda **kw: svc.committee_delete(committee_id=kw.pop("obj_id"), **kw),
    "service_area": lambda **kw: svc.service_area_delete(area_id=kw.pop("obj_id"), **kw),
}
KIND_TITLES = {
    "unit": (_("Ny enhet"), _("Enhet")),
    "administration": (_("Ny förvaltning"), _("Förvaltning")),
    "committee": (_("Ny nämnd"), _("Nämnd")),
    "service_area": (_("Nytt verksamhetsområde"), _("Verksamhetsområde")),
}


@case_view()
def organisation(request: HttpRequest, access: sel.CaseAccess) -> HttpResponse:
    org = access.case.baseline
    return render(
        request,
        "cases/organisation.html",
        _ctx(
            access,
            tree=sel.organisation_tree(org),
            org=org,
            xlsx_form=f.UploadForm(initial={"base": svc.token(org)}),
        ),
    )


@case_view()
def org_object(
    request: HttpRequest, access: sel.CaseAccess, kind: str, obj_id: str | None = None
) -> HttpResponse:
    if kind not in FORMS:
        raise PermissionDenied
    attr, _model = svc.ORG_KINDS[kind]
    org = access.case.baseline
    obj = next((o for o in getattr(org, attr) if o.id == obj_id), None) if obj_id else None
    if obj_id and obj is None:
        messages.error(request, _("Objektet finns inte längre (någon kan ha tagit bort det)."))
        return redirect("cases:organisation", key=access.record.key)
    form_class = FORMS[kind]
    conflict = None
    errors: list[str] = []
    if request.method == "POST":
        if not access.can(svc.EDIT):
            raise PermissionDenied(_("Din roll i ärendet får inte ändra organisationen."))
        form = form_class(request.POST, org=org, editing=obj_id)
        if form.is_valid():
            outcome = call_service(
                request,
                SAVE[kind],
                record=access.record,
                obj_id=obj_id,
                data=form.to_data(),
                base=form.cleaned_data.get("base") or "",
            )
            if outcome.ok:
                messages.success(request, _("Sparat."))
                return redirect("cases:organisation", key=access.record.key)
            errors, conflict = outcome.errors, outcome.conflict
    else:
        initial = f.initial_from(obj, form_class, svc.token(obj)) if obj is not None else {}
        if kind == "unit" and obj is None and request.GET.get("administration"):
            initial["administration"] = request.GET["administration"]
        if kind == "unit" and obj is None and request.GET.get("parent"):
            initial["parent"] = request.GET["parent"]
        form = form_class(initial=initial, org=org, editing=obj_id)
    if not access.can(svc.EDIT):
        for field in form.fields.values():
            field.disabled = True
    new_title, edit_title = KIND_TITLES[kind]
    return render(
        request,
        "cases/org_object.html",
        _ctx(
            access,
            form=form,
            kind=kind,
            obj=obj,
            title=f"{edit_title}: {obj.name}" if obj is not None else new_title,
            errors=errors,
            conflict=conflict,
            base=svc.token(obj) if obj is not None else "",
        ),
    )


@require_POST
@case_view(svc.EDIT)
def org_object_delete(
    request: HttpRequest, access: sel.CaseAccess, kind: str, obj_id: str
) -> HttpResponse:
    if kind not in DELETE:
        raise PermissionDenied
    if not _run_service(
        request,
        DELETE[kind],
        _("Borttaget."),
        record=access.record,
        obj_id=obj_id,
        base=request.POST.get("base", ""),
    ):
        return redirect("cases:org_object", key=access.record.key, kind=kind, obj_id=obj_id)
    return redirect("cases:organisation", key=access.record.key)


@case_view()
def org_export_xlsx(request: HttpRequest, access: sel.CaseAccess) -> HttpResponse:
    response = HttpResponse(
        organisation_to_xlsx(access.case.baseline),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="{access.record.key}-organisation.xlsx"'
    )
    return response


@require_POST
@case_view(svc.EDIT)
def org_import_xlsx(request: HttpRequest, access: sel.CaseAccess) -> HttpResponse:
    form = f.UploadForm(request.POST, request.FILES)
    errors: list[str] = []
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            org = organisation_from_xlsx(
                upload.read(limits().upload_bytes + 1), upload.name, limits()
            )
            svc.organisation_replace(
                actor=request.user,
                record=access.record,
                organisation=org,
                base=form.cleaned_data.get("base") or "",
                source=upload.name,
            )
        except (TableError, svc.ServiceError) as exc:
            errors = exc.messages
        else:
            messages.success(request, _("Organisationen importerades från Excel."))
            return redirect("cases:organisation", key=access.record.key)
    else:
        errors = _form_errors(form) or [_("Välj en fil.")]
    org = access.case.baseline
    return render(
        request,
        "cases/organisation.html",
        _ctx(
            access,
            tree=sel.organisation_tree(org),
            org=org,
            xlsx_form=f.UploadForm(initial={"base": svc.token(org)}),
            errors=errors,
        ),
        status=400,
    )


# -- alternatives ------------------------------------------------------------------------------


def _alt_choices(access: sel.CaseAccess) -> list[tuple[str, str]]:
    case = access.case
    return [(a, case.alternative_name(a, current_lang())) for a in case.alternative_ids()]


@require_POST
@case_view(svc.EDIT)
def alternative_create(request: HttpRequest, access: sel.CaseAccess) -> HttpResponse:
    form = f.AlternativeForm(request.POST, alternatives=_alt_choices(access))
    if form.is_valid():
        if _run_service(
            request,
            svc.alternative_create,
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
    case = access.case
    alt = case.alternative(alt_id)
    assert alt is not None
    org = case.organisation(alt_id)
    base_org = case.organisation(alt.based_on or BASELINE_ID)
    diff = diff_organisations(base_org, org)
    lang = current_lang()
    return _ctx(
        access,
        alt=alt,
        base=svc.token(alt),
        based_on_name=case.alternative_name(alt.based_on or BASELINE_ID, lang),
        operations=sel.operation_steps(base_org, alt.operations, alt_id),
        diff=diff.sentences(lang),
        tree=sel.organisation_tree(org, diff),
        op=op,
        op_labels=list(f.OP_LABELS.items()),
        op_form=extra.pop("op_form", None)
        or f.OperationForm(org=org, op=op, initial={"base": svc.token(alt)}),
        edit_form=f.AlternativeForm(
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
    if op not in f.OP_FIELDS:
        op = "move_unit"
    return render(request, "cases/alternative.html", _builder_context(access, alt_id, op))


@case_view()
def operation_form(request: HttpRequest, access: sel.CaseAccess, alt_id: str) -> HttpResponse:
    """HTMX: the fields of the chosen kind of operation."""
    _get_alt(access, alt_id)
    op = request.GET.get("op", "move_unit")
    if op not in f.OP_FIELDS:
        op = "move_unit"
    ctx = _builder_context(access, alt_id, op)
    return render(request, "cases/_op_form.html", ctx)


@require_POST
@case_view()
def operation_preview(request: HttpRequest, access: sel.CaseAccess, alt_id: str) -> HttpResponse:
    """HTMX: the diff in words if the operation being filled in were added (nothing saved)."""
    _get_alt(access, alt_id)
    case = access.case
    op = request.POST.get("op", "move_unit")
    if op not in f.OP_FIELDS:
        op = "move_unit"
    alt = case.alternative(alt_id)
    assert alt is not None
    form = f.OperationForm(request.POST, org=case.organisation(alt_id), op=op)
    errors: list[str] = []
    sentences: list[str] = []
    complete = form.is_valid()
    if complete:
        try:
            operation = svc.parse_operation(form.to_data())
            after = svc.operation_check(case, alt_id, operation)
            before = case.organisation(alt.based_on or BASELINE_ID)
            sentences = diff_organisations(before, after).sentences(current_lang())
        except svc.ServiceError as exc:
            errors = exc.messages
        except Exception as exc:  # forms.ValidationError from YAML parsing
            errors = [str(getattr(exc, "message", exc))]
    return render(
        request,
        "cases/_preview.html",
        {"complete": complete, "errors": errors, "sentences": sentences},
    )


@require_POST
@case_view(svc.EDIT)
def operation_add(request: HttpRequest, access: sel.CaseAccess, alt_id: str) -> HttpResponse:
    _get_alt(access, alt_id)
    op = request.POST.get("op", "move_unit")
    if op not in f.OP_FIELDS:
        op = "move_unit"
    form = f.OperationForm(request.POST, org=access.case.organisation(alt_id), op=op)
    errors: list[str] = []
    if form.is_valid():
        try:
            svc.operation_add(
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
        "cases/alternative.html",
        _builder_context(access, alt_id, op, op_form=form, op_errors=errors),
        status=400 if errors or not form.is_valid() else 200,
    )


@require_POST
@case_view(svc.EDIT)
def operation_remove(
    request: HttpRequest, access: sel.CaseAccess, alt_id: str, index: int
) -> HttpResponse:
    _run_service(
        request,
        svc.operation_remove,
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
    form = f.AlternativeForm(request.POST, editing=True)
    if form.is_valid():
        _run_service(
            request,
            svc.alternative_update,
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
    if not _run_service(
        request,
        svc.alternative_delete,
        _("Alternativet togs bort."),
        record=access.record,
        alt_id=alt_id,
        base=request.POST.get("base", ""),
    ):
        return redirect("cases:alternative", key=access.record.key, alt_id=alt_id)
    return redirect("cases:overview", key=access.record.key)


# -- interactions ------------------------------------------------------------------------------


@case_view()
def interactions(request: HttpRequest, access: sel.CaseAccess) -> HttpResponse:
    case = access.case
    org = case.baseline
    base = svc.token(case.interactions)
    errors: list[str] = []
    conflict = None
    form = f.InteractionForm(initial={"base": base, "measure": "personer"}, org=org)
    if request.method == "POST":
        if not access.can(svc.EDIT):
            raise PermissionDenied
        form = f.InteractionForm(request.POST, org=org)
        if form.is_valid():
            index = request.POST.get("index")
            outcome = call_service(
                request,
                svc.interaction_save,
                record=access.record,
                index=int(index) if index not in (None, "") else None,
                data=form.to_data(),
                base=form.cleaned_data.get("base") or "",
            )
            if outcome.ok:
                messages.success(request, _("Sparat."))
                return redirect("cases:interactions", key=access.record.key)
            errors, conflict = outcome.errors, outcome.conflict
    rows = [
        {"index": i, "i": inter, "a": org.label("unit", inter.a), "b": org.label("unit", inter.b)}
        for i, inter in enumerate(case.interactions)
    ]
    journey_base = svc.token(case.journeys)
    journeys = [{"j": j, "steps": [org.label("unit", s) for s in j.steps]} for j in case.journeys]
    return render(
        request,
        "cases/interactions.html",
        _ctx(
            access,
            rows=rows,
            form=form,
            base=base,
            errors=errors,
            conflict=conflict,
            upload_form=f.UploadForm(initial={"base": base}),
            matrix=sel.interaction_matrix(case),
            journeys=journeys,
            journey_base=journey_base,
            journey_form=f.JourneyForm(initial={"base": journey_base}),
            unit_ids=[(u.id, u.name) for u in org.units],
        ),
    )


@case_view()
def case_info(request: HttpRequest, access: sel.CaseAccess) -> HttpResponse:
    info = access.case.case
    errors: list[str] = []
    conflict = None
    if request.method == "POST":
        if not access.can(svc.EDIT):
            raise PermissionDenied
        form = f.CaseInfoForm(request.POST)
        if form.is_valid():
            outcome = call_service(
                request,
                svc.case_info_update,
                record=access.record,
                data=form.merged(info.model_dump(mode="json", exclude_defaults=True)),
                base=form.cleaned_data.get("base") or "",
            )
            if outcome.ok:
                messages.success(request, _("Sparat."))
                return redirect("cases:overview", key=access.record.key)
            errors, conflict = outcome.errors, outcome.conflict
    else:
        directive = info.directive
        form = f.CaseInfoForm(
            initial={
                "base": svc.token(info),
                "title": info.title,
                "case_number": info.case_number,
                "municipality_name": info.municipality.name,
                "municipality_code": info.municipality.code,
                "committee": info.committee,
                "officer": info.officer,
                "summary": info.summary,
                "directive_title": directive.title if directive else "",
                "directive_deadline": directive.deadline if directive else "",
                "directive_text": directive.text if directive else "",
            }
        )
    if not access.can(svc.EDIT):
        for field in form.fields.values():
            field.disabled = True
    return render(
        request,
        "cases/case_info.html",
        _ctx(access, form=form, errors=errors, conflict=conflict),
    )


@require_POST
@case_view(svc.EDIT)
def journey_save(request: HttpRequest, access: sel.CaseAccess) -> HttpResponse:
    journey_id = request.POST.get("journey_id") or None
    form = f.JourneyForm(request.POST)
    if journey_id:
        form.fields["id"].required = False
    if form.is_valid():
        _run_service(
            request,
            svc.journey_save,
            _("Sparat."),
            record=access.record,
            journey_id=journey_id,
            data=form.to_data(),
            base=form.cleaned_data.get("base") or "",
        )
    else:
        for field, errs in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            for err in errs:
                messages.error(request, f"{label}: {err}")
    return redirect("cases:interactions", key=access.record.key)


@require_POST
@case_view(svc.EDIT)
def journey_delete(request: HttpRequest, access: sel.CaseAccess, journey_id: str) -> HttpResponse:
    _run_service(
        request,
        svc.journey_delete,
        _("Borttaget."),
        record=access.record,
        journey_id=journey_id,
        base=request.POST.get("base", ""),
    )
    return redirect("cases:interactions", key=access.record.key)


@require_POST
@case_view(svc.EDIT)
def interaction_delete(request: HttpRequest, access: sel.CaseAccess, index: int) -> HttpResponse:
    _run_service(
        request,
        svc.interaction_delete,
        _("Borttaget."),
        record=access.record,
        index=index,
        base=request.POST.get("base", ""),
    )
    return redirect("cases:interactions", key=access.record.key)


@require_POST
@case_view(svc.EDIT)
def interactions_upload(request: HttpRequest, access: sel.CaseAccess) -> HttpResponse:
    form = f.UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        for message in _form_errors(form) or [_("Välj en fil.")]:
            messages.error(request, message)
        return redirect("cases:interactions", key=access.record.key)
    name = form.cleaned_data["file"].name
    text, read_errors = read_text(form.cleaned_data["file"])
    try:
        if text is None:
            raise svc.ServiceError(read_errors)
        rows = interactions_from_csv(text, name, limits())
        if not form.cleaned_data["replace"]:
            rows = [*access.case.interactions, *rows]
        if len(rows) > limits().table_rows:  # appending again and again is bounded too
            raise svc.ServiceError(
                [
                    _("Ärendet skulle få %(n)s samverkansrader; högst %(limit)s tillåts.")
                    % {"n": count_text(len(rows)), "limit": count_text(limits().table_rows)}
                ]
            )
        svc.interactions_replace(
            actor=request.user,
            record=access.record,
            interactions=rows,
            base=form.cleaned_data.get("base") or "",
            message=_("Samverkan lästes in från %(file)s.") % {"file": name},
            action=svc.Action.IMPORT,
        )
    except (TableError, svc.ServiceError) as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Samverkan lästes in."))
    return redirect("cases:interactions", key=access.record.key)


# -- history and members -----------------------------------------------------------------------


@case_view()
def history(request: HttpRequest, access: sel.CaseAccess) -> HttpResponse:
    return render(
        request,
        "cases/history.html",
        _ctx(access, records=sel.case_history(access.record)[:200]),
    )


@case_view()
def members(request: HttpRequest, access: sel.CaseAccess) -> HttpResponse:
    form = f.MemberForm()
    if request.method == "POST":
        form = f.MemberForm(request.POST)
        if form.is_valid():
            user = get_user_model().objects.filter(username=form.cleaned_data["username"]).first()
            if user is None:
                form.add_error("username", _("Användaren finns inte."))
            else:
                try:
                    if request.POST.get("remove"):
                        svc.membership_remove(actor=request.user, record=access.record, user=user)
                    else:
                        svc.membership_set(
                            actor=request.user,
                            record=access.record,
                            user=user,
                            role=form.cleaned_data["role"],
                        )
                except svc.ServiceError as exc:
                    for message in exc.messages:
                        form.add_error(None, message)
                else:
                    messages.success(request, _("Sparat."))
                    return redirect("cases:members", key=access.record.key)
    return render(
        request,
        "cases/members.html",
        _ctx(access, form=form, members=sel.case_members(access.record)),
    )
