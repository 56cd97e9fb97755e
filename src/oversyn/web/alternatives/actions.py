"""Writes of the alternatives and their change operations (each operation must apply)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils.translation import gettext as _
from pydantic import TypeAdapter
from pydantic import ValidationError as PydanticValidationError

from oversyn.core.case import BASELINE_ID, Alternative, Case
from oversyn.core.errors import AlternativeError
from oversyn.core.operations import Operation, apply_operations
from oversyn.web.cases.models import Action, CaseRecord
from oversyn.web.platform.actions import Change, check_token, run
from oversyn.web.platform.errors import ConflictError, ServiceError
from oversyn.web.platform.lang import current_lang
from oversyn.web.platform.messages import pydantic_errors, validated_or_refused
from oversyn.web.platform.permissions import (
    EDIT,
    require,
)
from oversyn.web.platform.repository import (
    fresh,
)

_operation_adapter: TypeAdapter[Any] = TypeAdapter(Operation)


def parse_operation(data: dict[str, Any]) -> Any:
    """A typed operation from form data; raises ServiceError with the field problems."""
    try:
        return _operation_adapter.validate_python(data)
    except PydanticValidationError as exc:
        raise ServiceError(pydantic_errors(exc)) from exc


def _alt_index(case: Case, alt_id: str) -> int:
    for i, alt in enumerate(case.alternatives):
        if alt.id == alt_id:
            return i
    raise ConflictError(current=None)


def _replace_alt(case: Case, index: int, alt: Alternative) -> Case:
    alts = list(case.alternatives)
    alts[index] = alt
    return case.model_copy(update={"alternatives": alts})


def alternative_create(
    *,
    actor: Any,
    record: CaseRecord,
    alt_id: str,
    name: str,
    description: str = "",
    based_on: str | None = None,
    note: str = "",
) -> CaseRecord:
    def execute(case: Case) -> Change:  # an id in use or the baseline's: refused by core
        alt = validated_or_refused(
            Alternative,
            {
                "id": alt_id,
                "name": name,
                "description": description,
                "based_on": based_on if based_on and based_on != BASELINE_ID else None,
                "note": note,
            },
        )
        return Change(
            case=case.model_copy(update={"alternatives": [*case.alternatives, alt]}),
            action=Action.CREATE,
            object_type="alternative",
            object_id=alt_id,
            object_repr=name,
            before=None,
            after=alt,
            message=_("Alternativet %(name)s skapades.") % {"name": name},
        )

    return run(actor=actor, record=record, execute=execute)


def _alt_write(
    *,
    actor: Any,
    record: CaseRecord,
    alt_id: str,
    base: str,
    change: Callable[[Alternative], Alternative],
    message: Callable[[Alternative], str],
) -> CaseRecord:
    def execute(case: Case) -> Change:
        index = _alt_index(case, alt_id)
        old = case.alternatives[index]
        check_token(old, base)
        new = change(old)
        return Change(
            case=_replace_alt(case, index, new),
            object_type="alternative",
            object_id=alt_id,
            object_repr=new.name,
            before=old,
            after=new,
            message=message(new),
        )

    return run(actor=actor, record=record, execute=execute)


def alternative_update(
    *,
    actor: Any,
    record: CaseRecord,
    alt_id: str,
    name: str,
    description: str,
    base: str,
    note: str | None = None,
) -> CaseRecord:
    update: dict[str, Any] = {"name": name, "description": description}
    if note is not None:
        update["note"] = note
    return _alt_write(
        actor=actor,
        record=record,
        alt_id=alt_id,
        base=base,
        change=lambda a: a.model_copy(update=update),
        message=lambda a: _("Alternativet %(name)s ändrades.") % {"name": a.name},
    )


def alternative_delete(*, actor: Any, record: CaseRecord, alt_id: str, base: str) -> CaseRecord:
    def execute(case: Case) -> Change:
        old = case.alternatives[_alt_index(case, alt_id)]
        check_token(old, base)
        return Change(
            case=case.model_copy(
                update={"alternatives": [a for a in case.alternatives if a.id != alt_id]}
            ),
            action=Action.DELETE,
            object_type="alternative",
            object_id=alt_id,
            object_repr=old.name,
            before=old,
            after=None,
            message=_("Alternativet %(name)s togs bort.") % {"name": old.name},
        )

    return run(actor=actor, record=record, execute=execute)


def operation_check(case: Case, alt_id: str, operation: Any) -> Any:
    """The alternative's organisation with ``operation`` appended; raises ServiceError."""
    alt = case.alternative(alt_id)
    if alt is None:
        raise ConflictError(current=None)
    try:
        before = case.organisation(alt_id)
        return apply_operations(before, [operation], alt_id, start_index=len(alt.operations))
    except AlternativeError as exc:
        message = exc.cause.message(current_lang())
        raise ServiceError([message[:1].upper() + message[1:]]) from exc


def operation_add(
    *, actor: Any, record: CaseRecord, alt_id: str, data: dict[str, Any], base: str
) -> CaseRecord:
    """Append a change operation to an alternative (it must apply to the organisation)."""
    require(actor, record, EDIT)
    operation = parse_operation(data)
    _row, case = fresh(record)
    operation_check(case, alt_id, operation)
    return _alt_write(
        actor=actor,
        record=record,
        alt_id=alt_id,
        base=base,
        change=lambda a: a.model_copy(update={"operations": [*a.operations, operation]}),
        message=lambda a: (
            _("Ändring %(op)s lades till i %(name)s.") % {"op": operation.op, "name": a.name}
        ),
    )


def operation_remove(
    *, actor: Any, record: CaseRecord, alt_id: str, index: int, base: str
) -> CaseRecord:
    """Remove the operation at ``index``; later operations must still apply."""

    def change(a: Alternative) -> Alternative:
        if not 0 <= index < len(a.operations):
            raise ConflictError(current=a)
        ops = [op for i, op in enumerate(a.operations) if i != index]
        return a.model_copy(update={"operations": ops})

    return _alt_write(
        actor=actor,
        record=record,
        alt_id=alt_id,
        base=base,
        change=change,
        message=lambda a: _("En ändring togs bort från %(name)s.") % {"name": a.name},
    )
