"""Reads: a case's content, its analysis, history and gaps.

Which cases a user sees (and :class:`CaseAccess`) is the platform's
(:mod:`oversyn.web.platform.selectors`), re-exported here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from oversyn.core.analysis import METRICS, AlternativeAnalysis, analyze_case
from oversyn.core.case import BASELINE_ID, Case
from oversyn.core.diff import OrgDiff, diff_organisations
from oversyn.core.errors import AlternativeError
from oversyn.core.fmt import format_metric
from oversyn.core.model import Organisation, Unit
from oversyn.web.cases.models import AuditRecord, CaseRecord, Membership
from oversyn.web.platform.lang import current_lang
from oversyn.web.platform.selectors import CaseAccess as CaseAccess
from oversyn.web.platform.selectors import case_for_user as case_for_user
from oversyn.web.platform.selectors import cases_for_user as cases_for_user


def case_history(record: CaseRecord) -> QuerySet[AuditRecord]:
    return AuditRecord.objects.filter(case=record).select_related("user")


def case_members(record: CaseRecord) -> QuerySet[Membership]:
    return Membership.objects.filter(case=record).select_related("user").order_by("user__username")


# -- organisation tree -------------------------------------------------------------------------


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

    def build(unit: Unit, depth: int) -> UnitNode:
        node = UnitNode(unit, depth, mark=marks.get(unit.id, ""))
        node.children = [build(c, depth + 1) for c in org.children(unit.id)]
        return node

    adms = []
    for adm in org.administrations:
        tops = [u for u in org.units if u.administration == adm.id and u.parent is None]
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


# -- analysis ----------------------------------------------------------------------------------


@dataclass
class MetricRow:
    label: str
    values: list[str]
    better: str | None


def analysis_table(case: Case) -> dict[str, Any]:
    """The structural analysis of nuläge and every alternative, formatted for a table."""
    lang = current_lang()
    try:
        results: list[AlternativeAnalysis] = analyze_case(case, lang)
    except AlternativeError as exc:  # stored cases validate, so this means a bug
        return {"error": exc.message(lang), "columns": [], "rows": [], "checks": []}
    rows = []
    for name, info in METRICS.items():
        values = [r.metrics.get(name) for r in results]
        if all(v is None for v in values):
            continue
        rows.append(
            MetricRow(
                info.label(lang), [format_metric(v, info.kind, lang) for v in values], info.better
            )
        )
    return {
        "error": None,
        "columns": [r.name for r in results],
        "rows": rows,
        "checks": [(r.name, r.checks) for r in results],
    }


def alternative_diff(case: Case, alt_id: str, base_id: str = BASELINE_ID) -> list[str]:
    lang = current_lang()
    return diff_organisations(case.organisation(base_id), case.organisation(alt_id)).sentences(lang)


def operation_steps(base: Organisation, operations: list[Any], alt_id: str) -> list[dict[str, Any]]:
    """Each operation of an alternative with what it does in words (the diff of that step)."""
    from oversyn.core.operations import apply_operations
    from oversyn.web.cases.forms import OP_LABELS

    lang = current_lang()
    steps = []
    org = base
    for index, op in enumerate(operations):
        after = apply_operations(org, [op], alt_id, start_index=index)
        steps.append(
            {
                "index": index,
                "op": op,
                "label": OP_LABELS.get(op.op, op.op),
                "sentences": diff_organisations(org, after).sentences(lang),
            }
        )
        org = after
    return steps


def interaction_matrix(case: Case) -> dict[str, Any]:
    """Units × units with the summed interaction weight (symmetric), for the matrix view."""
    ids: list[str] = []
    for inter in case.interactions:
        for end in (inter.a, inter.b):
            if end not in ids:
                ids.append(end)
    weights: dict[tuple[str, str], float] = {}
    for inter in case.interactions:
        for key in ((inter.a, inter.b), (inter.b, inter.a)):
            weights[key] = weights.get(key, 0.0) + inter.weight
    labels = [case.baseline.label("unit", i) for i in ids]
    rows = [(labels[r], [weights.get((a, b)) for b in ids]) for r, a in enumerate(ids)]
    return {"labels": labels, "rows": rows}


# -- what is still missing for a complete beslutsunderlag --------------------------------------


def missing_items(case: Case) -> list[str]:
    """What the case still lacks before a beslutsunderlag can be written from it.

    Checked from the case content alone: the directive and its deadline, a diarienummer, at
    least one alternative, evidence of interaction, and figures that are estimates rather than
    the municipality's own.  (Evaluation and the document are listed once those modules are in
    the product.)
    """
    info = case.case
    missing = []
    if info.directive is None:
        missing.append(_("Direktivet saknas."))
    elif not info.directive.deadline:
        missing.append(_("Direktivet anger ingen tidsfrist."))
    if not info.case_number:
        missing.append(_("Diarienummer saknas."))
    if not case.alternatives:
        missing.append(_("Inga alternativ till nuläget är beskrivna."))
    if not case.interactions:
        missing.append(_("Samverkan mellan enheter är inte beskriven."))
    if not case.journeys:
        missing.append(_("Inga medborgarkedjor (journeys) är beskrivna."))
    estimated = [u for u in case.baseline.units if u.estimated]
    if estimated:
        missing.append(
            _(
                "%(n)d av %(total)d enheter har uppskattade siffror som bör ersättas med "
                "kommunens egna."
            )
            % {"n": len(estimated), "total": len(case.baseline.units)}
        )
    no_fte = [u for u in case.baseline.units if u.fte is None]
    if no_fte:
        missing.append(_("%(n)d enheter saknar årsarbetare.") % {"n": len(no_fte)})
    estimated_links = [i for i in case.interactions if i.estimated]
    if estimated_links:
        missing.append(
            _("%(n)d samverkansuppgifter är uppskattningar.") % {"n": len(estimated_links)}
        )
    return missing
