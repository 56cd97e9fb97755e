"""Semantic validation of a case: references, uniqueness, cycles, alternatives that apply.

Type and shape errors are caught by pydantic when the case is built; this module finds what a
schema cannot: an unknown unit in an operation, a duplicated id, a parent cycle.  Each problem
carries the *location* (a path into the case file, e.g. ``("alternatives", 1, "operations", 0,
"unit")``) so that the io layer can point at the file's line.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from oversyn.core.case import BASELINE_ID, Case
from oversyn.core.errors import AlternativeError
from oversyn.core.i18n import DEFAULT_LANG, Lang, t
from oversyn.core.model import Organisation
from oversyn.core.operations import apply_operations

Loc = tuple[str | int, ...]


@dataclass(frozen=True)
class Problem:
    """One validation problem: where (a path into the case file), what (a message code)."""

    loc: Loc
    code: str
    params: dict[str, object] = field(default_factory=dict)
    reason: AlternativeError | None = None

    def message(self, lang: Lang = DEFAULT_LANG) -> str:
        if self.reason is not None:
            return self.reason.message(lang)
        return t(self.code, lang, **self.params)


def _organisation_problems(org: Organisation, prefix: Loc) -> list[Problem]:
    problems: list[Problem] = []

    def ref(loc: Loc, kind: str, value: str | None, known: set[str]) -> None:
        if value is not None and value not in known:
            problems.append(Problem(loc, "unknown_ref", {"kind": kind, "id": value}))

    for collection in ("service_areas", "committees", "administrations", "units"):
        seen: set[str] = set()
        for index, obj in enumerate(getattr(org, collection)):
            if obj.id in seen:
                problems.append(
                    Problem(
                        (*prefix, collection, index, "id"),
                        "duplicate_id",
                        {"id": obj.id, "kind": collection},
                    )
                )
            seen.add(obj.id)

    areas = {a.id for a in org.service_areas}
    committees = {c.id for c in org.committees}
    adms = {a.id for a in org.administrations}
    units = {u.id for u in org.units}

    for i, com in enumerate(org.committees):
        loc = (*prefix, "committees", i)
        ref((*loc, "appointed_by"), "committee", com.appointed_by, committees)
        for j, area in enumerate(com.mandate.service_areas):
            ref((*loc, "mandate", "service_areas", j), "service_area", area, areas)
    for i, adm in enumerate(org.administrations):
        for j, com_id in enumerate(adm.supports):
            ref((*prefix, "administrations", i, "supports", j), "committee", com_id, committees)
    for i, unit in enumerate(org.units):
        loc = (*prefix, "units", i)
        if unit.administration is not None and unit.parent is not None:
            problems.append(Problem(loc, "unit_both_parent_and_administration", {"id": unit.id}))
        ref((*loc, "administration"), "administration", unit.administration, adms)
        ref((*loc, "parent"), "unit", unit.parent, units)
        for j, area in enumerate(unit.service_areas):
            ref((*loc, "service_areas", j), "service_area", area, areas)

    # parent cycles
    parent = {u.id: u.parent for u in org.units}
    reported: set[str] = set()
    for i, unit in enumerate(org.units):
        path: list[str] = []
        current: str | None = unit.id
        while current is not None and current in parent and current not in path:
            path.append(current)
            current = parent[current]
        if current is not None and current in path and current not in reported:
            cycle = path[path.index(current) :]
            reported.update(cycle)
            problems.append(
                Problem(
                    (*prefix, "units", i, "parent"),
                    "unit_parent_cycle",
                    {"cycle": " → ".join([*cycle, current])},
                )
            )
    return problems


def _unique(items: Sequence[object], key: str, loc: Loc, kind: str) -> list[Problem]:
    seen: set[object] = set()
    problems: list[Problem] = []
    for i, item in enumerate(items):
        value = getattr(item, key)
        if value in seen:
            problems.append(Problem((*loc, i, key), "duplicate_id", {"id": value, "kind": kind}))
        seen.add(value)
    return problems


def _process_problems(case: Case) -> list[Problem]:
    """References and ids of the process lists: every alternative named exists, ids are
    unique, each remiss answer comes from a party the remiss was sent to (once), and
    checklist entries name items the checklist has."""
    from oversyn.core.process.checklist import ITEMS

    problems: list[Problem] = []
    known = set(case.alternative_ids())

    def alt_ref(loc: Loc, value: str | None) -> None:
        if value is not None and value not in known:
            problems.append(Problem(loc, "unknown_alternative", {"id": value}))

    lists = (
        "remisses",
        "costs",
        "risks",
        "decisions",
        "audit_recommendations",
        "responsibilities",
        "sections",
    )
    for name in lists:
        problems += _unique(getattr(case, name), "id", (name,), name)
    problems += _unique(case.goals, "id", ("goals",), "goals")
    problems += _unique(case.swot, "alternative", ("swot",), "swot")
    problems += _unique(case.checklist, "item", ("checklist",), "checklist")
    for i, remiss in enumerate(case.remisses):
        loc: Loc = ("remisses", i)
        for j, alt in enumerate(remiss.alternatives):
            alt_ref((*loc, "alternatives", j), alt)
        problems += _unique(remiss.parties, "id", (*loc, "parties"), "parties")
        problems += _unique(remiss.responses, "party", (*loc, "responses"), "responses")
        parties = {p.id for p in remiss.parties}
        for j, response in enumerate(remiss.responses):
            if response.party not in parties:
                problems.append(
                    Problem(
                        (*loc, "responses", j, "party"), "unknown_party", {"party": response.party}
                    )
                )
            for k, addition in enumerate(response.swot_additions):
                alt_ref(
                    (*loc, "responses", j, "swot_additions", k, "alternative"), addition.alternative
                )
    for i, swot in enumerate(case.swot):
        alt_ref(("swot", i, "alternative"), swot.alternative)
    for i, cost in enumerate(case.costs):
        alt_ref(("costs", i, "alternative"), cost.alternative)
    for i, risk in enumerate(case.risks):
        alt_ref(("risks", i, "alternative"), risk.alternative)
    for i, decision in enumerate(case.decisions):
        alt_ref(("decisions", i, "alternative"), decision.alternative)
    problems += _unique(case.finance.transfers, "id", ("finance", "transfers"), "transfers")
    for i, transfer in enumerate(case.finance.transfers):
        alt_ref(("finance", "transfers", i, "alternative"), transfer.alternative)
    for i, goal in enumerate(case.goals):
        problems += _unique(goal.indicators, "id", ("goals", i, "indicators"), "indicators")
    for i, entry in enumerate(case.checklist):
        if entry.item not in ITEMS:
            problems.append(
                Problem(("checklist", i, "item"), "unknown_checklist_item", {"id": entry.item})
            )
    return problems


def validate_case(case: Case) -> list[Problem]:
    """All semantic problems of ``case``; an empty list means the case is valid."""
    problems = _organisation_problems(case.baseline, ("baseline",)) + _process_problems(case)
    units = {u.id for u in case.baseline.units}
    for i, inter in enumerate(case.interactions):
        for end in ("a", "b"):
            value = getattr(inter, end)
            if value not in units:
                problems.append(
                    Problem(("interactions", i, end), "unknown_ref", {"kind": "unit", "id": value})
                )
        if inter.a == inter.b:
            problems.append(Problem(("interactions", i), "interaction_self", {"id": inter.a}))
    seen_journeys: set[str] = set()
    for i, journey in enumerate(case.journeys):
        if journey.id in seen_journeys:
            problems.append(
                Problem(
                    ("journeys", i, "id"), "duplicate_id", {"id": journey.id, "kind": "journeys"}
                )
            )
        seen_journeys.add(journey.id)
        for j, step in enumerate(journey.steps):
            if step not in units:
                problems.append(
                    Problem(
                        ("journeys", i, "steps", j), "unknown_ref", {"kind": "unit", "id": step}
                    )
                )

    if problems:  # alternatives cannot be applied to a broken baseline
        return problems

    seen: set[str] = set()
    for i, alt in enumerate(case.alternatives):
        loc: Loc = ("alternatives", i)
        if alt.id == BASELINE_ID:
            problems.append(Problem((*loc, "id"), "reserved_alternative_id", {"id": alt.id}))
            continue
        if alt.id in seen:
            problems.append(
                Problem((*loc, "id"), "duplicate_id", {"id": alt.id, "kind": "alternatives"})
            )
            continue
        if alt.based_on is not None and alt.based_on != BASELINE_ID and alt.based_on not in seen:
            problems.append(
                Problem(
                    (*loc, "based_on"), "unknown_based_on", {"id": alt.id, "based_on": alt.based_on}
                )
            )
            seen.add(alt.id)
            continue
        seen.add(alt.id)
        try:
            base = case.organisation(alt.based_on)
        except AlternativeError:
            continue  # reported at the alternative it belongs to
        try:
            result = apply_operations(base, alt.operations, alt.id)
        except AlternativeError as exc:
            problems.append(Problem((*loc, "operations", exc.index), exc.code, reason=exc))
            continue
        for problem in _organisation_problems(result, ()):
            if problem.code in {"unit_parent_cycle", "unknown_ref", "duplicate_id"}:
                problems.append(Problem((*loc, "operations"), problem.code, problem.params))
    return problems
