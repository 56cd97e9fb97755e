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

A kind registered with ``permission=CREATE`` makes a new case: it is started with
``record=None`` by a user who may create cases (:func:`start_job` checks it, and the kind
re-checks the municipality's creating role when it writes); the job has no case until the
kind's write created one and attached it (:meth:`JobContext.attach`), so a failed or
cancelled job leaves no case behind.  Such a job is seen and cancelled by its starter only.
"""

from __future__ import annotations

import logging
import os
import socket
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied
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
from oversyn.web.platform.permissions import (
    EDIT,
    creatable_municipalities,
    is_global_creator,
    require,
)

log = logging.getLogger(__name__)

JobFunc = Callable[["JobContext", dict[str, Any]], dict[str, Any]]

#: The permission of a kind that creates a case (there is no case to hold a role in yet).
CREATE = "create"
#: The folder of OVERSYN_JOB_FILES where the uploads of case-creating jobs wait.
NEW_CASE_FOLDER = "ny"


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
        assert self.job.case is not None, "a job that creates a case has no record yet"
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

    def attach(self, record: CaseRecord) -> None:
        """A case-creating job's new case: the job belongs to it from now on."""
        Job.objects.filter(pk=self.job.pk).update(case=record)
        self.job.case = record


def may_create_cases(actor: Any) -> bool:
    """Has ``actor`` a role that creates cases somewhere (the check before a case-creating
    job is queued; the municipality's own role is checked when the case is written)?"""
    return is_global_creator(actor) or creatable_municipalities(actor).exists()


def require_starter(actor: Any, job: Job, permission: str = EDIT) -> None:
    """``permission`` in the job's case, or — a case-creating job without its case yet —
    that ``actor`` started it."""
    if job.case_id is not None:
        require(actor, job.case, permission)
    elif job.created_by_id is None or getattr(actor, "pk", None) != job.created_by_id:
        raise PermissionDenied(_("Jobbet startades av någon annan."))


def start_job(*, actor: Any, record: CaseRecord | None, kind: str, params: dict[str, Any]) -> Job:
    """Queue a job of ``kind`` for the case; the actor needs the kind's permission in the case
    (a kind with ``permission=CREATE``: ``record`` is None and the actor may create cases).
    The job is enqueued when the surrounding transaction commits."""
    spec = KINDS.get(kind)
    if spec is None:
        raise ValueError(f"unknown job kind {kind!r}")
    if (record is None) != (spec.permission == CREATE):
        raise ValueError(f"job kind {kind!r}: a case only for kinds that do not create one")
    if record is None:
        if not may_create_cases(actor):
            raise PermissionDenied(_("Du har ingen roll som får skapa ärenden."))
        version = 0
    else:
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


def start_upload_job(
    *,
    actor: Any,
    record: CaseRecord | None,
    kind: str,
    data: bytes | str,
    suffix: str,
    filename: str,
    params: dict[str, Any] | None = None,
) -> Job:
    """Store an upload's content (``data``; text is written as UTF-8) in OVERSYN_JOB_FILES
    (``<case pk>/`` or, for a case-creating kind, ``ny/``) and queue the job ``kind`` on it:
    its params get ``upload`` (the path under OVERSYN_JOB_FILES) and ``filename`` (the
    user's name for it).  If the job cannot be queued the file is deleted at once; else the
    kind's ``cleanup`` deletes it when the job ends."""
    from oversyn.web.jobs.uploads import job_files

    folder = NEW_CASE_FOLDER if record is None else str(int(record.pk))
    target = job_files() / folder / f"{uuid.uuid4().hex}{suffix}"
    target.parent.mkdir(parents=True, exist_ok=True)
    content = data.encode("utf-8") if isinstance(data, str) else data
    try:
        target.write_bytes(content)
        return start_file_job(
            actor=actor, record=record, kind=kind, path=target, filename=filename, params=params
        )
    except BaseException:
        target.unlink(missing_ok=True)
        raise


def start_file_job(
    *,
    actor: Any,
    record: CaseRecord | None,
    kind: str,
    path: Path,
    filename: str,
    params: dict[str, Any] | None = None,
) -> Job:
    """Queue the job ``kind`` on a file stored in OVERSYN_JOB_FILES (``path``; ``filename``
    is the user's name for it): its params get ``upload`` (the path under OVERSYN_JOB_FILES)
    and ``filename``, read back by :func:`stored_upload`."""
    from oversyn.web.jobs.uploads import job_files

    return start_job(
        actor=actor,
        record=record,
        kind=kind,
        params={
            "upload": str(path.relative_to(job_files())),
            "filename": filename,
            **(params or {}),
        },
    )


def stored_upload(params: dict[str, Any]) -> Path:
    """The stored upload of a job (inside OVERSYN_JOB_FILES, never outside it)."""
    from oversyn.web.jobs.uploads import job_files

    root = job_files().resolve()
    path = (root / str(params.get("upload", ""))).resolve()
    if root not in path.parents:
        raise JobError(_("Filen för jobbet finns inte."))
    return path


def cancel_job(*, actor: Any, job: Job) -> bool:
    """Cancel a queued or running job (the case's edit permission, or the starter of a
    case-creating job); True if it was active.  A running job stops at its next progress
    report."""
    require_starter(actor, job)
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
    if isinstance(exc, PermissionDenied):  # the role was taken away after the job was queued
        return [str(exc) or _("Din roll får inte längre göra detta.")]
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
    except (JobError, ServiceError, OversynError, PermissionDenied) as exc:
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
