"""An experiment, measured and NOT adopted as it stands (issue 13 item 5; docs/evidence.md):
branch-and-price for interchangeable parts, the set-partitioning model of the design search.
Superseded by ``src/oversyn/core/optimize/branch_price.py``, the same model with the exact
pricing compiled (numba) instead of a HiGHS MIP per call — that is what made it converge.

Run: ``PYTHONPATH=src python benchmarks/optimize_colgen_probe.py [--sizes 40] [--time-limit 30]``
— prints, per random instance of ``optimize_bench.py``, the column generation's restricted LP
value and Lagrangian bound over time, and the result at the time limit.


When the parts are interchangeable (:meth:`Problem.is_symmetric`: no baseline, no fixed units,
equal limits) a solution is a set of ``K`` *columns* — sets of items, each a possible part —
that cover every item once.  With ``c(S) = λ·|s(S) − T| − w(S)`` (``w(S)`` the weight inside
``S``, ``s(S)`` its size) the cost of a solution is the total weight ``W`` plus the sum of its
columns' ``c``, so::

    min  W + Σ_S c(S) z_S
    s.t. Σ_{S ∋ i} z_S = 1   (π_i)     every item in one part
         Σ_S z_S = K         (σ)       K parts (the empty set is a column when allowed)
         z_S ∈ {0, 1},  min ≤ s(S) ≤ max,  no apart pair inside S

Its LP relaxation, solved by column generation, is the bound the assignment and clique
models lack on unstructured graphs: on the benchmark's random 40-unit graphs the root bound
is within a few per cent of the optimum (the clique model's: 85–89 %).  The *pricing*
problem — a set ``S`` with ``c(S) − π(S) − σ < 0`` — is a quadratic knapsack: first a
local search over item flips (numpy), and only when it finds nothing the exact MIP
(``y_e ≤ x_i, y_e ≤ x_j``, HiGHS), whose proof gives the Lagrangian bound
``LP + K · min reduced cost``.  Fractional LP solutions are split by Ryan–Foster branching
on the pair ``(i, j)`` that is most fractionally together: one child keeps ``i`` and ``j``
together (pricing merges them), the other apart; best-bound node order.

Measured on the random 40-unit instances: the master LP is highly degenerate (its value stays
at the incumbent's for hundreds of columns, with simplex and with interior-point duals), and
the exact pricing MIP takes 0.3–7 s per call even with the RLT capacity rows, so the root's
column generation does not converge within 30 s; with Wentges smoothing the Lagrangian bound
reaches 146 of the optimum 175.1 (K = 3) after 20 s — no better than the clique model's root.
"""

from __future__ import annotations

import heapq
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from oversyn.core.optimize.problem import Problem

if TYPE_CHECKING:
    import highspy

Bools = npt.NDArray[np.bool_]
Floats = npt.NDArray[np.float64]

EPS = 1e-6  # a column prices out when its reduced cost is below −EPS
TRACE = True
STARTED = [0.0]


def _new_highs() -> highspy.Highs:
    from oversyn.core.optimize.exact import _new_highs as make

    return make()


@dataclass(order=True)
class _Node:
    bound: float
    seq: int
    same: tuple[tuple[int, int], ...] = field(compare=False, default=())
    diff: tuple[tuple[int, int], ...] = field(compare=False, default=())


class _Pricer:
    """The data of the pricing problem and both ways of solving it."""

    def __init__(self, problem: Problem) -> None:
        n = problem.n
        self.n = n
        self.k = problem.k
        self.sizes = np.asarray(problem.sizes, dtype=float)
        self.weights = np.zeros((n, n))
        for i, j, w in problem.edges:
            self.weights[i, j] += w
            self.weights[j, i] += w
        self.total_weight = float(sum(w for _i, _j, w in problem.edges))
        self.target = problem.target()
        self.lam = problem.balance_weight
        lows = [v for v in (problem.min_size or []) if v is not None]
        highs = [v for v in (problem.max_size or []) if v is not None]
        self.low = max(lows) if lows else 0.0
        self.high = min(highs) if highs else float("inf")
        self.apart = list(problem.apart)

    def cost(self, members: Bools) -> float:
        inside = float(members @ self.weights @ members) / 2.0
        load = float(self.sizes @ members)
        return self.lam * abs(load - self.target) - inside

    def feasible(self, members: Bools) -> bool:
        load = float(self.sizes @ members)
        if load < self.low - 1e-9 or load > self.high + 1e-9:
            return False
        return not any(members[i] and members[j] for i, j in self.apart)

    # -- pricing on the node's contracted items ---------------------------------------
    def contract(
        self, same: tuple[tuple[int, int], ...], diff: tuple[tuple[int, int], ...]
    ) -> tuple[list[int], Floats, Floats, Bools]:
        """``group[i]`` for the node's together pairs; group sizes, weights, conflicts."""
        parent = list(range(self.n))

        def find(i: int) -> int:
            while parent[i] != i:
                parent[i] = parent[parent[i]]
                i = parent[i]
            return i

        for i, j in same:
            parent[find(i)] = find(j)
        roots: dict[int, int] = {}
        group = [roots.setdefault(find(i), len(roots)) for i in range(self.n)]
        m = len(roots)
        onehot = np.zeros((self.n, m))
        onehot[np.arange(self.n), group] = 1.0
        sizes = onehot.T @ self.sizes
        weights = onehot.T @ self.weights @ onehot  # diagonal: twice the inside weight
        conflict = np.zeros((m, m), dtype=bool)
        for i, j in (*self.apart, *diff):
            conflict[group[i], group[j]] = conflict[group[j], group[i]] = True
        return group, sizes, weights, conflict


def _local_search(
    gain0: Floats,
    weights: Floats,
    sizes: Floats,
    conflict: Bools,
    pricer: _Pricer,
    starts: list[Bools],
) -> list[Bools]:
    """1-flip descent on ``f(x) = λ|s·x − T| − ½ xᵀWx − π·x`` (``gain0`` = π plus each
    group's own inside weight) from each start; returns the local optima."""
    m = len(sizes)
    off = weights.copy()
    np.fill_diagonal(off, 0.0)
    lam, target, low, high = pricer.lam, pricer.target, pricer.low, pricer.high
    found: list[Bools] = []
    for start in starts:
        x = start.copy()
        if (conflict[x][:, x]).any():
            continue
        load = float(sizes @ x)
        for _ in range(4 * m):
            inner = off @ x  # weight from each group to the chosen ones
            dev = abs(load - target)
            add_load = load + sizes
            rem_load = load - sizes
            delta = np.where(
                x,
                inner + gain0 + lam * (np.abs(rem_load - target) - dev),
                -inner - gain0 + lam * (np.abs(add_load - target) - dev),
            )
            blocked = np.where(
                x,
                rem_load < low - 1e-9,
                (add_load > high + 1e-9) | (conflict[:, x].any(axis=1)),
            )
            delta[blocked] = np.inf
            best = int(np.argmin(delta))
            if delta[best] >= -1e-9:
                break
            x[best] = not x[best]
            load = float(sizes @ x)
        if low - 1e-9 <= load <= high + 1e-9:
            found.append(x)
    return found


def _exact_pricing(
    gain0: Floats,
    weights: Floats,
    sizes: Floats,
    conflict: Bools,
    pricer: _Pricer,
    time_limit: float,
    cutoff: float | None = None,
) -> tuple[Bools | None, float, float, bool]:
    """The pricing MIP of ``λ|s·x − T| − Σ w_e y_e − gain0·x`` with ``y_e ≤ x_i, y_e ≤ x_j``,
    only below ``cutoff``: ``(a set below it or None, its value, proven)`` — ``proven`` when
    no set is below the cutoff (or the set returned is the minimum)."""
    import highspy

    m = len(sizes)
    h = _new_highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("threads", 1)
    h.setOptionValue("time_limit", max(0.05, time_limit))
    h.setOptionValue("mip_rel_gap", 0.0)
    h.setOptionValue("mip_abs_gap", 1e-7)
    if cutoff is not None:
        h.setOptionValue("objective_bound", float(cutoff))
        h.setOptionValue("mip_max_improving_sols", 2)
    inf = highspy.kHighsInf
    pairs = [(a, b) for a in range(m) for b in range(a + 1, m) if weights[a, b] > 0]
    ncol = m + len(pairs) + 1
    costs = [-float(g) for g in gain0] + [-float(weights[a, b]) for a, b in pairs] + [pricer.lam]
    lower = [0.0] * ncol
    upper = [1.0] * (ncol - 1) + [inf]
    h.addVars(ncol, lower, upper)
    h.changeColsCost(ncol, list(range(ncol)), costs)
    h.changeColsIntegrality(m, list(range(m)), np.full(m, 1, dtype=np.uint8))
    dev = ncol - 1
    for e, (a, b) in enumerate(pairs):
        y = m + e
        h.addRow(-inf, 0.0, 2, [y, a], [1.0, -1.0])
        h.addRow(-inf, 0.0, 2, [y, b], [1.0, -1.0])
    cols = list(range(m))
    vals = [float(s) for s in sizes]
    h.addRow(pricer.low, min(pricer.high, 1e12), m, cols, vals)
    h.addRow(-pricer.target, inf, m + 1, [*cols, dev], [*(-v for v in vals), 1.0])
    h.addRow(pricer.target, inf, m + 1, [*cols, dev], [*vals, 1.0])
    for a in range(m):
        for b in range(a + 1, m):
            if conflict[a, b]:
                h.addRow(-inf, 1.0, 2, [a, b], [1.0, 1.0])
    # the capacity row times x_a (first-level RLT): Σ_b s_b y_ab ≤ (max − s_a) x_a — what makes
    # the LP of this quadratic knapsack tight enough to prove in milliseconds
    if pricer.high < float("inf"):
        incident: dict[int, list[tuple[int, int]]] = {a: [] for a in range(m)}
        for e, (a, b) in enumerate(pairs):
            incident[a].append((m + e, b))
            incident[b].append((m + e, a))
        for a in range(m):
            if incident[a]:
                idx = [y for y, _b in incident[a]] + [a]
                val = [float(sizes[b]) for _y, b in incident[a]] + [
                    -(pricer.high - float(sizes[a]))
                ]
                h.addRow(-inf, 0.0, len(idx), idx, val)
    h.run()
    info = h.getInfo()
    status = h.getModelStatus()
    done = status in (
        highspy.HighsModelStatus.kOptimal,
        highspy.HighsModelStatus.kInfeasible,
        highspy.HighsModelStatus.kObjectiveBound,
    )
    bound = float(info.mip_dual_bound)
    if info.primal_solution_status == 0:
        return None, np.inf, bound, done
    values = np.asarray(h.getSolution().col_value)
    chosen = values[:m] > 0.5
    value = float(info.objective_function_value)
    if status == highspy.HighsModelStatus.kOptimal:
        bound = min(bound, value)
    return chosen, value, bound, done


class _Master:
    """The restricted master LP of one node (rebuilt per node from the valid pool columns)."""

    def __init__(self, pricer: _Pricer, columns: list[Bools], costs: list[float]) -> None:
        import highspy

        self.pricer = pricer
        n = pricer.n
        h = _new_highs()
        h.setOptionValue("output_flag", False)
        h.setOptionValue("threads", 1)
        # interior-point duals without crossover: the simplex duals of this degenerate LP
        # jump between vertices and column generation stalls at the incumbent's value
        h.setOptionValue("solver", "ipm")
        h.setOptionValue("run_crossover", "off")
        self.h = h
        self.inf = highspy.kHighsInf
        for _ in range(n):
            h.addRow(1.0, 1.0, 0, [], [])
        h.addRow(float(pricer.k), float(pricer.k), 0, [], [])
        self.big = 100.0 * (pricer.total_weight + pricer.lam * float(pricer.sizes.sum()) + 1.0)
        big = self.big
        self.ids: list[int] = []  # pool index of each master column (−1: artificial)
        for i in range(n):  # artificials keep every node's LP feasible (a valid relaxation)
            self._add(big, [i], -1)
        self._add(big, [n], -1)
        self._add(big, [n], -1, coef=-1.0)
        self.columns: list[Bools] = []
        for index, (col, cost) in enumerate(zip(columns, costs, strict=True)):
            self.add(col, cost, index)

    def _add(self, cost: float, rows: list[int], pool: int, coef: float = 1.0) -> None:
        self.h.addCol(cost, 0.0, self.inf, len(rows), rows, [coef] * len(rows))
        self.ids.append(pool)

    def add(self, col: Bools, cost: float, pool: int) -> None:
        rows = [*np.flatnonzero(col).tolist(), self.pricer.n]
        self._add(cost, rows, pool)

    def solve(self) -> tuple[float, Floats, float, Floats]:
        """LP value, cover duals π, cardinality dual σ, primal values."""
        self.h.run()
        sol = self.h.getSolution()
        duals = np.asarray(sol.row_dual)
        value = float(self.h.getInfo().objective_function_value)
        return value, duals[: self.pricer.n], float(duals[self.pricer.n]), np.asarray(sol.col_value)


def solve_branch_price(
    problem: Problem,
    *,
    time_limit: float,
    start: list[int] | None,
    progress: Callable[[float, float], None] | None = None,
) -> tuple[list[int] | None, float | None, bool, str]:
    """Solve a symmetric ``problem`` (already contracted): ``(assignment, bound, optimal,
    status)``, the assignment's parts numbered 0..K−1."""
    began = time.perf_counter()
    deadline = began + time_limit
    pricer = _Pricer(problem)
    n, k = pricer.n, pricer.k
    pool: list[Bools] = []
    pool_cost: list[float] = []
    seen: set[bytes] = set()

    def remember(col: Bools) -> int | None:
        key = col.tobytes()
        if key in seen or not pricer.feasible(col):
            return None
        seen.add(key)
        pool.append(col.copy())
        pool_cost.append(pricer.cost(col))
        return len(pool) - 1

    incumbent: list[int] | None = None
    best = np.inf

    def offer(assignment: list[int]) -> None:
        nonlocal incumbent, best
        parts = [np.array([a == p for a in assignment]) for p in range(k)]
        if not all(pricer.feasible(c) for c in parts):
            return
        value = pricer.total_weight + sum(pricer.cost(c) for c in parts)
        if value < best - 1e-9:
            best, incumbent = value, list(assignment)
        for c in parts:
            remember(c)

    if start is not None and len(start) == n:
        offer(start)
    if pricer.low <= 0.0:
        remember(np.zeros(n, dtype=bool))
    for i in range(n):
        remember(np.eye(n, dtype=bool)[i])

    counter = 0
    heap: list[_Node] = [_Node(-np.inf, counter)]
    nodes = 0
    status = "Optimal"
    global_bound = -np.inf
    while heap:
        if time.perf_counter() > deadline:
            status = "Time limit reached"
            break
        node = heapq.heappop(heap)
        if node.bound >= best - 1e-6 * max(1.0, abs(best)):
            continue
        nodes += 1
        result = _solve_node(
            pricer, node, pool, pool_cost, remember, deadline, best - 1e-6 * max(1.0, abs(best))
        )
        if result is None:
            status = "Time limit reached"
            heapq.heappush(heap, node)
            break
        lower, values, columns = result
        lower = max(lower, node.bound)
        if lower >= best - 1e-6 * max(1.0, abs(best)):
            continue
        together = np.zeros((n, n))
        used: list[tuple[Bools, float]] = []
        for col, z in zip(columns, values, strict=True):
            if z > 1e-9:
                used.append((col, z))
                cf = col.astype(float)
                together += z * np.outer(cf, cf)
        frac = np.abs(together - 0.5)
        np.fill_diagonal(frac, np.inf)
        i, j = np.unravel_index(int(np.argmin(frac)), frac.shape)
        if frac[i, j] >= 0.5 - 1e-6:  # integral: a partition
            assignment = [0] * n
            part = 0
            for col, z in used:
                if z > 0.5 and col.any():
                    for item in np.flatnonzero(col):
                        assignment[int(item)] = part
                    part += 1
            if part <= k:
                offer(assignment)
            continue
        pair = (int(min(i, j)), int(max(i, j)))
        for child_same, child_diff in (
            ((*node.same, pair), node.diff),
            (node.same, (*node.diff, pair)),
        ):
            counter += 1
            heapq.heappush(heap, _Node(lower, counter, child_same, child_diff))
        if progress is not None:
            progress(best, min(open_node.bound for open_node in heap))
    open_bounds = [nd.bound for nd in heap]
    global_bound = min(open_bounds) if open_bounds else best
    global_bound = min(global_bound, best)
    optimal = not heap or global_bound >= best - 1e-6 * max(1.0, abs(best))
    if incumbent is None:
        return None, None if global_bound == -np.inf else float(global_bound), False, status
    if optimal:
        global_bound = best
    text = (
        f"{'Optimal' if optimal else status} (branch-and-price, {nodes} nodes, {len(pool)} columns)"
    )
    return incumbent, float(global_bound), optimal, text


def _solve_node(
    pricer: _Pricer,
    node: _Node,
    pool: list[Bools],
    pool_cost: list[float],
    remember: Callable[[Bools], int | None],
    deadline: float,
    prune_at: float,
) -> tuple[float, list[float], list[Bools]] | None:
    """Column generation at ``node``: ``(lower bound, z values, columns)``, None at the
    deadline.  The bound is the LP value once exact pricing finds no column, or earlier the
    Lagrangian bound when the LP stalls."""
    n, k = pricer.n, pricer.k

    def valid(col: Bools) -> bool:
        return all(col[i] == col[j] for i, j in node.same) and not any(
            col[i] and col[j] for i, j in node.diff
        )

    master = _Master(pricer, [], [])
    members: list[Bools] = []
    for index, col in enumerate(pool):
        if valid(col):
            master.add(col, pool_cost[index], index)
            members.append(col)
    group, sizes, weights, conflict = pricer.contract(node.same, node.diff)
    m = len(sizes)
    onehot = np.zeros((n, m), dtype=bool)
    onehot[np.arange(n), group] = True
    center: Floats | None = None
    best_lagrange = -np.inf
    while True:
        if time.perf_counter() > deadline:
            return None
        value, pi, sigma, z = master.solve()
        if TRACE:
            print(
                f"  {time.perf_counter() - STARTED[0]:6.2f} s  restricted LP "
                f"{value + pricer.total_weight:8.2f}  Lagrangian bound "
                f"{best_lagrange + pricer.total_weight:8.2f}  columns {len(master.ids)}",
                flush=True,
            )
        gain0 = onehot.T.astype(float) @ pi + np.diag(weights) / 2.0
        # local search from the LP's columns (contracted) and from every single group
        starts = [np.eye(m, dtype=bool)[g] for g in range(m)]
        for index, zv in zip(master.ids, z, strict=True):
            if index >= 0 and zv > 1e-6:
                starts.append((pool[index].astype(float) @ onehot) > 0.5)
        found = _local_search(gain0, weights, sizes, conflict, pricer, starts)
        added = 0
        for x in found:
            col = x[group]
            rc = pricer.cost(col) - float(pi @ col) - sigma
            if rc < -EPS:
                index = remember(col)
                if index is not None:
                    master.add(col, pool_cost[index], index)
                    added += 1
        if added:
            continue
        # exact pricing with Wentges smoothing: price at a mix of the best Lagrangian duals
        # so far and the LP's; the Lagrangian bound Σπ + K·min_S (c(S) − π(S)) holds for
        # any π, so the node's bound rises even when the degenerate LP value does not move
        alpha = 0.0 if center is None else 0.7
        added = 0
        while True:
            left = deadline - time.perf_counter()
            if left <= 0:
                return None
            mix = pi if center is None else alpha * center + (1 - alpha) * pi
            gain_mix = onehot.T.astype(float) @ mix + np.diag(weights) / 2.0
            chosen, _val, low_bound, _done = _exact_pricing(
                gain_mix, weights, sizes, conflict, pricer, left
            )
            lagrange = float(mix.sum()) + k * low_bound
            if lagrange > best_lagrange:
                best_lagrange, center = lagrange, mix
            if (
                best_lagrange + pricer.total_weight >= prune_at
                or value - best_lagrange <= 1e-7 * max(1.0, abs(value))
            ):
                return max(best_lagrange, -np.inf) + pricer.total_weight, [], []
            if chosen is not None:
                col = chosen[group]
                rc = pricer.cost(col) - float(pi @ col) - sigma
                if rc < -EPS:
                    index = remember(col)
                    if index is not None:
                        master.add(col, pool_cost[index], index)
                        added = 1
                        break
            if alpha <= 0.0:
                break
            alpha = alpha - 0.35 if alpha > 0.35 else 0.0
        if added:
            continue
        break
    columns: list[Bools] = []
    values: list[float] = []
    for index, zv in zip(master.ids, z, strict=True):
        if index >= 0:
            columns.append(pool[index])
            values.append(float(zv))
        elif zv > 1e-6:  # an artificial is in the LP optimum: no real solution here
            return float("inf"), [], []
    return value + pricer.total_weight, values, columns


def main() -> int:
    import argparse
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from optimize_bench import instance

    from oversyn.core.optimize.heuristic import solve_heuristic

    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="40")
    parser.add_argument("--ks", default="3,4,5")
    parser.add_argument("--time-limit", type=float, default=30.0)
    args = parser.parse_args()
    for n in (int(v) for v in args.sizes.split(",")):
        for k in (int(v) for v in args.ks.split(",")):
            problem = instance(n, k, clustered=False, seed=n * 10 + k)
            warm = solve_heuristic(problem, time_limit=0.5, seed=1, max_rounds=10**9)
            print(f"random n={n} K={k}: heuristic cost {warm.cost:.2f}", flush=True)
            STARTED[0] = time.perf_counter()
            _a, bound, optimal, status = solve_branch_price(
                problem, time_limit=args.time_limit, start=warm.assignment
            )
            print(f"  -> {status}; optimal {optimal}, bound {bound}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
