"""The job kinds of this app: a self-test and service records → interactions.

Other apps register their kinds the same way (``@job_kind`` in their own module, imported by
their ``AppConfig.ready``).
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from oversyn.io.evidence.aggregate import evidence_items
from oversyn.io.evidence.events import EvidenceError, compute_evidence
from oversyn.web.jobs.models import Job
from oversyn.web.jobs.runner import JobContext, JobError, job_kind
from oversyn.web.jobs.uploads import job_files
from oversyn.web.platform.errors import ConflictError


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


def records_path(params: dict[str, Any]) -> Path:
    """The uploaded file of a records job (inside OVERSYN_JOB_FILES, never outside it)."""
    root = job_files().resolve()
    path = (root / str(params.get("upload", ""))).resolve()
    if root not in path.parents:
        raise JobError(_("Filen för jobbet finns inte."))
    return path


def delete_records(params: dict[str, Any]) -> None:
    """The uploaded records are deleted when the job ends, whatever the outcome."""
    with contextlib.suppress(JobError):
        records_path(params).unlink(missing_ok=True)


def _case_page(name: str) -> Callable[[Job], str]:
    """A job's result page: the case page ``cases:<name>`` of the job's case."""
    return lambda job: reverse(f"cases:{name}", kwargs={"key": job.case.key})


def _upload(params: dict[str, Any]) -> tuple[Path, str]:
    """The job's stored upload and the name the user's file had."""
    path = records_path(params)
    return path, str(params.get("filename") or path.name)


@job_kind(
    "records_interactions",
    label=lambda: _("Samverkan ur insatsposter"),
    cleanup=delete_records,
    result_url=_case_page("interactions"),
)
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
    try:
        row, left_out = evidence_import(
            actor=ctx.actor,
            record=ctx.record,
            interactions=interactions,
            journeys=journeys,
            base=str(params.get("base", "")),
            source=source,
            details=details,
        )
    except ConflictError as exc:
        raise JobError(
            _(
                "Samverkan i ärendet ändrades medan jobbet körde; ingenting sparades. "
                "Läs in filen igen."
            )
        ) from exc
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


@job_kind(
    "org_import_xlsx",
    label=lambda: _("Import av organisationen från Excel"),
    cleanup=delete_records,
    result_url=_case_page("organisation"),
)
def run_org_import(ctx: JobContext, params: dict[str, Any]) -> dict[str, Any]:
    from oversyn.web.organisation.actions import organisation_replace
    from oversyn.web.organisation.tabular import TableError, organisation_from_xlsx
    from oversyn.web.uploads import limits

    path, filename = _upload(params)
    ctx.progress(0.1, _("Läser arbetsboken …"))
    try:
        org = organisation_from_xlsx(path.read_bytes(), filename, limits())
    except TableError as exc:
        raise JobError(exc.messages) from exc
    ctx.progress(0.7, _("Sparar organisationen i ärendet …"))
    try:
        row = organisation_replace(
            actor=ctx.actor,
            record=ctx.record,
            organisation=org,
            base=str(params.get("base", "")),
            source=filename,
        )
    except ConflictError as exc:
        raise JobError(
            _("Organisationen ändrades medan jobbet körde; ingenting sparades. Importera igen.")
        ) from exc
    return {
        "case_version": row.version,
        "computed_on_version": ctx.job.case_version,
        "units": len(org.units),
        "administrations": len(org.administrations),
        "file": filename,
    }


# -- a large case file (YAML) replacing a case ---------------------------------------------


def _overview_url(job: Job) -> str:
    return reverse("cases:overview", kwargs={"key": job.case.key})


@job_kind(
    "case_import_yaml",
    label=lambda: _("Import av ärendefil"),
    cleanup=delete_records,  # the stored upload is deleted when the job ends, however it ends
    result_url=_overview_url,
)
def run_case_import(ctx: JobContext, params: dict[str, Any]) -> dict[str, Any]:
    """The same write as the inline import (``services.case_import``): the whole file is
    checked first and nothing is stored unless it validates; errors name line and field."""
    from oversyn.web.cases.services import case_import

    path, filename = _upload(params)
    ctx.progress(0.1, _("Läser ärendefilen …"))
    text = path.read_text(encoding="utf-8")
    ctx.progress(0.3, _("Kontrollerar och sparar ärendet …"))
    try:
        row = case_import(
            actor=ctx.actor,
            record=ctx.record,
            text=text,
            filename=filename,
            expected_version=int(params.get("expected_version") or 0),
        )
    except ConflictError as exc:
        raise JobError(
            _("Ärendet ändrades efter att filen laddades upp; ingenting sparades. Importera igen.")
        ) from exc
    return {
        "case_version": row.version,
        "computed_on_version": ctx.job.case_version,
        "file": filename,
        "bytes": len(text.encode("utf-8")),
    }
