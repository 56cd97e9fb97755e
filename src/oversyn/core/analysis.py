"""Structural analysis of an organisation: metrics and checks, before anyone scores anything.

Every function here is a pure function of an :class:`Organisation` and the case's evidence
(interactions, journeys).  Each metric's docstring gives its formula; the tests in
``tests/core/test_analysis.py`` check each against a small example worked by hand.

Definitions used throughout:

* ``adm(u)``: the administration of unit ``u`` (inherited from its parent); ``None`` for an
  orphan unit.  Two units are *in different administrations* when ``adm(u) != adm(v)``; an orphan
  counts as different from every unit (nobody owns the hand-off).
* ``com(u)``: the committees responsible for ``u``: among the committees that ``adm(u)``
  supports, those whose mandate covers one of ``u``'s service areas; if none does, all
  committees that ``adm(u)`` supports.  Two units are in different committees when these sets
  are disjoint.
* An *owner* of a service area is a committee whose mandate names the area and covers
  authority or commissioning (huvudmannaskap).  A committee that only delivers (utförarnämnd)
  is a provider, not an owner.
"""

from __future__ import annotations

import itertools
import math
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any, Literal

from oversyn.core.case import Case
from oversyn.core.i18n import DEFAULT_LANG, Lang, join_words, t
from oversyn.core.model import (
    Function,
    Interaction,
    Journey,
    Organisation,
)

Level = Literal["error", "warning", "info"]
OWNER_FUNCTIONS = (Function.AUTHORITY, Function.COMMISSIONING)


@dataclass(frozen=True)
class MetricInfo:
    """What a metric means and which direction is better (for tables and evaluation)."""

    label_sv: str
    label_en: str
    better: Literal["lower", "higher"] | None
    kind: Literal["share", "count", "number", "fte", "ratio"]

    def label(self, lang: Lang = DEFAULT_LANG) -> str:
        return self.label_sv if lang == "sv" else self.label_en


METRICS: dict[str, MetricInfo] = {
    "cross_boundary_interaction_share": MetricInfo(
        "Andel samverkan över förvaltningsgräns",
        "Cross-administration interaction share",
        "lower",
        "share",
    ),
    "cross_boundary_interaction_weight": MetricInfo(
        "Samverkan över förvaltningsgräns (vikt)",
        "Cross-administration interaction weight",
        "lower",
        "number",
    ),
    "cross_committee_interaction_share": MetricInfo(
        "Andel samverkan över nämndgräns", "Cross-committee interaction share", "lower", "share"
    ),
    "journey_cross_handoffs_per_person": MetricInfo(
        "Gränsöverlämningar per person i kedjorna",
        "Cross-administration hand-offs per person",
        "lower",
        "number",
    ),
    "journey_cross_handoffs_total": MetricInfo(
        "Gränsöverlämningar per år", "Cross-administration hand-offs per year", "lower", "number"
    ),
    "service_areas_split_administrations": MetricInfo(
        "Verksamhetsområden delade på flera förvaltningar",
        "Service areas split over administrations",
        "lower",
        "count",
    ),
    "service_areas_split_committees": MetricInfo(
        "Verksamhetsområden med flera ansvariga nämnder",
        "Service areas with several owners",
        "lower",
        "count",
    ),
    "service_areas_without_owner": MetricInfo(
        "Verksamhetsområden utan ansvarig nämnd", "Service areas without owner", "lower", "count"
    ),
    "committees": MetricInfo("Nämnder", "Committees", None, "count"),
    "administrations": MetricInfo("Förvaltningar", "Administrations", None, "count"),
    "units": MetricInfo("Enheter", "Units", None, "count"),
    "committees_per_administration_max": MetricInfo(
        "Nämnder per förvaltning (max)", "Committees per administration (max)", None, "count"
    ),
    "administrations_per_committee_max": MetricInfo(
        "Förvaltningar per nämnd (max)", "Administrations per committee (max)", "lower", "count"
    ),
    "fte_total": MetricInfo("Årsarbetare totalt", "FTE in total", None, "fte"),
    "fte_per_administration_max": MetricInfo(
        "Årsarbetare, största förvaltningen", "FTE, largest administration", None, "fte"
    ),
    "fte_per_administration_min": MetricInfo(
        "Årsarbetare, minsta förvaltningen", "FTE, smallest administration", None, "fte"
    ),
    "size_balance_cv": MetricInfo(
        "Storleksobalans (variationskoefficient)",
        "Size imbalance (coefficient of variation)",
        "lower",
        "ratio",
    ),
    "span_of_control_mean": MetricInfo(
        "Chefer per överordnad chef, medel", "Span of control (managers), mean", None, "number"
    ),
    "span_of_control_max": MetricInfo(
        "Chefer per överordnad chef, max", "Span of control (managers), max", "lower", "number"
    ),
    "fte_per_first_line_manager_mean": MetricInfo(
        "Årsarbetare per första linjens chef, medel",
        "FTE per first-line manager, mean",
        None,
        "fte",
    ),
    "fte_per_first_line_manager_max": MetricInfo(
        "Årsarbetare per första linjens chef, max",
        "FTE per first-line manager, max",
        "lower",
        "fte",
    ),
    "management_layers_max": MetricInfo(
        "Chefsnivåer (max)", "Management layers (max)", "lower", "count"
    ),
    "managers_per_100_fte": MetricInfo(
        "Chefer per 100 årsarbetare", "Managers per 100 FTE", None, "number"
    ),
    "support_fte_share": MetricInfo(
        "Andel årsarbetare i stödfunktioner", "Share of FTE in support functions", "lower", "share"
    ),
    "duplicated_support_categories": MetricInfo(
        "Stödfunktioner dubblerade mellan förvaltningar",
        "Support functions duplicated across administrations",
        "lower",
        "count",
    ),
    "duplicated_support_fte": MetricInfo(
        "Årsarbetare i dubblerade stödfunktioner",
        "FTE in duplicated support functions",
        "lower",
        "fte",
    ),
}


@dataclass(frozen=True)
class Check:
    """A finding about the organisation: level, stable code, message in the chosen language."""

    level: Level
    code: str
    message: str
    subject: str | None = None  # id of the unit / area / administration concerned

    def as_dict(self) -> dict[str, Any]:
        return {
            "level": self.level,
            "code": self.code,
            "message": self.message,
            "subject": self.subject,
        }


@dataclass
class AlternativeAnalysis:
    id: str
    name: str
    metrics: dict[str, float | int | None]
    checks: list[Check]
    details: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "metrics": self.metrics,
            "checks": [c.as_dict() for c in self.checks],
            "details": self.details,
        }


# -- unit → administration / committee ------------------------------------------------------

#: ``adm(u)`` for every unit: :meth:`Organisation.unit_administrations`.  The functions below
#: take it as ``adm_of`` when the caller has it already, so that one analysis of an
#: organisation computes it once, not once per metric and journey.
AdmMap = dict[str, str | None]


def _adm_of(org: Organisation, given: AdmMap | None) -> AdmMap:
    return org.unit_administrations() if given is None else given


def unit_committees(org: Organisation, adm_of: AdmMap | None = None) -> dict[str, frozenset[str]]:
    """``com(u)`` for every unit (see module docstring)."""
    adm_of = _adm_of(org, adm_of)
    adm_supports = {a.id: a.supports for a in org.administrations}
    mandates = {c.id: set(c.mandate.service_areas) for c in org.committees}
    result: dict[str, frozenset[str]] = {}
    for unit in org.units:
        supported = adm_supports.get(adm_of[unit.id] or "", [])
        covering = [c for c in supported if mandates.get(c, set()) & set(unit.service_areas)]
        result[unit.id] = frozenset(covering or supported)
    return result


def _crosses(a: Any, b: Any) -> bool:
    if a is None or b is None:
        return True
    if isinstance(a, frozenset):
        return not (a & b)
    return bool(a != b)


def cross_boundary_interaction_share(
    org: Organisation,
    interactions: list[Interaction],
    level: str = "administration",
    adm_of: AdmMap | None = None,
) -> float | None:
    """Share of interaction weight that crosses a boundary.

    ``share = Σ_{(u,v) : boundary(u) ≠ boundary(v)} w(u,v) / Σ w(u,v)`` over the interactions
    whose two units both exist in ``org``; ``boundary`` is ``adm`` (``level="administration"``)
    or ``com`` (``level="committee"``, crossing when the committee sets are disjoint).
    ``None`` when there is no interaction weight.

    Hand example: A–B weight 3 in the same administration, A–C weight 1 across: 1 / 4 = 0.25.
    """
    weight, total = _cross_weight(org, interactions, level, adm_of)
    return None if total == 0 else weight / total


def _cross_weight(
    org: Organisation,
    interactions: list[Interaction],
    level: str,
    adm_of: AdmMap | None = None,
) -> tuple[float, float]:
    adm_of = _adm_of(org, adm_of)
    boundary: dict[str, Any] = (
        adm_of if level == "administration" else dict(unit_committees(org, adm_of))
    )
    cross = total = 0.0
    for inter in interactions:
        a, b = org.resolve_unit(inter.a), org.resolve_unit(inter.b)
        if a not in boundary or b not in boundary:
            continue
        total += inter.weight
        if a != b and _crosses(boundary[a], boundary[b]):
            cross += inter.weight
    return cross, total


def cross_boundary_pairs(
    org: Organisation, interactions: list[Interaction], adm_of: AdmMap | None = None
) -> list[dict[str, Any]]:
    """Interaction weight per pair of administrations (crossing pairs only), largest first."""
    adm_of = _adm_of(org, adm_of)
    pairs: dict[tuple[str, str], float] = defaultdict(float)
    total = 0.0
    for inter in interactions:
        ua, ub = org.resolve_unit(inter.a), org.resolve_unit(inter.b)
        if ua not in adm_of or ub not in adm_of:
            continue
        total += inter.weight
        a, b = adm_of[ua] or "–", adm_of[ub] or "–"
        if a != b or a == "–":
            key = (min(a, b), max(a, b))
            pairs[key] += inter.weight
    return [
        {
            "administrations": [org.label("administration", a), org.label("administration", b)],
            "weight": w,
            "share": (w / total if total else None),
        }
        for (a, b), w in sorted(pairs.items(), key=lambda item: -item[1])
    ]


def journey_handoffs(org: Organisation, journey: Journey, adm_of: AdmMap | None = None) -> int:
    """Number of consecutive steps of ``journey`` that change administration.

    ``h(j) = #{i : adm(s_i) ≠ adm(s_{i+1})}``; a step at an unknown or orphan unit counts as a
    change.  Hand example: steps A(adm X) → B(X) → C(Y) → D(X) gives 2.  ``adm_of`` is
    ``org.unit_administrations()`` when the caller already has it (one per organisation, not
    one per journey: on 2,000 units and 40 journeys that was most of the analysis).
    """
    adm_of = _adm_of(org, adm_of)
    steps = [adm_of.get(org.resolve_unit(step)) for step in journey.steps]
    return sum(1 for a, b in itertools.pairwise(steps) if a is None or a != b)


def journey_metrics(
    org: Organisation,
    journeys: list[Journey],
    adm_of: AdmMap | None = None,
) -> tuple[float | None, float | None]:
    """Volume-weighted hand-offs: ``(Σ v_j h_j / Σ v_j, Σ v_j h_j)``; ``None`` without volume."""
    total_volume = sum(j.volume for j in journeys)
    if total_volume == 0:
        return None, None
    adm_of = _adm_of(org, adm_of)
    weighted = sum(j.volume * journey_handoffs(org, j, adm_of) for j in journeys)
    return weighted / total_volume, weighted


def service_area_owners(org: Organisation) -> dict[str, list[str]]:
    """For each service area, the committees that own it (see module docstring)."""
    owners: dict[str, list[str]] = {a.id: [] for a in org.service_areas}
    for com in org.committees:
        for area in com.mandate.service_areas:
            if any(com.mandate.covers_function(f, area) for f in OWNER_FUNCTIONS):
                owners.setdefault(area, []).append(com.id)
    return owners


def service_area_administrations(
    org: Organisation, adm_of: AdmMap | None = None
) -> dict[str, list[str]]:
    """For each service area, the administrations whose units exercise authority or
    commissioning in it (the functions that make up helhetsansvar; delivery and support units
    may legitimately sit elsewhere, e.g. in a provider administration)."""
    adm_of = _adm_of(org, adm_of)
    result: dict[str, list[str]] = {a.id: [] for a in org.service_areas}
    for unit in org.units:
        if not any(f in OWNER_FUNCTIONS for f in unit.functions):
            continue
        adm = adm_of[unit.id]
        for area in unit.service_areas:
            holders = result.setdefault(area, [])
            if adm is not None and adm not in holders:
                holders.append(adm)
    return result


def fte_by_administration(
    org: Organisation, adm_of: AdmMap | None = None
) -> dict[str, float | None]:
    """Sum of own FTE of all units in each administration; ``None`` if no unit has FTE."""
    adm_of = _adm_of(org, adm_of)
    sums: dict[str, float | None] = {a.id: None for a in org.administrations}
    for unit in org.units:
        adm = adm_of[unit.id]
        if adm in sums and unit.fte is not None:
            sums[adm] = (sums[adm] or 0.0) + unit.fte
    return sums


def coefficient_of_variation(values: list[float]) -> float | None:
    """Population coefficient of variation ``σ/μ``; hand example [10, 30] → 10/20 = 0.5."""
    if len(values) < 2:
        return None
    mean = sum(values) / len(values)
    if mean == 0:
        return None
    variance = sum((v - mean) ** 2 for v in values) / len(values)
    return math.sqrt(variance) / mean


@dataclass(frozen=True)
class Management:
    """Spans of control, first-line staff and layers (see :func:`management_structure`)."""

    spans: dict[str, int]  # manager post -> managers directly below (posts with ≥ 1)
    first_line_fte: dict[str, float]  # first-line manager unit -> FTE it manages
    layers: int | None
    managers: int  # unit managers plus administration heads


def management_structure(org: Organisation) -> Management:
    """Management structure where managers are given.

    A unit with a ``manager`` is a manager post; an administration's ``head`` is one too,
    above the closest managed units of the administration.  For each post:

    * *span of control* = number of manager posts directly below it (unmanaged levels in
      between are looked through), counted for posts that have at least one;
    * a *first-line manager* is a post with no manager below; it manages its unit's own FTE plus
      the FTE of unmanaged units under it;
    * *layers* = the longest chain of posts from an administration head down (the head is
      layer 1).

    Hand example: head H over unit U (manager, fte 8) with sub-units S1 (manager, fte 5) and
    S2 (manager, fte 6) and T (no manager, fte 2): spans H = 1, U = 2; first-line FTE S1 = 5,
    S2 = 6; U is not first-line; layers = 3.
    """
    by_parent: dict[str | None, list[str]] = defaultdict(list)
    for unit in org.units:
        by_parent[unit.parent].append(unit.id)
    by_id = {u.id: u for u in org.units}

    def managed_below(children: list[str], depth: int = 0) -> tuple[list[str], float]:
        """Closest managed units among ``children`` (looking through unmanaged ones) and the
        FTE of the unmanaged units passed on the way."""
        found: list[str] = []
        loose = 0.0
        for child in children:
            if by_id[child].manager:
                found.append(child)
            elif depth <= len(by_id):
                below, fte = managed_below(by_parent[child], depth + 1)
                found.extend(below)
                loose += (by_id[child].fte or 0.0) + fte
        return found, loose

    spans: dict[str, int] = {}
    first_line: dict[str, float] = {}
    layers = 0

    def walk(unit_id: str, depth: int) -> None:
        nonlocal layers
        layers = max(layers, depth)
        below, loose = managed_below(by_parent[unit_id])
        if below:
            spans[unit_id] = len(below)
            for child in below:
                if depth <= len(by_id):
                    walk(child, depth + 1)
        else:
            first_line[unit_id] = (by_id[unit_id].fte or 0.0) + loose

    top_of: dict[str, list[str]] = defaultdict(list)  # administration -> its top-level units
    for unit in org.units:
        if unit.parent is None and unit.administration is not None:
            top_of[unit.administration].append(unit.id)
    heads = 0
    for adm in org.administrations:
        top = top_of.get(adm.id, [])
        managed, _ = managed_below(top)
        offset = 0
        if adm.head:
            heads += 1
            offset = 1
            layers = max(layers, 1)
            if managed:
                spans[f"administration:{adm.id}"] = len(managed)
        for unit_id in managed:
            walk(unit_id, offset + 1)
    managers = sum(1 for u in org.units if u.manager) + heads
    return Management(spans, first_line, layers or None, managers)


def support_duplication(
    org: Organisation, adm_of: AdmMap | None = None
) -> tuple[dict[str, list[str]], float]:
    """Support categories present in more than one administration, and the FTE beyond the
    largest holder in each such category (what pooling could at most release).

    Hand example: category HR with 3 FTE in X and 2 FTE in Y → {HR: [X, Y]}, 2.0.
    """
    adm_of = _adm_of(org, adm_of)
    per_cat: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for unit in org.units:
        if Function.SUPPORT in unit.functions and unit.category and adm_of[unit.id]:
            per_cat[unit.category][adm_of[unit.id] or ""] += unit.fte or 0.0
    duplicated = {cat: sorted(adms) for cat, adms in per_cat.items() if len(adms) > 1}
    surplus = sum(sum(per_cat[c].values()) - max(per_cat[c].values()) for c in duplicated)
    return duplicated, surplus


# -- checks ----------------------------------------------------------------------------------


def structural_checks(
    org: Organisation,
    interactions: list[Interaction] | None = None,
    lang: Lang = DEFAULT_LANG,
    adm_of: AdmMap | None = None,
) -> list[Check]:
    """Errors, warnings and notes about the organisation (legal consistency first)."""
    checks: list[Check] = []
    adm_of = _adm_of(org, adm_of)
    adm_names = {a.id: a.name for a in org.administrations}
    committees = {c.id: c for c in org.committees}

    # Legal consistency: authority under law L needs a supported committee with L in mandate
    for unit in org.units:
        if Function.AUTHORITY not in unit.functions:
            continue
        adm = org.administration(adm_of[unit.id] or "")
        if adm is None:
            continue
        for law in org.unit_laws(unit):
            ok = any(
                law in committees[c].mandate.laws
                and committees[c].mandate.covers_function(Function.AUTHORITY)
                for c in adm.supports
                if c in committees
            )
            if not ok:
                checks.append(
                    Check(
                        "error",
                        "authority_law_not_in_mandate",
                        t(
                            "authority_law_not_in_mandate",
                            lang,
                            unit=unit.name,
                            law=law,
                            adm=adm.name,
                        ),
                        unit.id,
                    )
                )

    owners = service_area_owners(org)
    used_areas = {a for u in org.units for a in u.service_areas}
    for area in org.service_areas:
        area_owners = owners.get(area.id, [])
        if area.id in used_areas and not area_owners:
            checks.append(
                Check(
                    "warning",
                    "service_area_no_owner",
                    t("service_area_no_owner", lang, area=area.name),
                    area.id,
                )
            )
        elif len(area_owners) > 1:
            names = join_words([committees[c].name for c in area_owners], lang)
            checks.append(
                Check(
                    "warning",
                    "service_area_several_owners",
                    t("service_area_several_owners", lang, area=area.name, owners=names),
                    area.id,
                )
            )
    for area_id, adms in service_area_administrations(org, adm_of).items():
        if len(adms) > 1:
            checks.append(
                Check(
                    "warning",
                    "service_area_split_administrations",
                    t(
                        "service_area_split_administrations",
                        lang,
                        area=org.label("service_area", area_id),
                        adms=join_words([adm_names[a] for a in adms], lang),
                    ),
                    area_id,
                )
            )

    for unit in org.units:
        if adm_of[unit.id] is None:
            checks.append(
                Check("warning", "orphan_unit", t("orphan_unit", lang, unit=unit.name), unit.id)
            )
    used_adms = {a for a in adm_of.values() if a}
    for adm in org.administrations:
        if adm.id not in used_adms:
            checks.append(
                Check(
                    "warning",
                    "empty_administration",
                    t("empty_administration", lang, adm=adm.name),
                    adm.id,
                )
            )
        if not adm.supports:
            checks.append(
                Check(
                    "warning",
                    "administration_without_committee",
                    t("administration_without_committee", lang, adm=adm.name),
                    adm.id,
                )
            )
    supported = {c for a in org.administrations for c in a.supports}
    for com in org.committees:
        if com.mandate.service_areas and com.id not in supported:
            checks.append(
                Check(
                    "warning",
                    "committee_without_administration",
                    t("committee_without_administration", lang, committee=com.name),
                    com.id,
                )
            )
    if org.units and not any(u.manager for u in org.units):
        checks.append(Check("info", "no_manager_data", t("no_manager_data", lang)))
    if interactions is not None:
        total = sum(i.weight for i in interactions)
        if total == 0:
            checks.append(Check("info", "no_interaction_data", t("no_interaction_data", lang)))
        else:
            estimated = sum(i.weight for i in interactions if i.estimated) / total
            if estimated > 0:
                checks.append(
                    Check(
                        "info",
                        "interaction_data_estimated",
                        t(
                            "interaction_data_estimated",
                            lang,
                            share=f"{estimated:.0%}".replace("%", " %"),
                        ),
                    )
                )
    return checks


# -- putting it together ---------------------------------------------------------------------


def analyze_organisation(
    org: Organisation,
    interactions: list[Interaction],
    journeys: list[Journey],
    lang: Lang = DEFAULT_LANG,
) -> tuple[dict[str, float | int | None], list[Check], dict[str, Any]]:
    """All metrics (see :data:`METRICS`), checks and details for one organisation."""
    m: dict[str, float | int | None] = {}
    adm_of = org.unit_administrations()
    cross_w, total_w = _cross_weight(org, interactions, "administration", adm_of)
    m["cross_boundary_interaction_share"] = cross_w / total_w if total_w else None
    m["cross_boundary_interaction_weight"] = cross_w if total_w else None
    m["cross_committee_interaction_share"] = cross_boundary_interaction_share(
        org, interactions, "committee", adm_of
    )
    per_person, per_year = journey_metrics(org, journeys, adm_of)
    m["journey_cross_handoffs_per_person"] = per_person
    m["journey_cross_handoffs_total"] = per_year

    area_adms = service_area_administrations(org, adm_of)
    owners = service_area_owners(org)
    used_areas = {a for u in org.units for a in u.service_areas}
    m["service_areas_split_administrations"] = sum(1 for a in area_adms.values() if len(a) > 1)
    m["service_areas_split_committees"] = sum(1 for o in owners.values() if len(o) > 1)
    m["service_areas_without_owner"] = sum(1 for a in used_areas if not owners.get(a))

    political = [c for c in org.committees if c.mandate.service_areas]
    m["committees"] = len(org.committees)
    m["administrations"] = len(org.administrations)
    m["units"] = len(org.units)
    m["committees_per_administration_max"] = max(
        (len(a.supports) for a in org.administrations), default=0
    )
    m["administrations_per_committee_max"] = max(
        (sum(1 for a in org.administrations if c.id in a.supports) for c in political), default=0
    )

    fte = fte_by_administration(org, adm_of)
    known = [v for v in fte.values() if v is not None]
    m["fte_total"] = sum(u.fte for u in org.units if u.fte is not None) if known else None
    m["fte_per_administration_max"] = max(known) if known else None
    m["fte_per_administration_min"] = min(known) if known else None
    m["size_balance_cv"] = coefficient_of_variation(known) if len(known) == len(fte) else None

    mgmt = management_structure(org)
    has_managers = any(u.manager for u in org.units)
    spans = list(mgmt.spans.values())
    first = list(mgmt.first_line_fte.values())
    m["span_of_control_mean"] = sum(spans) / len(spans) if has_managers and spans else None
    m["span_of_control_max"] = max(spans) if has_managers and spans else None
    m["fte_per_first_line_manager_mean"] = (
        sum(first) / len(first) if has_managers and first and m["fte_total"] else None
    )
    m["fte_per_first_line_manager_max"] = (
        max(first) if has_managers and first and m["fte_total"] else None
    )
    m["management_layers_max"] = mgmt.layers if has_managers else None
    total_fte = m["fte_total"]
    m["managers_per_100_fte"] = (
        100 * mgmt.managers / total_fte if has_managers and total_fte else None
    )
    support_fte = sum(u.fte or 0.0 for u in org.units if Function.SUPPORT in u.functions)
    m["support_fte_share"] = support_fte / total_fte if total_fte else None
    duplicated, surplus = support_duplication(org, adm_of)
    has_categories = any(u.category for u in org.units if Function.SUPPORT in u.functions)
    m["duplicated_support_categories"] = len(duplicated) if has_categories else None
    m["duplicated_support_fte"] = surplus if has_categories else None

    units_per_adm: dict[str, int] = defaultdict(int)
    for _unit_id, adm_id in adm_of.items():
        if adm_id:
            units_per_adm[adm_id] += 1
    details: dict[str, Any] = {
        "administrations": [
            {
                "id": a.id,
                "name": a.name,
                "supports": [org.label("committee", c) for c in a.supports],
                "units": units_per_adm.get(a.id, 0),
                "fte": fte.get(a.id),
            }
            for a in org.administrations
        ],
        "cross_boundary_pairs": cross_boundary_pairs(org, interactions, adm_of),
        "journeys": [
            {
                "id": j.id,
                "name": j.name,
                "volume": j.volume,
                "cross_handoffs": journey_handoffs(org, j, adm_of),
            }
            for j in journeys
        ],
        "service_areas": [
            {
                "id": a.id,
                "name": a.name,
                "owners": [org.label("committee", c) for c in owners.get(a.id, [])],
                "administrations": [
                    org.label("administration", x) for x in area_adms.get(a.id, [])
                ],
            }
            for a in org.service_areas
        ],
        "duplicated_support": {
            cat: [org.label("administration", a) for a in adms] for cat, adms in duplicated.items()
        },
    }
    return m, structural_checks(org, interactions, lang, adm_of), details


def analyze_case(case: Case, lang: Lang = DEFAULT_LANG) -> list[AlternativeAnalysis]:
    """Analyse nuläge and every alternative of ``case`` (nuläge first)."""
    results = []
    for alt_id in case.alternative_ids():
        org = case.organisation(alt_id)
        metrics, checks, details = analyze_organisation(org, case.interactions, case.journeys, lang)
        results.append(
            AlternativeAnalysis(
                alt_id, case.alternative_name(alt_id, lang), metrics, checks, details
            )
        )
    return results
