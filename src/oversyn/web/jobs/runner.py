"""The job contract: register a kind, start a job, report progress, be cancelled.

::

    from oversyn.web.jobs.runner import job_kind, JobContext, start_job

    @job_kind("design_search", label=lambda: _("Organisationssökning"))
    def run_design_search(ctx: JobContext, params: dict) -> dict:  # returns the JSON result
        ctx.case                       # the core Case as it was when the job was started
        ctx.progress(0.4, "Söker …")   # 0–1 and a Swedish message; raises JobCancelled
        ctx.cancelled()                # bool

    job = start_job(actor=user, record=case_record, kind="design_search", params={...})

A job runs in a worker process (``oversyn-manage jobs_worker``), never in the request: the
queue is django-tasks' database backend (:mod:`.tasks`).  :func:`execute` claims the job with
a conditional update (``queued`` → ``running``), so even a task delivered twice runs once.
A kind's function raises :class:`JobError` (or a ``ServiceError`` / core ``OversynError``)
with Swedish, located messages; they become the job's ``error`` and nothing else is changed.
Writes to the case go through ``oversyn.web.platform.actions.run`` like every other write.

Transactions: a kind's function runs in autocommit, outside any transaction (the worker takes
the task in a transaction of its own and ends it before the task runs), so every
:meth:`JobContext.progress` UPDATE and cancellation check is committed and seen at once by the
page that polls.  The long computation must stay outside ``transaction.atomic``; only the final
write to the case is one atomic action (``actions.run``).  Measured on SQLite and PostgreSQL in
tests/web/jobs/test_progress_visible.py.
"""

from __future__ import annotations

import logging
import os
import socket
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from oversyn.core.case import Case
from oversyn.core.errors import OversynError
from oversyn.web.cases.models import CaseRecord
from oversyn.web.jobs.models import ACTIVE, Job, JobStatus
from oversyn.web.platform.errors import ServiceError
from oversyn.web.platform.lang import current_lang
from oversyn.web.platform.permissions import EDIT, require

log = logging.getLogger(__name__)

JobFunc = Callable[["JobContext", dict[str, Any]], dict[str, Any]]


class JobCancelled(Exception):
    """Raised by :meth:`JobContext.progress` when the job was cancelled meanwhile."""


class JobError(Exception):
    """The job cannot be done; ``messages`` (Swedish) say where and what."""

    def __init__(self, messages: list[str] | str) -> None:
        self.messages = [messages] if isinstance(messages, str) else list(messages)
        super().__init__("; ".join(self.messages))


@dataclass(frozen=True)
class JobKind:
    name: str
    func: JobFunc
    label: Callable[[], str]
    permission: str = EDIT
    # called once when the job ends in any way (done, failed, cancelled): e.g. delete its file
    cleanup: Callable[[dict[str, Any]], None] | None = None
    # where the result is shown (a URL), given the finished job
    result_url: Callable[[Job], str | None] | None = None


KINDS: dict[str, JobKind] = {}


def job_kind(
    name: str,
    *,
    label: Callable[[], str],
    permission: str = EDIT,
    cleanup: Callable[[dict[str, Any]], None] | None = None,
    result_url: Callable[[Job], str | None] | None = None,
) -> Callable[[JobFunc], JobFunc]:
    """Register ``func`` as the job kind ``name`` (who may start it: ``permission``)."""

    def register(func: JobFunc) -> JobFunc:
        KINDS[name] = JobKind(name, func, label, permission, cleanup, result_url)
        return func

    return register


def kind_label(name: str) -> str:
    kind = KINDS.get(name)
    return str(kind.label()) if kind else name


class JobContext:
    """What a running job sees: its row, its case (as started), progress and cancellation."""

    def __init__(self, job: Job) -> None:
        self.job = job
        self.params: dict[str, Any] = dict(job.params or {})

    @property
    def record(self) -> CaseRecord:
        return self.job.case

    @property
    def actor(self) -> Any:
        return self.job.created_by

    @cached_property
    def case(self) -> Case:
        """The case at the version the job was started on (its stored revision)."""
        from oversyn.web.platform.repository import load
        from oversyn.web.platform.revisions import revision_case, revision_get

        record = CaseRecord.objects.get(pk=self.job.case_id)
        if record.version == self.job.case_version:
            return load(record)
        revision = revision_get(record, self.job.case_version)
        if revision is not None:
            return revision_case(revision)
        return load(record)  # no revision kept of that version: the case as it is now

    def progress(self, fraction: float, message: str = "") -> None:
        """Record how far the job is (0–1) and what it does; raise :class:`JobCancelled` if
        the job was cancelled meanwhile (one UPDATE, conditional on the status)."""
        fraction = max(0.0, min(1.0, float(fraction)))
        updated = Job.objects.filter(pk=self.job.pk, status=JobStatus.RUNNING).update(
            progress=fraction, message=str(message)[:300], updated_at=timezone.now()
        )
        self.job.progress, self.job.message = fraction, str(message)[:300]
        if not updated:
            raise JobCancelled

    def cancelled(self) -> bool:
        return Job.objects.filter(pk=self.job.pk, status=JobStatus.CANCELLED).exists()


def start_job(*, actor: Any, record: CaseRecord, kind: str, params: dict[str, Any]) -> Job:
    """Queue a job of ``kind`` for the case; the actor needs the kind's permission in the case.
    The job is enqueued when the surrounding transaction commits."""
    spec = KINDS.get(kind)
    if spec is None:
        raise ValueError(f"unknown job kind {kind!r}")
    require(actor, record, spec.permission)
    version = CaseRecord.objects.values_list("version", flat=True).get(pk=record.pk)
    job = Job.objects.create(
        case=record,
        kind=kind,
        params=params,
        case_version=version,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
        message=_("Väntar på en ledig arbetare …"),
    )

    def enqueue() -> None:
        from oversyn.web.jobs.tasks import run_job

        result = run_job.enqueue(str(job.pk))
        Job.objects.filter(pk=job.pk).update(task_id=str(result.id)[:64])

    transaction.on_commit(enqueue)
    return job


def cancel_job(*, actor: Any, job: Job) -> bool:
    """Cancel a queued or running job (the case's edit permission); True if it was active.
    A running job stops at its next progress report."""
    require(actor, job.case, EDIT)
    now = timezone.now()
    was_queued = Job.objects.filter(pk=job.pk, status=JobStatus.QUEUED).update(
        status=JobStatus.CANCELLED, finished_at=now, updated_at=now, message=_("Avbrutet.")
    )
    if was_queued:
        _cleanup(job)
        return True
    return bool(
        Job.objects.filter(pk=job.pk, status=JobStatus.RUNNING).update(
            status=JobStatus.CANCELLED, finished_at=now, updated_at=now, message=_("Avbrutet.")
        )
    )


def _cleanup(job: Job) -> None:
    spec = KINDS.get(job.kind)
    if spec is not None and spec.cleanup is not None:
        try:
            spec.cleanup(dict(job.params or {}))
        except Exception:
            log.exception("cleanup of job %s failed", job.pk)


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def _messages(exc: BaseException) -> list[str]:
    if isinstance(exc, JobError | ServiceError):
        return [str(m) for m in exc.messages]
    if isinstance(exc, OversynError):
        return [exc.message(current_lang())]
    return [str(exc)]


def execute(job_id: str) -> str:
    """Run the job ``job_id`` in this process (the worker's task); returns its final status.

    The claim ``queued`` → ``running`` is one conditional UPDATE: a job runs at most once even
    if the queue delivers its task twice; a cancelled job is not started."""
    now = timezone.now()
    claimed = Job.objects.filter(pk=job_id, status=JobStatus.QUEUED).update(
        status=JobStatus.RUNNING,
        started_at=now,
        updated_at=now,
        worker=worker_name()[:200],
        runs=F("runs") + 1,
        message=_("Startar …"),
    )
    job = Job.objects.select_related("case", "created_by").get(pk=job_id)
    if not claimed:
        return str(job.status)
    spec = KINDS.get(job.kind)
    status, error, result = JobStatus.DONE, "", None
    try:
        if spec is None:
            raise JobError(_("Okänt slags jobb: %(kind)s.") % {"kind": job.kind})
        result = spec.func(JobContext(job), dict(job.params or {}))
    except JobCancelled:
        status = JobStatus.CANCELLED
    except (JobError, ServiceError, OversynError) as exc:
        status, error = JobStatus.FAILED, "\n".join(_messages(exc))
    except Exception as exc:
        log.exception("job %s (%s) failed", job.pk, job.kind)
        status = JobStatus.FAILED
        error = _("Oväntat fel i jobbet (%(kind)s, id %(id)s): %(error)s") % {
            "kind": kind_label(job.kind),
            "id": job.pk,
            "error": f"{type(exc).__name__}: {exc}",
        }
    finally:
        _cleanup(job)
    now = timezone.now()
    if status == JobStatus.CANCELLED:
        return status
    updates: dict[str, Any] = {"status": status, "finished_at": now, "updated_at": now}
    if status == JobStatus.DONE:
        updates.update(progress=1.0, result=result, message=_("Klart."))
        if isinstance(result, dict) and isinstance(result.get("case_version"), int):
            updates["result_version"] = result["case_version"]
    else:
        updates.update(error=error, message=_("Misslyckades."))
    # only a job still running is finished: one cancelled meanwhile stays cancelled
    Job.objects.filter(pk=job.pk, status=JobStatus.RUNNING).update(**updates)
    return str(Job.objects.values_list("status", flat=True).get(pk=job.pk))


def active_jobs(record: CaseRecord, kind: str | None = None) -> list[Job]:
    jobs = Job.objects.filter(case=record, status__in=ACTIVE)
    if kind:
        jobs = jobs.filter(kind=kind)
    return list(jobs.order_by("-created_at")[:5])
