"""The warm-up job: a large case's derived results computed in a worker after each write.

Issue 13 asks that a page never wait more than a second for computation; the overview of a
2,000-unit case with six alternatives, an alternative's builder and the document preview
take seconds to compute the first time after a write.  The job also computes the heat map
and the exports (each under a second, computed inline when asked for before the job is
done).  So a write of a large case
(:func:`oversyn.web.platform.cache.computes_in_background`) enqueues, when its transaction
commits, one job of kind :data:`KIND` that computes them into the shared cache, and the pages
show the cached result of the current version when it is there, else a placeholder that polls
(HTMX) until it is (:func:`pending_page`).

Coalescing: a write finds the case's warm-up job still queued and adds none, so a burst of
writes gives one job; the job warms the version the case has when it runs, and when the case
changed meanwhile it warms again (at most :data:`ROUNDS` times), so the last write is always
warmed.  Small cases compute inline (they take milliseconds) and enqueue nothing.

Every write primes the cache with the parsed case it has just validated, so the first reader
of the new version does not parse the case's JSON again.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext as _

from oversyn.web.platform import cache

log = logging.getLogger(__name__)

KIND = "warm_derived"
#: How often one job warms again when the case changed while it computed.
ROUNDS = 3


def _warmers() -> list[tuple[str, Callable[[Any, Any], None]]]:
    """(what, warm(record, case)) in the order the pages are most often asked for."""
    from oversyn.web.alternatives.views import warm_builders
    from oversyn.web.cases.selectors import warm_export
    from oversyn.web.cases.views import warm_overview
    from oversyn.web.documents.views import warm_preview
    from oversyn.web.organisation.selectors import warm_files

    return [
        (_("Översikten"), warm_overview),
        (_("Alternativbyggarna"), warm_builders),
        (_("Förhandsvisningen av beslutsunderlaget"), warm_preview),
        # each under a second, but asked for right after the write that changed them (the
        # heat map on the interactions page, the exports): computed here, they are ready
        (_("Värmekartan och Excelexporten"), warm_files),
        (_("Ärendefilen"), warm_export),
    ]


def languages(wanted: list[str] | None = None) -> list[str]:
    """The languages a job warms: the default language first, then those asked for (each
    language has its own cache entries; a reader of another language asks for it)."""
    codes = {code for code, _name in settings.LANGUAGES}
    out = [settings.LANGUAGE_CODE]
    out += [c for c in wanted or [] if c in codes and c not in out]
    return out


def pending_job(record: Any) -> Any:
    """The case's warm-up job that has not started yet, if any."""
    from oversyn.web.jobs.models import Job, JobStatus

    return Job.objects.filter(case_id=record.pk, kind=KIND, status=JobStatus.QUEUED).first()


def active_job(record: Any) -> Any:
    from oversyn.web.jobs.models import ACTIVE, Job

    return (
        Job.objects.filter(case_id=record.pk, kind=KIND, status__in=ACTIVE)
        .order_by("-created_at")
        .first()
    )


def schedule(*, actor: Any, record: Any, lang: str | None = None) -> Any:
    """Queue a warm-up of the case unless one is queued already (coalescing; the queued job
    is told of the language ``lang`` if it did not warm it yet); the job is enqueued when the
    surrounding transaction commits.  Returns the queued job."""
    from oversyn.web.jobs.models import Job
    from oversyn.web.jobs.runner import start_job

    lang = lang or settings.LANGUAGE_CODE
    queued = pending_job(record)
    if queued is not None:
        wanted = list((queued.params or {}).get("languages") or [])
        if lang not in wanted:
            Job.objects.filter(pk=queued.pk).update(params={"languages": [*wanted, lang]})
        return queued
    return start_job(actor=actor, record=record, kind=KIND, params={"languages": [lang]})


def after_write(*, actor: Any, row: Any, case: Any) -> None:
    """Called by every write (:func:`oversyn.web.platform.repository.commit`) with the row
    at its new version and the validated case: prime the parsed case, warm a large case."""
    from django.db import transaction

    def prime() -> None:
        cache.put(row, "case", case, lang="-")
        cache.remember_parsed(row, case)

    transaction.on_commit(prime)
    if cache.computes_in_background(case):
        try:
            schedule(actor=actor, record=row)
        except Exception:  # the write stands; the pages then compute inline
            log.exception("could not queue the warm-up of case %s", row.pk)


def warm(
    record: Any,
    case: Any,
    progress: Callable[[float, str], None] | None = None,
    langs: list[str] | None = None,
) -> None:
    """Compute every warmed result of this version of the case, in the default language and
    ``langs``."""
    steps = [(lang, what, func) for lang in languages(langs) for what, func in _warmers()]
    with cache.computing():
        for index, (lang, what, func) in enumerate(steps):
            if progress is not None:
                progress(index / len(steps), str(what))
            with translation.override(lang):
                func(record, case)


def _register() -> None:
    from django.utils.translation import gettext_lazy

    from oversyn.web.cases.models import CaseRecord
    from oversyn.web.jobs.models import Job
    from oversyn.web.jobs.runner import JobContext, job_kind
    from oversyn.web.platform.permissions import VIEW
    from oversyn.web.platform.selectors import loaded_case

    @job_kind(KIND, label=lambda: str(gettext_lazy("Förberäknar sidorna")), permission=VIEW)
    def run_warm_up(ctx: JobContext, params: dict[str, Any]) -> dict[str, Any]:
        warmed: list[int] = []
        for _round in range(ROUNDS):
            record = CaseRecord.objects.defer("content").get(pk=ctx.job.case_id)
            if record.version in warmed:
                break
            case = loaded_case(record)

            def progress(fraction: float, what: str) -> None:
                ctx.progress(0.98 * fraction, _("Beräknar: %(what)s …") % {"what": what})

            job = Job.objects.get(pk=ctx.job.pk)  # languages asked for while it was queued
            warm(record, case, progress, list((job.params or {}).get("languages") or []))
            warmed.append(record.version)
            now = CaseRecord.objects.values_list("version", flat=True).get(pk=record.pk)
            if now == record.version:
                break
        return {"warmed_versions": warmed}


_register()


def pending_page(request: HttpRequest, access: Any, what: str) -> HttpResponse:
    """The placeholder of a page whose result the warm-up job is computing.  It polls the
    same address every second (HTMX, header ``X-Oversyn-Poll``): the answer is ``204`` while
    the result is pending and ``HX-Refresh`` once it is there, so the page reloads itself.
    Makes sure a warm-up job is queued or running (a page asked for after the cache lost the
    entry, or a case written before this version of the app, starts one)."""
    lang = translation.get_language() or settings.LANGUAGE_CODE
    job = active_job(access.record)
    running_lang = job is not None and (
        job.status == "queued" or lang in languages((job.params or {}).get("languages"))
    )
    if job is None or not running_lang or job.status == "queued":
        job = schedule(actor=request.user, record=access.record, lang=lang)
    if request.headers.get("X-Oversyn-Poll"):
        return HttpResponse(status=204)
    from oversyn.web.platform.views import page_context

    return render(
        request,
        "platform/pending.html",
        page_context(access, what=what, job=job, poll_url=request.get_full_path()),
    )


def ready_response() -> HttpResponse:
    """The answer to a poll when the result is there: HTMX reloads the page."""
    response = HttpResponse(status=204)
    response["HX-Refresh"] = "true"
    return response


__all__ = [
    "KIND",
    "after_write",
    "pending_page",
    "ready_response",
    "schedule",
    "warm",
]


def background(access: Any) -> bool:
    """Whether this page of ``access``'s case leaves its derived results to the warm-up job
    (:func:`cache.computes_in_background`), unless the warm-up of this version failed (the
    page then computes inline, as it did before there were warm-up jobs)."""
    if not cache.computes_in_background(access.case):
        return False
    from oversyn.web.jobs.models import Job, JobStatus

    return not Job.objects.filter(
        case_id=access.record.pk,
        kind=KIND,
        case_version=access.record.version,
        status=JobStatus.FAILED,
    ).exists()


def polled(request: HttpRequest) -> bool:
    """Whether the request is the placeholder's poll (answer :func:`ready_response`)."""
    return bool(request.headers.get("X-Oversyn-Poll"))
