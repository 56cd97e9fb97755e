"""Exact solution of :class:`~oversyn.core.optimize.problem.Problem` as a MIP.

Model (on the contracted problem, together-groups merged; ``x_gp = 1`` when group ``g`` is in
part ``p``, created only for allowed parts, so fixed units have a single variable)::

    min  Σ_e w_e Σ_p u_ep + λ Σ_p e_p + μ Σ_gp m_gp x_gp
    s.t. Σ_p x_gp = 1                                   every group in one part
         u_ep ≥ x_gp − x_hp, u_ep ≥ 0  ∀ e = (g, h), p  Σ_p u_ep = 1 when g, h are apart
         e_p ≥ ±(Σ_g s_g x_gp − T) − b_p,  e_p ≥ 0      balance penalty
         min_p ≤ Σ_g s_g x_gp ≤ max_p                   size limits
         x_gp + x_hp ≤ 1          ∀ apart (g, h), p
         Σ_gp m_gp x_gp ≤ M                             moves from the baseline

Σ_p u_ep is the total variation between the rows of g and h; its LP relaxation is tighter
than the textbook c_e ≥ max_p (x_gp − x_hp).  Symmetry breaking when the parts are
interchangeable (no baseline, no fixed units, equal limits), with groups ordered by weighted
degree: group ``g`` may only use parts ``0..g``, and (orbitopal) may open part p only if an
earlier group is in part p − 1, so every partition has one labelling.  A heuristic solution is
passed as a starting point (relabelled to that canonical form).  Units that cannot move have
a single variable.  Measured on the 40-unit clustered instances of benchmarks/optimize_bench.py
(HiGHS, 2 threads): 8.3–8.7 s to the proven optimum for K = 4–5 with the textbook model,
3.1 / 2.4 s with these two changes.

Two back ends, chosen by measurement (benchmarks/optimize_bench.py): HiGHS (``highspy``) and
OR-Tools CP-SAT.  Both report whether the optimum is proven, and otherwise the bound and gap.
CP-SAT keeps the textbook model (it proved none of the 40-unit K ≥ 4 instances in 30 s).
"""

from __future__ import annotations

import contextlib
import math
import os
import sys
import time
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, cast

import numpy as np

from oversyn.core.optimize.problem import Problem, Solution, evaluate, move_counts

if TYPE_CHECKING:
    from oversyn.core.optimize.reshape import Reshape

if TYPE_CHECKING:  # imported lazily at run time: highspy and ortools cannot share a process
    import highspy

SCALE = 1000  # CP-SAT needs integer coefficients: weights in 1/1000
TV_SHARE = 0.6  # formulation "portfolio": share of the time for the "tv" model before "clique"
BP_SHARE = 0.9  # "auto", interchangeable parts: share for branch-and-price before "clique"
# "auto" uses branch-and-price up to this many items: at 60 random units its root does not end
# in 30 s and reports no bound, where the portfolio reports a gap; at 60 s (load ~4) its bound
# beat the portfolio's for K = 4 and 5 (gap 16.7 / 16.2 % against 17.8 / 18.9 %) but K = 3 had
# none, so the portfolio stays above 50 (measured, docs/evidence.md)
BP_MAX_ITEMS = 50
SIZE_SCALE = 10  # and sizes (FTE) in tenths


def _order(problem: Problem) -> list[int]:
    degree = [0.0] * problem.n
    for i, j, w in problem.edges:
        degree[i] += w
        degree[j] += w
    return sorted(range(problem.n), key=lambda i: (-degree[i], -problem.sizes[i], i))


def _allowed(problem: Problem, symmetric: bool) -> list[list[int]]:
    allowed = [sorted(problem.allowed_parts(g)) for g in range(problem.n)]
    if symmetric:
        for rank, g in enumerate(_order(problem)):
            allowed[g] = [p for p in allowed[g] if p <= rank]
    return allowed


def solve_exact(
    problem: Problem,
    *,
    time_limit: float = 30.0,
    backend: str = "highs",
    start: list[int] | None = None,
    threads: int = 2,
    formulation: str = "auto",
) -> Solution:
    """Solve ``problem`` exactly (or to the time limit) with ``backend`` ("highs"/"cpsat").

    ``formulation`` (HiGHS only): "tv" is the assignment model with the total-variation cut;
    "clique" adds the pair variables, the capacity row on pairs and separated triangle
    inequalities (module docstring) when every part has a maximum size; "portfolio" runs
    "tv" for the first :data:`TV_SHARE` of the time — it proves the structured and the
    loosely limited instances fastest — and, if that has not proven the optimum, "clique"
    from its best solution for the rest, reporting the better of the two proven bounds; "bp"
    is the branch-and-price of :mod:`.branch_price` (interchangeable parts only: the master
    LP is HiGHS, the pricing compiled).  "auto" (default): when the parts are interchangeable
    (:meth:`Problem.is_symmetric`) and at most :data:`BP_MAX_ITEMS` items, "bp" for
    :data:`BP_SHARE` of the time and, unproven, "clique" for the rest; else "portfolio" —
    chosen by measurement (benchmarks/optimize_bench.py, docs/evidence.md)."""
    if formulation not in ("auto", "portfolio", "clique", "tv", "bp"):
        raise ValueError(f"unknown formulation {formulation!r}")
    if formulation == "bp" and not problem.is_symmetric():
        raise ValueError(
            "branch-and-price needs interchangeable parts (no baseline, no fixed units)"
        )
    if (
        formulation == "auto"
        and backend == "highs"
        and problem.is_symmetric()
        and problem.n - sum(len(g) - 1 for g in problem.together) <= BP_MAX_ITEMS
    ):
        began = time.perf_counter()
        first = solve_exact(
            problem, time_limit=time_limit * BP_SHARE, start=start, formulation="bp"
        )
        if first.optimal or _capacity(problem) is None:
            return first
        # unproven (60 units and more): the clique model from its best solution for the rest,
        # reporting the better of the two bounds (the root of branch-and-price may not end)
        return _then_clique(problem, first, began, time_limit, start, threads, "")
    if formulation == "auto" and backend == "highs":
        formulation = "portfolio"
    if formulation == "portfolio" and (backend != "highs" or _capacity(problem) is None):
        formulation = "tv"
    if formulation == "portfolio":
        began = time.perf_counter()
        first = solve_exact(
            problem,
            time_limit=time_limit * TV_SHARE,
            start=start,
            threads=threads,
            formulation="tv",
        )
        if first.optimal:
            return first
        return _then_clique(problem, first, began, time_limit, start, threads, " (tv)")
    started = time.perf_counter()
    contracted, group_of, members = problem.contract()
    moves = move_counts(problem, members)
    symmetric = problem.is_symmetric()
    allowed = _allowed(contracted, symmetric)
    start_groups = None
    if start is not None:
        start_groups = [start[m[0]] for m in members]
        if symmetric:  # relabel parts in order of first use, to satisfy symmetry breaking
            relabel: dict[int, int] = {}
            for g in _order(contracted):
                relabel.setdefault(start_groups[g], len(relabel))
            start_groups = [relabel[p] for p in start_groups]
    _check_loadable(backend)
    if backend == "highs" and formulation == "bp":
        from oversyn.core.optimize.branch_price import solve_branch_price

        groups, bound, optimal, status = solve_branch_price(
            contracted, time_limit=time_limit, start=start_groups
        )
    elif backend == "highs":
        groups, bound, optimal, status = _highs(
            contracted,
            allowed,
            moves,
            time_limit,
            start_groups,
            threads,
            _order(contracted) if symmetric else None,
            pairs=formulation == "clique",
        )
    elif backend == "cpsat":
        groups, bound, optimal, status = _cpsat(
            contracted, allowed, moves, time_limit, start_groups, threads
        )
    else:
        raise ValueError(f"unknown backend {backend!r}")
    seconds = time.perf_counter() - started
    if groups is None:
        return Solution([], float("inf"), backend, False, bound, seconds, status)
    assignment = [groups[group_of[i]] for i in range(problem.n)]
    cost = evaluate(problem, assignment).cost
    return Solution(assignment, cost, backend, optimal, bound, seconds, status)


# The ortools wheel bundles its own build of HiGHS: with highspy's library loaded first,
# importing CP-SAT fails with "libortools.so.9: undefined symbol ...setLocalOptionValue..."; with
# ortools loaded first, importing highspy fails with "_core...so: undefined symbol
# _ZN5Highs13releaseMemoryEv" (ortools 9.15, highspy 1.15).  So one process uses one back end.
_CLASHES = {"highs": "ortools", "cpsat": "highspy"}


def _check_loadable(backend: str) -> None:
    other = _CLASHES.get(backend)
    if other is None:
        raise ValueError(f"unknown backend {backend!r}")
    if other in sys.modules:
        raise RuntimeError(
            f"back end {backend!r} cannot run in a process that has loaded {other}: the two "
            "libraries' bundled HiGHS builds clash; solve in a separate process"
        )


def _capacity(problem: Problem) -> float | None:
    """The largest size any part may have, when every part has a maximum (else None)."""
    if problem.max_size is None or any(v is None for v in problem.max_size):
        return None
    return max(float(v) for v in problem.max_size if v is not None)


def _pair_rows(
    problem: Problem,
    allowed: list[list[int]],
    tv: dict[tuple[int, int], int],
    same: dict[tuple[int, int], int],
    costs: list[float],
    rows: list[tuple[list[int], list[float], float, float]],
    capacity: float,
    inf: float,
) -> None:
    """The clique-partitioning part of the model (``same`` holds y_ij for i < j):

        min  Σ_e w_e (1 − y_e)                      the cut, through the pair variables
        y_e + Σ_p u_ep ≤ 1                           an edge inside one part is not cut
        s_i + Σ_j s_j y_ij ≤ C                       the part of i holds at most C
        y_ij + y_jk − y_ik ≤ 1                       triangles, separated on the LP (below)
        y_ij = 0                                     for pairs that must be apart

    Any assignment gives a feasible y (y_ij = 1 when i, j share a part), so these rows only
    cut off fractional points; the capacity row on pairs is what the assignment model's LP
    misses (its LP puts every item a little in every part and cuts nothing)."""
    n = problem.n
    for e, (i, j, w) in enumerate(problem.edges):
        key = (min(i, j), max(i, j))
        costs[same[key]] -= w
        parts = sorted(set(allowed[i]) | set(allowed[j]))
        rows.append(([same[key], *(tv[e, p] for p in parts)], [1.0] * (1 + len(parts)), -inf, 1.0))
    sizes = problem.sizes
    for i in range(n):
        cols = [same[min(i, j), max(i, j)] for j in range(n) if j != i]
        vals = [sizes[j] for j in range(n) if j != i]
        rows.append((cols, vals, -inf, capacity - sizes[i]))
    for i, j in problem.apart:
        rows.append(([same[min(i, j), max(i, j)]], [1.0], -inf, 0.0))
    for i, j, k in _triangles(problem, capacity):
        cols = [same[min(i, j), max(i, j)], same[min(j, k), max(j, k)], same[min(i, k), max(i, k)]]
        rows.append((cols, [1.0, 1.0, -1.0], -inf, 1.0))


def _triangles(
    problem: Problem, capacity: float, rounds: int = 4, per_round: int = 4000
) -> list[tuple[int, int, int]]:
    """Triangle inequalities ``y_ij + y_jk − y_ik ≤ 1`` that the LP of the pair model needs:
    solve ``max Σ w_e y_e`` under the capacity rows, add the most violated triangles, repeat
    (a cutting-plane loop on the LP only; numpy finds the violations of all n³ triangles)."""
    import highspy

    n = problem.n
    if n < 3:
        return []
    index: dict[tuple[int, int], int] = {}
    for i in range(n):
        for j in range(i + 1, n):
            index[i, j] = len(index)
    h = _new_highs()
    h.setOptionValue("output_flag", False)
    inf = highspy.kHighsInf
    m = len(index)
    cost = [0.0] * m
    for i, j, w in problem.edges:
        cost[index[min(i, j), max(i, j)]] -= w
    h.addVars(m, [0.0] * m, [1.0] * m)
    h.changeColsCost(m, list(range(m)), cost)
    for i in range(n):
        cols = [index[min(i, j), max(i, j)] for j in range(n) if j != i]
        vals = [problem.sizes[j] for j in range(n) if j != i]
        h.addRow(-inf, capacity - problem.sizes[i], len(cols), cols, vals)
    for i, j in problem.apart:
        h.addRow(-inf, 0.0, 1, [index[min(i, j), max(i, j)]], [1.0])
    found: list[tuple[int, int, int]] = []
    upper = np.triu_indices(n, 1)
    for _ in range(rounds):
        h.run()
        values = np.asarray(h.getSolution().col_value)
        y = np.zeros((n, n))
        y[upper] = values
        y = y + y.T
        # viol[j, i, k] = y_ij + y_jk − y_ik − 1 for the apex j
        viol = y[:, :, None] + y[:, None, :] - y[None, :, :] - 1.0
        viol[np.arange(n), np.arange(n), :] = -1.0
        viol[np.arange(n), :, np.arange(n)] = -1.0
        viol[:, np.arange(n), np.arange(n)] = -1.0
        apex, i_idx, k_idx = np.nonzero(np.triu(np.ones((n, n)), 1)[None, :, :] * (viol > 1e-6))
        if len(apex) == 0:
            break
        amount = viol[apex, i_idx, k_idx]
        order = np.argsort(-amount)[:per_round]
        for t in order:
            j, i, k = int(apex[t]), int(i_idx[t]), int(k_idx[t])
            found.append((i, j, k))
            cols = [index[min(i, j), max(i, j)], index[min(j, k), max(j, k)], index[i, k]]
            h.addRow(-inf, 1.0, 3, cols, [1.0, 1.0, -1.0])
    return found


@contextlib.contextmanager
def _stdout_to_stderr() -> Iterator[None]:
    """Send what C code writes to file descriptor 1 to descriptor 2 meanwhile: the HiGHS
    constructor prints its banner on stdout before any option can turn it off (highspy 1.16),
    which made ``oversyn optimize --json`` print invalid JSON.  Does nothing when stdout or
    stderr has no file descriptor (e.g. captured by a test runner)."""
    try:
        sys.stdout.flush()
        sys.stderr.flush()
        out_fd, err_fd = sys.stdout.fileno(), sys.stderr.fileno()
    except (AttributeError, OSError, ValueError):
        yield
        return
    saved = os.dup(out_fd)
    try:
        os.dup2(err_fd, out_fd)
        yield
    finally:
        os.dup2(saved, out_fd)
        os.close(saved)


def _new_highs() -> highspy.Highs:
    """A HiGHS instance; ``highspy.Highs.__init__`` has no annotations (highspy 1.15), so the
    constructor gets its type here instead of silencing the whole call site.  Its banner goes
    to stderr (:func:`_stdout_to_stderr`)."""
    import highspy

    factory = cast("Callable[[], highspy.Highs]", highspy.Highs)
    with _stdout_to_stderr():
        return factory()


def _highs(
    problem: Problem,
    allowed: list[list[int]],
    moves: list[list[int]],
    time_limit: float,
    start: list[int] | None,
    threads: int,
    order: list[int] | None = None,
    *,
    pairs: bool = False,
) -> tuple[list[int] | None, float | None, bool, str]:
    import highspy

    h = _new_highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("time_limit", float(time_limit))
    h.setOptionValue("threads", threads)
    h.setOptionValue("mip_rel_gap", 1e-6)
    inf = highspy.kHighsInf
    n, k = problem.n, problem.k
    col = 0
    costs: list[float] = []
    lower: list[float] = []
    upper: list[float] = []
    integer: list[int] = []
    x: dict[tuple[int, int], int] = {}

    def new(cost: float, lo: float, hi: float, is_int: bool = False) -> int:
        nonlocal col
        costs.append(cost)
        lower.append(lo)
        upper.append(hi)
        if is_int:
            integer.append(col)
        col += 1
        return col - 1

    for g in range(n):
        for p in allowed[g]:
            x[g, p] = new(problem.move_cost * moves[g][p], 0.0, 1.0, True)
    # u_ep ≥ x_ip − x_jp, u_ep ≥ 0, cost w_e Σ_p u_ep: the edge is cut by the total variation
    # of the two rows, a tighter LP relaxation than one c_e ≥ max_p (x_ip − x_jp)
    capacity = _capacity(problem) if pairs else None
    tv: dict[tuple[int, int], int] = {}
    same: dict[tuple[int, int], int] = {}  # y_ij = 1: i and j in one part (clique model)
    for e, (i, j, w) in enumerate(problem.edges):
        for p in set(allowed[i]) | set(allowed[j]):
            tv[e, p] = new(0.0 if capacity is not None else w, 0.0, 1.0)
    if capacity is not None:
        for i in range(n):
            for j in range(i + 1, n):
                same[i, j] = new(0.0, 0.0, 1.0)
    dev = [new(problem.balance_weight, 0.0, inf) for _ in range(k)]
    rows: list[tuple[list[int], list[float], float, float]] = []
    for g in range(n):
        rows.append(([x[g, p] for p in allowed[g]], [1.0] * len(allowed[g]), 1.0, 1.0))
    for e, (i, j, _w) in enumerate(problem.edges):
        for p in set(allowed[i]) | set(allowed[j]):
            idx, val = [tv[e, p]], [1.0]
            if (i, p) in x:
                idx.append(x[i, p])
                val.append(-1.0)
            if (j, p) in x:
                idx.append(x[j, p])
                val.append(1.0)
            rows.append((idx, val, 0.0, inf))
    if capacity is not None:
        _pair_rows(problem, allowed, tv, same, costs, rows, capacity, inf)
    target = problem.target()
    base = problem.baseline_deviation()
    for p in range(k):
        members = [g for g in range(n) if (g, p) in x]
        idx = [x[g, p] for g in members]
        sizes = [problem.sizes[g] for g in members]
        if problem.balance_weight > 0:
            # e_p ≥ S_p − T − b_p  and  e_p ≥ T − S_p − b_p
            rows.append(([*idx, dev[p]], [*(-s for s in sizes), 1.0], -target - base[p], inf))
            rows.append(([*idx, dev[p]], [*sizes, 1.0], target - base[p], inf))
        low = problem.min_size[p] if problem.min_size else None
        high = problem.max_size[p] if problem.max_size else None
        if low is not None or high is not None:
            rows.append(
                (idx, sizes, low if low is not None else -inf, high if high is not None else inf)
            )
    for i, j in problem.apart:
        for p in set(allowed[i]) & set(allowed[j]):
            rows.append(([x[i, p], x[j, p]], [1.0, 1.0], -inf, 1.0))
    if order is not None:
        # orbitopal symmetry breaking: item g may open part p only if an item before it (in
        # ``order``) is in part p − 1, so each partition has exactly one labelling
        for rank, g in enumerate(order):
            for p in allowed[g]:
                if p == 0:
                    continue
                earlier = [x[h, p - 1] for h in order[:rank] if (h, p - 1) in x]
                rows.append(([x[g, p], *earlier], [1.0, *([-1.0] * len(earlier))], -inf, 0.0))
    if problem.max_moves is not None and problem.baseline is not None:
        idx = [x[g, p] for (g, p) in x if moves[g][p]]
        if idx:
            vals = [float(moves[g][p]) for (g, p) in x if moves[g][p]]
            rows.append((idx, vals, -inf, float(problem.max_moves)))

    h.addVars(col, lower, upper)
    h.changeColsCost(col, list(range(col)), costs)
    if capacity is not None:  # the cut is Σ w_e (1 − y_e)
        h.changeObjectiveOffset(sum(w for _i, _j, w in problem.edges))
    kinds = np.full(len(integer), int(highspy.HighsVarType.kInteger), dtype=np.uint8)
    h.changeColsIntegrality(len(integer), integer, kinds)
    for idx, val, lo, hi in rows:
        h.addRow(lo, hi, len(idx), idx, val)
    if start is not None:
        solution = highspy.HighsSolution()
        values = [0.0] * col
        for g, p in enumerate(start):
            if (g, p) in x:
                values[x[g, p]] = 1.0
        for (i, j), c in same.items():
            values[c] = float(start[i] == start[j])
        solution.col_value = values
        solution.value_valid = True
        with contextlib.suppress(Exception):  # an infeasible start is only a hint
            h.setSolution(solution)
    h.run()
    status = h.getModelStatus()
    info = h.getInfo()
    name = h.modelStatusToString(status)
    if info.primal_solution_status == 0:
        return None, None, False, name
    values = h.getSolution().col_value
    groups = [max(allowed[g], key=lambda p: values[x[g, p]]) for g in range(n)]
    optimal = status == highspy.HighsModelStatus.kOptimal
    bound = float(info.mip_dual_bound)
    return groups, bound, optimal, name


def _cpsat(
    problem: Problem,
    allowed: list[list[int]],
    moves: list[list[int]],
    time_limit: float,
    start: list[int] | None,
    threads: int,
) -> tuple[list[int] | None, float | None, bool, str]:
    from ortools.sat.python import cp_model

    m = cp_model.CpModel()
    n, k = problem.n, problem.k
    x: dict[tuple[int, int], cp_model.IntVar] = {}
    for g in range(n):
        for p in allowed[g]:
            x[g, p] = m.new_bool_var(f"x{g}_{p}")
        m.add_exactly_one(x[g, p] for p in allowed[g])
    weighted = cp_model.LinearExpr.weighted_sum
    obj_vars: list[cp_model.IntVar] = []  # objective: Σ obj_coefs · obj_vars
    obj_coefs: list[int] = []
    for e, (i, j, w) in enumerate(problem.edges):
        c = m.new_bool_var(f"c{e}")
        for p in set(allowed[i]) | set(allowed[j]):
            # x_ip ∧ ¬x_jp → c  and  x_jp ∧ ¬x_ip → c
            if (i, p) in x:
                m.add_bool_or([x[i, p].negated(), c, *([x[j, p]] if (j, p) in x else [])])
            if (j, p) in x:
                m.add_bool_or([x[j, p].negated(), c, *([x[i, p]] if (i, p) in x else [])])
        obj_vars.append(c)
        obj_coefs.append(round(w * SCALE))
    target = problem.target()
    base = problem.baseline_deviation()
    ss = SIZE_SCALE
    total = round(sum(problem.sizes) * ss) + 1
    for p in range(k):
        members = [g for g in range(n) if (g, p) in x]
        load = weighted([x[g, p] for g in members], [round(problem.sizes[g] * ss) for g in members])
        if problem.balance_weight > 0:
            d = m.new_int_var(0, total, f"d{p}")
            m.add(d >= load - round((target + base[p]) * ss))
            m.add(d >= round((target - base[p]) * ss) - load)
            obj_vars.append(d)
            obj_coefs.append(round(problem.balance_weight * SCALE / ss))
        low = problem.min_size[p] if problem.min_size else None
        high = problem.max_size[p] if problem.max_size else None
        if low is not None:
            m.add(load >= math.ceil(low * ss - 1e-9))
        if high is not None:
            m.add(load <= math.floor(high * ss + 1e-9))
    for i, j in problem.apart:
        for p in set(allowed[i]) & set(allowed[j]):
            m.add_bool_or([x[i, p].negated(), x[j, p].negated()])
    moved = [(x[g, p], moves[g][p]) for (g, p) in x if moves[g][p]]
    if problem.max_moves is not None and moved:
        m.add(weighted([v for v, _ in moved], [c for _, c in moved]) <= problem.max_moves)
    if problem.move_cost:
        for v, count in moved:
            obj_vars.append(v)
            obj_coefs.append(round(problem.move_cost * SCALE) * count)
    m.minimize(weighted(obj_vars, obj_coefs))
    if start is not None:
        for g, p in enumerate(start):
            for q in allowed[g]:
                m.add_hint(x[g, q], q == p)
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = float(time_limit)
    solver.parameters.num_workers = max(1, threads)
    status = solver.solve(m)
    name = solver.status_name(status)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None, None, False, name
    groups = [next(p for p in allowed[g] if solver.value(x[g, p])) for g in range(n)]
    bound = solver.best_objective_bound / SCALE  # up to the rounding of coefficients
    return groups, bound, status == cp_model.OPTIMAL, name


def solve_reshape_exact(
    reshape: Reshape,
    *,
    time_limit: float = 30.0,
    start: tuple[list[int], list[int]] | None = None,
    threads: int = 2,
) -> tuple[list[int], list[int], bool, float | None, str] | None:
    """The joint MIP of lineage and assignment for ``K ≠ S`` (module
    :mod:`~oversyn.core.optimize.reshape`): returns ``(lineage, assignment, optimal, bound,
    status)`` with the assignment in the parts of ``fixed_problem(reshape, lineage)``, or None
    when no solution was found.

    Merge (``K < S``; parts labelled by the baseline administrations ``q``)::

        z_sq = 1: s goes into q;  Σ_q z_sq = 1,  z_sq ≤ z_qq,  Σ_q z_qq = K
        x_gq ≤ z_qq;  x_gq ≤ Σ_{s∈R} z_sq per requirement R;  x_gq ≤ z_fq when pinned to f
        moved_gs ≥ x_gq − z_sq   (a member from s leaves s's lineage)
        e_q ≥ S_q − T,  e_q ≥ T z_qq − S_q;  Σ_g x_gq ≥ z_qq

    Split (``K > S``; new parts t ≥ S)::

        y_st = 1: t splits off s;  Σ_s y_st = 1;  parents non-decreasing in t (symmetry)
        x_gt ≤ Σ_{s∈R} y_st per requirement R (new t); x_gq = 0 for a baseline q ∉ R
        moved_gs ≥ x_gq (q < S, q ≠ s),  moved_gs ≥ x_gt − y_st (t ≥ S);  Σ_g x_gt ≥ 1

    The cut is the total-variation cut of :func:`_highs`; min/max FTE per part label.
    """
    import highspy

    base = reshape.base
    assert base.baseline is not None
    contracted, group_of, members = base.contract()
    n, k, n_src = contracted.n, base.k, reshape.sources
    merge = reshape.merge
    labels = n_src if merge else k  # part indices of the model
    h = _new_highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("time_limit", float(time_limit))
    h.setOptionValue("threads", threads)
    h.setOptionValue("mip_rel_gap", 1e-6)
    inf = highspy.kHighsInf
    costs: list[float] = []
    lower: list[float] = []
    upper: list[float] = []
    integer: list[int] = []

    def new(cost: float, lo: float, hi: float, is_int: bool = False) -> int:
        costs.append(cost)
        lower.append(lo)
        upper.append(hi)
        if is_int:
            integer.append(len(costs) - 1)
        return len(costs) - 1

    rows: list[tuple[list[int], list[float], float, float]] = []
    requirements = [[req for i in m for req in reshape.requirements[i]] for m in members]
    pins = [
        sorted({p for i in m if (p := (reshape.pinned[i] if reshape.pinned else None)) is not None})
        for m in members
    ]
    # lineage variables: z[s, q] (merge) or y[s, t] (split, t ≥ S)
    lin: dict[tuple[int, int], int] = {}
    if merge:
        for s in range(n_src):
            for q in range(n_src):
                lin[s, q] = new(0.0, 0.0, 1.0, True)
            rows.append(([lin[s, q] for q in range(n_src)], [1.0] * n_src, 1.0, 1.0))
        for s in range(n_src):
            for q in range(n_src):
                if s != q:
                    rows.append(([lin[s, q], lin[q, q]], [1.0, -1.0], -inf, 0.0))
        rows.append(([lin[q, q] for q in range(n_src)], [1.0] * n_src, float(k), float(k)))
    else:
        for t in range(n_src, k):
            for s in range(n_src):
                lin[s, t] = new(0.0, 0.0, 1.0, True)
            rows.append(([lin[s, t] for s in range(n_src)], [1.0] * n_src, 1.0, 1.0))
        for t in range(n_src, k - 1):  # Σ s·y_st ≤ Σ s·y_s,t+1
            idx = [lin[s, t] for s in range(n_src)] + [lin[s, t + 1] for s in range(n_src)]
            val = [float(s) for s in range(n_src)] + [-float(s) for s in range(n_src)]
            rows.append((idx, val, -inf, 0.0))

    def lineage_of(s: int, q: int) -> list[int]:
        """Columns whose sum is 1 when baseline administration s is in the lineage of q."""
        if merge:
            return [lin[s, q]]
        if q < n_src:
            return [] if s != q else [-1]  # -1: the constant 1
        return [lin[s, q]]

    x: dict[tuple[int, int], int] = {}
    for g in range(n):
        for q in range(labels):
            if not merge:
                if q < n_src and (
                    any(pin != q for pin in pins[g]) or any(q not in req for req in requirements[g])
                ):
                    continue
                if q >= n_src and pins[g]:
                    continue  # a pinned item stays in its baseline administration itself
            x[g, q] = new(0.0, 0.0, 1.0, True)
    for g in range(n):
        parts = [q for q in range(labels) if (g, q) in x]
        if not parts:
            return None
        rows.append(([x[g, q] for q in parts], [1.0] * len(parts), 1.0, 1.0))
        for q in parts:
            if merge:
                rows.append(([x[g, q], lin[q, q]], [1.0, -1.0], -inf, 0.0))
                for pin in pins[g]:
                    rows.append(([x[g, q], lin[pin, q]], [1.0, -1.0], -inf, 0.0))
            if merge or q >= n_src:
                for req in requirements[g]:
                    cols = [lin[s, q] for s in sorted(req)]
                    rows.append(([x[g, q], *cols], [1.0, *([-1.0] * len(cols))], -inf, 0.0))
    # moves: per group and baseline administration of its members
    moved_cols: list[tuple[int, int]] = []
    for g, m in enumerate(members):
        counts: dict[int, int] = {}
        for i in m:
            counts[base.baseline[i]] = counts.get(base.baseline[i], 0) + 1
        for s, count in counts.items():
            mv = new(base.move_cost * count, 0.0, 1.0)
            moved_cols.append((mv, count))
            for q in range(labels):
                if (g, q) not in x:
                    continue
                inside = lineage_of(s, q)
                if inside == [-1]:
                    continue  # staying in its own administration
                # moved ≥ x_gq − [s in the lineage of q]
                rows.append(([mv, x[g, q], *inside], [1.0, -1.0, *([1.0] * len(inside))], 0.0, inf))
    if base.max_moves is not None and moved_cols:
        cols = [c for c, _count in moved_cols]
        rows.append((cols, [float(n_) for _c, n_ in moved_cols], -inf, float(base.max_moves)))
    # the cut
    for i, j, w in contracted.edges:
        for q in range(labels):
            if (i, q) not in x and (j, q) not in x:
                continue
            u = new(w, 0.0, 1.0)
            idx, val = [u], [1.0]
            if (i, q) in x:
                idx.append(x[i, q])
                val.append(-1.0)
            if (j, q) in x:
                idx.append(x[j, q])
                val.append(1.0)
            rows.append((idx, val, 0.0, inf))
    target = sum(contracted.sizes) / k
    limits = reshape.limits or [(None, None)] * labels
    for q in range(labels):
        idx = [x[g, q] for g in range(n) if (g, q) in x]
        sizes = [contracted.sizes[g] for g in range(n) if (g, q) in x]
        open_col = lin[q, q] if merge else None
        if base.balance_weight > 0:
            e = new(base.balance_weight, 0.0, inf)
            rows.append(([*idx, e], [*(-s for s in sizes), 1.0], -target, inf))  # e ≥ S − T
            if open_col is not None:  # e ≥ T·open − S
                rows.append(([*idx, e, open_col], [*sizes, 1.0, -target], 0.0, inf))
            else:
                rows.append(([*idx, e], [*sizes, 1.0], target, inf))
        low, high = limits[q]
        if high is not None:
            rows.append((idx, sizes, -inf, high))
        if low is not None:
            if open_col is not None:
                rows.append(([*idx, open_col], [*sizes, -low], 0.0, inf))
            else:
                rows.append((idx, sizes, low, inf))
        # an open part holds at least one item
        if open_col is not None:
            rows.append(([*idx, open_col], [*([1.0] * len(idx)), -1.0], 0.0, inf))
        else:
            rows.append((idx, [1.0] * len(idx), 1.0, inf))
    for i, j in contracted.apart:
        for q in range(labels):
            if (i, q) in x and (j, q) in x:
                rows.append(([x[i, q], x[j, q]], [1.0, 1.0], -inf, 1.0))

    col = len(costs)
    h.addVars(col, lower, upper)
    h.changeColsCost(col, list(range(col)), costs)
    kinds = np.full(len(integer), int(highspy.HighsVarType.kInteger), dtype=np.uint8)
    h.changeColsIntegrality(len(integer), integer, kinds)
    for idx, val, lo, hi in rows:
        h.addRow(lo, hi, len(idx), idx, val)
    if start is not None:
        lineage, assignment = start
        part_label = reshape.part_labels(lineage)
        values = [0.0] * col
        if merge:
            for s, q in enumerate(lineage):
                values[lin[s, q]] = 1.0
        else:
            for offset, s in enumerate(lineage):
                values[lin[s, n_src + offset]] = 1.0
        for g, m in enumerate(members):
            q = part_label[assignment[m[0]]]
            if (g, q) in x:
                values[x[g, q]] = 1.0
        solution = highspy.HighsSolution()
        solution.col_value = values
        solution.value_valid = True
        with contextlib.suppress(Exception):  # only a hint; HiGHS completes the rest
            h.setSolution(solution)
    h.run()
    status = h.getModelStatus()
    info = h.getInfo()
    name = h.modelStatusToString(status)
    if info.primal_solution_status == 0:
        return None
    values = h.getSolution().col_value
    if merge:
        lineage = [max(range(n_src), key=lambda q: values[lin[s, q]]) for s in range(n_src)]
    else:
        lineage = [max(range(n_src), key=lambda s: values[lin[s, t]]) for t in range(n_src, k)]
    part_label = reshape.part_labels(lineage)
    index = {label: t for t, label in enumerate(part_label)}
    groups = [
        index[max((q for q in range(labels) if (g, q) in x), key=lambda q: values[x[g, q]])]
        for g in range(n)
    ]
    assignment = [groups[group_of[i]] for i in range(base.n)]
    optimal = status == highspy.HighsModelStatus.kOptimal
    return lineage, assignment, optimal, float(info.mip_dual_bound), name


def _then_clique(
    problem: Problem,
    first: Solution,
    began: float,
    time_limit: float,
    start: list[int] | None,
    threads: int,
    label: str,
) -> Solution:
    """The second stage of a two-method solve: the clique model from ``first``'s best
    solution for the rest of the time; the better solution with the better of the two bounds
    (proven when they meet)."""
    rest = max(0.5, time_limit - (time.perf_counter() - began))
    second = solve_exact(
        problem,
        time_limit=rest,
        start=first.assignment or start,
        threads=threads,
        formulation="clique",
    )
    best = second if second.assignment and second.cost <= first.cost else first
    bounds = [b for b in (first.bound, second.bound) if b is not None]
    best.bound = max(bounds) if bounds else None
    best.optimal = best.optimal or (
        best.bound is not None and best.cost - best.bound <= 1e-6 * max(1.0, abs(best.cost))
    )
    best.seconds = time.perf_counter() - began
    best.status = f"{first.status}{label} / {second.status} (clique)"
    return best
