"""The audit record (modelled on NetBox's ObjectChange): who, when, what, before and after."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from pydantic import BaseModel

from oversyn.web.cases.models import Action, AuditRecord, CaseRecord
from oversyn.web.platform.middleware import current_request_id


def dump(obj: Any) -> Any:
    """JSON for the audit's before/after: models without their defaults, lists item by item."""
    if obj is None:
        return None
    if isinstance(obj, BaseModel):
        return obj.model_dump(mode="json", exclude_defaults=True)
    if isinstance(obj, list):
        return [dump(o) for o in obj]
    return obj


def record(
    *,
    actor: Any,
    row: CaseRecord | None,
    case_key: str,
    action: str,
    object_type: str,
    object_id: str,
    object_repr: str,
    before: Any,
    after: Any,
    message: str,
    case_version: int | None,
) -> AuditRecord:
    """Write one audit row (in the caller's transaction)."""
    return AuditRecord.objects.create(
        time=timezone.now(),
        user=actor if getattr(actor, "is_authenticated", False) else None,
        user_name=getattr(actor, "get_username", lambda: "system")() or "system",
        request_id=current_request_id.get(),
        case=row,
        case_key=case_key,
        case_version=case_version,
        action=action,
        object_type=object_type,
        object_id=object_id,
        object_repr=object_repr[:300],
        before=dump(before),
        after=dump(after),
        message=message,
    )


def of_row(*, actor: Any, row: CaseRecord, **fields: Any) -> AuditRecord:
    """:func:`record` of a change to a case's own rows (a member, a template, a remiss
    access …): the case and its version as they are now, in the caller's transaction."""
    return record(actor=actor, row=row, case_key=row.key, case_version=row.version, **fields)


def of_added_or_removed(
    *, actor: Any, row: CaseRecord, added: bool, state: Any, **fields: Any
) -> AuditRecord:
    """:func:`of_row` of a case's own row ``added`` (``state`` is its after) or removed
    (``state`` is its before): a party's contact, a user's right to answer a remiss."""
    return of_row(
        actor=actor,
        row=row,
        action=Action.CREATE if added else Action.DELETE,
        before=None if added else state,
        after=state if added else None,
        **fields,
    )


def diff(before: Any, after: Any, path: str = "") -> dict[str, tuple[Any, Any]]:
    """What changed between an audit row's ``before`` and ``after`` JSON, field by field.

    Nested mappings are compared key by key (paths joined with "."); lists and scalars are
    compared whole.  Returns ``{path: (old, new)}`` for every differing leaf, e.g.
    ``diff({"fte": 3, "name": "A"}, {"fte": 4, "name": "A"}) == {"fte": (3, 4)}``; a created
    object (``before`` None) gives each of its fields as ``(None, value)``.
    """
    if isinstance(before, dict) or isinstance(after, dict):
        old = before if isinstance(before, dict) else {}
        new = after if isinstance(after, dict) else {}
        out: dict[str, tuple[Any, Any]] = {}
        for key in list(old) + [k for k in new if k not in old]:
            out.update(diff(old.get(key), new.get(key), f"{path}.{key}" if path else str(key)))
        return out
    return {} if before == after else {path: (before, after)}
