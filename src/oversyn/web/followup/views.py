"""Follow-up pages: audit recommendations (Revision), the responsibility matrix (Ansvar) and
goals with indicators (Mål), with their edit forms and the Kolada upload.

Views parse the forms, call :mod:`.actions` and render; the overview counts, flags,
progress and charts come from :mod:`.selectors` (the core's functions).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from dataclasses import field as dc_field
from datetime import date
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from oversyn.web.followup import actions as fsvc
from oversyn.web.followup import forms as ff
from oversyn.web.followup import selectors as fsel
from oversyn.web.platform import selectors as sel
from oversyn.web.platform import shared as svc
from oversyn.web.platform.views import attempt, case_view, page_context
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
        "followup/form.html",
        page_context(
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
        "followup/audit.html",
        page_context(
            access, page=fsel.audit_page(access.case, access.case.as_of(_today())), sub="audit"
        ),
    )


# -- Ansvar ------------------------------------------------------------------------------------


@case_view()
def responsibilities(request: HttpRequest, access: sel.CaseAccess) -> HttpResponse:
    return render(
        request,
        "followup/responsibilities.html",
        page_context(access, page=fsel.responsibility_page(access.case), sub="resp"),
    )


# -- Mål ---------------------------------------------------------------------------------------


def _goals_context(
    access: sel.CaseAccess, *, target: str = "", errors: list[str] | None = None, **extra: Any
) -> dict[str, Any]:
    """``target`` is "goal/indicator" of the form that failed (its errors are shown there)."""
    return page_context(
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
    return render(request, "followup/goals.html", _goals_context(access))


def _goal_or_404(access: sel.CaseAccess, goal_id: str) -> Any:
    goal = next((g for g in access.case.goals if g.id == goal_id), None)
    if goal is None:
        raise Http404(_("Målet finns inte."))
    return goal


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
        "followup/goals.html",
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


# -- one edit page and one delete for each follow-up item (recommendation, area, goal) ---------


@dataclass(frozen=True)
class _ItemPage:
    """How one kind of follow-up item is edited: its list, forms, action and words."""

    field: str  # the case's list ("audit_recommendations" …)
    id_arg: str  # the action's id keyword ("rec_id" …)
    save: Callable[..., Any]
    delete: Callable[..., Any]
    form: Callable[..., Any]  # form class: (data=None, initial=None, editing=…)
    initial: Callable[[Any], dict[str, Any]]  # a stored item's form values
    list_url: str
    edit_url: str
    delete_url: str
    anchor: str  # "rec-" → back to the list at #rec-<id>
    sub: str
    words: Callable[[], dict[str, str]]  # not_found, saved, deleted, title_edit, title_new
    new_initial: dict[str, Any] = dc_field(default_factory=dict)
    formset: Callable[..., Any] | None = None  # (data, initial, case) → formset
    formset_initial: Callable[[Any, Any], Any] | None = None  # (item, case) → rows
    formset_field: str = ""
    formset_words: Callable[[], tuple[str, str]] | None = None  # (title, row word)
    extra: Callable[[Any], dict[str, Any]] | None = None  # (case) → more context


def _item_edit(
    request: HttpRequest, access: sel.CaseAccess, page: _ItemPage, item_id: str | None
) -> HttpResponse:
    key, case, words = access.record.key, access.case, page.words()
    item = next((i for i in getattr(case, page.field) if i.id == item_id), None)
    if item_id is not None and item is None:
        raise Http404(words["not_found"])
    back = reverse(page.list_url, args=[key])
    base = svc.item_token(case, page.field, item_id) if item else ""
    title, word = page.formset_words() if page.formset_words else ("", "")
    errors: list[str] = []
    conflict = None
    status = 200
    formset = None
    if request.method == "POST":
        base = request.POST.get("base", "")
        form = page.form(request.POST, editing=item is not None)
        if page.formset is not None:
            formset = page.formset(request.POST, None, case)
        done, errors, conflict = _post_item(
            request,
            form=form,
            formset=formset,
            field=page.formset_field,
            word=word,
            save=lambda data, base: page.save(
                actor=request.user,
                record=access.record,
                data=data,
                base=base,
                **{page.id_arg: item_id},
            ),
            success=words["saved"],
            done=lambda data: back + f"#{page.anchor}{item_id or data.get('id', '')}",
        )
        if done is not None:
            return done
        status = 400
    elif item is not None:
        form = page.form(initial=page.initial(item), editing=True)
        if page.formset is not None and page.formset_initial is not None:
            formset = page.formset(None, page.formset_initial(item, case), case)
    else:
        form = page.form(initial=page.new_initial) if page.new_initial else page.form()
        if page.formset is not None:
            formset = page.formset(None, None, case)
    return _edit_page(
        request,
        access,
        title=words["title_edit"] if item else words["title_new"],
        form=form,
        formset=formset,
        formset_title=title,
        formset_word=word,
        back=back,
        base=base,
        errors=errors,
        conflict=conflict,
        delete_url=reverse(page.delete_url, args=[key, item.id]) if item else "",
        status=status,
        extra={"sub": page.sub, **(page.extra(case) if page.extra else {})},
    )


def _item_delete(
    request: HttpRequest, access: sel.CaseAccess, page: _ItemPage, item_id: str
) -> HttpResponse:
    key = access.record.key
    return _delete(
        request,
        lambda: page.delete(
            actor=request.user,
            record=access.record,
            base=request.POST.get("base", ""),
            **{page.id_arg: item_id},
        ),
        page.words()["deleted"],
        reverse(page.edit_url, args=[key, item_id]),
        reverse(page.list_url, args=[key]),
    )


def _bodies(case: Any) -> list[tuple[str, str]]:
    return [(i, f"{n} ({i})") for i, n in fsel.body_choices(case)]


def _formset(cls: Any, prefix: str, bodies: bool = False) -> Callable[..., Any]:
    def make(data: Any, initial: Any, case: Any) -> Any:
        kwargs: dict[str, Any] = {"prefix": prefix}
        if initial is not None:
            kwargs["initial"] = initial
        if bodies:
            kwargs["bodies"] = _bodies(case)
        return cls(data, **kwargs) if data is not None else cls(**kwargs)

    return make


AUDIT_PAGE = _ItemPage(
    field="audit_recommendations",
    id_arg="rec_id",
    save=fsvc.audit_recommendation_save,
    delete=fsvc.audit_recommendation_delete,
    form=ff.RecommendationForm,
    initial=lambda rec: {
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
    new_initial={"status": "open"},
    list_url="cases:followup_audit",
    edit_url="cases:followup_audit_edit",
    delete_url="cases:followup_audit_delete",
    anchor="rec-",
    sub="audit",
    words=lambda: {
        "not_found": _("Rekommendationen finns inte."),
        "saved": _("Rekommendationen sparades."),
        "deleted": _("Rekommendationen togs bort."),
        "title_edit": _("Ändra rekommendation"),
        "title_new": _("Ny rekommendation"),
    },
    formset=_formset(ff.ActionFormSet, "actions"),
    formset_initial=lambda rec, case: ff.action_initial(rec.actions),
    formset_field="actions",
    formset_words=lambda: (_("Åtgärder"), _("Åtgärd")),
    extra=lambda case: {"datalist": [name for _id, name in fsel.body_choices(case)]},
)
AREA_PAGE = _ItemPage(
    field="responsibilities",
    id_arg="area_id",
    save=fsvc.responsibility_area_save,
    delete=fsvc.responsibility_area_delete,
    form=ff.AreaForm,
    initial=lambda area: {
        "id": area.id,
        "name": area.name,
        "description": area.description,
        "note": area.note,
    },
    list_url="cases:followup_responsibilities",
    edit_url="cases:followup_responsibility_edit",
    delete_url="cases:followup_responsibility_delete",
    anchor="area-",
    sub="resp",
    words=lambda: {
        "not_found": _("Ansvarsområdet finns inte."),
        "saved": _("Ansvarsområdet sparades."),
        "deleted": _("Ansvarsområdet togs bort."),
        "title_edit": _("Ändra ansvarsområde"),
        "title_new": _("Nytt ansvarsområde"),
    },
    formset=_formset(ff.RoleFormSet, "roles", bodies=True),
    formset_initial=lambda area, case: ff.role_initial(area.roles, {i for i, _n in _bodies(case)}),
    formset_field="roles",
    formset_words=lambda: (_("Roller"), _("Roll")),
)
GOAL_PAGE = _ItemPage(
    field="goals",
    id_arg="goal_id",
    save=fsvc.goal_save,
    delete=fsvc.goal_delete,
    form=ff.GoalForm,
    initial=lambda goal: {
        "id": goal.id,
        "text": goal.text,
        "source": goal.source or "",
        "owner": goal.owner or "",
        "note": goal.note,
    },
    list_url="cases:followup_goals",
    edit_url="cases:followup_goal_edit",
    delete_url="cases:followup_goal_delete",
    anchor="goal-",
    sub="goals",
    words=lambda: {
        "not_found": _("Målet finns inte."),
        "saved": _("Målet sparades."),
        "deleted": _("Målet togs bort."),
        "title_edit": _("Ändra mål"),
        "title_new": _("Nytt mål"),
    },
)


@case_view(svc.EDIT)
def audit_edit(
    request: HttpRequest, access: sel.CaseAccess, rec_id: str | None = None
) -> HttpResponse:
    return _item_edit(request, access, AUDIT_PAGE, rec_id)


@require_POST
@case_view(svc.EDIT)
def audit_delete(request: HttpRequest, access: sel.CaseAccess, rec_id: str) -> HttpResponse:
    return _item_delete(request, access, AUDIT_PAGE, rec_id)


@case_view(svc.EDIT)
def responsibility_edit(
    request: HttpRequest, access: sel.CaseAccess, area_id: str | None = None
) -> HttpResponse:
    return _item_edit(request, access, AREA_PAGE, area_id)


@require_POST
@case_view(svc.EDIT)
def responsibility_delete(
    request: HttpRequest, access: sel.CaseAccess, area_id: str
) -> HttpResponse:
    return _item_delete(request, access, AREA_PAGE, area_id)


@case_view(svc.EDIT)
def goal_edit(
    request: HttpRequest, access: sel.CaseAccess, goal_id: str | None = None
) -> HttpResponse:
    return _item_edit(request, access, GOAL_PAGE, goal_id)


@require_POST
@case_view(svc.EDIT)
def goal_delete(request: HttpRequest, access: sel.CaseAccess, goal_id: str) -> HttpResponse:
    return _item_delete(request, access, GOAL_PAGE, goal_id)
