"""Job pages: the case's jobs (``/arenden/<key>/jobb/``), one job (``/jobb/<id>/``: HTML, its
progress partial for HTMX polling, or JSON) and cancel (``/jobb/<id>/avbryt/``).

A job is seen with the case's view permission and cancelled with its edit permission (a job
that creates a case, before it has one: by the user who started it only); these pages only
read the job row — they never wait for computation.  When a case-creating job is done, its
polling page opens the new case.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from oversyn.web.jobs.models import Job
from oversyn.web.jobs.runner import (
    CREATE,
    KINDS,
    active_jobs,
    cancel_job,
    kind_label,
    start_upload_job,
)
from oversyn.web.platform import selectors as sel
from oversyn.web.platform.permissions import EDIT, VIEW
from oversyn.web.platform.routes import Routes
from oversyn.web.platform.views import case_view, page_context

route = Routes()  # this module's URL patterns (urls.py), each beside its view


def job_for_user(
    user: Any, job_id: Any, permission: str = VIEW
) -> tuple[Job, sel.CaseAccess | None]:
    """The job if the user's role in its case grants ``permission`` (else 404 / 403); a
    case-creating job without its case yet: only for the user who started it (access None)."""
    job = Job.objects.select_related("case").filter(pk=job_id).first()
    if job is None:
        raise Http404(_("Jobbet finns inte."))
    if job.case is None:
        if job.created_by_id is None or job.created_by_id != user.pk:
            raise Http404(_("Jobbet finns inte."))
        return job, None
    access = sel.case_for_user(user, job.case.key)  # 404 without a role in the case
    access.require(permission)
    return job, access


def shown_jobs(
    request: HttpRequest, record: Any, kind: str, *, done_too: bool = False
) -> list[Job]:
    """The case's active jobs of ``kind`` and the one the page was sent to by ``?jobb=<id>``
    (a page polls them; when one ends the page reloads and shows the result).  That one is
    left out once it is done, unless ``done_too``: then it is shown however it ended (done:
    100 %, failed: why)."""
    jobs = active_jobs(record, kind)
    shown = request.GET.get("jobb", "")
    if shown and not any(str(j.pk) == shown for j in jobs):
        named = Job.objects.filter(case=record, kind=kind, pk=_uuid_or_none(shown))
        jobs += list(named if done_too else named.exclude(status="done"))
    return jobs


def _uuid_or_none(text: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(text)
    except ValueError:
        return None


def upload_job_started(
    request: HttpRequest,
    *,
    record: Any,
    kind: str,
    data: bytes | str,
    suffix: str,
    filename: str,
    page: str = "",
    **params: Any,
) -> HttpResponse:
    """Queue the job ``kind`` on an upload's content (:func:`runner.start_upload_job`: stored
    in OVERSYN_JOB_FILES, deleted when the job ends), say so, and show the page that follows
    it: the case page ``cases:<page>?jobb=<id>``; for a case-creating kind (``record`` None)
    the job's own page, which opens the new case when the job is done."""
    job = start_upload_job(
        actor=request.user,
        record=record,
        kind=kind,
        data=data,
        suffix=suffix,
        filename=filename,
        params=params,
    )
    if record is None:
        messages.success(
            request, _("Importen startade i bakgrunden; ärendet skapas när den är klar.")
        )
        return redirect(reverse("cases:job", kwargs={"job_id": job.pk}) + "?oppna=1")
    return job_started(request, record, job, page, _("Importen startade i bakgrunden."))


def job_started(
    request: HttpRequest, record: Any, job: Job, page: str, started: str, anchor: str = ""
) -> HttpResponse:
    """Say ``started`` and show the case page ``cases:<page>``, which follows ``job`` as the
    one named by ``?jobb=<id>`` (:func:`shown_jobs`); ``anchor`` is where on the page, e.g.
    ``#h-smaa-job``."""
    messages.success(request, started)
    url = reverse(f"cases:{page}", kwargs={"key": record.key})
    return redirect(f"{url}?jobb={job.pk}{anchor}")


def result_url(job: Job) -> str | None:
    spec = KINDS.get(job.kind)
    if spec is None or spec.result_url is None or job.status != "done":
        return None
    return spec.result_url(job)


def job_data(job: Job) -> dict[str, Any]:
    return {
        "id": str(job.id),
        "kind": job.kind,
        "label": kind_label(job.kind),
        "status": job.status,
        "status_label": str(job.get_status_display()),
        "progress": round(job.progress, 4),
        "message": job.message,
        "error": job.error,
        "result": job.result,
        "result_url": result_url(job),
        "case_version": job.case_version,
        "result_version": job.result_version,
        "created_at": job.created_at.isoformat(),
        "started_at": job.started_at.isoformat() if job.started_at else None,
        "finished_at": job.finished_at.isoformat() if job.finished_at else None,
    }


@route("jobb/", "case_jobs")
@require_GET
@case_view()
def case_jobs(request: HttpRequest, access: sel.CaseAccess) -> HttpResponse:
    jobs = list(Job.objects.filter(case=access.record).select_related("created_by")[:100])
    for job in jobs:
        job.result_link = result_url(job)  # type: ignore[attr-defined]
    return render(request, "jobs/list.html", page_context(access, jobs=jobs))


@route("jobb/<uuid:job_id>/", "job", case=False)
@never_cache
@require_GET
@login_required
def job_detail(request: HttpRequest, job_id: Any) -> HttpResponse:
    job, access = job_for_user(request.user, job_id)
    wants_json = "application/json" in request.headers.get("Accept", "") or (
        request.GET.get("format") == "json"
    )
    if wants_json:
        return JsonResponse(job_data(job), json_dumps_params={"ensure_ascii": False})
    extra = {"job": job, "label": kind_label(job.kind), "result_link": result_url(job)}
    creates = getattr(KINDS.get(job.kind), "permission", None) == CREATE
    if creates and extra["result_link"] and request.GET.get("oppna") == "1":
        return redirect(extra["result_link"])  # done before its page was shown: the new case
    # a case-creating job without its case: its starter sees it and may cancel it
    context = page_context(access, **extra) if access else {**extra, "can_edit": True}
    # the partial polls on with the same ``reload``, so the page still refreshes at the end
    # when the job outlasts the first poll
    context["reload"] = request.GET.get("reload") == "1"
    context["on_job_page"] = request.GET.get("sida") == "1"  # a poll from the job's own page
    if request.headers.get("HX-Request"):
        response = render(request, "jobs/_progress.html", context)
        if not job.active and request.GET.get("reload") == "1":
            if creates and extra["result_link"]:
                response["HX-Redirect"] = extra["result_link"]  # the new case
            else:
                response["HX-Refresh"] = "true"  # the page shows the result in its own way
        return response
    return render(request, "jobs/detail.html", context)


@route("jobb/<uuid:job_id>/avbryt/", "job_cancel", case=False)
@require_POST
@login_required
def job_cancel(request: HttpRequest, job_id: Any) -> HttpResponse:
    job, _access = job_for_user(request.user, job_id, EDIT)
    if cancel_job(actor=request.user, job=job):
        messages.success(request, _("Jobbet avbröts."))
    else:
        messages.info(request, _("Jobbet var redan avslutat."))
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}):
        target = ""
    return redirect(target) if target else redirect("cases:job", job_id=job.pk)
