"""The job kind ``document_file``: the beslutsunderlag of a large case written in the background.

"Skapa dokument i bakgrunden" on the document page starts it (DOCX in the case's Word
template, or PDF/UA).  The job builds the document from the case as it was when the job
started and writes the file to ``OVERSYN_JOB_FILES/dokument/<case pk>/``, named by the case
version it was made from (``v<version>-<job id>.<fmt>``): written to a temporary name and
renamed, so a failed or cancelled job leaves no half file.  When it is written, the files of
older versions of the same case are deleted.  The file is downloaded with the case's view
permission (``cases:document_job_file``); nothing is written to the case.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from oversyn.core.errors import AlternativeError
from oversyn.web.jobs.models import Job
from oversyn.web.jobs.runner import JobContext, JobError, job_kind
from oversyn.web.jobs.uploads import job_files
from oversyn.web.platform.lang import current_lang
from oversyn.web.platform.permissions import VIEW

KIND = "document_file"
FORMATS = ("docx", "pdf")
_NAME = re.compile(r"^v(\d+)-[0-9a-f-]{36}\.(docx|pdf)$")


def document_folder(case_pk: int) -> Path:
    return job_files() / "dokument" / str(int(case_pk))


def document_path(job: Job) -> Path | None:
    """The finished job's file if it is still there (inside the folder of its case)."""
    name = str((job.result or {}).get("file") or "")
    if not _NAME.match(name):
        return None
    path = document_folder(job.case_id) / name
    return path if path.is_file() else None


def delete_older_versions(case_pk: int, version: int) -> int:
    """Delete the case's document files made from versions before ``version``."""
    removed = 0
    folder = document_folder(case_pk)
    if not folder.is_dir():
        return 0
    for path in folder.iterdir():
        match = _NAME.match(path.name)
        if match and int(match.group(1)) < version:
            path.unlink(missing_ok=True)
            removed += 1
    return removed


def _document_url(job: Job) -> str:
    return reverse("cases:document_job_file", args=[job.case.key, job.pk])


@job_kind(
    KIND,
    label=lambda: _("Beslutsunderlag i bakgrunden"),
    permission=VIEW,  # whoever may download the document may have it written
    result_url=_document_url,
)
def run_document_file(ctx: JobContext, params: dict[str, Any]) -> dict[str, Any]:
    from oversyn.documents.build import build_document
    from oversyn.web.documents.downloads import docx_bytes, pdf_bytes

    fmt = str(params.get("fmt"))
    if fmt not in FORMATS:
        raise JobError(_("Okänt filformat: %(fmt)s.") % {"fmt": fmt})
    alternative = params.get("alternative") or None
    case = ctx.case
    if alternative is not None and alternative not in case.alternative_ids():
        raise JobError(_("Alternativet %(alt)s finns inte i ärendet.") % {"alt": alternative})
    ctx.progress(0.1, _("Bygger beslutsunderlaget …"))
    try:
        doc = build_document(case, alternative, current_lang())
    except AlternativeError as exc:
        raise JobError(exc.message(current_lang())) from exc
    key = ctx.record.key
    name = f"{key}-beslutsunderlag"
    if fmt == "docx":
        ctx.progress(0.5, _("Skriver Word-filen …"))
        data = docx_bytes(ctx.record, doc)
    else:
        ctx.progress(0.4, _("Skriver PDF-filen …"))
        data = pdf_bytes(ctx.record, doc, "ua", name)
    ctx.progress(0.95, _("Sparar filen …"))
    version = ctx.job.case_version
    folder = document_folder(ctx.record.pk)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"v{version}-{ctx.job.pk}.{fmt}"
    partial = target.with_suffix(target.suffix + ".tmp")
    partial.write_bytes(data)
    if ctx.cancelled():
        partial.unlink(missing_ok=True)
        ctx.progress(0.95)  # raises JobCancelled
    partial.replace(target)
    removed = delete_older_versions(ctx.record.pk, version)
    return {
        "file": target.name,
        "filename": f"{name}-v{version}.{fmt}",
        "fmt": fmt,
        "bytes": len(data),
        "alternative": alternative or "",
        "computed_on_version": version,
        "removed_older": removed,
    }
