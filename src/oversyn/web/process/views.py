"""Process pages: status and deadlines, SWOT, costs, decisions (with the protokollsutdrag as
Word and PDF) and the process checklist.

Each page is read by a selector (:mod:`.selectors`); each form posts to a view that
parses it (:mod:`.forms`) and calls an action (:mod:`.actions`).  A refused
save renders the page again with the user's input, the field errors and the service's
messages (status 400); a saved one redirects back with a message.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from oversyn.core.case import Case
from oversyn.web.platform import cache
from oversyn.web.platform import selectors as sel
from oversyn.web.platform import shared as svc
from oversyn.web.platform.attachment import DOCX, PDF, attachment
from oversyn.web.platform.lang import current_lang
from oversyn.web.platform.pages import ListFormPage
from oversyn.web.platform.routes import Routes
from oversyn.web.platform.views import (
    attempt,
    case_view,
    kind_delete,
    page_context,
    posted_button,
    read_only_unless,
)
from oversyn.web.process import actions as psvc
from oversyn.web.process import forms as pf
from oversyn.web.process import selectors as psel

route = Routes()  # this module's URL patterns (urls.py), each beside its view

CONTENT_TYPES = {"docx": DOCX, "pdf": PDF}  # the protokollsutdrag's formats


def _call(request: HttpRequest, call: Callable[[], Any], success: str) -> tuple[list[str], Any]:
    """Run a service call; ``([], None)`` when saved (with a success message), else the
    messages and, for a stale form, what is saved now."""
    outcome = attempt(call)
    if outcome.ok:
        messages.success(request, success)
        return [], None
    return outcome.errors, (outcome.conflict or {}) if outcome.conflicted else None


def _save(
    request: HttpRequest,
    access: sel.CaseAccess,
    call: Callable[[], Any],
    success: str,
    again: Callable[..., HttpResponse],
    done: HttpResponse | Callable[[], HttpResponse],
) -> HttpResponse:
    """Run a save; when refused, ``again(fresh_access, errors=…, conflict=…)`` renders the
    page with the user's input kept; when saved, redirect to ``done``."""
    errors, conflict = _call(request, call, success)
    if errors:
        return again(_reload(request, access), errors=errors, conflict=conflict)
    return done() if callable(done) else done


def _reload(request: HttpRequest, access: sel.CaseAccess) -> sel.CaseAccess:
    return sel.case_for_user(request.user, access.record.key)


def _back(name: str, access: sel.CaseAccess, query: str = "", anchor: str = "") -> HttpResponse:
    return redirect(reverse(f"cases:{name}", args=[access.record.key]) + query + anchor)


def _page(
    request: HttpRequest,
    template: str,
    access: sel.CaseAccess,
    *,
    errors: list[str] | None,
    conflict: Any,
    **own: Any,
) -> HttpResponse:
    """A process page with its ``own`` context; shown with ``errors`` (and, after a stale
    form, the saved ``conflict``) it answers status 400."""
    context = page_context(access, **own, errors=errors or [], conflict=conflict)
    return render(request, template, context, status=400 if errors else 200)


# -- status and deadlines ----------------------------------------------------------------------


def _status_render(
    request: HttpRequest,
    access: sel.CaseAccess,
    *,
    status_form: pf.StatusChangeForm | None = None,
    deadline_form: pf.DeadlineForm | None = None,
    as_of_form: pf.AsOfForm | None = None,
    errors: list[str] | None = None,
    conflict: Any = None,
) -> HttpResponse:
    case = access.case
    page = psel.status_page(case, psel.case_today(case), current_lang())
    editing = request.GET.get("andra")
    if deadline_form is None:
        item = next((d for d in case.lifecycle.deadlines if d.id == editing), None)
        if item is not None:
            deadline_form = pf.DeadlineForm(
                initial={
                    "deadline_id": item.id,
                    "base": svc.token(item),
                    "label": item.label,
                    "due": item.due.text,
                    "done": item.done,
                    "note": item.note,
                }
            )
        else:
            deadline_form = pf.DeadlineForm()
    return _page(
        request,
        "process/status.html",
        access,
        errors=errors,
        conflict=conflict,
        page=page,
        record_as_of=case.case.as_of,
        as_of_form=as_of_form
        or pf.AsOfForm(
            initial={"base": psvc.as_of_token(case.case.as_of), "as_of": case.case.as_of}
        ),
        status_form=status_form
        or pf.StatusChangeForm(
            initial={"base": page["history_token"], "date": psel.case_today(case)}
        ),
        deadline_form=deadline_form,
        editing_deadline=bool(deadline_form["deadline_id"].value()),
    )


@route("status/", "process_status")
@case_view()
def status(request: HttpRequest, access: sel.CaseAccess) -> HttpResponse:
    return _status_render(request, access)


def _status_post(
    slot: str,
    form_class: Any,
    service: Callable[..., Any],
    args: Callable[[Any], dict[str, Any]],
    success: Callable[[], str],
    anchor: str,
) -> Callable[..., HttpResponse]:
    """The POST address of one form of the status page (``slot``: its name in the page's
    context): a refused form shows the page again with the user's input; a valid one calls
    ``service`` with ``args(form)`` and the form's version token, then goes back to
    ``anchor`` (or shows the page again with the refusal)."""

    @require_POST
    @case_view(svc.EDIT)
    def view(request: HttpRequest, access: sel.CaseAccess) -> HttpResponse:
        form = form_class(request.POST)
        if not form.is_valid():
            errors = [_("Rätta fälten nedan.")]
            return _status_render(request, access, errors=errors, **{slot: form})
        return _save(
            request,
            access,
            lambda: service(
                actor=request.user,
                record=access.record,
                base=form.cleaned_data.get("base") or "",
                **args(form),
            ),
            success(),
            lambda fresh, **shown: _status_render(request, fresh, **{slot: form}, **shown),
            _back("process_status", access, anchor=anchor),
        )

    return view


def _status_data(form: Any) -> dict[str, Any]:
    """A status change: the form's filled-in fields."""
    data = {k: v for k, v in form.cleaned_data.items() if k != "base"}
    return {"data": {k: v for k, v in data.items() if v not in ("", None)}}


def _deadline_data(form: Any) -> dict[str, Any]:
    """A deadline (new when the form has no id) and its filled-in fields."""
    c = form.cleaned_data
    data = {"label": c["label"], "due": c["due"], "done": c.get("done"), "note": c.get("note")}
    return {
        "deadline_id": c.get("deadline_id") or None,
        "data": {k: v for k, v in data.items() if v not in ("", None)},
    }


status_add = route("status/ny/", "status_add")(
    _status_post(
        "status_form",
        pf.StatusChangeForm,
        psvc.status_change_add,
        _status_data,
        lambda: _("Statusen sparades."),
        "#h-history",
    )
)
as_of_save = route("status/per-dag/", "as_of_save")(
    _status_post(
        "as_of_form",
        pf.AsOfForm,
        psvc.as_of_set,
        lambda form: {"as_of": form.cleaned_data.get("as_of")},
        lambda: _("Dagen som ärendet bedöms per sparades."),
        "#h-as-of",
    )
)
deadline_save = route("status/tidsfrister/", "deadline_save")(
    _status_post(
        "deadline_form",
        pf.DeadlineForm,
        psvc.deadline_save,
        _deadline_data,
        lambda: _("Tidsfristen sparades."),
        "#h-deadlines",
    )
)


status_delete = route("status/<int:index>/ta-bort/", "status_delete")(
    posted_button(
        psvc.status_change_delete,
        lambda: _("Statusraden togs bort."),
        "process_status",
        "#h-history",
    )
)
deadline_delete = route("status/tidsfrister/<str:deadline_id>/ta-bort/", "deadline_delete")(
    posted_button(
        psvc.deadline_delete, lambda: _("Tidsfristen togs bort."), "process_status", "#h-deadlines"
    )
)


# -- SWOT --------------------------------------------------------------------------------------


def _swot_render(
    request: HttpRequest,
    access: sel.CaseAccess,
    *,
    alternative: str | None = None,
    form: pf.SwotForm | None = None,
    items: Any = None,
    errors: list[str] | None = None,
    conflict: Any = None,
) -> HttpResponse:
    case = access.case
    lang = current_lang()
    alternative = alternative or request.GET.get("andra") or None
    if alternative is not None and alternative not in case.alternative_ids():
        raise Http404(_("Alternativet finns inte."))
    if alternative is not None and form is None:
        own = next((s for s in case.swot if s.alternative == alternative), None)
        form = pf.SwotForm(
            initial={
                "base": svc.token(own) if own else "",
                "title": own.title if own else "",
                "author": (own.author or "") if own else "",
                "date": own.date if own else None,
            }
        )
        items = pf.SwotItemFormSet(
            prefix="items",
            initial=[
                {
                    "category": i.category.value,
                    "text": i.text,
                    "author": i.author or "",
                    "note": i.note,
                }
                for i in (own.items if own else [])
            ],
        )
    return _page(
        request,
        "process/swot.html",
        access,
        errors=errors,
        conflict=conflict,
        alternatives=psel.swot_page(case, lang),
        choices=psel.alternative_choices(case, lang),
        editing=alternative,
        editing_name=case.alternative_name(alternative, lang) if alternative else "",
        form=form,
        items=items,
    )


@route("swot/", "process_swot")
@case_view()
def swot(request: HttpRequest, access: sel.CaseAccess) -> HttpResponse:
    if request.GET.get("andra") and not access.can(svc.EDIT):
        return _back("process_swot", access)
    return _swot_render(request, access)


@route("swot/<str:alt_id>/", "swot_save")
@require_POST
@case_view(svc.EDIT)
def swot_save(request: HttpRequest, access: sel.CaseAccess, alt_id: str) -> HttpResponse:
    if alt_id not in access.case.alternative_ids():
        raise Http404(_("Alternativet finns inte."))
    form = pf.SwotForm(request.POST)
    items = pf.SwotItemFormSet(request.POST, prefix="items")
    if not (form.is_valid() and items.is_valid()):
        return _swot_render(
            request,
            access,
            alternative=alt_id,
            form=form,
            items=items,
            errors=[_("Rätta fälten nedan.")],
        )
    return _save(
        request,
        access,
        lambda: psvc.swot_save(
            actor=request.user,
            record=access.record,
            alternative=alt_id,
            data=pf.swot_data(form, items),
            base=form.cleaned_data.get("base") or "",
        ),
        _("SWOT-analysen sparades."),
        lambda fresh, **shown: _swot_render(
            request, fresh, alternative=alt_id, form=form, items=items, **shown
        ),
        _back("process_swot", access, anchor=f"#swot-{alt_id}"),
    )


swot_delete = route("swot/<str:alt_id>/ta-bort/", "swot_delete")(
    kind_delete("swot", lambda: _("SWOT-analysen togs bort."), "process_swot")
)


# -- costs, decisions and own sections: a list with one add/edit form on the same page ---------


def _alternatives(case: Case, lang: str) -> dict[str, Any]:
    """The forms' alternative choices."""
    return {"alternatives": psel.alternative_choices(case, lang)}


COSTS = ListFormPage(
    kind="cost_line",
    path="kostnader",
    list_name="process_costs",
    item="cost",
    template="process/costs.html",
    form=pf.CostLineForm,
    form_kwargs=_alternatives,
    context=lambda case, lang: {"page": psel.costs_page(case, lang)},
    initial=pf.cost_initial,
    blank=lambda case: {"alternative": case.alternatives[0].id if case.alternatives else None},
    save=psvc.cost_save,
    words=lambda: {
        "saved": _("Kostnadsposten sparades."),
        "deleted": _("Kostnadsposten togs bort."),
    },
    anchor="#h-comparison",
    delete_anchor="#h-lines",
)

DECISIONS = ListFormPage(
    kind="decision",
    path="beslut",
    list_name="process_decisions",
    item="decision",
    template="process/decisions.html",
    form=pf.DecisionForm,
    form_kwargs=_alternatives,
    context=lambda case, lang: {"decisions": psel.decisions_page(case, lang)},
    initial=pf.decision_initial,
    blank=lambda case: {
        "case_number": case.case.case_number or "",
        "body": case.case.committee or "",
    },
    save=psvc.decision_save,
    words=lambda: {"saved": _("Beslutet sparades."), "deleted": _("Beslutet togs bort.")},
)

SECTIONS = ListFormPage(
    kind="section",
    path="egna-avsnitt",
    list_name="process_sections",
    item="section",
    template="process/sections.html",
    form=pf.SectionForm,
    form_kwargs=_alternatives,
    context=lambda case, lang: {"sections": psel.sections_page(case, lang)},
    initial=pf.section_initial,
    blank=lambda case: {"after": "konsekvenser", "order": 0},
    save=psvc.section_save,
    words=lambda: {"saved": _("Avsnittet sparades."), "deleted": _("Avsnittet togs bort.")},
)

LIST_PAGES = (COSTS, DECISIONS, SECTIONS)


@route("beslut/<str:decision_id>/utdrag/<str:fmt>/", "decision_extract")
@case_view()
def decision_extract(
    request: HttpRequest, access: sel.CaseAccess, decision_id: str, fmt: str
) -> HttpResponse:
    """The protokollsutdrag of one decision as Word or PDF (as ``oversyn report --extract``)."""
    from oversyn.documents.process_sections import build_extract

    if fmt not in CONTENT_TYPES:
        raise Http404
    try:
        doc = build_extract(access.case, decision_id, None, current_lang())
    except KeyError:
        raise Http404(_("Beslutet finns inte.")) from None
    if fmt == "docx":
        from oversyn.documents.render_docx import render_docx

        data = render_docx(doc)
    else:
        from oversyn.documents.render_pdf import render_pdf

        data = render_pdf(doc)
    filename = f"{access.record.key}-protokollsutdrag-{decision_id}.{fmt}"
    return attachment(data, CONTENT_TYPES[fmt], filename)


# -- checklist ---------------------------------------------------------------------------------


def _checklist_alternative(request: HttpRequest, access: sel.CaseAccess) -> str | None:
    chosen = request.POST.get("alternativ") or request.GET.get("alternativ")
    if chosen:
        if access.case.alternative(chosen) is None:
            raise Http404(_("Alternativet finns inte."))
        return chosen
    return psel.default_alternative(access.case)


def _checklist_render(
    request: HttpRequest,
    access: sel.CaseAccess,
    alternative: str | None,
    *,
    formset: Any = None,
    errors: list[str] | None = None,
    conflict: Any = None,
) -> HttpResponse:
    case = access.case
    lang = current_lang()
    page = (
        cache.cached(  # once per case version (oversyn.web.platform.cache)
            access.record,
            "checklist",
            lambda: psel.checklist_page(case, alternative, lang),
            alternative,
        )
        if alternative
        else {"items": [], "messages": [], "error": False}
    )
    if formset is None:
        formset = pf.ChecklistFormSet(
            prefix="cl",
            initial=[
                {
                    "item": i["code"],
                    "base": i["token"],
                    "status": i["status"],
                    "date": i["date"],
                    "responsible": i["responsible"],
                    "note": i["note"],
                }
                for i in page["items"]
            ],
        )
    read_only_unless(access, formset)
    rows = list(zip(page["items"], formset.forms, strict=False))
    return _page(
        request,
        "process/checklist.html",
        access,
        errors=errors,
        conflict=conflict,
        page=page,
        rows=rows,
        formset=formset,
        alternative=alternative,
        alternative_name=case.alternative_name(alternative, lang) if alternative else "",
        choices=psel.alternative_choices(case, lang, baseline=False),
    )


@route("checklista/", "process_checklist")
@case_view()
def checklist(request: HttpRequest, access: sel.CaseAccess) -> HttpResponse:
    return _checklist_render(request, access, _checklist_alternative(request, access))


@route("checklista/spara/", "checklist_save")
@require_POST
@case_view(svc.EDIT)
def checklist_save(request: HttpRequest, access: sel.CaseAccess) -> HttpResponse:
    alternative = _checklist_alternative(request, access)
    formset = pf.ChecklistFormSet(request.POST, prefix="cl")
    if not formset.is_valid():
        return _checklist_render(
            request, access, alternative, formset=formset, errors=[_("Rätta fälten nedan.")]
        )
    changes: dict[str, dict[str, Any]] = {}
    bases: dict[str, str] = {}
    for form in formset.forms:
        if form.changed():
            code = form.cleaned_data["item"]
            changes[code] = form.to_data()
            bases[code] = form.cleaned_data.get("base") or ""
    query = f"?alternativ={alternative}" if alternative else ""
    if not changes:
        messages.info(request, _("Inget ändrades."))
        return _back("process_checklist", access, query=query)
    return _save(
        request,
        access,
        lambda: psvc.checklist_update(
            actor=request.user, record=access.record, changes=changes, bases=bases
        ),
        _("Checklistan sparades."),
        lambda fresh, **shown: _checklist_render(
            request, fresh, alternative, formset=formset, **shown
        ),
        _back("process_checklist", access, query=query),
    )
