"""From a case to a partition problem, and from a solution to an alternative.

*Items* at level ``L``: every unit at depth ``≤ L`` below its administration.  A unit at depth
``L`` carries its whole subtree (FTE summed; it moves with its sub-units); a unit above ``L``
that has sub-units at the level is a *frame*: it stays where it is (fixed) with its own FTE.
Interactions between deeper units count for their ancestors at level ``L``.

*Parts*: the baseline's administrations, in file order.  With ``K`` below today's count the
search merges administrations, with ``K`` above it splits them (``K − n`` new parts
"Ny förvaltning 1" …, each split off from one administration whose committees it supports);
it chooses which together with where the units go (:mod:`.reshape`).

*Legal consistency* (the check ``authority_law_not_in_mandate`` of :mod:`oversyn.core.analysis`
as a constraint): an item may go to an administration only if, for every unit with the
authority function in its subtree and every law of that unit (``Organisation.unit_laws``),
a committee the administration supports has that law in its mandate and covers authority.
An item already placed illegally in the baseline keeps its baseline administration as allowed.

Each solution becomes an :class:`~oversyn.core.case.Alternative`: ``merge_administrations``
or ``split_administration`` operations first (when ``K`` differs from today), then
``move_unit`` operations, with an explanation in Swedish of what it gains (interaction weight
no longer crossing an administrative boundary) and what it costs (units and FTE moved, size
balance).  A merged administration supports the union of the merged ones' committees, a
split-off part the committees of the administration it comes from: both are carried over as a
proposal and flagged for the user to confirm (in the operation's note, the description and
``summary["confirm"]``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from oversyn.core.analysis import _cross_weight
from oversyn.core.case import Alternative, Case
from oversyn.core.fmt import format_number
from oversyn.core.i18n import register_messages
from oversyn.core.model import Function, Organisation
from oversyn.core.operations import (
    MergeAdministrations,
    MoveUnit,
    Operation,
    SplitAdministration,
    SplitPart,
)
from oversyn.core.optimize.problem import Problem, Solution, evaluate
from oversyn.core.optimize.reshape import Reshape, fixed_problem, solve_reshape

register_messages(
    {
        "opt_unknown_unit": (
            "Enheten {id!r} i villkoret {what} finns inte i nuläget",
            "Unit {id!r} in the constraint {what} does not exist in the baseline",
        ),
        "opt_unknown_administration": (
            "Förvaltningen {id!r} i villkoret {what} finns inte",
            "Administration {id!r} in the constraint {what} does not exist",
        ),
        "opt_bad_part_count": (
            "Antalet förvaltningar måste vara minst 1, inte {k}",
            "The number of administrations must be at least 1, not {k}",
        ),
        "opt_fix_new_part": (
            "Enheten {id!r} kan inte låsas till {adm!r}: en ny förvaltning uppstår först när "
            "optimeringen delar en förvaltning",
            "Unit {id!r} cannot be fixed to {adm!r}: a new administration only exists once the "
            "search splits one",
        ),
        "opt_not_at_level": (
            "Enheten {id!r} ligger på nivå {depth}, djupare än den valda nivån {level}",
            "Unit {id!r} is at level {depth}, deeper than the chosen level {level}",
        ),
    }
)


class DesignError(ValueError):
    def __init__(self, code: str, **params: object) -> None:
        from oversyn.core.i18n import t

        self.code = code
        self.params = params
        super().__init__(t(code, "sv", **params))

    def message(self, lang: str = "sv") -> str:
        from oversyn.core.i18n import t

        return t(self.code, "sv" if lang == "sv" else "en", **self.params)


@dataclass
class Constraints:
    """Constraints of the design search (from the command line; see docs/evidence.md)."""

    together: list[list[str]] = field(default_factory=list)
    apart: list[tuple[str, str]] = field(default_factory=list)
    fixed: dict[str, str] = field(default_factory=dict)  # unit -> administration
    min_fte: dict[str, float] = field(default_factory=dict)  # administration -> FTE
    max_fte: dict[str, float] = field(default_factory=dict)
    max_moves: int | None = None
    legal: bool = True
    balance_weight: float = 0.05
    move_cost: float = 1.0


@dataclass
class Design:
    """A case turned into a problem: items are unit ids, parts administration ids."""

    problem: Problem
    items: list[str]
    parts: list[str]
    part_names: list[str]
    new_parts: list[str]
    item_fte: list[float]
    reshape: Reshape | None = None  # K differs from today: merge or split (see .reshape)


def _subtree_laws_need_authority(org: Organisation, unit_id: str) -> set[str]:
    laws: set[str] = set()
    for unit in org.subtree(unit_id):
        if Function.AUTHORITY in unit.functions:
            laws.update(org.unit_laws(unit))
    return laws


def _legal_parts(org: Organisation, laws: set[str], parts: list[str]) -> set[int]:
    committees = {c.id: c for c in org.committees}
    allowed: set[int] = set()
    for index, adm_id in enumerate(parts):
        adm = org.administration(adm_id)
        supports = adm.supports if adm is not None else []
        if all(
            any(
                law in committees[c].mandate.laws
                and committees[c].mandate.covers_function(Function.AUTHORITY)
                for c in supports
                if c in committees
            )
            for law in laws
        ):
            allowed.add(index)
    return allowed


def _law_sources(org: Organisation, law: str) -> frozenset[int]:
    """Baseline administrations (by position) whose committees cover authority under ``law``."""
    return frozenset(
        index for index, adm in enumerate(org.administrations) if _legal_parts(org, {law}, [adm.id])
    )


def build_design(
    case: Case, k: int | None = None, level: int = 1, constraints: Constraints | None = None
) -> Design:
    """The partition problem for ``case``'s baseline (see module docstring)."""
    c = constraints or Constraints()
    org = case.baseline
    adm_of = org.unit_administrations()
    depth = org.unit_depths()
    sources = [a.id for a in org.administrations]
    parts = list(sources)
    names = [a.name for a in org.administrations]
    k = len(parts) if k is None else k
    if k < 1:
        raise DesignError("opt_bad_part_count", k=k)
    new_parts = [f"ny-forvaltning-{i}" for i in range(1, k - len(parts) + 1)]
    parts += new_parts
    names += [f"Ny förvaltning {i}" for i in range(1, len(new_parts) + 1)]
    part_index = {p: i for i, p in enumerate(parts)}
    n_src = len(sources)
    reshaping = k != n_src

    units = [u for u in org.units if adm_of[u.id] is not None and depth[u.id] <= level]
    items = [u.id for u in units]
    index = {u: i for i, u in enumerate(items)}
    frames = {u.id for u in units if depth[u.id] < level and org.children(u.id)}
    sizes = []
    for unit in units:
        if unit.id in frames:
            sizes.append(unit.fte or 0.0)
        else:
            sizes.append(sum(x.fte or 0.0 for x in org.subtree(unit.id)))

    by_id = {u.id: u for u in org.units}

    def item_of(unit_id: str) -> int | None:
        current = by_id.get(unit_id)
        while current is not None and current.id not in index:
            current = by_id.get(current.parent or "")
        return index[current.id] if current is not None else None

    weights: dict[tuple[int, int], float] = {}
    for inter in case.interactions:
        a, b = item_of(inter.a), item_of(inter.b)
        if a is None or b is None or a == b:
            continue
        key = (min(a, b), max(a, b))
        weights[key] = weights.get(key, 0.0) + inter.weight

    baseline = [part_index[adm_of[u] or ""] for u in items]
    allowed: list[frozenset[int]] = []
    requirements: list[list[frozenset[int]]] = []
    pinned: list[int | None] = []
    for i, unit_id in enumerate(items):
        options = set(range(k))
        laws: set[str] = set()
        if unit_id in frames:
            options = {baseline[i]}
        if c.legal:
            laws = _subtree_laws_need_authority(org, unit_id) if unit_id not in frames else set()
            if unit_id in frames:
                unit = by_id[unit_id]
                if Function.AUTHORITY in unit.functions:
                    laws = set(org.unit_laws(unit))
            options &= _legal_parts(org, laws, parts) | {baseline[i]}
        allowed.append(frozenset(options))
        # the same rule by lineage (K ≠ today): for each law, the administrations covering it;
        # an item placed illegally today may always stay with its own administration
        reqs = [_law_sources(org, law) for law in sorted(laws)]
        if not all(baseline[i] in r for r in reqs):
            reqs = [r | {baseline[i]} for r in reqs]
        requirements.append(reqs)
        pinned.append(baseline[i] if unit_id in frames else None)

    def unit_item(unit_id: str, what: str) -> int:
        if unit_id not in by_id:
            raise DesignError("opt_unknown_unit", id=unit_id, what=what)
        if unit_id not in index:
            raise DesignError("opt_not_at_level", id=unit_id, depth=depth[unit_id], level=level)
        return index[unit_id]

    def part(adm_id: str, what: str) -> int:
        if adm_id not in part_index:
            raise DesignError("opt_unknown_administration", id=adm_id, what=what)
        return part_index[adm_id]

    for unit_id, adm_id in c.fixed.items():
        i = unit_item(unit_id, "--fix")
        allowed[i] = frozenset({part(adm_id, "--fix")})
        if reshaping and part_index[adm_id] >= n_src:
            raise DesignError("opt_fix_new_part", id=unit_id, adm=adm_id)
        pinned[i] = part_index[adm_id]
    together = [[unit_item(u, "--together") for u in group] for group in c.together]
    apart = [(unit_item(a, "--apart"), unit_item(b, "--apart")) for a, b in c.apart]
    labels = max(k, n_src)
    min_size: list[float | None] = [None] * labels
    max_size: list[float | None] = [None] * labels
    for adm_id, value in c.min_fte.items():
        min_size[part(adm_id, "--min-fte")] = value
    for adm_id, value in c.max_fte.items():
        max_size[part(adm_id, "--max-fte")] = value
    problem = Problem(
        sizes=sizes,
        k=k,
        edges=[(a, b, w) for (a, b), w in weights.items()],
        allowed=None if reshaping else allowed,
        together=together,
        apart=apart,
        min_size=min_size if any(v is not None for v in min_size) and not reshaping else None,
        max_size=max_size if any(v is not None for v in max_size) and not reshaping else None,
        baseline=baseline,
        max_moves=c.max_moves,
        balance_weight=c.balance_weight,
        move_cost=c.move_cost,
        names=items,
    )
    reshape = None
    if reshaping:
        reshape = Reshape(
            base=problem,
            sources=n_src,
            requirements=requirements,
            pinned=pinned,
            limits=list(zip(min_size, max_size, strict=True)),
        )
    return Design(problem, items, parts, names, new_parts, sizes, reshape)


def solve_design(
    design: Design, *, time_limit: float = 10.0, method: str = "auto", seed: int = 1
) -> Solution:
    """Solve: exact (HiGHS, warm-started by the heuristic) when at most 80 items can move,
    otherwise the heuristic; ``method`` may force "exact", "cpsat" or "heuristic".  With a
    :class:`Reshape` (K ≠ today) the solution's ``lineage`` says what merges or splits."""
    from oversyn.core.optimize.heuristic import solve_heuristic

    problem = design.problem
    movable = sum(1 for i in range(problem.n) if len(problem.allowed_parts(i)) > 1)
    if design.reshape is not None:
        exact = method in ("auto", "exact", "cpsat") and not (method == "auto" and movable > 80)
        found = solve_reshape(design.reshape, time_limit=time_limit, seed=seed, exact=exact)
        if found is None:
            return Solution([], float("inf"), "highs", False, None, 0.0, "infeasible")
        found.solution.lineage = found.lineage
        return found.solution
    heuristic = solve_heuristic(problem, time_limit=min(1.0, time_limit / 4), seed=seed)
    if method == "heuristic" or (method == "auto" and movable > 80):
        return heuristic
    from oversyn.core.optimize.exact import solve_exact

    backend = "cpsat" if method == "cpsat" else "highs"
    exact_sol = solve_exact(
        problem, time_limit=time_limit, backend=backend, start=heuristic.assignment
    )
    if not exact_sol.assignment or (not exact_sol.optimal and heuristic.cost < exact_sol.cost):
        heuristic.bound = exact_sol.bound
        return heuristic
    return exact_sol


def _fmt(value: float) -> str:
    return format_number(value, 0 if float(value).is_integer() else 1, "sv")


def _result_problem(design: Design, solution: Solution) -> tuple[Problem, list[str], list[str]]:
    """The problem the solution's parts belong to, with each part's id and name."""
    if design.reshape is None or solution.lineage is None:
        return design.problem, design.parts, design.part_names
    labels = design.reshape.part_labels(solution.lineage)
    problem = fixed_problem(design.reshape, solution.lineage)
    return (
        problem,
        [design.parts[p] for p in labels],
        [design.part_names[p] for p in labels],
    )


def _structure_operations(
    org: Organisation, design: Design, solution: Solution, part_ids: list[str]
) -> tuple[list[Operation], list[str]]:
    """Merges or splits for a reshaped solution, and the confirmations they need."""
    reshape, lineage = design.reshape, solution.lineage
    if reshape is None or lineage is None:
        return [], []
    committees = {cm.id: cm.name for cm in org.committees}
    adms = org.administrations
    operations: list[Operation] = []
    confirm: list[str] = []

    def named(ids: list[str]) -> str:
        return ", ".join(committees.get(i, i) for i in ids) or "ingen nämnd"

    if reshape.merge:
        for q in reshape.part_labels(lineage):
            merged = [s for s in range(reshape.sources) if lineage[s] == q]
            if len(merged) < 2:
                continue
            supports: list[str] = []
            for s in merged:
                supports += [c for c in adms[s].supports if c not in supports]
            ids = [adms[s].id for s in merged]
            text = (
                f"{' och '.join(adms[s].name for s in merged)} slås ihop till "
                f"{adms[q].name}, som stödjer {named(supports)} (övertaget från de sammanslagna "
                "förvaltningarna) – bekräfta nämndstödet och namnet."
            )
            operations.append(MergeAdministrations(administrations=ids, into=adms[q].id, note=text))
            confirm.append(text)
        return operations, confirm
    top_of = {
        s: [u.id for u in org.units if u.administration == adms[s].id and u.parent is None]
        for s in range(reshape.sources)
    }
    assignment = solution.assignment
    item_index = {u: i for i, u in enumerate(design.items)}
    for s in range(reshape.sources):
        children = [reshape.sources + j for j, parent in enumerate(lineage) if parent == s]
        if not children:
            continue
        split_parts = [SplitPart(id=adms[s].id, name=adms[s].name, units=[])]
        for t in children:
            split_parts.append(SplitPart(id=part_ids[t], name=design.part_names[t], units=[]))
        for unit_id in top_of[s]:
            i = item_index.get(unit_id)
            target = assignment[i] if i is not None else s
            chosen = next((sp for sp in split_parts if sp.id == part_ids[target]), split_parts[0])
            chosen.units.append(unit_id)
        text = (
            f"{adms[s].name} delas; "
            + ", ".join(design.part_names[t] for t in children)
            + f" stödjer samma nämnder som {adms[s].name} ({named(adms[s].supports)}) – "
            "bekräfta nämndstödet och namnet."
        )
        operations.append(
            SplitAdministration(administration=adms[s].id, parts=split_parts, note=text)
        )
        confirm.append(text)
    return operations, confirm


def to_alternative(
    case: Case, design: Design, solution: Solution, alt_id: str = "forslag-optimering"
) -> tuple[Alternative, dict[str, object]]:
    """The alternative (merges or splits, then unit moves, from the baseline) and a summary of
    gains and costs."""
    org = case.baseline
    problem, part_ids, part_names = _result_problem(design, solution)
    base = problem.baseline or []
    baseline_names = [design.part_names[b] for b in (design.problem.baseline or [])]
    moved = [i for i, p in enumerate(solution.assignment) if p not in problem.stays(i)]
    operations, confirm = _structure_operations(org, design, solution, part_ids)
    after_structure = org
    if operations:
        probe = Alternative(id=alt_id, name="probe", operations=list(operations))
        after_structure = case.model_copy(update={"alternatives": [probe]}).organisation(alt_id)
    where_now = after_structure.unit_administrations()
    for i, p in enumerate(solution.assignment):
        unit_id = design.items[i]
        if where_now.get(unit_id) == part_ids[p]:
            continue
        note = (
            f"Från {baseline_names[i]}."
            if i in moved
            else f"Följer med till {part_names[p]}, som delas av från {baseline_names[i]}."
        )
        operations.append(MoveUnit(unit=unit_id, to_administration=part_ids[p], note=note))
    before = evaluate(problem, base) if design.reshape is None else None
    after = evaluate(problem, solution.assignment)
    alternative = Alternative(id=alt_id, name="Optimeringsförslag", operations=operations)
    new_org = case.model_copy(update={"alternatives": [alternative]}).organisation(alt_id)
    cross_before, total = _cross_weight(org, case.interactions, "administration")
    cross_after, _ = _cross_weight(new_org, case.interactions, "administration")
    moved_fte = sum(design.item_fte[i] for i in moved)
    saved = cross_before - cross_after
    fte_before = {a.id: 0.0 for a in org.administrations}
    for i, b in enumerate(design.problem.baseline or []):
        fte_before[design.parts[b]] += design.item_fte[i]
    fte_after = dict(zip(part_ids, after.loads, strict=True))
    lines = []
    if design.reshape is not None:
        have, want = len(org.administrations), design.problem.k
        lines.append(
            f"Förslaget har {want} förvaltningar i stället för {have}: "
            + " ".join(op.note for op in operations if op.op != "move_unit")
        )
    if not moved and not confirm:
        lines.append(
            "Optimeringen finner ingen flytt som minskar samverkan över förvaltningsgräns mer "
            "än den kostar; nuläget står sig under de givna villkoren."
        )
    else:
        if moved:
            moves_text = "; ".join(
                f"{org.label('unit', design.items[i])} från {baseline_names[i]} till "
                f"{part_names[solution.assignment[i]]}"
                for i in moved
            )
            word = "enhet" if len(moved) == 1 else "enheter"
            lines.append(f"Förslaget flyttar {len(moved)} {word}: {moves_text}.")
        share = f" ({saved / cross_before:.0%})".replace("%", " %") if cross_before else ""
        sign = "−" if saved >= 0 else "+"
        lines.append(
            f"Vinst: samverkan över förvaltningsgräns ändras från {_fmt(cross_before)} till "
            f"{_fmt(cross_after)} ({sign}{_fmt(abs(saved))}{share}) av totalt {_fmt(total)}."
            if design.reshape is not None
            else f"Vinst: samverkan över förvaltningsgräns minskar från {_fmt(cross_before)} "
            f"till {_fmt(cross_after)} (−{_fmt(saved)}{share}) av totalt {_fmt(total)}."
        )
        loads = ", ".join(
            f"{part_names[p]} {_fmt(fte_before.get(part_ids[p], 0.0))} → {_fmt(after.loads[p])}"
            for p in range(problem.k)
            if abs(fte_before.get(part_ids[p], 0.0) - after.loads[p]) > 1e-9
        )
        word = "enhet" if len(moved) == 1 else "enheter"
        lines.append(
            f"Kostnad: {len(moved)} {word} med {_fmt(moved_fte)} årsarbetare byter "
            f"förvaltning; årsarbetare per förvaltning: {loads or 'oförändrat'}."
        )
    if solution.optimal:
        lines.append("Lösningen är bevisat optimal för målfunktionen och villkoren.")
    elif solution.gap is not None:
        lines.append(
            f"Lösningen är inte bevisat optimal; högst {solution.gap:.1%} från optimum.".replace(
                "%", " %"
            )
        )
    else:
        lines.append("Lösningen kommer från en heuristik och är inte bevisat optimal.")
    alternative.description = "\n".join(lines)
    summary: dict[str, object] = {
        "administrations": part_ids,
        "moved": [design.items[i] for i in moved],
        "cross_weight_before": cross_before,
        "cross_weight_after": cross_after,
        "weight_saved": saved,
        "total_weight": total,
        "moved_fte": moved_fte,
        "fte_before": fte_before,
        "fte_after": fte_after,
        "cost_before": before.cost if before is not None else None,
        "cost_after": after.cost,
        "optimal": solution.optimal,
        "gap": solution.gap,
        "method": solution.method,
        "seconds": solution.seconds,
        "feasible": after.feasible,
        "violations": after.violations,
        "confirm": confirm,
    }
    return alternative, summary
