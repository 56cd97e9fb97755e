"""Where the alternatives' change operations name an object of the baseline.

Deleting a unit, administration, committee or service area from nuläge breaks every
alternative whose operations name it.  :func:`operation_uses` says which alternative and which
operation (position counted from 0 in that alternative's own list) so a refusal can name them,
once each.  Ids that the alternative (or the alternative it builds on) creates itself before
the operation are not uses of the baseline's object.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from oversyn.core.operations import (
    AbolishAdministration,
    AbolishCommittee,
    AbolishUnit,
    ChangeMandate,
    ChangeSupport,
    CreateAdministration,
    CreateCommittee,
    CreateUnit,
    MergeAdministrations,
    MergeUnits,
    MoveUnit,
    RenameAdministration,
    RenameCommittee,
    RenameUnit,
    SplitAdministration,
    UpdateUnit,
)

if TYPE_CHECKING:
    from oversyn.core.case import Alternative, Case

KINDS = ("unit", "administration", "committee", "service_area")


@dataclass(frozen=True)
class Use:
    alternative: str
    alternative_name: str
    index: int
    op: str


def _references(op: Any) -> Iterator[tuple[str, str]]:
    """(kind, id) of every object an operation names (created ones included)."""
    if isinstance(op, MoveUnit | AbolishUnit | RenameUnit | UpdateUnit):
        yield "unit", op.unit
    if isinstance(op, MoveUnit):
        if op.to_parent:
            yield "unit", op.to_parent
        if op.to_administration:
            yield "administration", op.to_administration
    if isinstance(op, UpdateUnit):
        yield from (("service_area", a) for a in op.service_areas or [])
    if isinstance(op, CreateUnit):
        if op.unit.parent:
            yield "unit", op.unit.parent
        if op.unit.administration:
            yield "administration", op.unit.administration
        yield from (("service_area", a) for a in op.unit.service_areas)
    if isinstance(op, MergeUnits):
        yield from (("unit", u) for u in op.units)
    if isinstance(op, AbolishAdministration | RenameAdministration | ChangeSupport):
        yield "administration", op.administration
    if isinstance(op, ChangeSupport):
        yield from (("committee", c) for c in [*op.add, *op.remove, *(op.set or [])])
    if isinstance(op, CreateAdministration):
        yield from (("committee", c) for c in op.supports)
    if isinstance(op, MergeAdministrations):
        yield from (("administration", a) for a in op.administrations)
        yield from (("committee", c) for c in op.supports or [])
    if isinstance(op, SplitAdministration):
        yield "administration", op.administration
        for part in op.parts:
            yield from (("unit", u) for u in part.units)
            yield from (("committee", c) for c in part.supports or [])
    if isinstance(op, CreateCommittee):
        if op.appointed_by:
            yield "committee", op.appointed_by
        yield from (("service_area", a) for a in op.mandate.service_areas)
    if isinstance(op, AbolishCommittee | RenameCommittee | ChangeMandate):
        yield "committee", op.committee
    if isinstance(op, AbolishCommittee) and op.transfer_to:
        yield "committee", op.transfer_to
    if isinstance(op, ChangeMandate):
        yield from (("service_area", a) for a in [*op.add_service_areas, *op.remove_service_areas])


def _creates(op: Any) -> Iterator[tuple[str, str]]:
    if isinstance(op, CreateUnit):
        yield "unit", op.unit.id
    elif isinstance(op, MergeUnits) and op.into not in op.units:
        yield "unit", op.into
    elif isinstance(op, CreateAdministration):
        yield "administration", op.id
    elif isinstance(op, MergeAdministrations) and op.into not in op.administrations:
        yield "administration", op.into
    elif isinstance(op, SplitAdministration):
        yield from (("administration", p.id) for p in op.parts if p.id != op.administration)
    elif isinstance(op, CreateCommittee):
        yield "committee", op.id


def _chain(case: Case, alt: Alternative) -> list[Any]:
    """The operations of the alternatives ``alt`` builds on, first to last (not its own)."""
    ops: list[Any] = []
    seen = {alt.id}
    base = alt.based_on
    while base and (parent := case.alternative(base)) is not None and parent.id not in seen:
        seen.add(parent.id)
        ops = [*parent.operations, *ops]
        base = parent.based_on
    return ops


def operation_uses(case: Case, kind: str, obj_id: str) -> list[Use]:
    """Every operation, in every alternative's own list, that names the baseline's ``obj_id``
    of ``kind`` (one of :data:`KINDS`)."""
    out: list[Use] = []
    for alt in case.alternatives:
        created: set[tuple[str, str]] = set()
        for op in _chain(case, alt):
            created.update(_creates(op))
        for index, op in enumerate(alt.operations):
            if (kind, obj_id) not in created and (kind, obj_id) in set(_references(op)):
                out.append(Use(alt.id, alt.name, index, op.op))
            created.update(_creates(op))
    return out
