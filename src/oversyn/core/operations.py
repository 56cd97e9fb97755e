"""Change operations: an alternative is the baseline plus an ordered list of these.

Each operation is a small typed record (``op`` names it in the case file) with an ``apply``
method that changes an :class:`~oversyn.core.model.Organisation` in place, or raises
:class:`~oversyn.core.errors.OperationError` saying why it cannot apply.  ``apply_operations``
works on a deep copy, so a failing alternative never leaves a half-changed organisation.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, SerializerFunctionWrapHandler, model_serializer

from oversyn.core.errors import AlternativeError, OperationError
from oversyn.core.model import (
    Administration,
    Committee,
    CommitteeKind,
    Function,
    Id,
    Mandate,
    Model,
    Organisation,
    Unit,
    deep_copy,
)

# -- helpers -----------------------------------------------------------------------------------


def _unit(org: Organisation, unit_id: str) -> Unit:
    unit = org.unit(unit_id)
    if unit is None:
        raise OperationError("op_unknown_unit", id=unit_id)
    return unit


def _adm(org: Organisation, adm_id: str) -> Administration:
    adm = org.administration(adm_id)
    if adm is None:
        raise OperationError("op_unknown_administration", id=adm_id)
    return adm


def _committee(org: Organisation, committee_id: str) -> Committee:
    committee = org.committee(committee_id)
    if committee is None:
        raise OperationError("op_unknown_committee", id=committee_id)
    return committee


def _check_areas(org: Organisation, area_ids: list[str]) -> None:
    for area_id in area_ids:
        if org.service_area(area_id) is None:
            raise OperationError("op_unknown_service_area", id=area_id)


def _top_units(org: Organisation, adm_id: str) -> list[Unit]:
    return [u for u in org.units if u.administration == adm_id and u.parent is None]


def _merge_lists(*lists: list[str]) -> list[str]:
    result: list[str] = []
    for items in lists:
        result.extend(item for item in items if item not in result)
    return result


class _Op(Model):
    op: str
    note: str = Field(default="", description="Why this change; shown with the alternative.")

    @model_serializer(mode="wrap")
    def _always_name_op(self, handler: SerializerFunctionWrapHandler) -> object:
        """Keep ``op`` when dumping with ``exclude_defaults``: it tells the operations apart."""
        data = handler(self)
        if isinstance(data, dict):
            data = {"op": self.op, **{k: v for k, v in data.items() if k != "op"}}
        return data

    def apply(self, org: Organisation) -> None:  # pragma: no cover - every op overrides
        raise NotImplementedError


# -- units -------------------------------------------------------------------------------------


class MoveUnit(_Op):
    """Move a unit, with its whole subtree, to another administration or under another unit."""

    op: Literal["move_unit"] = "move_unit"
    unit: Id
    to_administration: Id | None = None
    to_parent: Id | None = None

    def apply(self, org: Organisation) -> None:
        unit = _unit(org, self.unit)
        if (self.to_administration is None) == (self.to_parent is None):
            raise OperationError("op_move_target")
        if self.to_administration is not None:
            _adm(org, self.to_administration)
            unit.administration = self.to_administration
            unit.parent = None
            return
        assert self.to_parent is not None
        _unit(org, self.to_parent)
        if any(u.id == self.to_parent for u in org.subtree(unit.id)):
            raise OperationError("op_move_under_itself", id=unit.id, target=self.to_parent)
        unit.parent = self.to_parent
        unit.administration = None


class CreateUnit(_Op):
    """Create a new unit (in an administration or under a unit)."""

    op: Literal["create_unit"] = "create_unit"
    unit: Unit

    def apply(self, org: Organisation) -> None:
        if org.unit(self.unit.id) is not None:
            raise OperationError("op_exists", kind="unit", id=self.unit.id)
        if (self.unit.administration is None) == (self.unit.parent is None):
            raise OperationError("op_move_target")
        if self.unit.administration is not None:
            _adm(org, self.unit.administration)
        if self.unit.parent is not None:
            _unit(org, self.unit.parent)
        _check_areas(org, self.unit.service_areas)
        org.units.append(self.unit.model_copy(deep=True))


class AbolishUnit(_Op):
    """Abolish a unit.  Its sub-units move up to its place when ``keep_children`` is true."""

    op: Literal["abolish_unit"] = "abolish_unit"
    unit: Id
    keep_children: bool = False

    def apply(self, org: Organisation) -> None:
        unit = _unit(org, self.unit)
        children = org.children(unit.id)
        if children and not self.keep_children:
            raise OperationError(
                "op_unit_has_children", id=unit.id, ids=", ".join(c.id for c in children)
            )
        for child in children:
            child.parent = unit.parent
            child.administration = unit.administration if unit.parent is None else None
        org.units.remove(unit)


class MergeUnits(_Op):
    """Merge units into one: ``into`` is one of them, or a new id (then ``name`` is needed and
    it takes the first unit's place).  Staff and budget are summed, functions and service
    areas joined, sub-units move under the merged unit, and interactions and journeys that
    name a merged unit count for the merged one (``Organisation.merged_units``).
    """

    op: Literal["merge_units"] = "merge_units"
    units: list[Id]
    into: Id
    name: str | None = None
    manager: str | None = None

    def apply(self, org: Organisation) -> None:
        if len(set(self.units)) < 2:
            raise OperationError("op_merge_units_too_few")
        parts = [_unit(org, unit_id) for unit_id in self.units]
        for part in parts:
            inner = {u.id for u in org.subtree(part.id)} - {part.id}
            clash = inner & set(self.units)
            if clash:
                raise OperationError("op_move_under_itself", id=part.id, target=sorted(clash)[0])
        target = org.unit(self.into)
        if target is not None and target.id not in self.units:
            raise OperationError("op_exists", kind="unit", id=self.into)
        if target is None:
            first = parts[0]
            target = Unit(
                id=self.into,
                name=self.name or self.into,
                administration=first.administration,
                parent=first.parent,
            )
            org.units.insert(org.units.index(first), target)
        elif self.name:
            target.name = self.name

        def total(values: list[float | None]) -> float | None:
            known = [v for v in values if v is not None]
            return sum(known) if known else None

        target.fte = total([p.fte for p in parts])
        target.budget = total([p.budget for p in parts])
        target.functions = [
            Function(f) for f in _merge_lists(*([str(f) for f in p.functions] for p in parts))
        ]
        target.service_areas = _merge_lists(*(p.service_areas for p in parts))
        target.laws = _merge_lists(*(p.laws for p in parts)) if all(p.laws for p in parts) else []
        target.estimated = any(p.estimated for p in parts)
        if self.manager is not None:
            target.manager = self.manager
        elif not target.manager:
            target.manager = next((p.manager for p in parts if p.manager), None)
        for part in parts:
            if part.id == target.id:
                continue
            for child in org.children(part.id):
                child.parent = target.id
                child.administration = None
            org.units.remove(part)
            org.merged_units[part.id] = target.id
        for old, new in list(org.merged_units.items()):
            org.merged_units[old] = org.resolve_unit(new)


class RenameUnit(_Op):
    op: Literal["rename_unit"] = "rename_unit"
    unit: Id
    name: str

    def apply(self, org: Organisation) -> None:
        _unit(org, self.unit).name = self.name


class UpdateUnit(_Op):
    """Change a unit's functions, areas, staff, budget or manager (omitted fields stay)."""

    op: Literal["update_unit"] = "update_unit"
    unit: Id
    functions: list[Function] | None = None
    service_areas: list[Id] | None = None
    laws: list[str] | None = None
    category: str | None = None
    fte: float | None = Field(default=None, ge=0)
    budget: float | None = None
    manager: str | None = None

    def apply(self, org: Organisation) -> None:
        unit = _unit(org, self.unit)
        if self.service_areas is not None:
            _check_areas(org, self.service_areas)
        for field in ("functions", "service_areas", "laws", "category", "fte", "budget", "manager"):
            value = getattr(self, field)
            if value is not None:
                setattr(unit, field, list(value) if isinstance(value, list) else value)


# -- administrations ---------------------------------------------------------------------------


class CreateAdministration(_Op):
    op: Literal["create_administration"] = "create_administration"
    id: Id
    name: str
    supports: list[Id] = Field(default_factory=list)
    head: str | None = None

    def apply(self, org: Organisation) -> None:
        if org.administration(self.id) is not None:
            raise OperationError("op_exists", kind="administration", id=self.id)
        for committee_id in self.supports:
            _committee(org, committee_id)
        org.administrations.append(
            Administration(id=self.id, name=self.name, supports=list(self.supports), head=self.head)
        )


class AbolishAdministration(_Op):
    """Discontinue an administration; it must have no units left (move them first)."""

    op: Literal["abolish_administration"] = "abolish_administration"
    administration: Id

    def apply(self, org: Organisation) -> None:
        adm = _adm(org, self.administration)
        remaining = [u.id for u in _top_units(org, adm.id)]
        if remaining:
            raise OperationError("op_administration_not_empty", id=adm.id, ids=", ".join(remaining))
        org.administrations.remove(adm)


class RenameAdministration(_Op):
    op: Literal["rename_administration"] = "rename_administration"
    administration: Id
    name: str

    def apply(self, org: Organisation) -> None:
        _adm(org, self.administration).name = self.name


class MergeAdministrations(_Op):
    """Merge administrations into one (``into`` may be one of them, or a new id with ``name``).

    The merged administration supports the union of the committees the parts supported,
    unless ``supports`` is given.
    """

    op: Literal["merge_administrations"] = "merge_administrations"
    administrations: list[Id]
    into: Id
    name: str | None = None
    supports: list[Id] | None = None
    head: str | None = None

    def apply(self, org: Organisation) -> None:
        if len(set(self.administrations)) < 2:
            raise OperationError("op_merge_too_few")
        parts = [_adm(org, adm_id) for adm_id in self.administrations]
        target = org.administration(self.into)
        if target is not None and target.id not in self.administrations:
            raise OperationError("op_exists", kind="administration", id=self.into)
        supports = self.supports or _merge_lists(*(p.supports for p in parts))
        for committee_id in supports:
            _committee(org, committee_id)
        if target is None:
            target = Administration(id=self.into, name=self.name or self.into)
            org.administrations.insert(org.administrations.index(parts[0]), target)
        elif self.name:
            target.name = self.name
        target.supports = list(supports)
        if self.head is not None:
            target.head = self.head
        for unit in org.units:
            if unit.administration in self.administrations:
                unit.administration = target.id
        for part in parts:
            if part.id != target.id:
                org.administrations.remove(part)


class SplitPart(Model):
    id: Id
    name: str
    units: list[Id] = Field(default_factory=list, description="Top-level units of the original.")
    supports: list[Id] | None = Field(
        default=None, description="Committees it supports; default those of the original."
    )
    head: str | None = None


class SplitAdministration(_Op):
    """Split an administration into parts; every top-level unit must go to exactly one part.

    A part may keep the original's id (it then continues, possibly renamed).
    """

    op: Literal["split_administration"] = "split_administration"
    administration: Id
    parts: list[SplitPart]

    def apply(self, org: Organisation) -> None:
        original = _adm(org, self.administration)
        if len(self.parts) < 2:
            raise OperationError("op_split_too_few")
        top_ids = {u.id for u in _top_units(org, original.id)}
        assigned: dict[str, str] = {}
        for part in self.parts:
            if part.id != original.id and org.administration(part.id) is not None:
                raise OperationError("op_exists", kind="administration", id=part.id)
            for committee_id in part.supports or []:
                _committee(org, committee_id)
            for unit_id in part.units:
                _unit(org, unit_id)
                if unit_id not in top_ids:
                    raise OperationError("op_split_not_top", id=unit_id, adm=original.id)
                if unit_id in assigned:
                    raise OperationError("op_split_twice", id=unit_id)
                assigned[unit_id] = part.id
        missing = sorted(top_ids - assigned.keys())
        if missing:
            raise OperationError("op_split_unassigned", ids=", ".join(missing), adm=original.id)
        position = org.administrations.index(original)
        org.administrations.remove(original)
        for offset, part in enumerate(self.parts):
            org.administrations.insert(
                position + offset,
                Administration(
                    id=part.id,
                    name=part.name,
                    supports=list(
                        part.supports if part.supports is not None else original.supports
                    ),
                    head=part.head if part.id != original.id else (part.head or original.head),
                ),
            )
        for unit in org.units:
            if unit.id in assigned:
                unit.administration = assigned[unit.id]


class ChangeSupport(_Op):
    """Change which committees an administration supports (add/remove, or set the whole list)."""

    op: Literal["change_support"] = "change_support"
    administration: Id
    add: list[Id] = Field(default_factory=list)
    remove: list[Id] = Field(default_factory=list)
    set: list[Id] | None = None

    def apply(self, org: Organisation) -> None:
        adm = _adm(org, self.administration)
        for committee_id in [*self.add, *(self.set or [])]:
            _committee(org, committee_id)
        for committee_id in self.remove:
            if committee_id not in adm.supports:
                raise OperationError("op_not_supported", adm=adm.id, id=committee_id)
        supports = list(self.set) if self.set is not None else list(adm.supports)
        supports = [c for c in supports if c not in self.remove]
        adm.supports = _merge_lists(supports, self.add)


# -- committees --------------------------------------------------------------------------------


class CreateCommittee(_Op):
    op: Literal["create_committee"] = "create_committee"
    id: Id
    name: str
    kind: CommitteeKind = CommitteeKind.COMMITTEE
    appointed_by: Id | None = None
    mandate: Mandate = Field(default_factory=Mandate)

    def apply(self, org: Organisation) -> None:
        if org.committee(self.id) is not None:
            raise OperationError("op_exists", kind="committee", id=self.id)
        if self.appointed_by is not None:
            _committee(org, self.appointed_by)
        _check_areas(org, self.mandate.service_areas)
        org.committees.append(
            Committee(
                id=self.id,
                name=self.name,
                kind=self.kind,
                appointed_by=self.appointed_by,
                mandate=self.mandate.model_copy(deep=True),
            )
        )


class AbolishCommittee(_Op):
    """Abolish a committee; ``transfer_to`` takes over its mandate and its administrations."""

    op: Literal["abolish_committee"] = "abolish_committee"
    committee: Id
    transfer_to: Id | None = None

    def apply(self, org: Organisation) -> None:
        committee = _committee(org, self.committee)
        heir = _committee(org, self.transfer_to) if self.transfer_to is not None else None
        if heir is not None:
            # the heir takes over each area with the functions the abolished committee had
            # there, so a provider's areas do not make the heir their owner (and vice versa)
            for area in committee.mandate.service_areas:
                theirs = committee.mandate.functions_for(area)
                if area in heir.mandate.service_areas:
                    mine = heir.mandate.functions_for(area)
                    if mine and theirs:
                        merged = _merge_lists([str(f) for f in mine], [str(f) for f in theirs])
                        heir.mandate.area_functions[area] = [Function(f) for f in merged]
                    elif mine:
                        heir.mandate.area_functions[area] = []
                else:
                    heir.mandate.service_areas.append(area)
                    if theirs != heir.mandate.functions_for(area):
                        heir.mandate.area_functions[area] = list(theirs)
            heir.mandate.laws = _merge_lists(heir.mandate.laws, committee.mandate.laws)
        for adm in org.administrations:
            if committee.id in adm.supports:
                adm.supports = [c for c in adm.supports if c != committee.id]
                if heir is not None and heir.id not in adm.supports:
                    adm.supports.append(heir.id)
        for other in org.committees:
            if other.appointed_by == committee.id:
                other.appointed_by = committee.appointed_by
        org.committees.remove(committee)


class RenameCommittee(_Op):
    op: Literal["rename_committee"] = "rename_committee"
    committee: Id
    name: str

    def apply(self, org: Organisation) -> None:
        _committee(org, self.committee).name = self.name


class ChangeMandate(_Op):
    """Change a committee's reglemente: add or remove service areas, laws and functions."""

    op: Literal["change_mandate"] = "change_mandate"
    committee: Id
    add_service_areas: list[Id] = Field(default_factory=list)
    remove_service_areas: list[Id] = Field(default_factory=list)
    add_laws: list[str] = Field(default_factory=list)
    remove_laws: list[str] = Field(default_factory=list)
    functions: list[Function] | None = Field(
        default=None, description="Replace the functions list (empty list = all functions)."
    )
    text: str | None = None

    def apply(self, org: Organisation) -> None:
        committee = _committee(org, self.committee)
        _check_areas(org, [*self.add_service_areas, *self.remove_service_areas])
        mandate = committee.mandate
        mandate.service_areas = [
            a
            for a in _merge_lists(mandate.service_areas, self.add_service_areas)
            if a not in self.remove_service_areas
        ]
        mandate.laws = [
            law for law in _merge_lists(mandate.laws, self.add_laws) if law not in self.remove_laws
        ]
        if self.functions is not None:
            mandate.functions = list(self.functions)
        if self.text is not None:
            mandate.text = self.text


Operation = Annotated[
    MoveUnit
    | CreateUnit
    | AbolishUnit
    | MergeUnits
    | RenameUnit
    | UpdateUnit
    | CreateAdministration
    | AbolishAdministration
    | RenameAdministration
    | MergeAdministrations
    | SplitAdministration
    | ChangeSupport
    | CreateCommittee
    | AbolishCommittee
    | RenameCommittee
    | ChangeMandate,
    Field(discriminator="op"),
]

OPERATION_NAMES: tuple[str, ...] = (
    "move_unit",
    "create_unit",
    "abolish_unit",
    "merge_units",
    "rename_unit",
    "update_unit",
    "create_administration",
    "abolish_administration",
    "rename_administration",
    "merge_administrations",
    "split_administration",
    "change_support",
    "create_committee",
    "abolish_committee",
    "rename_committee",
    "change_mandate",
)


def apply_operations(
    org: Organisation, operations: list[Operation], alternative: str = "?", start_index: int = 0
) -> Organisation:
    """Apply ``operations`` in order to a copy of ``org`` and return the new organisation.

    Raises :class:`AlternativeError` naming the alternative, the operation's position
    (``start_index`` + position, counted from 0) and why it failed.  ``org`` is never changed.
    """
    result = deep_copy(org)
    for index, operation in enumerate(operations):
        try:
            operation.apply(result)
        except OperationError as exc:
            raise AlternativeError(alternative, start_index + index, operation.op, exc) from exc
    return result
