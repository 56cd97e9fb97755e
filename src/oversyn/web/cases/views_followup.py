"""Follow-up pages: audit recommendations (Revision), the responsibility matrix (Ansvar) and
goals with indicators (Mål), with their edit forms and the Kolada upload.

Views parse the forms, call :mod:`services_followup` and render; the overview counts, flags,
progress and charts come from :mod:`selectors_followup` (the core's functions).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from oversyn.web.cases import forms_followup as ff
from oversyn.web.cases import selectors as sel
from oversyn.web.cases import selectors_followup as fsel
from oversyn.web.cases import services as svc
from oversyn.web.cases import services_followup as fsvc
from oversyn.web.cases.views import _ctx, attempt, case_view
from oversyn.web.uploads import read_text


def _today() -> date:
    return date.today()


def _form_errors(*forms: Any) -> list[str]:
    """Form errors as "Label: message" lines (for the error box at the top of the form)."""
    out: list[str] = []
    for form in forms:
        if form is None:
            continue
        for name, errs in form.errors.items():
            label = form.fields[name].label if name in form.fields else ""
            prefix = (f"{form.prefix_label}, " if getattr(form, "prefix_label", "") else "") + (
                f"{label}: " if label else ""
            )
            out.extend(f"{prefix}{e}" for e in errs)
    return out


def _formset_errors(formset: Any, word: str) -> list[str]:
    if formset is None:
        return []
    for i, form in enumerate(formset.forms, 1):
        form.prefix_label = f"{word} {i}"
    return _form_errors(*formset.forms) + [str(e) for e in formset.non_form_errors()]


def _edit_page(
    request: HttpRequest,
    access: sel.CaseAccess,
    *,
    title: str,
    form: Any,
    formset: Any = None,
    formset_title: str = "",
    formset_word: str = "",
    back: str,
    base: str,
    errors: list[str] | None = None,
    conflict: Any = None,
    delete_url: str = "",
    status: int = 200,
    extra: dict[str, Any] | None = None,
) -> HttpResponse:
    return render(
        request,
        "cases/followup_form.html",
        _ctx(
            access,
            title=title,
            form=form,
            formset=formset,
            formset_title=formset_title,
            formset_word=formset_word,
            back=back,
            base=base,
            errors=errors or [],
            conflict=conflict,
            delete_url=delete_url,
            **(extra or {}),
        ),
        status=status,
    )


def _save(
    request: HttpRequest, call: Callable[[], Any], success: str
) -> tuple[bool, list[str], Any]:
    """Run a write service; (saved, errors, what someone else saved on a conflict)."""
    outcome = attempt(call)
    if outcome.ok:
        messages.success(request, success)
        return True, [], None
    return False, outcome.errors, outcome.conflict


def _post_item(
    request: HttpRequest,
    *,
    form: Any,
    save: Callable[[dict[str, Any], str], Any],
    success: str,
    done: Callable[[dict[str, Any]], str],
    formset: Any = None,
    field: str = "",
    word: str = "",
) -> tuple[HttpResponse | None, list[str], Any]:
    """A posted edit form (and its formset of ``field`` rows): validate, then
    ``save(data, base)``.  Returns (the redirect to ``done(data)`` when saved, errors,
    what someone else saved on a conflict)."""
    if not (form.is_valid() and (formset is None or formset.is_valid())):
        return None, _form_errors(form) + _formset_errors(formset, word), None
    data = form.to_data()
    if formset is not None:
        data[field] = [row for f in formset.forms if (row := f.to_data()) is not None]
    base = request.POST.get("base", "")
    saved, errors, conflict = _save(request, lambda: save(data, base), success)
    return (redirect(done(data)) if saved else None), errors, conflict


def _delete(
    request: HttpRequest, call: Callable[[], Any], success: str, back: str, done: str
) -> HttpResponse:
    outcome = attempt(call)
    for message in outcome.errors:
        messages.error(request, message)
    if not outcome.ok:
        return redirect(back)
    messages.success(request, success)
    return redirect(done)


# -- Revision ----------------------------------------------------------------------------------


@case_view()
def audit(request: HttpRequest, access: sel.CaseAccess) -> HttpResponse:
    return render(
        request,
        "cases/followup_audit.html",
        _ctx(access, page=fsel.audit_page(access.case, _today()), sub="audit"),
    )


@case_view(svc.EDIT)
def audit_edit(
    request: HttpRequest, access: sel.CaseAccess, rec_id: str | None = None
) -> HttpResponse:
    key = access.record.key
    case = access.case
    rec = next((r for r in case.audit_recommendations if r.id == rec_id), None)
    if rec_id is not None and rec is None:
        raise Http404(_("Rekommendationen finns inte."))
    back = reverse("cases:followup_audit", args=[key])
    base = svc.item_token(case, "audit_recommendations", rec_id) if rec else ""
    errors: list[str] = []
    conflict = None
    status = 200
    if request.method == "POST":
        base = request.POST.get("base", "")
        form = ff.RecommendationForm(request.POST, editing=rec is not None)
        formset = ff.ActionFormSet(request.POST, prefix="actions")
        done, errors, conflict = _post_item(
            request,
            form=form,
            formset=formset,
            field="actions",
            word=_("Åtgärd"),
            save=lambda data, base: fsvc.audit_recommendation_save(
                actor=request.user, record=access.record, rec_id=rec_id, data=data, base=base
            ),
            success=_("Rekommendationen sparades."),
            done=lambda data: back + f"#rec-{rec_id or data.get('id', '')}",
        )
        if done is not None:
            return done
        status = 400
    elif rec is not None:
        form = ff.RecommendationForm(
            initial={
                "id": rec.id,
                "text": rec.text,
                "addressed_to": ", ".join(rec.addressed_to),
                "auditor": rec.auditor or "",
                "report": rec.report or "",
                "answer_due": rec.answer_due.text if rec.answer_due else "",
                "response": rec.response,
                "responded": rec.responded,
                "status": rec.status.value,
                "note": rec.note,
            },
            editing=True,
        )
        formset = ff.ActionFormSet(initial=ff.action_initial(rec.actions), prefix="actions")
    else:
        form = ff.RecommendationForm(initial={"status": "open"})
        formset = ff.ActionFormSet(prefix="actions")
    return _edit_page(
        request,
        access,
        title=_("Ändra rekommendation") if rec else _("Ny rekommendation"),
        form=form,
        formset=formset,
        formset_title=_("Åtgärder"),
        formset_word=_("Åtgärd"),
        back=back,
        base=base,
        errors=errors,
        conflict=conflict,
        delete_url=reverse("cases:followup_audit_delete", args=[key, rec.id]) if rec else "",
        status=status,
        extra={"sub": "audit", "datalist": [name for _id, name in fsel.body_choices(case)]},
    )


@require_POST
@case_view(svc.EDIT)
def audit_delete(request: HttpRequest, access: sel.CaseAccess, rec_id: str) -> HttpResponse:
    key = access.record.key
    return _delete(
        request,
        lambda: fsvc.audit_recommendation_delete(
            actor=request.user,
            record=access.record,
            rec_id=rec_id,
            base=request.POST.get("base", ""),
        ),
        _("Rekommendationen togs bort."),
        reverse("cases:followup_audit_edit", args=[key, rec_id]),
        reverse("cases:followup_audit", args=[key]),
    )


# -- Ansvar ------------------------------------------------------------------------------------


@case_view()
def responsibilities(request: HttpRequest, access: sel.CaseAccess) -> HttpResponse:
    return render(
        request,
        "cases/followup_responsibilities.html",
        _ctx(access, page=fsel.responsibility_page(access.case), sub="resp"),
    )


@case_view(svc.EDIT)
def responsibility_edit(
    request: HttpRequest, access: sel.CaseAccess, area_id: str | None = None
) -> HttpResponse:
    key = access.record.key
    case = access.case
    area = next((a for a in case.responsibilities if a.id == area_id), None)
    if area_id is not None and area is None:
        raise Http404(_("Ansvarsområdet finns inte."))
    bodies = [(i, f"{n} ({i})") for i, n in fsel.body_choices(case)]
    back = reverse("cases:followup_responsibilities", args=[key])
    base = svc.item_token(case, "responsibilities", area_id) if area else ""
    errors: list[str] = []
    conflict = None
    status = 200
    if request.method == "POST":
        base = request.POST.get("base", "")
        form = ff.AreaForm(request.POST, editing=area is not None)
        formset = ff.RoleFormSet(request.POST, prefix="roles", bodies=bodies)
        done, errors, conflict = _post_item(
            request,
            form=form,
            formset=formset,
            field="roles",
            word=_("Roll"),
            save=lambda data, base: fsvc.responsibility_area_save(
                actor=request.user, record=access.record, area_id=area_id, data=data, base=base
            ),
            success=_("Ansvarsområdet sparades."),
            done=lambda data: back + f"#area-{area_id or data.get('id', '')}",
        )
        if done is not None:
            return done
        status = 400
    elif area is not None:
        form = ff.AreaForm(
            initial={
                "id": area.id,
                "name": area.name,
                "description": area.description,
                "note": area.note,
            },
            editing=True,
        )
        formset = ff.RoleFormSet(
            initial=ff.role_initial(area.roles, {i for i, _n in bodies}),
            prefix="roles",
            bodies=bodies,
        )
    else:
        form = ff.AreaForm()
        formset = ff.RoleFormSet(prefix="roles", bodies=bodies)
    return _edit_page(
        request,
        access,
        title=_("Ändra ansvarsområde") if area else _("Nytt ansvarsområde"),
        form=form,
        formset=formset,
        formset_title=_("Roller"),
        formset_word=_("Roll"),
        back=back,
        base=base,
        errors=errors,
        conflict=conflict,
        delete_url=reverse("cases:followup_responsibility_delete", args=[key, area.id])
        if area
        else "",
        status=status,
        extra={"sub": "resp"},
    )


@require_POST
@case_view(svc.EDIT)
def responsibility_delete(
    request: HttpRequest, access: sel.CaseAccess, area_id: str
) -> HttpResponse:
    key = access.record.key
    return _delete(
        request,
        lambda: fsvc.responsibility_area_delete(
            actor=request.user,
            record=access.record,
            area_id=area_id,
            base=request.POST.get("base", ""),
        ),
        _("Ansvarsområdet togs bort."),
        reverse("cases:followup_responsibility_edit", args=[key, area_id]),
        reverse("cases:followup_responsibilities", args=[key]),
    )


# -- Mål ---------------------------------------------------------------------------------------


def _goals_context(
    access: sel.CaseAccess, *, target: str = "", errors: list[str] | None = None, **extra: Any
) -> dict[str, Any]:
    """``target`` is "goal/indicator" of the form that failed (its errors are shown there)."""
    return _ctx(
        access,
        goals=fsel.goals_page(access.case),
        value_form=ff.ValueForm(initial={"gender": "T"}),
        kolada_form=ff.KoladaForm(),
        target=target,
        target_errors=errors or [],
        gender_choices=ff.GENDER_CHOICES,
        sub="goals",
        **extra,
    )


@case_view()
def goals(request: HttpRequest, access: sel.CaseAccess) -> HttpResponse:
    return render(request, "cases/followup_goals.html", _goals_context(access))


def _goal_or_404(access: sel.CaseAccess, goal_id: str) -> Any:
    goal = next((g for g in access.case.goals if g.id == goal_id), None)
    if goal is None:
        raise Http404(_("Målet finns inte."))
    return goal


@case_view(svc.EDIT)
def goal_edit(
    request: HttpRequest, access: sel.CaseAccess, goal_id: str | None = None
) -> HttpResponse:
    key = access.record.key
    goal = _goal_or_404(access, goal_id) if goal_id is not None else None
    back = reverse("cases:followup_goals", args=[key])
    base = svc.item_token(access.case, "goals", goal_id) if goal else ""
    errors: list[str] = []
    conflict = None
    status = 200
    if request.method == "POST":
        base = request.POST.get("base", "")
        form = ff.GoalForm(request.POST, editing=goal is not None)
        done, errors, conflict = _post_item(
            request,
            form=form,
            save=lambda data, base: fsvc.goal_save(
                actor=request.user, record=access.record, goal_id=goal_id, data=data, base=base
            ),
            success=_("Målet sparades."),
            done=lambda data: back + f"#goal-{goal_id or data.get('id', '')}",
        )
        if done is not None:
            return done
        status = 400
    elif goal is not None:
        form = ff.GoalForm(
            initial={
                "id": goal.id,
                "text": goal.text,
                "source": goal.source or "",
                "owner": goal.owner or "",
                "note": goal.note,
            },
            editing=True,
        )
    else:
        form = ff.GoalForm()
    return _edit_page(
        request,
        access,
        title=_("Ändra mål") if goal else _("Nytt mål"),
        form=form,
        back=back,
        base=base,
        errors=errors,
        conflict=conflict,
        delete_url=reverse("cases:followup_goal_delete", args=[key, goal.id]) if goal else "",
        status=status,
        extra={"sub": "goals"},
    )


@require_POST
@case_view(svc.EDIT)
def goal_delete(request: HttpRequest, access: sel.CaseAccess, goal_id: str) -> HttpResponse:
    key = access.record.key
    return _delete(
        request,
        lambda: fsvc.goal_delete(
            actor=request.user,
            record=access.record,
            goal_id=goal_id,
            base=request.POST.get("base", ""),
        ),
        _("Målet togs bort."),
        reverse("cases:followup_goal_edit", args=[key, goal_id]),
        reverse("cases:followup_goals", args=[key]),
    )


@case_view(svc.EDIT)
def indicator_edit(
    request: HttpRequest, access: sel.CaseAccess, goal_id: str, ind_id: str | None = None
) -> HttpResponse:
    key = access.record.key
    goal = _goal_or_404(access, goal_id)
    ind = next((i for i in goal.indicators if i.id == ind_id), None)
    if ind_id is not None and ind is None:
        raise Http404(_("Indikatorn finns inte."))
    back = reverse("cases:followup_goals", args=[key])
    base = svc.item_token(access.case, "goals", goal_id)
    errors: list[str] = []
    conflict = None
    status = 200
    if request.method == "POST":
        base = request.POST.get("base", "")
        form = ff.IndicatorForm(request.POST, editing=ind is not None)
        done, errors, conflict = _post_item(
            request,
            form=form,
            save=lambda data, base: fsvc.indicator_save(
                actor=request.user,
                record=access.record,
                goal_id=goal_id,
                indicator_id=ind_id,
                data=data,
                base=base,
            ),
            success=_("Indikatorn sparades."),
            done=lambda data: back + f"#ind-{goal_id}-{ind_id or data.get('id', '')}",
        )
        if done is not None:
            return done
        status = 400
    elif ind is not None:
        form = ff.IndicatorForm(initial=ff.indicator_initial(ind), editing=True)
    else:
        form = ff.IndicatorForm(initial={"municipality": access.case.case.municipality.code or ""})
    return _edit_page(
        request,
        access,
        title=(_("Ändra indikator") if ind else _("Ny indikator")) + f" – {goal.text}",
        form=form,
        back=back,
        base=base,
        errors=errors,
        conflict=conflict,
        delete_url=reverse("cases:followup_indicator_delete", args=[key, goal_id, ind.id])
        if ind
        else "",
        status=status,
        extra={
            "sub": "goals",
            "indicator": fsel.indicator_view(ind, chart=False) if ind else None,
            "goal_id": goal_id,
        },
    )


@require_POST
@case_view(svc.EDIT)
def indicator_delete(
    request: HttpRequest, access: sel.CaseAccess, goal_id: str, ind_id: str
) -> HttpResponse:
    key = access.record.key
    return _delete(
        request,
        lambda: fsvc.indicator_delete(
            actor=request.user,
            record=access.record,
            goal_id=goal_id,
            indicator_id=ind_id,
            base=request.POST.get("base", ""),
        ),
        _("Indikatorn togs bort."),
        reverse("cases:followup_indicator_edit", args=[key, goal_id, ind_id]),
        reverse("cases:followup_goals", args=[key]) + f"#goal-{goal_id}",
    )


def _goals_after(
    request: HttpRequest,
    access: sel.CaseAccess,
    goal_id: str,
    ind_id: str,
    call: Callable[[], Any],
    success: Callable[[Any], str],
    form_errors: list[str] | None = None,
    **extra: Any,
) -> HttpResponse:
    anchor = f"#ind-{goal_id}-{ind_id}"
    errors = form_errors or []
    if not errors:
        try:
            result = call()
        except svc.ServiceError as exc:
            errors = exc.messages
        else:
            messages.success(request, success(result))
            return redirect(reverse("cases:followup_goals", args=[access.record.key]) + anchor)
    access = sel.case_for_user(request.user, access.record.key)
    return render(
        request,
        "cases/followup_goals.html",
        _goals_context(access, target=f"{goal_id}/{ind_id}", errors=errors, **extra),
        status=400,
    )


@require_POST
@case_view(svc.EDIT)
def value_add(
    request: HttpRequest, access: sel.CaseAccess, goal_id: str, ind_id: str
) -> HttpResponse:
    form = ff.ValueForm(request.POST)
    valid = form.is_valid()
    return _goals_after(
        request,
        access,
        goal_id,
        ind_id,
        lambda: fsvc.indicator_value_save(
            actor=request.user,
            record=access.record,
            goal_id=goal_id,
            indicator_id=ind_id,
            data=form.to_data(),
            base=request.POST.get("base", ""),
        ),
        lambda _r: _("Värdet sparades."),
        form_errors=[] if valid else _form_errors(form),
        failed_value_form=form,
    )


@require_POST
@case_view(svc.EDIT)
def value_delete(
    request: HttpRequest, access: sel.CaseAccess, goal_id: str, ind_id: str
) -> HttpResponse:
    key = access.record.key
    return _delete(
        request,
        lambda: fsvc.indicator_value_delete(
            actor=request.user,
            record=access.record,
            goal_id=goal_id,
            indicator_id=ind_id,
            period=request.POST.get("period", ""),
            gender=request.POST.get("gender", "T"),
            base=request.POST.get("base", ""),
        ),
        _("Värdet togs bort."),
        reverse("cases:followup_indicator_edit", args=[key, goal_id, ind_id]),
        reverse("cases:followup_indicator_edit", args=[key, goal_id, ind_id]),
    )


@require_POST
@case_view(svc.EDIT)
def kolada_upload(
    request: HttpRequest, access: sel.CaseAccess, goal_id: str, ind_id: str
) -> HttpResponse:
    form = ff.KoladaForm(request.POST, request.FILES)
    errors: list[str] = []
    text, name = "", ""
    if not form.is_valid():
        errors = _form_errors(form) or [_("Välj en Kolada-fil (JSON) att läsa in.")]
    else:
        name = form.cleaned_data["file"].name
        text_or_none, errors = read_text(form.cleaned_data["file"])  # bounded, located
        text = text_or_none or ""
    return _goals_after(
        request,
        access,
        goal_id,
        ind_id,
        lambda: fsvc.kolada_import(
            actor=request.user,
            record=access.record,
            goal_id=goal_id,
            indicator_id=ind_id,
            text=text,
            filename=name,
            base=request.POST.get("base", ""),
        ),
        lambda result: _("%(n)d värden lästes in från %(file)s.") % {"n": result[1], "file": name},
        form_errors=errors,
    )
