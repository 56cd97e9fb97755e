"""Writes for the document page: the case's own Word template (upload and removal).

Same contract as every action (:mod:`oversyn.web.platform.actions`): role check,
validation before anything is stored, and an :class:`AuditRecord` in the same
transaction.  A template is accepted only if python-docx opens it as a Word document
(.docx) and the beslutsunderlag can be rendered into it, so a bad upload is refused with a
Swedish message and nothing is stored.
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from oversyn.io.limits import BoundError
from oversyn.io.spreadsheet import check_office_archive
from oversyn.web.cases.models import Action, CaseRecord, CaseTemplate
from oversyn.web.platform import audit
from oversyn.web.platform.lang import current_lang
from oversyn.web.platform.permissions import require
from oversyn.web.platform.shared import EDIT, ServiceError
from oversyn.web.uploads import limits

MAX_TEMPLATE_BYTES = 10 * 1024 * 1024


def _describe(template: CaseTemplate | None) -> dict[str, Any] | None:
    if template is None:
        return None
    data = bytes(template.data)
    return {
        "filename": template.filename,
        "bytes": len(data),
        "sha256": hashlib.sha256(data).hexdigest(),
    }


def validate_template(filename: str, data: bytes) -> None:
    """Raise :class:`ServiceError` unless ``data`` is a usable .docx Word document."""
    if not filename.lower().endswith(".docx"):
        raise ServiceError(
            [_("%(file)s: mallen måste vara ett Word-dokument (.docx).") % {"file": filename}]
        )
    if len(data) > MAX_TEMPLATE_BYTES:
        raise ServiceError([_("%(file)s: mallen är större än 10 MB.") % {"file": filename}])
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise ServiceError(
            [_("%(file)s: filen är inte ett Word-dokument (.docx).") % {"file": filename}]
        )
    from docx import Document as open_docx

    try:  # a zip bomb is refused from the archive's directory, before python-docx inflates it
        check_office_archive(data, limits())
    except BoundError as exc:
        raise ServiceError([exc.located(filename, current_lang())]) from exc
    try:
        open_docx(io.BytesIO(data))
    except Exception as exc:  # python-docx raises several kinds for a broken package
        raise ServiceError(
            [
                _("%(file)s: kan inte användas som Word-mall (%(why)s).")
                % {"file": filename, "why": exc}
            ]
        ) from exc


@transaction.atomic
def case_template_set(
    *, actor: Any, record: CaseRecord, filename: str, data: bytes
) -> CaseTemplate:
    """Store (or replace) the case's Word template after validating it."""
    require(actor, record, EDIT)
    validate_template(filename, data)
    old = CaseTemplate.objects.filter(case=record).first()
    before = _describe(old)
    template, _created = CaseTemplate.objects.update_or_create(
        case=record, defaults={"filename": filename[:255], "data": data, "uploaded_by": actor}
    )
    audit.of_row(
        actor=actor,
        row=record,
        action=Action.UPDATE if old else Action.CREATE,
        object_type="template",
        object_id=filename[:200],
        object_repr=filename,
        before=before,
        after=_describe(template),
        message=_("Word-mallen %(file)s laddades upp.") % {"file": filename},
    )
    return template


@transaction.atomic
def case_template_remove(*, actor: Any, record: CaseRecord) -> None:
    """Remove the case's Word template (the neutral template is used again)."""
    require(actor, record, EDIT)
    old = CaseTemplate.objects.filter(case=record).first()
    if old is None:
        return
    before = _describe(old)
    old.delete()
    audit.of_row(
        actor=actor,
        row=record,
        action=Action.DELETE,
        object_type="template",
        object_id=before["filename"][:200] if before else "",
        object_repr=before["filename"] if before else "",
        before=before,
        after=None,
        message=_("Word-mallen togs bort; den neutrala mallen används."),
    )
