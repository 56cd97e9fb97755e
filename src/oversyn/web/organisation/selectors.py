"""Reads of the organisation: the tree (with an alternative's marks) and the interaction matrix."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from oversyn.core.case import Case
from oversyn.core.diff import OrgDiff
from oversyn.core.model import Organisation, Unit
from oversyn.web.platform.selectors import CaseAccess as CaseAccess
from oversyn.web.platform.selectors import case_for_user as case_for_user
from oversyn.web.platform.selectors import cases_for_user as cases_for_user


@dataclass
class UnitNode:
    unit: Unit
    depth: int
    children: list[UnitNode] = field(default_factory=list)
    mark: str = ""  # "moved" / "created" in an alternative's chart

    @property
    def total_fte(self) -> float | None:
        own = self.unit.fte or 0.0
        below = [c.total_fte for c in self.children]
        if self.unit.fte is None and all(b is None for b in below):
            return None
        return own + sum(b or 0.0 for b in below)


@dataclass
class AdmNode:
    adm: Any
    committees: list[str]
    units: list[UnitNode]
    mark: str = ""


def organisation_tree(org: Organisation, diff: OrgDiff | None = None) -> dict[str, Any]:
    """Committees → administrations → units as nested nodes (for the tree templates)."""
    marks: dict[str, str] = {}
    if diff is not None:
        marks.update(dict.fromkeys(diff.moved_units, "moved"))
        marks.update(dict.fromkeys(diff.created_units, "created"))

    # each unit's children and each administration's top-level units, found once (asking
    # ``org.children`` per unit walked all units for each: 4 million steps on 2,000 units)
    children: dict[str, list[Unit]] = {}
    tops_of: dict[str, list[Unit]] = {}
    for unit in org.units:
        if unit.parent is not None:
            children.setdefault(unit.parent, []).append(unit)
        elif unit.administration is not None:
            tops_of.setdefault(unit.administration, []).append(unit)

    def build(unit: Unit, depth: int) -> UnitNode:
        node = UnitNode(unit, depth, mark=marks.get(unit.id, ""))
        node.children = [build(c, depth + 1) for c in children.get(unit.id, [])]
        return node

    adms = []
    for adm in org.administrations:
        tops = tops_of.get(adm.id, [])
        mark = ""
        if (
            diff is not None
            and adm.id in diff.created_administrations | diff.merged_administrations
        ):
            mark = "created"
        adms.append(
            AdmNode(
                adm,
                [org.label("committee", c) for c in adm.supports],
                [build(u, 1) for u in tops],
                mark,
            )
        )
    groups: list[tuple[Any, list[AdmNode]]] = []
    for committee in org.committees:
        members = [n for n in adms if n.adm.supports and n.adm.supports[0] == committee.id]
        if members:
            groups.append((committee, members))
    without = [n for n in adms if not n.adm.supports or org.committee(n.adm.supports[0]) is None]
    if without:
        groups.append((None, without))
    orphans = [
        build(u, 1)
        for u in org.units
        if u.parent is None
        and (u.administration is None or org.administration(u.administration) is None)
    ]
    return {
        "administrations": adms,
        "groups": groups,
        "orphans": orphans,
        "committees": org.committees,
        "committee_rows": [
            (c, [org.label("service_area", a) for a in c.mandate.service_areas])
            for c in org.committees
        ],
    }


def interaction_matrix(case: Case, limit: int | None = None) -> dict[str, Any]:
    """Units × units with the summed interaction weight (symmetric), for the matrix view.

    With ``limit``, only the ``limit`` units with the largest total weight (in the order they
    first appear); ``total`` says how many units the whole matrix has."""
    ids: dict[str, None] = {}
    for inter in case.interactions:
        ids.setdefault(inter.a)
        ids.setdefault(inter.b)
    weights: dict[tuple[str, str], float] = {}
    totals: dict[str, float] = dict.fromkeys(ids, 0.0)
    for inter in case.interactions:
        for key in ((inter.a, inter.b), (inter.b, inter.a)):
            weights[key] = weights.get(key, 0.0) + inter.weight
        totals[inter.a] += inter.weight
        totals[inter.b] += inter.weight
    shown = list(ids)
    if limit is not None and len(shown) > limit:
        top = set(sorted(shown, key=lambda i: -totals[i])[:limit])
        shown = [i for i in shown if i in top]
    names = {u.id: u.name for u in case.baseline.units}
    labels = [names.get(i, i) for i in shown]
    rows = [(labels[r], [weights.get((a, b)) for b in shown]) for r, a in enumerate(shown)]
    return {"labels": labels, "rows": rows, "total": len(ids)}


# -- files of one case version, cached (oversyn.web.platform.cache) and warmed after a write ----


def heatmap_png(record: Any, case: Case) -> bytes:
    """The unit × unit heat map (PNG) of this case version (~0.1 s for 2,000 units)."""
    from oversyn.web.organisation.heatmap import unit_heatmap_png
    from oversyn.web.platform import cache

    return cache.cached(record, "heatmap-png", lambda: unit_heatmap_png(case), lang="-")


def organisation_workbook(record: Any, case: Case) -> bytes:
    """The organisation as an Excel workbook (the export) of this case version."""
    from oversyn.web.organisation.tabular import organisation_to_xlsx
    from oversyn.web.platform import cache

    return cache.cached(record, "org-xlsx", lambda: organisation_to_xlsx(case.baseline))


def interactions_token(record: Any, case: Case) -> str:
    """The version token of the interactions (a hash of the JSON of 5,000 of them)."""
    from oversyn.web.platform import cache
    from oversyn.web.platform.repository import token

    return cache.cached(record, "interactions-token", lambda: token(case.interactions), lang="-")


def administration_heat(record: Any, case: Case) -> dict[str, Any]:
    """The administration × administration heat map of the interactions page."""
    from oversyn.web.organisation.heatmap import administration_matrix
    from oversyn.web.platform import cache

    return cache.cached(record, "administration-matrix", lambda: administration_matrix(case))


def warm_files(record: Any, case: Case) -> None:
    """The warm-up job's part (oversyn.web.platform.warmup): the interactions page's heat
    maps and token, the organisation workbook."""
    interactions_token(record, case)
    administration_heat(record, case)
    heatmap_png(record, case)
    organisation_workbook(record, case)
