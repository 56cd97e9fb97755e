"""The job kinds of this app: a self-test, service records → interactions, and the large
imports (an organisation workbook or a case file into a case; a case file or a new-case form
with a workbook as a new case).

Other apps register their kinds the same way (``@job_kind`` in their own module, imported by
their ``AppConfig.ready``).
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from oversyn.io.evidence.aggregate import evidence_items
from oversyn.io.evidence.events import EvidenceError, compute_evidence
from oversyn.web.jobs.models import Job
from oversyn.web.jobs.runner import (
    CREATE,
    JobContext,
    JobError,
    job_kind,
    may_create_cases,
    stored_upload,
)
from oversyn.web.platform.errors import ConflictError
from oversyn.web.platform.permissions import EDIT


@job_kind("selftest", label=lambda: _("Testjobb"))
def run_selftest(ctx: JobContext, params: dict[str, Any]) -> dict[str, Any]:
    """Sleeps ``seconds`` in ``steps`` and reports progress: shows that workers run jobs (ops),
    and is what the worker tests count.  ``fail`` makes it fail with a Swedish message."""
    seconds = float(params.get("seconds", 1.0))
    steps = max(1, int(params.get("steps", 10)))
    for step in range(steps):
        ctx.progress(step / steps, _("Steg %(n)d av %(of)d") % {"n": step + 1, "of": steps})
        time.sleep(seconds / steps)
    if params.get("fail"):
        raise JobError(_("Testjobbet misslyckades som det ombads."))
    from oversyn.web.jobs.runner import worker_name

    return {"worker": worker_name(), "units": len(ctx.case.baseline.units)}


# -- service records → interactions ------------------------------------------------------------

STEPS = {
    "load": gettext_lazy("Läser insatsposterna …"),
    "units": gettext_lazy("Räknar enheter …"),
    "pp": gettext_lazy("Räknar personer per enhet …"),
    "totals": gettext_lazy("Räknar personer i perioden …"),
    "shared": gettext_lazy("Räknar gemensamma personer …"),
    "handoffs": gettext_lazy("Räknar överlämningar …"),
    "journeys": gettext_lazy("Räknar medborgarkedjor …"),
}


def delete_upload(params: dict[str, Any]) -> None:
    """A job's stored upload is deleted when the job ends, whatever the outcome."""
    with contextlib.suppress(JobError):
        stored_upload(params).unlink(missing_ok=True)


def _case_page(name: str) -> Callable[[Job], str | None]:
    """A job's result page: the case page ``cases:<name>`` of the job's case (a case-creating
    job has its case once it succeeded)."""
    return lambda job: (
        reverse(f"cases:{name}", kwargs={"key": job.case.key}) if job.case is not None else None
    )


def _upload(params: dict[str, Any]) -> tuple[Path, str]:
    """The job's stored upload and the name the user's file had."""
    path = stored_upload(params)
    return path, str(params.get("filename") or path.name)


@contextlib.contextmanager
def _conflict_fails(message: str) -> Iterator[None]:
    """Fail the job, saying ``message``, when the block's write is refused because the case
    changed while the job ran (nothing was saved)."""
    try:
        yield
    except ConflictError as exc:
        raise JobError(message) from exc


def _upload_kind(
    name: str, label: Callable[[], str], page: str, permission: str = EDIT
) -> Callable[[Any], Any]:
    """Register a kind that works on an upload: the stored upload is deleted when the job
    ends, however it ends; its result is the case page ``cases:<page>``."""
    return job_kind(
        name,
        label=label,
        permission=permission,
        cleanup=delete_upload,
        result_url=_case_page(page),
    )


@_upload_kind("records_interactions", lambda: _("Samverkan ur insatsposter"), "interactions")
def run_records(ctx: JobContext, params: dict[str, Any]) -> dict[str, Any]:
    from oversyn.web.organisation.actions import evidence_import

    path, filename = _upload(params)
    case = ctx.case
    names = {u.id: u.name for u in case.baseline.units}

    def progress(fraction: float, step: str) -> None:
        message = STEPS.get(step, gettext_lazy("Räknar …"))
        ctx.progress(0.02 + 0.85 * fraction, str(message))

    started = time.perf_counter()
    try:
        result = compute_evidence(
            path,
            period=params.get("period") or None,
            min_count=int(params.get("min_count", 5)),
            handoff_days=int(params.get("handoff_days", 30)),
            columns=dict(params.get("columns") or {}),
            known_units=set(names),
            max_journeys=int(params.get("max_journeys", 20)),
            source=filename,
            progress=progress,
        )
    except EvidenceError as exc:
        # the stored file's name means nothing to the user: say the uploaded file's name
        raise JobError(exc.message("sv").replace(str(path), filename)) from exc
    seconds = time.perf_counter() - started
    source = str(params.get("source") or _("registerdata (%(file)s)") % {"file": filename})
    estimated = bool(params.get("estimated", False))
    interactions, journeys, suppressed = evidence_items(
        result,
        source=source,
        estimated=estimated,
        kinds=params.get("kinds") or ["shared_clients"],
        names=names,
    )
    ctx.progress(0.9, _("Sparar sammanställningen i ärendet …"))
    details = {
        "records": result.records,
        "records_in_period": result.records_in_period,
        "persons_in_period": result.persons_in_period,
        "period": result.period.label,
        "min_count": result.min_count,
        "handoff_days": result.handoff_days,
        "suppressed": suppressed,
        "file": filename,
    }
    with _conflict_fails(
        _("Samverkan i ärendet ändrades medan jobbet körde; ingenting sparades. Läs in filen igen.")
    ):
        row, left_out = evidence_import(
            actor=ctx.actor,
            record=ctx.record,
            interactions=interactions,
            journeys=journeys,
            base=str(params.get("base", "")),
            source=source,
            details=details,
        )
    handoffs = [p for p in result.pairs if p.kind == "handoffs"]
    return {
        **details,
        "case_version": row.version,
        "computed_on_version": ctx.job.case_version,
        "seconds": round(seconds, 2),
        "interactions": len(interactions),
        "journeys": len(journeys),
        "handoff_pairs": len(handoffs),
        "unknown_units": [{"unit": u, "records": n} for u, n in result.unknown_units][:50],
        "left_out_units": left_out[:50],
    }


# -- a large Excel import of the organisation ----------------------------------------------


def _read_workbook(ctx: JobContext, path: Path, filename: str) -> Any:
    """The organisation of a stored workbook (the same reader and located errors as the
    inline import: "org.xlsx, blad Enheter, rad 3, kolumn I …")."""
    from oversyn.web.organisation.tabular import TableError, organisation_from_xlsx
    from oversyn.web.uploads import limits

    ctx.progress(0.1, _("Läser arbetsboken …"))
    try:
        return organisation_from_xlsx(path.read_bytes(), filename, limits())
    except TableError as exc:
        raise JobError(exc.messages) from exc


@_upload_kind("org_import_xlsx", lambda: _("Import av organisationen från Excel"), "organisation")
def run_org_import(ctx: JobContext, params: dict[str, Any]) -> dict[str, Any]:
    from oversyn.web.organisation.actions import organisation_replace

    path, filename = _upload(params)
    org = _read_workbook(ctx, path, filename)
    ctx.progress(0.7, _("Sparar organisationen i ärendet …"))
    with _conflict_fails(
        _("Organisationen ändrades medan jobbet körde; ingenting sparades. Importera igen.")
    ):
        row = organisation_replace(
            actor=ctx.actor,
            record=ctx.record,
            organisation=org,
            base=str(params.get("base", "")),
            source=filename,
        )
    return {
        "case_version": row.version,
        "computed_on_version": ctx.job.case_version,
        "units": len(org.units),
        "administrations": len(org.administrations),
        "file": filename,
    }


# -- a large case file (YAML) replacing a case ---------------------------------------------


@_upload_kind("case_import_yaml", lambda: _("Import av ärendefil"), "overview")
def run_case_import(ctx: JobContext, params: dict[str, Any]) -> dict[str, Any]:
    """The same write as the inline import (``services.case_import``): the whole file is
    checked first and nothing is stored unless it validates; errors name line and field."""
    from oversyn.web.cases.services import case_import

    path, filename = _upload(params)
    text = _read_case_file(ctx, path)
    ctx.progress(0.3, _("Kontrollerar och sparar ärendet …"))
    with _conflict_fails(
        _("Ärendet ändrades efter att filen laddades upp; ingenting sparades. Importera igen.")
    ):
        row = case_import(
            actor=ctx.actor,
            record=ctx.record,
            text=text,
            filename=filename,
            expected_version=int(params.get("expected_version") or 0),
        )
    return {
        "case_version": row.version,
        "computed_on_version": ctx.job.case_version,
        "file": filename,
        "bytes": len(text.encode("utf-8")),
    }


def _read_case_file(ctx: JobContext, path: Path) -> str:
    ctx.progress(0.1, _("Läser ärendefilen …"))
    return path.read_text(encoding="utf-8")


# -- a new case from a large case file or Excel workbook ----------------------------------
# The case row is created only by the kind's last step, the same create action as inline
# (services.case_import_new / case_new: one transaction with its revision and audit row), so
# a failed or cancelled job leaves no case; the job is attached to the new case then.


def _creating_municipality(
    ctx: JobContext, params: dict[str, Any], *, name: str = "", from_file: bool = False
) -> Any:
    """The stored municipality the new case is made in (None: with ``from_file`` the one the
    case file names, else one of SCB's not stored yet).  The creating role is checked
    again here: it may have been taken away since the job was queued."""
    from oversyn.web.cases.models import Municipality
    from oversyn.web.platform.permissions import require_create

    pk = params.get("municipality")
    if pk is None:
        if from_file:  # the case file names it; case_create checks its role there
            if not may_create_cases(ctx.actor):
                raise PermissionDenied(_("Du har ingen roll som får skapa ärenden."))
        else:  # not stored yet: a global creator only
            require_create(ctx.actor, None, name)
        return None
    municipality = Municipality.objects.filter(pk=pk).first()
    if municipality is None:
        raise JobError(_("Kommunen som ärendet skulle skapas i finns inte längre."))
    require_create(ctx.actor, municipality, municipality.name)
    return municipality


def _creates_case(name: str, label: Callable[[], str]) -> Callable[[Any], Any]:
    """Register a case-creating kind on an upload: its result is the new case's overview."""
    return _upload_kind(name, label, "overview", permission=CREATE)


def _created(ctx: JobContext, row: Any, filename: str) -> dict[str, Any]:
    ctx.attach(row)
    return {
        "key": row.key,
        "title": row.title,
        "case_version": row.version,
        "computed_on_version": 0,
        "file": filename,
    }


@_creates_case("case_import_new", lambda: _("Nytt ärende från ärendefil"))
def run_case_import_new(ctx: JobContext, params: dict[str, Any]) -> dict[str, Any]:
    """A case file imported as a new case: the whole file is checked (errors name line and
    field) before the case is created."""
    from oversyn.web.cases.services import case_import_new

    path, filename = _upload(params)
    municipality = _creating_municipality(ctx, params, from_file=True)
    text = _read_case_file(ctx, path)
    ctx.progress(0.3, _("Kontrollerar ärendefilen och skapar ärendet …"))
    row = case_import_new(
        actor=ctx.actor,
        text=text,
        filename=filename,
        municipality=municipality,
        # cancelled while the file was checked: stop before the case is written
        before_write=lambda: ctx.progress(0.9, _("Skapar ärendet …")),
    )
    return _created(ctx, row, filename)


@_creates_case("case_new_xlsx", lambda: _("Nytt ärende med organisationen från Excel"))
def run_case_new_xlsx(ctx: JobContext, params: dict[str, Any]) -> dict[str, Any]:
    """The new-case form's case (``spec``, checked when the job was queued) with the
    organisation of a large workbook."""
    from oversyn.core.newcase import NewCase
    from oversyn.web.cases.services import case_new

    path, filename = _upload(params)
    spec = NewCase.model_validate(params.get("spec") or {})
    municipality = _creating_municipality(ctx, params, name=spec.municipality_name)
    baseline = _read_workbook(ctx, path, filename)
    ctx.progress(0.7, _("Skapar ärendet …"))
    row = case_new(
        actor=ctx.actor, spec=spec, baseline=baseline, municipality=municipality, source=filename
    )
    return _created(ctx, row, filename)
