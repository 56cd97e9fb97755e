"""Pages of the baseline organisation, the interactions and the citizen journeys."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from oversyn.io.limits import count_text
from oversyn.web.jobs.views import job_started, shown_jobs, upload_job_started
from oversyn.web.organisation import actions as org_actions
from oversyn.web.organisation import forms as org_forms
from oversyn.web.organisation import selectors as osel
from oversyn.web.organisation.tabular import (
    TableError,
    check_workbook,
    interactions_from_csv,
    organisation_from_xlsx,
)
from oversyn.web.platform import cache, registry
from oversyn.web.platform import forms as pforms
from oversyn.web.platform import selectors as sel
from oversyn.web.platform import shared as svc
from oversyn.web.platform.attachment import XLSX, attachment
from oversyn.web.platform.pages import form_errors, form_messages
from oversyn.web.platform.pagination import paginate
from oversyn.web.platform.routes import Routes
from oversyn.web.platform.views import (
    call_service,
    case_view,
    page_context,
    posted_button,
    read_only_unless,
    run_posted,
    save_form,
)
from oversyn.web.uploads import limits, read_text

route = Routes()  # this module's URL patterns (urls.py), each beside its view

FORMS: dict[str, type[pforms.VersionedForm]] = {
    "unit": org_forms.UnitForm,
    "administration": org_forms.AdministrationForm,
    "committee": org_forms.CommitteeForm,
    "service_area": org_forms.ServiceAreaForm,
}


KIND_TITLES = {
    "unit": (_("Ny enhet"), _("Enhet")),
    "administration": (_("Ny förvaltning"), _("Förvaltning")),
    "committee": (_("Ny nämnd"), _("Nämnd")),
    "service_area": (_("Nytt verksamhetsområde"), _("Verksamhetsområde")),
}


def _tree_html(request: HttpRequest, access: sel.CaseAccess) -> str:
    """The organisation's tree as HTML, rendered once per case version, language and whether
    the user may edit (the tree of a large municipality is thousands of nested items)."""
    can_edit = access.can(svc.EDIT)

    def render_tree() -> str:
        tree = osel.organisation_tree(access.case.baseline)
        context = {"tree": tree, "record": access.record, "can_edit": can_edit}
        return render_to_string("organisation/_org_tree.html", context)

    return mark_safe(cache.cached(access.record, "org-tree-html", render_tree, can_edit))


def _org_import_job(
    request: HttpRequest, access: sel.CaseAccess, content: bytes, filename: str, base: str
) -> HttpResponse:
    """A large workbook is imported by a background job: stored in OVERSYN_JOB_FILES, parsed
    and written by the job through the same action; deleted when it ends (or at once if the
    job cannot be queued)."""
    return upload_job_started(
        request,
        record=access.record,
        kind="org_import_xlsx",
        data=content,
        suffix=".xlsx",
        filename=filename,
        page="organisation",
        base=base,
    )


def _start_upload_job(
    request: HttpRequest,
    access: sel.CaseAccess,
    kind: str,
    upload: Any,
    filename: str,
    page: str,
    started: str,
    **params: Any,
) -> HttpResponse:
    """Start the background job ``kind`` on a stored ``upload`` (a path under
    OVERSYN_JOB_FILES; ``filename`` is the user's name for it) with ``params``, say
    ``started`` and show the case page ``page``, which follows the job (``?jobb=``)."""
    from oversyn.web.jobs.runner import start_file_job

    job = start_file_job(
        actor=request.user,
        record=access.record,
        kind=kind,
        path=upload,
        filename=filename,
        params=params,
    )
    return job_started(request, access.record, job, page, started)


@route("organisation/", "organisation")
@case_view()
def organisation(request: HttpRequest, access: sel.CaseAccess) -> HttpResponse:
    return _organisation_page(request, access)


def _organisation_page(
    request: HttpRequest, access: sel.CaseAccess, errors: list[str] | None = None
) -> HttpResponse:
    """The organisation page (with ``errors``, after a refused Excel import: status 400)."""
    org = access.case.baseline
    return render(
        request,
        "organisation/organisation.html",
        page_context(
            access,
            tree_html=_tree_html(request, access),
            tree={
                "committee_rows": cache.cached(
                    access.record,
                    "committee-rows",
                    lambda: osel.organisation_tree(org)["committee_rows"],
                )
            },
            org=org,
            xlsx_form=pforms.UploadForm(initial={"base": svc.token(org)}),
            jobs=shown_jobs(request, access.record, "org_import_xlsx"),
            errors=errors or [],
        ),
        status=200 if errors is None else 400,
    )


@route("organisation/<str:kind>/<str:obj_id>/", "org_object")
@route("organisation/<str:kind>/ny/", "org_new")
@case_view()
def org_object(
    request: HttpRequest, access: sel.CaseAccess, kind: str, obj_id: str | None = None
) -> HttpResponse:
    if kind not in FORMS:
        raise PermissionDenied
    org = access.case.baseline
    obj = org_actions.ORG_KINDS[kind].find(access.case, obj_id) if obj_id else None
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
        item = {"kind": org_actions.ORG_KINDS[kind], "item_id": obj_id or None}
        outcome = save_form(
            request, access, form, registry.item_save, lambda f: {**item, "data": f.to_data()}
        )
        if outcome.ok:
            return redirect("cases:organisation", key=access.record.key)
        errors, conflict = outcome.errors, outcome.conflict
    else:
        initial = pforms.initial_from(obj, form_class, svc.token(obj)) if obj is not None else {}
        if kind == "unit" and obj is None and request.GET.get("administration"):
            initial["administration"] = request.GET["administration"]
        if kind == "unit" and obj is None and request.GET.get("parent"):
            initial["parent"] = request.GET["parent"]
        form = form_class(initial=initial, org=org, editing=obj_id)
    read_only_unless(access, form)
    new_title, edit_title = KIND_TITLES[kind]
    return render(
        request,
        "organisation/org_object.html",
        page_context(
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


@route("organisation/<str:kind>/<str:obj_id>/ta-bort/", "org_object_delete")
@case_view()
def org_object_delete(
    request: HttpRequest, access: sel.CaseAccess, kind: str, obj_id: str
) -> HttpResponse:
    if kind not in FORMS:
        raise PermissionDenied
    if request.method != "POST":  # a reload or a link: the object's page, where the button is
        return redirect("cases:org_object", key=access.record.key, kind=kind, obj_id=obj_id)
    access.require(svc.EDIT)
    if not run_posted(
        request,
        access,
        registry.item_delete,
        _("Borttaget."),
        kind=org_actions.ORG_KINDS[kind],
        item_id=obj_id,
    ):
        return redirect("cases:org_object", key=access.record.key, kind=kind, obj_id=obj_id)
    return redirect("cases:organisation", key=access.record.key)


@route("organisation.xlsx", "org_export_xlsx")
@case_view()
def org_export_xlsx(request: HttpRequest, access: sel.CaseAccess) -> HttpResponse:
    data = osel.organisation_workbook(access.record, access.case)
    return attachment(data, XLSX, f"{access.record.key}-organisation.xlsx")


@route("organisation/excel/", "org_import_xlsx")
@case_view()
def org_import_xlsx(request: HttpRequest, access: sel.CaseAccess) -> HttpResponse:
    if request.method != "POST":  # the upload form is on the organisation page
        return redirect("cases:organisation", key=access.record.key)
    access.require(svc.EDIT)
    form = pforms.UploadForm(request.POST, request.FILES)
    errors: list[str] = []
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            content = upload.read(limits().upload_bytes + 1)
            if upload.size > settings.OVERSYN_JOB_INLINE_BYTES:
                check_workbook(content, upload.name, limits())  # a zip bomb is refused here
                return _org_import_job(
                    request, access, content, upload.name, form.cleaned_data.get("base") or ""
                )
            org = organisation_from_xlsx(content, upload.name, limits())
            org_actions.organisation_replace(
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
        errors = form_messages(form) or [_("Välj en fil.")]
    return _organisation_page(request, access, errors)


INTERACTIONS_PER_PAGE = 50
SORTS: dict[str, Any] = {
    "a": lambda r: str(r["a"]).lower(),
    "b": lambda r: str(r["b"]).lower(),
    "vikt": lambda r: r["i"].weight,
    "slag": lambda r: str(r["i"].kind),
}


@route("samverkan/", "interactions")
@case_view()
def interactions(request: HttpRequest, access: sel.CaseAccess) -> HttpResponse:
    case = access.case
    org = case.baseline
    base = osel.interactions_token(access.record, case)  # once per case version
    errors: list[str] = []
    conflict = None
    form = org_forms.InteractionForm(initial={"base": base, "measure": "personer"}, org=org)
    if request.method == "POST":
        if not access.can(svc.EDIT):
            raise PermissionDenied
        form = org_forms.InteractionForm(request.POST, org=org)
        if form.is_valid():
            index = request.POST.get("index")
            outcome = call_service(
                request,
                org_actions.interaction_save,
                record=access.record,
                index=int(index) if index not in (None, "") else None,
                data=form.to_data(),
                base=form.cleaned_data.get("base") or "",
            )
            if outcome.ok:
                messages.success(request, _("Sparat."))
                return redirect("cases:interactions", key=access.record.key)
            errors, conflict = outcome.errors, outcome.conflict
    # ?kedja=<id>: that journey in the journey form, to change it
    journey = next((j for j in case.journeys if j.id == request.GET.get("kedja")), None)
    journey_form = org_forms.JourneyForm(
        initial=(
            org_forms.JourneyForm.initial_for(journey, svc.token(case.journeys))
            if journey is not None
            else {"base": svc.token(case.journeys)}
        ),
        org=org,
    )
    return _interactions_page(
        request,
        access,
        base=base,
        form=form,
        errors=errors,
        conflict=conflict,
        journey_form=journey_form,
        journey_id=journey.id if journey is not None else "",
        journey_open=journey is not None,
    )


def _interactions_page(
    request: HttpRequest,
    access: sel.CaseAccess,
    *,
    base: str,
    form: Any,
    journey_form: Any,
    errors: list[str] | None = None,
    conflict: Any = None,
    journey_id: str = "",
    journey_open: bool = False,
    journey_errors: list[str] | None = None,
    status: int = 200,
) -> HttpResponse:
    """The interactions page with its forms (the journey form as the user left it when a
    step was added or removed, or its input was refused)."""
    case = access.case
    org = case.baseline
    sort = request.GET.get("sort", "-vikt")
    if sort.lstrip("-") not in SORTS:
        sort = "-vikt"
    names = {u.id: u.name for u in org.units}  # one lookup table, not a search per row
    rows = [
        {"index": i, "i": inter, "a": names.get(inter.a, inter.a), "b": names.get(inter.b, inter.b)}
        for i, inter in enumerate(case.interactions)
    ]
    rows.sort(key=SORTS[sort.lstrip("-")], reverse=sort.startswith("-"))
    pages = paginate(request, rows, INTERACTIONS_PER_PAGE)  # ?sida=N, keeping ?sort=
    jobs = shown_jobs(request, access.record, "records_interactions")
    journey_base = svc.token(case.journeys)
    journeys = [{"j": j, "steps": [names.get(s, s) for s in j.steps]} for j in case.journeys]
    return render(
        request,
        "organisation/interactions.html",
        page_context(
            access,
            rows=pages["page_obj"].object_list,
            page=pages["page_obj"],
            **pages,
            sort=sort,
            total_rows=len(rows),
            jobs=jobs,
            form=form,
            base=base,
            errors=errors or [],
            conflict=conflict,
            upload_form=pforms.UploadForm(initial={"base": base}),
            adm_matrix=osel.administration_heat(access.record, case),
            records_limit=settings.OVERSYN_RECORDS_MAX_BYTES,
            journeys=journeys,
            journey_base=journey_base,
            journey_form=journey_form,
            journey_id=journey_id,
            journey_open=journey_open,
            journey_errors=journey_errors or [],
        ),
        status=status,
    )


@route("kedjor/", "journey_save")
@case_view()
def journey_save(request: HttpRequest, access: sel.CaseAccess) -> HttpResponse:
    """Add or change a journey (POST, for the utredare; a GET goes to the journeys on the
    interactions page).  The form's "Lägg till steg" / "Ta bort steg N" show it again with a
    step more or less, saving nothing."""
    back = reverse("cases:interactions", args=[access.record.key]) + "#h-journeys"
    if request.method != "POST":
        return redirect(back)
    access.require(svc.EDIT)
    org = access.case.baseline
    journey_id = request.POST.get("journey_id") or None
    if journey_id is not None and not any(j.id == journey_id for j in access.case.journeys):
        messages.error(request, _("Kedjan finns inte längre (någon kan ha tagit bort den)."))
        return redirect(back)
    base = osel.interactions_token(access.record, access.case)
    page = {
        "base": base,
        "form": org_forms.InteractionForm(initial={"base": base, "measure": "personer"}, org=org),
        "journey_id": journey_id or "",
        "journey_open": True,
    }
    edited = org_forms.edit_steps(request.POST)
    if edited is not None:  # a step more or less: shown again, nothing saved
        initial = {k: edited.get(k, "") for k in ("base", "name", "volume", "source", "note")}
        initial["steps"] = edited.getlist("steps")
        initial["estimated"] = bool(edited.get("estimated"))
        form = org_forms.JourneyForm(initial=initial, org=org)
        return _interactions_page(request, access, journey_form=form, **page)
    form = org_forms.JourneyForm(request.POST, org=org)
    errors: list[str] = []
    if form.is_valid():
        outcome = call_service(
            request,
            org_actions.journey_save,
            record=access.record,
            journey_id=journey_id,
            data=form.to_data(),
            base=form.cleaned_data.get("base") or "",
        )
        if outcome.ok:
            messages.success(request, _("Sparat."))
            return redirect(back)
        errors = outcome.errors
    else:
        errors = form_errors(form)
    return _interactions_page(
        request, access, journey_form=form, journey_errors=errors, status=400, **page
    )


journey_delete = route("kedjor/<str:journey_id>/ta-bort/", "journey_delete")(
    posted_button(org_actions.journey_delete, lambda: _("Borttaget."), "interactions")
)
interaction_delete = route("samverkan/<int:index>/ta-bort/", "interaction_delete")(
    posted_button(org_actions.interaction_delete, lambda: _("Borttaget."), "interactions")
)


@route("samverkan/csv/", "interactions_upload")
@require_POST
@case_view(svc.EDIT)
def interactions_upload(request: HttpRequest, access: sel.CaseAccess) -> HttpResponse:
    form = pforms.UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        for message in form_messages(form) or [_("Välj en fil.")]:
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
        org_actions.rows_replace(
            "interactions",
            actor=request.user,
            record=access.record,
            rows=rows,
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


# -- service records → interactions, as a background job (issue 13) -----------------------------


def _upload_name_file(path: Any) -> Any:
    return path.with_suffix(path.suffix + ".namn")


def _drop_upload(path: Any) -> None:
    path.unlink(missing_ok=True)
    _upload_name_file(path).unlink(missing_ok=True)


@route("samverkan/poster/", "records_upload")
@require_POST
@case_view(svc.EDIT)
def records_upload(request: HttpRequest, access: sel.CaseAccess) -> HttpResponse:
    """The records file was streamed to disk by RecordsUploadHandler; go on to the mapping."""
    from oversyn.io.limits import size_text
    from oversyn.web.jobs.uploads import StoredRecords

    upload = request.FILES.get("poster")
    if not isinstance(upload, StoredRecords):
        messages.error(request, _("Välj en fil med insatsposter (CSV eller Parquet)."))
        return redirect("cases:interactions", key=access.record.key)
    if upload.oversized:
        _drop_upload(upload.path)
        messages.error(
            request,
            _("Filen %(file)s är för stor; högst %(limit)s tillåts.")
            % {"file": upload.name, "limit": size_text(settings.OVERSYN_RECORDS_MAX_BYTES)},
        )
        return redirect("cases:interactions", key=access.record.key)
    _upload_name_file(upload.path).write_text(str(upload.name or upload.path.name)[:200])
    return redirect("cases:records_map", key=access.record.key, upload_id=upload.path.stem)


@route("samverkan/poster/<str:upload_id>/", "records_map")
@case_view(svc.EDIT)
def records_map(request: HttpRequest, access: sel.CaseAccess, upload_id: str) -> HttpResponse:
    """Map the uploaded file's columns (suggested), set period, window and threshold; start
    the job.  The page reads only the file's header."""
    from oversyn.io.evidence.events import EvidenceError, file_columns, suggest_columns
    from oversyn.web.jobs.uploads import find_upload

    path = find_upload(access.record.pk, upload_id)
    if path is None:
        messages.error(request, _("Filen finns inte längre; läs in den igen."))
        return redirect("cases:interactions", key=access.record.key)
    name_file = _upload_name_file(path)
    filename = name_file.read_text() if name_file.is_file() else path.name
    if request.method == "POST" and request.POST.get("drop"):
        _drop_upload(path)
        messages.success(request, _("Filen togs bort."))
        return redirect("cases:interactions", key=access.record.key)
    try:
        columns = file_columns(path)
    except EvidenceError as exc:
        _drop_upload(path)
        messages.error(request, exc.message("sv").replace(str(path), filename))
        return redirect("cases:interactions", key=access.record.key)
    suggested = suggest_columns(columns)
    form = org_forms.RecordsMappingForm(
        request.POST or None, columns=columns, initial={**suggested, "source": ""}
    )
    if request.method == "POST" and form.is_valid():
        name_file.unlink(missing_ok=True)
        data = form.cleaned_data
        return _start_upload_job(
            request,
            access,
            "records_interactions",
            path,
            filename,
            "interactions",
            _("Beräkningen startade i bakgrunden."),
            columns=form.columns(),
            **{k: data[k] for k in ("period", "handoff_days", "min_count", "kinds", "source")},
            estimated=data["estimated"],
            base=svc.token(access.case.interactions),
        )
    return render(
        request,
        "organisation/records_map.html",
        page_context(
            access,
            form=form,
            filename=filename,
            size=path.stat().st_size,
            columns=columns,
            suggested=suggested,
            errors=form_messages(form) if request.method == "POST" else [],
        ),
    )


@route("samverkan/karta.png", "interactions_heatmap")
@require_GET
@case_view()
def interactions_heatmap(request: HttpRequest, access: sel.CaseAccess) -> HttpResponse:
    """The unit × unit heat map as a PNG (cached by the case version)."""
    response = HttpResponse(osel.heatmap_png(access.record, access.case), content_type="image/png")
    response["Cache-Control"] = "private, max-age=3600"
    return response
