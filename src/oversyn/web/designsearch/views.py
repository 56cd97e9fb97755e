"""The design-search page (Organisationssökning): the question, the jobs, each proposal."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from oversyn.core.case import Alternative
from oversyn.core.diff import diff_organisations
from oversyn.core.fmt import format_number
from oversyn.web.alternatives import selectors as asel
from oversyn.web.designsearch import search
from oversyn.web.designsearch.actions import proposal_adopt, proposal_alternative
from oversyn.web.jobs.models import Job
from oversyn.web.jobs.runner import start_job
from oversyn.web.organisation import selectors as osel
from oversyn.web.platform import selectors as sel
from oversyn.web.platform.errors import ServiceError
from oversyn.web.platform.lang import current_lang
from oversyn.web.platform.permissions import EDIT
from oversyn.web.platform.routes import Routes
from oversyn.web.platform.views import case_view, page_context

route = Routes()  # this module's URL patterns (urls.py), each beside its view


def _defaults(access: sel.CaseAccess) -> dict[str, Any]:
    return {
        "administrations": str(len(access.case.baseline.administrations)),
        "level": "1",
        "legal": "on",
        "time_limit": "10",
    }


def _page(
    request: HttpRequest, access: sel.CaseAccess, form: dict[str, Any], errors: list[str]
) -> HttpResponse:
    org = access.case.baseline
    jobs = list(
        Job.objects.filter(case=access.record, kind=search.KIND).order_by("-created_at")[:10]
    )
    context = page_context(
        access,
        form=form,
        errors=errors,
        jobs=jobs,
        today=len(org.administrations),
        units=org.units,
        administrations=org.administrations,
    )
    return render(request, "designsearch/search.html", context, status=400 if errors else 200)


@route("sok/", "design_search")
@case_view()
def design_search(request: HttpRequest, access: sel.CaseAccess) -> HttpResponse:
    if request.method != "POST":
        return _page(request, access, _defaults(access), [])
    access.require(EDIT)
    try:
        params = search.parse_question(request.POST, access.case)
    except search.QuestionError as exc:
        return _page(request, access, request.POST.dict(), exc.messages)
    job = start_job(actor=request.user, record=access.record, kind=search.KIND, params=params)
    return redirect("cases:design_search_result", key=access.record.key, job_id=job.pk)


def _job(access: sel.CaseAccess, job_id: Any) -> Job:
    job = Job.objects.filter(case=access.record, pk=job_id).first()
    if job is None:
        raise Http404(_("Det finns ingen sådan organisationssökning i ärendet."))
    return job


def _num(value: Any, decimals: int = 0) -> str:
    return format_number(float(value), decimals, current_lang()) if value is not None else "–"


def _figures(summary: dict[str, Any]) -> list[tuple[str, str, str]]:
    """(what, before, after) rows of the gains and costs."""
    rows = [
        (
            _("Samverkan över förvaltningsgräns"),
            _num(summary.get("cross_weight_before")),
            _num(summary.get("cross_weight_after")),
        ),
        (
            _("Överlämningar över förvaltningsgräns"),
            _num(summary.get("handoffs_before")),
            _num(summary.get("handoffs_after")),
        ),
        (
            _("Antal förvaltningar"),
            _num(summary.get("administrations_before")),
            _num(summary.get("administrations_after")),
        ),
    ]
    return rows


def _balance(summary: dict[str, Any], names: dict[str, str]) -> list[tuple[str, str, str]]:
    before: dict[str, float] = summary.get("fte_before") or {}
    after: dict[str, float] = summary.get("fte_after") or {}
    keys = list(dict.fromkeys([*before, *after]))
    return [
        (
            names.get(k, k),
            _num(before.get(k)) if k in before else "–",
            _num(after.get(k)) if k in after else "–",
        )
        for k in keys
    ]


@route("sok/<uuid:job_id>/", "design_search_result")
@require_safe
@case_view()
def design_search_result(request: HttpRequest, access: sel.CaseAccess, job_id: Any) -> HttpResponse:
    job = _job(access, job_id)
    if job.kind != search.KIND:  # another kind of job: its own page
        return redirect("cases:job", job_id=job.pk)
    context = page_context(access, job=job, label=_("Organisationssökning"), params=job.params)
    result = job.result if job.status == "done" and isinstance(job.result, dict) else None
    if result is not None:
        summary: dict[str, Any] = result.get("summary") or {}
        case = access.case
        context["summary"] = summary
        context["figures"] = _figures(summary)
        context["moved_units"] = len(summary.get("moved") or [])
        context["moved_fte"] = _num(summary.get("moved_fte"), 1)
        gap = summary.get("gap")
        context["gap"] = None if gap is None else format_number(100 * float(gap), 1, current_lang())
        context["before_tree"] = osel.organisation_tree(case.baseline)
        try:
            alt = proposal_alternative(result, case, _("Organisationssökning"))
        except ServiceError as exc:
            context["stale"] = exc.messages
        else:
            after_case = case.model_copy(update={"alternatives": [*case.alternatives, alt]})
            after = after_case.organisation(alt.id)
            diff = diff_organisations(case.baseline, after)
            names = {a.id: a.name for a in [*case.baseline.administrations, *after.administrations]}
            context["balance"] = _balance(summary, names)
            context["after_tree"] = osel.organisation_tree(after, diff)
            context["diff"] = diff.sentences(current_lang())
            context["proposal"] = Alternative.model_validate(result["alternative"])
            context["operations"] = asel.operation_steps(case.baseline, alt.operations, alt.id)
            k = summary.get("administrations_after")
            context["default_name"] = _("Organisationssökning: %(k)s förvaltningar") % {"k": k}
    return render(request, "designsearch/result.html", context)


@route("sok/<uuid:job_id>/lagg-till/", "design_search_adopt")
@require_POST
@case_view(EDIT)
def design_search_adopt(request: HttpRequest, access: sel.CaseAccess, job_id: Any) -> HttpResponse:
    job = _job(access, job_id)
    if job.kind != search.KIND or job.status != "done" or not isinstance(job.result, dict):
        messages.error(
            request, _("Sökningen är inte klar; det finns inget förslag att lägga till.")
        )
        return redirect("cases:design_search_result", key=access.record.key, job_id=job.pk)
    try:
        _row, alt_id = proposal_adopt(
            actor=request.user,
            record=access.record,
            result=job.result,
            name=request.POST.get("name", ""),
        )
    except ServiceError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect("cases:design_search_result", key=access.record.key, job_id=job.pk)
    messages.success(request, _("Förslaget lades till som ett alternativ."))
    return redirect(reverse("cases:alternative", args=[access.record.key, alt_id]))
