"""Cases: the list (filters: municipality, status, next deadline), create, read, and the
case file out and in (YAML or JSON).

Which cases a caller sees is :func:`selectors.cases_for_user` — the web's own selector — so
two municipalities with the same case id each see only their own.  Creating takes the web's
permission (:func:`permissions.can_create_case`, through :func:`services.case_import_new`);
importing a case file is the web's action :func:`services.case_import` with the case's ETag
in ``If-Match``.
"""

# no ``from __future__ import annotations``: ninja reads these views' signatures

import datetime as dt
import json
from typing import Any, Literal

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from ninja import Status as Reply
from pydantic import Field

from oversyn.core.case import Case
from oversyn.core.process.lifecycle import case_deadlines, current_status
from oversyn.core.process.model import Status
from oversyn.io.casefile import case_to_data, dump_case
from oversyn.web.api import etag
from oversyn.web.api.auth import actor, writer
from oversyn.web.api.common import case_access, require
from oversyn.web.api.errors import REFUSALS, WRITE_REFUSALS
from oversyn.web.cases import services
from oversyn.web.cases.models import CaseRecord
from oversyn.web.platform import selectors as sel
from oversyn.web.platform.attachment import YAML, attachment
from oversyn.web.platform.errors import ConflictError, ServiceError
from oversyn.web.platform.permissions import (
    EDIT,
    creatable_municipalities,
    is_global_creator,
)
from oversyn.web.platform.repository import load, token
from oversyn.web.uploads import limits

router = Router(tags=["cases"])


class CaseSummary(Schema):
    """A case as the list shows it (``etag``: the version token of its whole content)."""

    key: str = Field(description="The case's address (its id, or <id>~<kommunkod>).")
    id: str
    title: str
    municipality: str
    municipality_code: str | None = None
    status: Status
    next_deadline: dt.date | None = Field(
        default=None, description="The last day of the earliest deadline not yet done."
    )
    role: str = Field(description="The caller's role in the case.")
    version: int
    updated_at: dt.datetime
    etag: str


class CaseList(Schema):
    count: int
    items: list[CaseSummary]


class CaseFilters(Schema):
    municipality: str | None = Field(
        default=None, description="Kommunkod (0381) or the municipality's name."
    )
    status: Status | None = None
    deadline_before: dt.date | None = Field(
        default=None, description="Only cases whose next deadline is on or before this day."
    )
    limit: int = Field(default=100, ge=1, le=500)
    offset: int = Field(default=0, ge=0)


def next_deadline(case: Case, today: dt.date) -> dt.date | None:
    ends = [
        d.period.end
        for d in case_deadlines(case, today)
        if d.period is not None and d.state not in ("done", "unreadable")
    ]
    return min(ends) if ends else None


def summary(record: CaseRecord, case: Case, role: str, today: dt.date) -> dict[str, Any]:
    owner = record.owner
    return {
        "key": record.key,
        "id": record.case_id,
        "title": record.title,
        "municipality": owner.name if owner is not None else record.municipality,
        "municipality_code": owner.code if owner is not None else None,
        "status": current_status(case.lifecycle, today),
        "next_deadline": next_deadline(case, today),
        "role": role,
        "version": record.version,
        "updated_at": record.updated_at,
        "etag": token(case),
    }


@router.get(
    "/cases",
    response={200: CaseList, **REFUSALS},
    operation_id="case_list",
    summary="Cases the caller may see",
    url_name="cases",
)
def case_list(request: HttpRequest, filters: Query[CaseFilters]) -> Any:
    rows = sel.cases_for_user(actor(request)).select_related("owner").order_by("key")
    if filters.municipality:
        value = filters.municipality.strip()
        rows = rows.filter(Q(owner__code=value) | Q(owner__name__iexact=value))
    today = timezone.localdate()
    out = []
    for record in rows:
        case = load(record)
        item = summary(record, case, record.role, today)
        if filters.status is not None and item["status"] != filters.status:
            continue
        if filters.deadline_before is not None and (
            item["next_deadline"] is None or item["next_deadline"] > filters.deadline_before
        ):
            continue
        out.append(item)
    return {"count": len(out), "items": out[filters.offset : filters.offset + filters.limit]}


def _case_text(request: HttpRequest) -> tuple[str, str]:
    """The case file in the body (YAML, or JSON — YAML reads JSON too) and a name for it."""
    if len(request.body) > limits().casefile_bytes:
        raise ServiceError([_("Ärendefilen är för stor.")])
    try:
        text = request.body.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ServiceError([_("Ärendefilen är inte UTF-8.")]) from None
    kind = request.content_type or ""
    return text, "api.json" if "json" in kind else "api.yaml"


#: A case file in a request or response body: YAML, or JSON (docs/case-file.md).
CASE_FILE_CONTENT = {
    "application/yaml": {"schema": {"type": "object"}},
    "application/json": {"schema": {"type": "object"}},
}

CASE_FILE_BODY = {
    "requestBody": {
        "required": True,
        "description": "The case file (docs/case-file.md), as YAML or as JSON.",
        "content": CASE_FILE_CONTENT,
    }
}


class CreateQuery(Schema):
    municipality: str | None = Field(
        default=None,
        description="Kommunkod of the municipality to create the case in "
        "(default: the one the case file names).",
    )


@router.post(
    "/cases",
    response={201: CaseSummary, **REFUSALS},
    operation_id="case_create",
    summary="Create a case from a case file",
    openapi_extra=CASE_FILE_BODY,
    url_name="cases",
)
def case_create(request: HttpRequest, response: HttpResponse, query: Query[CreateQuery]) -> Any:
    user = actor(request)
    creatable = list(creatable_municipalities(user))
    if not creatable and not is_global_creator(user):
        raise PermissionDenied(_("Du har ingen roll som får skapa ärenden."))
    user = writer(request)
    municipality = None
    if query.municipality:
        municipality = next((m for m in creatable if m.slug == query.municipality), None)
        if municipality is None:
            raise ServiceError([_("Välj en kommun där du får skapa ärenden.")])
    text, filename = _case_text(request)
    row = services.case_import_new(
        actor=user, text=text, filename=filename, municipality=municipality
    )
    case = load(row)
    etag.set_etag(response, token(case))
    response["Location"] = request.build_absolute_uri(f"{request.path.rstrip('/')}/{row.key}")
    return Reply(201, summary(row, case, "utredare", timezone.localdate()))


@router.get(
    "/cases/{key}",
    response={200: CaseSummary, **REFUSALS},
    operation_id="case_read",
    summary="One case",
    url_name="case",
)
def case_read(request: HttpRequest, key: str, response: HttpResponse) -> Any:
    access = case_access(request, key)
    etag.set_etag(response, token(access.case))
    return summary(access.record, access.case, access.role, timezone.localdate())


@router.get(
    "/cases/{key}/file",
    response=REFUSALS,
    operation_id="case_export",
    summary="The case file (YAML, or JSON with ?format=json)",
    openapi_extra={
        "responses": {200: {"description": "The case file", "content": CASE_FILE_CONTENT}}
    },
    url_name="case_file",
)
def case_export(
    request: HttpRequest, key: str, format: Literal["yaml", "json"] = "yaml"
) -> HttpResponse:
    access = case_access(request, key)
    if format == "json":
        text = json.dumps(case_to_data(access.case), ensure_ascii=False, indent=2)
        content_type = "application/json; charset=utf-8"
    else:
        text, content_type = dump_case(access.case), YAML
    response = attachment(text, content_type, f"{access.record.key}.{format}")
    etag.set_etag(response, token(access.case))
    return response


@router.put(
    "/cases/{key}/file",
    response={200: CaseSummary, **WRITE_REFUSALS},
    operation_id="case_import",
    summary="Replace the whole case with a case file",
    openapi_extra={
        **CASE_FILE_BODY,
        "parameters": [
            {
                "in": "header",
                "name": "If-Match",
                "required": True,
                "schema": {"type": "string"},
                "description": "The case's ETag as read (428 without, 412 when stale).",
            }
        ],
    },
    url_name="case_file",
)
def case_import(request: HttpRequest, key: str, response: HttpResponse) -> Any:
    access = case_access(request, key)
    user = require(access, EDIT, request)
    current = token(access.case)
    if etag.base_token(request, current) != current:
        raise ConflictError(current={"version": access.record.version})
    text, filename = _case_text(request)
    row = services.case_import(
        actor=user,
        record=access.record,
        text=text,
        filename=filename,
        expected_version=access.record.version,
    )
    case = load(row)
    etag.set_etag(response, token(case))
    return summary(row, case, access.role, timezone.localdate())
