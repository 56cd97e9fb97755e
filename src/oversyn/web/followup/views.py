"""Follow-up pages: audit recommendations (Revision), the responsibility matrix (Ansvar) and
goals with indicators (Mål).

Their list, edit and delete pages come from the registry (:mod:`oversyn.web.platform.pages`):
:data:`PAGES` says what is particular to each — the list page's context (the core's overview,
flags, progress and charts, from :mod:`.selectors`), its form and its rows.  What is left here
is what only follow-up has: an indicator's values and the Kolada upload.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from oversyn.core.case import Case
from oversyn.web.followup import actions as fsvc
from oversyn.web.followup import forms as ff
from oversyn.web.followup import selectors as fsel
from oversyn.web.platform import selectors as sel
from oversyn.web.platform import shared as svc
from oversyn.web.platform.pages import KindPage, Rows, Within, form_errors
from oversyn.web.platform.routes import Routes
from oversyn.web.platform.views import call_service, case_view, page_context, run_posted
from oversyn.web.uploads import read_text

route = Routes()  # this module's URL patterns (urls.py), each beside its view


def _today() -> date:
    return date.today()


def _bodies(case: Case) -> list[tuple[str, str]]:
    return [(i, f"{n} ({i})") for i, n in fsel.body_choices(case)]


def _goals_context(
    access: sel.CaseAccess, *, target: str = "", errors: list[str] | None = None, **extra: Any
) -> dict[str, Any]:
    """The goals page's own context; ``target`` is "goal/indicator" of the form that failed
    (its errors are shown there)."""
    return {
        "goals": fsel.goals_page(access.case),
        "value_form": ff.ValueForm(initial={"gender": "T"}),
        "kolada_form": ff.KoladaForm(),
        "target": target,
        "target_errors": errors or [],
        "gender_choices": ff.GENDER_CHOICES,
        **extra,
    }


# -- the registered kinds' pages -----------------------------------------------------------------


AUDIT_PAGE = KindPage(
    kind="audit_recommendation",
    path="revision",
    list_name="followup_audit",
    item_name="followup_audit",
    arg="rec_id",
    template="followup/audit.html",
    context=lambda access: {"page": fsel.audit_page(access.case, access.case.as_of(_today()))},
    extra={"sub": "audit"},
    edit_template="followup/form.html",
    form=ff.RecommendationForm,
    initial=ff.recommendation_initial,
    new_initial=lambda case: {"status": "open"},
    rows=Rows(
        formset=ff.ActionFormSet,
        field="actions",
        prefix="actions",
        words=lambda: (_("Åtgärder"), _("Åtgärd")),
        initial=lambda rec, case: ff.action_initial(rec.actions),
    ),
    edit_context=lambda case, item, kw: {
        "datalist": [name for _id, name in fsel.body_choices(case)]
    },
    anchor="rec-{id}",
    titles=lambda: (_("Ny rekommendation"), _("Ändra rekommendation")),
)
AREA_PAGE = KindPage(
    kind="responsibility",
    path="ansvar",
    list_name="followup_responsibilities",
    item_name="followup_responsibility",
    arg="area_id",
    template="followup/responsibilities.html",
    context=lambda access: {"page": fsel.responsibility_page(access.case)},
    extra={"sub": "resp"},
    edit_template="followup/form.html",
    form=ff.AreaForm,
    initial=ff.area_initial,
    rows=Rows(
        formset=ff.RoleFormSet,
        field="roles",
        prefix="roles",
        words=lambda: (_("Roller"), _("Roll")),
        initial=lambda area, case: ff.role_initial(area.roles, {i for i, _n in _bodies(case)}),
        kwargs=lambda case: {"bodies": _bodies(case)},
    ),
    save=lambda *, item_id, **kw: fsvc.responsibility_area_save(area_id=item_id, **kw),
    anchor="area-{id}",
    titles=lambda: (_("Nytt ansvarsområde"), _("Ändra ansvarsområde")),
)
GOAL_PAGE = KindPage(
    kind="goal",
    path="mal",
    list_name="followup_goals",
    item_name="followup_goal",
    arg="goal_id",
    template="followup/goals.html",
    context=_goals_context,
    extra={"sub": "goals"},
    edit_template="followup/form.html",
    form=ff.GoalForm,
    initial=ff.goal_initial,
    keep=("indicators",),
    anchor="goal-{id}",
    titles=lambda: (_("Nytt mål"), _("Ändra mål")),
)
INDICATOR_PAGE = KindPage(  # an indicator is saved as its goal
    kind="goal",
    within=Within(arg="goal_id", field="indicators"),
    path="mal/<str:goal_id>/indikatorer",
    list_name="followup_goals",
    item_name="followup_indicator",
    arg="ind_id",
    extra={"sub": "goals"},
    edit_template="followup/form.html",
    form=ff.IndicatorForm,
    initial=ff.indicator_initial,
    new_initial=lambda case: {"municipality": case.case.municipality.code or ""},
    edit_context=lambda case, ind, kw: {
        "indicator": fsel.indicator_view(ind, chart=False) if ind else None,
        "goal_id": kw["goal_id"],
    },
    save=lambda *, item_id, **kw: fsvc.indicator_save(indicator_id=item_id, **kw),
    delete=lambda *, item_id, **kw: fsvc.indicator_delete(indicator_id=item_id, **kw),
    anchor="ind-{goal_id}-{id}",
    delete_anchor="goal-{goal_id}",
    titles=lambda: (_("Ny indikator"), _("Ändra indikator")),
    words=lambda: {
        "not_found": _("Indikatorn finns inte."),
        "saved": _("Indikatorn sparades."),
        "deleted": _("Indikatorn togs bort."),
    },
)
PAGES = (AUDIT_PAGE, AREA_PAGE, GOAL_PAGE, INDICATOR_PAGE)


# -- an indicator's values and the Kolada upload (on the goals page) ---------------------------


def _goals_after(
    request: HttpRequest,
    access: sel.CaseAccess,
    goal_id: str,
    ind_id: str,
    action: Callable[..., Any],
    success: Callable[[Any], str],
    refused: list[str],
    params: dict[str, Any],
    **extra: Any,
) -> HttpResponse:
    """Run ``action`` on one indicator (a value, a Kolada file: ``params``) with the posted
    goal token, then back to the indicator on the goals page — or the goals page again with
    the errors at the indicator's form (``refused``: the form's own, nothing is run)."""
    anchor = f"#ind-{goal_id}-{ind_id}"
    errors = refused
    if not errors:
        outcome = call_service(
            request,
            action,
            record=access.record,
            goal_id=goal_id,
            indicator_id=ind_id,
            base=request.POST.get("base", ""),
            **params,
        )
        if outcome.ok:
            messages.success(request, success(outcome.result))
            return redirect(reverse("cases:followup_goals", args=[access.record.key]) + anchor)
        errors = outcome.errors
    access = sel.case_for_user(request.user, access.record.key)
    return render(
        request,
        "followup/goals.html",
        page_context(
            access,
            sub="goals",
            **_goals_context(access, target=f"{goal_id}/{ind_id}", errors=errors, **extra),
        ),
        status=400,
    )


@route("mal/<str:goal_id>/indikatorer/<str:ind_id>/varden/", "followup_value_add")
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
        fsvc.indicator_value_save,
        lambda _r: _("Värdet sparades."),
        [] if valid else form_errors(form),
        {"data": form.to_data()} if valid else {},
        failed_value_form=form,
    )


@route("mal/<str:goal_id>/indikatorer/<str:ind_id>/varden/ta-bort/", "followup_value_delete")
@require_POST
@case_view(svc.EDIT)
def value_delete(
    request: HttpRequest, access: sel.CaseAccess, goal_id: str, ind_id: str
) -> HttpResponse:
    run_posted(  # its refusals are shown as messages on the indicator's page
        request,
        access,
        fsvc.indicator_value_delete,
        _("Värdet togs bort."),
        goal_id=goal_id,
        indicator_id=ind_id,
        period=request.POST.get("period", ""),
        gender=request.POST.get("gender", "T"),
    )
    return redirect("cases:followup_indicator_edit", access.record.key, goal_id, ind_id)


@route("mal/<str:goal_id>/indikatorer/<str:ind_id>/kolada/", "followup_kolada")
@require_POST
@case_view(svc.EDIT)
def kolada_upload(
    request: HttpRequest, access: sel.CaseAccess, goal_id: str, ind_id: str
) -> HttpResponse:
    form = ff.KoladaForm(request.POST, request.FILES)
    errors: list[str] = []
    text, name = "", ""
    if not form.is_valid():
        errors = form_errors(form) or [_("Välj en Kolada-fil (JSON) att läsa in.")]
    else:
        name = form.cleaned_data["file"].name
        text_or_none, errors = read_text(form.cleaned_data["file"])  # bounded, located
        text = text_or_none or ""
    return _goals_after(
        request,
        access,
        goal_id,
        ind_id,
        fsvc.kolada_import,
        lambda result: _("%(n)d värden lästes in från %(file)s.") % {"n": result[1], "file": name},
        errors,
        {"text": text, "filename": name},
    )
