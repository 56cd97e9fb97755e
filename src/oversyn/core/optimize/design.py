"""From a case to a partition problem, and from a solution to an alternative.

*Items* at level ``L``: every unit at depth ``≤ L`` below its administration.  A unit at depth
``L`` carries its whole subtree (FTE summed; it moves with its sub-units); a unit above ``L``
that has sub-units at the level is a *frame*: it stays where it is (fixed) with its own FTE.
Interactions between deeper units count for their ancestors at level ``L``.

*Parts*: the baseline's administrations, in file order, plus ``K − n`` new administrations
("Ny förvaltning 1" …) when ``K`` is larger.  A new administration supports no committee.

*Legal consistency* (the check ``authority_law_not_in_mandate`` of :mod:`oversyn.core.analysis`
as a constraint): an item may go to an administration only if, for every unit with the
authority function in its subtree and every law of that unit (``Organisation.unit_laws``),
a committee the administration supports has that law in its mandate and covers authority.
An item already placed illegally in the baseline keeps its baseline administration as allowed.

Each solution becomes an :class:`~oversyn.core.case.Alternative` of ``move_unit`` operations
(preceded by ``create_administration`` for new administrations that receive units) with an
explanation in Swedish of what it gains (interaction weight no longer crossing an
administrative boundary) and what it costs (units and FTE moved, size balance).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from oversyn.core.analysis import _cross_weight
from oversyn.core.case import Alternative, Case
from oversyn.core.fmt import format_number
from oversyn.core.i18n import register_messages
from oversyn.core.model import Function, Organisation
from oversyn.core.operations import CreateAdministration, MoveUnit, Operation
from oversyn.core.optimize.problem import Problem, Solution, evaluate

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
        "opt_too_few_parts": (
            "Antalet förvaltningar ({k}) kan inte vara färre än i nuläget ({n}); slå ihop "
            "förvaltningar med ett alternativ först",
            "The number of administrations ({k}) cannot be below the baseline's ({n}); merge "
            "administrations in an alternative first",
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


def build_design(
    case: Case, k: int | None = None, level: int = 1, constraints: Constraints | None = None
) -> Design:
    """The partition problem for ``case``'s baseline (see module docstring)."""
    c = constraints or Constraints()
    org = case.baseline
    adm_of = org.unit_administrations()
    depth = org.unit_depths()
    parts = [a.id for a in org.administrations]
    names = [a.name for a in org.administrations]
    k = k or len(parts)
    if k < len(parts):
        raise DesignError("opt_too_few_parts", k=k, n=len(parts))
    new_parts = [f"ny-forvaltning-{i}" for i in range(1, k - len(parts) + 1)]
    parts += new_parts
    names += [f"Ny förvaltning {i}" for i in range(1, len(new_parts) + 1)]
    part_index = {p: i for i, p in enumerate(parts)}

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
    for i, unit_id in enumerate(items):
        options = set(range(k))
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
    together = [[unit_item(u, "--together") for u in group] for group in c.together]
    apart = [(unit_item(a, "--apart"), unit_item(b, "--apart")) for a, b in c.apart]
    min_size: list[float | None] = [None] * k
    max_size: list[float | None] = [None] * k
    for adm_id, value in c.min_fte.items():
        min_size[part(adm_id, "--min-fte")] = value
    for adm_id, value in c.max_fte.items():
        max_size[part(adm_id, "--max-fte")] = value
    problem = Problem(
        sizes=sizes,
        k=k,
        edges=[(a, b, w) for (a, b), w in weights.items()],
        allowed=allowed,
        together=together,
        apart=apart,
        min_size=min_size if any(v is not None for v in min_size) else None,
        max_size=max_size if any(v is not None for v in max_size) else None,
        baseline=baseline,
        max_moves=c.max_moves,
        balance_weight=c.balance_weight,
        move_cost=c.move_cost,
        names=items,
    )
    return Design(problem, items, parts, names, new_parts, sizes)


def solve_design(
    design: Design, *, time_limit: float = 10.0, method: str = "auto", seed: int = 1
) -> Solution:
    """Solve: exact (HiGHS, warm-started by the heuristic) when at most 80 items can move,
    otherwise the heuristic; ``method`` may force "exact", "cpsat" or "heuristic"."""
    from oversyn.core.optimize.heuristic import solve_heuristic

    problem = design.problem
    movable = sum(1 for i in range(problem.n) if len(problem.allowed_parts(i)) > 1)
    heuristic = solve_heuristic(problem, time_limit=min(1.0, time_limit / 4), seed=seed)
    if method == "heuristic" or (method == "auto" and movable > 80):
        return heuristic
    from oversyn.core.optimize.exact import solve_exact

    backend = "cpsat" if method == "cpsat" else "highs"
    exact = solve_exact(problem, time_limit=time_limit, backend=backend, start=heuristic.assignment)
    if not exact.assignment or (not exact.optimal and heuristic.cost < exact.cost):
        heuristic.bound = exact.bound
        return heuristic
    return exact


def _fmt(value: float) -> str:
    return format_number(value, 0 if float(value).is_integer() else 1, "sv")


def to_alternative(
    case: Case, design: Design, solution: Solution, alt_id: str = "forslag-optimering"
) -> tuple[Alternative, dict[str, object]]:
    """The alternative (move operations from the baseline) and a summary of gains and costs."""
    org = case.baseline
    problem = design.problem
    base = problem.baseline or []
    moved = [i for i, p in enumerate(solution.assignment) if p != base[i]]
    operations: list[Operation] = []
    used_new = sorted(
        {
            solution.assignment[i]
            for i in moved
            if design.parts[solution.assignment[i]] in design.new_parts
        }
    )
    for p in used_new:
        operations.append(
            CreateAdministration(
                id=design.parts[p],
                name=design.part_names[p],
                note="Ny förvaltning som optimeringen föreslår; ange vilken nämnd den stödjer.",
            )
        )
    for i in moved:
        operations.append(
            MoveUnit(
                unit=design.items[i],
                to_administration=design.parts[solution.assignment[i]],
                note=f"Från {design.part_names[base[i]]}.",
            )
        )
    before = evaluate(problem, base)
    after = evaluate(problem, solution.assignment)
    alternative = Alternative(id=alt_id, name="Optimeringsförslag", operations=operations)
    new_org = case.model_copy(update={"alternatives": [alternative]}).organisation(alt_id)
    cross_before, total = _cross_weight(org, case.interactions, "administration")
    cross_after, _ = _cross_weight(new_org, case.interactions, "administration")
    moved_fte = sum(design.item_fte[i] for i in moved)
    saved = cross_before - cross_after
    lines = []
    if not moved:
        lines.append(
            "Optimeringen finner ingen flytt som minskar samverkan över förvaltningsgräns mer "
            "än den kostar; nuläget står sig under de givna villkoren."
        )
    else:
        moves_text = "; ".join(
            f"{org.label('unit', design.items[i])} från {design.part_names[base[i]]} till "
            f"{design.part_names[solution.assignment[i]]}"
            for i in moved
        )
        share = f" ({saved / cross_before:.0%})".replace("%", " %") if cross_before else ""
        word = "enhet" if len(moved) == 1 else "enheter"
        lines.append(f"Förslaget flyttar {len(moved)} {word}: {moves_text}.")
        lines.append(
            f"Vinst: samverkan över förvaltningsgräns minskar från {_fmt(cross_before)} till "
            f"{_fmt(cross_after)} (−{_fmt(saved)}{share}) av totalt {_fmt(total)}."
        )
        loads = ", ".join(
            f"{design.part_names[p]} {_fmt(before.loads[p])} → {_fmt(after.loads[p])}"
            for p in range(problem.k)
            if abs(before.loads[p] - after.loads[p]) > 1e-9
        )
        lines.append(
            f"Kostnad: {len(moved)} {word} med {_fmt(moved_fte)} årsarbetare byter "
            f"förvaltning; årsarbetare per förvaltning: {loads}."
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
        "moved": [design.items[i] for i in moved],
        "cross_weight_before": cross_before,
        "cross_weight_after": cross_after,
        "weight_saved": saved,
        "total_weight": total,
        "moved_fte": moved_fte,
        "fte_before": dict(zip(design.parts, before.loads, strict=True)),
        "fte_after": dict(zip(design.parts, after.loads, strict=True)),
        "cost_before": before.cost,
        "cost_after": after.cost,
        "optimal": solution.optimal,
        "gap": solution.gap,
        "method": solution.method,
        "seconds": solution.seconds,
        "feasible": after.feasible,
        "violations": after.violations,
    }
    return alternative, summary
