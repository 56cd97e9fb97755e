"""The case model: a municipality's organisation, the evidence about it, and the alternatives.

Pure Python (pydantic for typed, validated data and the JSON Schema of the case file).  The
vocabulary follows ``shared/DESIGN.md``: committee = nämnd, administration = förvaltning,
unit = enhet/avdelning, service area = verksamhetsområde, mandate = reglemente.

Conventions that the analysis relies on:

* ``Unit.fte`` and ``Unit.budget`` are the unit's *own* figures, excluding its sub-units; totals
  are summed over the subtree.  A unit sits either directly in an administration
  (``administration``) or under another unit (``parent``); its administration is then inherited.
* A unit's laws for authority decisions are ``Unit.laws`` if given, otherwise the laws of its
  service areas.
* Figures that the source document does not state carry ``estimated: true`` and a ``note``;
  nothing invented is presented as a document's figure.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Iterator
from enum import Enum, StrEnum
from typing import Annotated, Any, TypeVar

from pydantic import BaseModel, ConfigDict, Field

Id = Annotated[
    str,
    Field(
        min_length=1,
        max_length=80,
        pattern=r"^[A-Za-z0-9ÅÄÖåäöÉéÜü_.\-]+$",
        description="Stable identifier: letters, digits, '_', '-', '.'; no spaces.",
    ),
]

Text = Annotated[str, Field(min_length=1)]
"""A name, title or text that must not be empty."""


class Model(BaseModel):
    """Base for every case-file object: unknown fields are errors (they are usually typos)."""

    model_config = ConfigDict(extra="forbid", validate_assignment=False, use_enum_values=False)


M = TypeVar("M", bound=BaseModel)

#: Types whose values are never changed in place, so a copy may share them (enum types are
#: added as they are met).
_IMMUTABLE: set[type] = {str, int, float, bool, type(None), dt.date, dt.datetime, dt.time}


def _copy_value(value: Any) -> Any:
    kind = type(value)
    if kind in _IMMUTABLE:
        return value
    if kind is list:
        return [v if type(v) in _IMMUTABLE else _copy_value(v) for v in value]
    if isinstance(value, BaseModel):
        return deep_copy(value)
    if kind is dict:
        return {k: v if type(v) in _IMMUTABLE else _copy_value(v) for k, v in value.items()}
    if isinstance(value, Enum):
        _IMMUTABLE.add(kind)
        return value
    if kind is tuple:
        return tuple(_copy_value(v) for v in value)
    return copy.deepcopy(value)  # anything else (a set …): the general way


def deep_copy(model: M) -> M:
    """A deep copy of ``model``, the same as ``model.model_copy(deep=True)`` but faster on the
    case's models: strings, numbers, dates and enums are shared (they are never changed in
    place), lists, dicts and nested models are copied.  ``copy.deepcopy`` keeps a memo of
    every object it meets; the case's models hold no object twice, so none is needed."""
    cls = type(model)
    new = cls.__new__(cls)
    immutable = _IMMUTABLE
    values = {k: v if type(v) in immutable else _copy_value(v) for k, v in model.__dict__.items()}
    object.__setattr__(new, "__dict__", values)
    extra = model.__pydantic_extra__
    object.__setattr__(new, "__pydantic_extra__", None if extra is None else _copy_value(extra))
    object.__setattr__(new, "__pydantic_fields_set__", set(model.__pydantic_fields_set__))
    private = getattr(model, "__pydantic_private__", None)
    object.__setattr__(
        new, "__pydantic_private__", None if private is None else _copy_value(private)
    )
    return new


class Function(StrEnum):
    """What a unit does (myndighetsutövning / beställning / utförande / stöd)."""

    AUTHORITY = "authority"
    COMMISSIONING = "commissioning"
    DELIVERY = "delivery"
    SUPPORT = "support"


FUNCTION_LABELS_SV: dict[Function, str] = {
    Function.AUTHORITY: "myndighetsutövning",
    Function.COMMISSIONING: "beställning",
    Function.DELIVERY: "utförande",
    Function.SUPPORT: "stöd",
}


class CommitteeKind(StrEnum):
    """The kind of political body."""

    COUNCIL = "council"  # kommunfullmäktige
    EXECUTIVE_BOARD = "executive_board"  # kommunstyrelse
    COMMITTEE = "committee"  # facknämnd
    JOINT_COMMITTEE = "joint_committee"  # gemensam nämnd
    SUB_COMMITTEE = "sub_committee"  # utskott / beredning


class InteractionKind(StrEnum):
    """What an interaction between two units measures."""

    SHARED_CLIENTS = "shared_clients"  # gemensamma klienter/brukare
    HANDOFFS = "handoffs"  # överlämningar
    CONSULTATIONS = "consultations"  # konsultationer, samråd
    MEETINGS = "meetings"  # samverkansmöten
    OTHER = "other"


class Municipality(Model):
    name: Text = Field(description="Kommunens namn, t.ex. 'Linköpings kommun'.")
    code: str | None = Field(
        default=None, pattern=r"^\d{4}$", description="Kommunkod (fyra siffror), t.ex. '0580'."
    )


class ServiceArea(Model):
    """A verksamhetsområde such as IFO, LSS or äldreomsorg."""

    id: Id
    name: Text
    laws: list[str] = Field(
        default_factory=list, description="Laws the area's authority decisions fall under."
    )
    description: str = ""


class Mandate(Model):
    """A committee's reglemente, reduced to what the analysis can check."""

    service_areas: list[Id] = Field(default_factory=list)
    laws: list[str] = Field(default_factory=list)
    functions: list[Function] = Field(
        default_factory=list,
        description="Functions the committee is responsible for; empty means all.",
    )
    area_functions: dict[Id, list[Function]] = Field(
        default_factory=dict,
        description="Per service area, functions that differ from `functions` (e.g. a "
        "committee that owns one area but only delivers in another); empty list means all.",
    )
    text: str = Field(default="", description="Reglementets lydelse eller en sammanfattning.")

    def functions_for(self, area: str | None = None) -> list[Function]:
        """The functions the committee has in ``area`` (empty list: all functions)."""
        if area is not None and area in self.area_functions:
            return list(self.area_functions[area])
        return list(self.functions)

    def covers_function(self, function: Function, area: str | None = None) -> bool:
        """Whether the mandate covers ``function`` (in ``area``, if given)."""
        functions = self.functions_for(area)
        return not functions or function in functions


class Committee(Model):
    """A nämnd (or the council / executive board) with its mandate."""

    id: Id
    name: Text
    kind: CommitteeKind = CommitteeKind.COMMITTEE
    appointed_by: Id | None = Field(
        default=None, description="The body that decides over this committee (usually KF)."
    )
    mandate: Mandate = Field(default_factory=Mandate)
    chair: str | None = None
    note: str = ""


class Administration(Model):
    """A förvaltning and the committees it supports."""

    id: Id
    name: Text
    supports: list[Id] = Field(default_factory=list, description="Committee ids.")
    head: str | None = Field(default=None, description="Förvaltningschef.")
    note: str = ""


class Unit(Model):
    """An enhet / avdelning, nested to any depth."""

    id: Id
    name: Text
    administration: Id | None = Field(
        default=None, description="For a top-level unit: its administration."
    )
    parent: Id | None = Field(default=None, description="For a sub-unit: its parent unit.")
    functions: list[Function] = Field(default_factory=list)
    service_areas: list[Id] = Field(default_factory=list)
    laws: list[str] = Field(
        default_factory=list,
        description="Laws for authority decisions; empty means those of its service areas.",
    )
    category: str | None = Field(
        default=None,
        description="For support units: the kind of support (HR, ekonomi, stab, IT …), used to "
        "find support duplicated across administrations.",
    )
    fte: float | None = Field(default=None, ge=0, description="Own årsarbetare, excl. sub-units.")
    budget: float | None = Field(default=None, description="Own net budget in kronor.")
    manager: str | None = Field(default=None, description="Name or title of the unit's manager.")
    estimated: bool = Field(
        default=False, description="True when fte/budget are estimates, not the source's figures."
    )
    note: str = ""


class Organisation(Model):
    """A whole organisation: the baseline, or the result of applying an alternative."""

    service_areas: list[ServiceArea] = Field(default_factory=list)
    committees: list[Committee] = Field(default_factory=list)
    administrations: list[Administration] = Field(default_factory=list)
    units: list[Unit] = Field(default_factory=list)
    merged_units: dict[Id, Id] = Field(
        default_factory=dict,
        description="Units merged into another (old id → surviving id): interactions and "
        "journeys that name the old unit count for the surviving one. Set by merge_units.",
    )

    def resolve_unit(self, unit_id: str) -> str:
        """The id a unit goes by now (following merges); unknown ids are returned as given."""
        seen: set[str] = set()
        while unit_id in self.merged_units and unit_id not in seen:
            seen.add(unit_id)
            unit_id = self.merged_units[unit_id]
        return unit_id

    # -- lookups (linear; organisations have hundreds of units, not millions) ---------------
    def unit(self, unit_id: str) -> Unit | None:
        return next((u for u in self.units if u.id == unit_id), None)

    def administration(self, adm_id: str) -> Administration | None:
        return next((a for a in self.administrations if a.id == adm_id), None)

    def committee(self, committee_id: str) -> Committee | None:
        return next((c for c in self.committees if c.id == committee_id), None)

    def service_area(self, area_id: str) -> ServiceArea | None:
        return next((s for s in self.service_areas if s.id == area_id), None)

    def children(self, unit_id: str) -> list[Unit]:
        return [u for u in self.units if u.parent == unit_id]

    def subtree(self, unit_id: str) -> Iterator[Unit]:
        """The unit and all units below it, depth first."""
        root = self.unit(unit_id)
        if root is None:
            return
        stack = [root]
        seen: set[str] = set()
        while stack:
            unit = stack.pop()
            if unit.id in seen:  # defensive: cycles are rejected by validation
                continue
            seen.add(unit.id)
            yield unit
            stack.extend(reversed(self.children(unit.id)))

    def unit_administrations(self) -> dict[str, str | None]:
        """Map unit id -> administration id (inherited through parents); None for orphans.

        Linear in the number of units: each chain of parents is walked once and every unit on
        it gets the answer.  A unit in a cycle of parents (which validation rejects) gets
        ``None``, as does one whose parent does not exist."""
        by_id = {u.id: u for u in self.units}
        result: dict[str, str | None] = {}
        for start in self.units:
            if start.id in result:
                continue
            path: list[str] = []
            on_path: set[str] = set()
            unit: Unit | None = start
            adm: str | None = None
            while unit is not None:
                if unit.id in result:
                    adm = result[unit.id]
                    break
                if unit.id in on_path:  # a cycle: nobody on it has an administration
                    adm = None
                    break
                path.append(unit.id)
                on_path.add(unit.id)
                if unit.administration is not None:
                    adm = unit.administration
                    break
                unit = by_id.get(unit.parent) if unit.parent is not None else None
            for unit_id in path:
                result[unit_id] = adm
        return {u.id: result[u.id] for u in self.units}

    def unit_depths(self) -> dict[str, int]:
        """Depth of each unit below its administration (top-level units have depth 1)."""
        by_id = {u.id: u for u in self.units}
        depths: dict[str, int] = {}

        def depth(unit: Unit, guard: int = 0) -> int:
            if unit.id in depths:
                return depths[unit.id]
            if unit.parent is None or unit.parent not in by_id or guard > len(by_id):
                value = 1
            else:
                value = depth(by_id[unit.parent], guard + 1) + 1
            depths[unit.id] = value
            return value

        for unit in self.units:
            depth(unit)
        return depths

    def unit_laws(self, unit: Unit) -> list[str]:
        """Laws under which ``unit`` takes authority decisions (own list or its areas')."""
        if unit.laws:
            return list(unit.laws)
        laws: list[str] = []
        for area_id in unit.service_areas:
            area = self.service_area(area_id)
            if area is not None:
                laws.extend(law for law in area.laws if law not in laws)
        return laws

    def label(self, kind: str, obj_id: str | None) -> str:
        """Human name for an id, falling back to the id itself."""
        if obj_id is None:
            return "–"
        lookup: dict[str, Any] = {
            "unit": self.unit,
            "administration": self.administration,
            "committee": self.committee,
            "service_area": self.service_area,
        }
        obj = lookup[kind](obj_id)
        return obj.name if obj is not None else obj_id


class Interaction(Model):
    """A weighted link between two units (samverkan), with where the figure comes from."""

    a: Id = Field(description="Unit id.")
    b: Id = Field(description="Unit id.")
    weight: float = Field(ge=0, description="Size of the interaction in `measure` per `period`.")
    kind: InteractionKind = InteractionKind.SHARED_CLIENTS
    measure: str = Field(default="personer", description="Unit of measure, e.g. 'personer'.")
    period: str | None = Field(default=None, description="E.g. '2024' or '2024-01/2024-06'.")
    source: str | None = Field(default=None, description="Where the figure comes from.")
    estimated: bool = Field(default=False, description="True when the figure is an estimate.")
    note: str = ""


class Journey(Model):
    """A citizen journey: the ordered units a person passes, with a yearly volume."""

    id: Id
    name: Text
    steps: list[Id] = Field(min_length=2, description="Unit ids in the order a person meets them.")
    volume: float = Field(ge=0, description="Persons per year taking this journey.")
    source: str | None = None
    estimated: bool = False
    note: str = ""
