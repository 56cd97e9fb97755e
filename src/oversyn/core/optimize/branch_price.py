"""Branch-and-price for interchangeable administrations (issue 13 item 5).

When the parts are interchangeable (:meth:`Problem.is_symmetric`: no baseline, every item
allowed everywhere, equal limits) a solution is a set of ``K`` *columns* — sets ``S`` of
(contracted) items, each one part — covering every item once.  With
``c(S) = λ·|s(S) − T| − w(S)`` (``w(S)`` the weight inside ``S``, ``s(S)`` its size, ``T`` the
even share) a solution costs the total weight ``W`` plus the sum of its columns' ``c``::

    min  W + Σ_S c(S) z_S
    s.t. Σ_{S ∋ i} z_S = 1   (π_i)     every item in one part
         Σ_S z_S = K         (σ)       K parts (the empty set is a column when allowed)
         z_S ∈ {0, 1},  min ≤ s(S) ≤ max,  no apart pair inside S

This is the problem of :mod:`.exact` written per part; its LP relaxation is the bound the
assignment and clique models lack on unstructured graphs — on the benchmark's random 40-unit
graphs it equals the optimum at the root, where the clique model's LP reaches 85–89 % and an
SDP relaxation with triangle cuts 92 %.  The LP is solved by column generation: the *pricing*
problem (a set with ``c(S) − π(S) − σ < 0``) is a quadratic knapsack, first by a 1-flip local
search and then exactly by the compiled branch and bound of :mod:`._pricing` (prices mixed
with the best Lagrangian ones so far, Wentges smoothing, against the master's degeneracy).
An exact call also gives the Lagrangian bound ``Σπ + K · min_S (c(S) − π(S))``, valid for any
``π``, so a node is closed as soon as that bound reaches the incumbent.  A fractional LP
solution is split by Ryan–Foster branching on a fractional pair (one child merges the two
items in pricing, the other forbids them together; the pair by fractionality times its
weight, :func:`_branch_pair`); best-bound order.

Where the time goes (profiled on random 40-unit graphs, one thread): the exact pricing
(:func:`._pricing.dfs`) 75–90 % of the CPU time, the master LP 10–20 %, the 1-flip pricing
1 %, numba loading its cached machine code 0.35 s once per process (``cache=True``: a second
process does not compile).  Measured and kept: the pricing bound from both sides of the
target (:mod:`._pricing`) and the weighted branching pair.  Measured and not kept (no gain in
pricing nodes or CPU time on the same six instances): the set-partitioning IP over the
columns found so far and rounding the LP plus the tabu search as primal heuristics (they
find the optimum earlier, but the tree is the same — the nodes' bounds lie below the
optimum), the parent's best prices as the child's stabilisation centre, the one-item
neighbours of the priced columns as extra columns, an exchange step in the 1-flip pricing,
a pricing bound over only the items that still fit (10–20 % fewer nodes, 1.7× the time),
raising the pricing floor to the level that ends the node, and a greedy uneven split of the
edge weights in the pricing bound (0.3 % fewer nodes).
Figures: benchmarks/optimize_bench.py, docs/evidence.md.  An earlier probe of the same model
with the pricing as a HiGHS MIP (0.3–7 s a call) did not converge in 30 s; that is what the
compiled pricing changed.
"""

from __future__ import annotations

import heapq
import time
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
NODES_PER_SECOND = 2.5e5  # exact pricing's node budget per second left (measured 0.3–1 M/s)
KEEP = 60  # columns kept from one exact pricing call
BRANCH_FLOOR = 1.0  # a pair's weight in the branching score is at least this (non-edges too)


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
    """The data of the pricing problem."""

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
        if self.lam < 0:  # the pricing bounds of _pricing.dfs assume a penalty, not a reward
            raise ValueError("branch-and-price needs a balance weight ≥ 0")
        lows = [v for v in (problem.min_size or []) if v is not None]
        highs = [v for v in (problem.max_size or []) if v is not None]
        self.low = max(lows) if lows else 0.0
        self.high = min(highs) if highs else float(self.sizes.sum()) + 1.0
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

    def contract(
        self, same: tuple[tuple[int, int], ...], diff: tuple[tuple[int, int], ...]
    ) -> tuple[npt.NDArray[np.int64], Floats, Floats, Floats, Bools]:
        """The node's pricing data: ``group[i]`` after merging the together pairs, the
        groups' sizes, weights between groups (zero diagonal), each group's inside weight and
        the conflicts (apart pairs and the node's apart branches)."""
        parent = list(range(self.n))

        def find(i: int) -> int:
            while parent[i] != i:
                parent[i] = parent[parent[i]]
                i = parent[i]
            return i

        for i, j in same:
            parent[find(i)] = find(j)
        roots: dict[int, int] = {}
        group = np.array([roots.setdefault(find(i), len(roots)) for i in range(self.n)])
        m = len(roots)
        onehot = np.zeros((self.n, m))
        onehot[np.arange(self.n), group] = 1.0
        sizes = onehot.T @ self.sizes
        weights = onehot.T @ self.weights @ onehot
        inside = np.diag(weights).copy() / 2.0
        np.fill_diagonal(weights, 0.0)
        conflict = np.zeros((m, m), dtype=bool)
        for i, j in (*self.apart, *diff):
            conflict[group[i], group[j]] = conflict[group[j], group[i]] = True
        return group, sizes, weights, inside, conflict


class _Master:
    """The restricted master LP of one node (built from the pool columns valid there)."""

    def __init__(self, pricer: _Pricer) -> None:
        import highspy

        self.pricer = pricer
        n = pricer.n
        h = _new_highs()
        h.setOptionValue("output_flag", False)
        # no "threads" option: HiGHS refuses to run when it differs from the thread count its
        # global scheduler started with earlier in the process (an exact run with 2 threads)
        # interior-point duals without crossover: the simplex duals of this degenerate LP
        # jump between vertices and column generation stalls at the incumbent's value
        h.setOptionValue("solver", "ipm")
        h.setOptionValue("run_crossover", "off")
        self.h = h
        self.inf = highspy.kHighsInf
        for _ in range(n):
            h.addRow(1.0, 1.0, 0, [], [])
        h.addRow(float(pricer.k), float(pricer.k), 0, [], [])
        big = 100.0 * (pricer.total_weight + pricer.lam * float(pricer.sizes.sum()) + 1.0)
        self.ids: list[int] = []  # pool index of each master column (−1: artificial)
        for i in range(n):  # artificials keep every node's LP feasible (a valid relaxation)
            self._add(big, [i], -1)
        self._add(big, [n], -1)
        self._add(big, [n], -1, coef=-1.0)

    def _add(self, cost: float, rows: list[int], pool: int, coef: float = 1.0) -> None:
        self.h.addCol(cost, 0.0, self.inf, len(rows), rows, [coef] * len(rows))
        self.ids.append(pool)

    def add(self, col: Bools, cost: float, pool: int) -> None:
        self._add(cost, [*np.flatnonzero(col).tolist(), self.pricer.n], pool)

    def solve(self) -> tuple[float, Floats, float, Floats]:
        """LP value, cover duals π, cardinality dual σ, primal values."""
        import highspy

        self.h.run()
        if self.h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
            status = self.h.modelStatusToString(self.h.getModelStatus())
            raise RuntimeError(f"the master LP of branch-and-price was not solved: {status}")
        sol = self.h.getSolution()
        duals = np.asarray(sol.row_dual)
        value = float(self.h.getInfo().objective_function_value)
        n = self.pricer.n
        return value, duals[:n], float(duals[n]), np.asarray(sol.col_value)


def _branch_pair(together: Floats, weights: Floats) -> tuple[int, int] | None:
    """The Ryan–Foster pair to branch on, ``None`` when the LP solution is a partition
    (``together[i, j]`` = how much i and j share a column).  Among the fractional pairs the one
    with the largest ``min(t, 1 − t) · max(w_ij, BRANCH_FLOOR)``: separating two units that
    interact (or joining them) moves the bound more than a pair without an edge.  Measured on
    six random 40-unit solves: 49 tree nodes instead of 63 with the most fractional pair,
    11 % fewer pricing nodes."""
    frac = np.minimum(together, 1.0 - together)
    np.fill_diagonal(frac, 0.0)
    if frac.max() <= 1e-6:
        return None
    score = frac * np.maximum(weights, BRANCH_FLOOR)
    np.fill_diagonal(score, -np.inf)
    i, j = np.unravel_index(int(np.argmax(score)), score.shape)
    return int(min(i, j)), int(max(i, j))


class _Search:
    """The branch-and-price tree over one symmetric (contracted) problem."""

    def __init__(self, problem: Problem, deadline: float) -> None:
        self.pricer = _Pricer(problem)
        self.deadline = deadline
        self.pool: list[Bools] = []
        self.pool_cost: list[float] = []
        self.seen: set[bytes] = set()
        self.best = np.inf
        self.incumbent: list[int] | None = None
        self.exact_calls = 0

    def remember(self, col: Bools) -> int | None:
        key = col.tobytes()
        if key in self.seen or not self.pricer.feasible(col):
            return None
        self.seen.add(key)
        self.pool.append(col.copy())
        self.pool_cost.append(self.pricer.cost(col))
        return len(self.pool) - 1

    def offer(self, assignment: list[int]) -> None:
        pricer = self.pricer
        parts = [np.array([a == p for a in assignment]) for p in range(pricer.k)]
        if not all(pricer.feasible(c) for c in parts):
            return
        value = pricer.total_weight + sum(pricer.cost(c) for c in parts)
        if value < self.best - 1e-9:
            self.best, self.incumbent = value, list(assignment)
        for c in parts:
            self.remember(c)

    def prune_at(self) -> float:
        """A node whose bound reaches this cannot hold a better solution (inf: none yet)."""
        if self.best == np.inf:
            return float("inf")
        return float(self.best - 1e-6 * max(1.0, abs(self.best)))

    def solve_node(self, node: _Node) -> tuple[float, list[float], list[Bools], bool]:
        """Column generation at ``node``: ``(lower bound, z values, columns, finished)``.
        The bound is the LP value once exact pricing finds no column, or the Lagrangian bound
        when that already reaches the incumbent; unfinished (the deadline), the best
        Lagrangian bound so far (−inf if none)."""
        pricer = self.pricer
        n, k = pricer.n, pricer.k

        def valid(col: Bools) -> bool:
            return all(col[i] == col[j] for i, j in node.same) and not any(
                col[i] and col[j] for i, j in node.diff
            )

        master = _Master(pricer)
        for index, col in enumerate(self.pool):
            if valid(col):
                master.add(col, self.pool_cost[index], index)
        group, sizes, weights, inside, conflict = pricer.contract(node.same, node.diff)
        m = len(sizes)
        onehot = np.zeros((n, m))
        onehot[np.arange(n), group] = 1.0
        eye = np.eye(m, dtype=bool)
        lam, target, low, high = pricer.lam, pricer.target, pricer.low, pricer.high
        center: Floats | None = None
        best_lagrange = -np.inf

        def add_found(sets: Bools, pi: Floats, sigma: float) -> int:
            added = 0
            for x in sets:
                col = x[group]
                rc = pricer.cost(col) - float(pi @ col) - sigma
                if rc < -EPS:
                    index = self.remember(col)
                    if index is not None:
                        master.add(col, self.pool_cost[index], index)
                        added += 1
            return added

        from oversyn.core.optimize import _pricing

        while True:
            if time.perf_counter() > self.deadline:
                return best_lagrange + pricer.total_weight, [], [], False
            value, pi, sigma, z = master.solve()
            gain = onehot.T @ pi + inside
            starts = [eye[g] for g in range(m)]
            for index, zv in zip(master.ids, z, strict=True):
                if index >= 0 and zv > 1e-6:
                    starts.append((self.pool[index].astype(float) @ onehot) > 0.5)
            starts_arr = np.array(starts)
            ends, values = _pricing.descend(
                gain, weights, sizes, conflict, lam, target, low, high, starts_arr
            )
            if add_found(ends[values > -sigma + EPS], pi, sigma):
                continue
            # exact pricing at a mix of the best Lagrangian prices so far and the LP's
            alpha = 0.0 if center is None else 0.7
            added = 0
            while True:
                left = self.deadline - time.perf_counter()
                if left <= 0:
                    return best_lagrange + pricer.total_weight, [], [], False
                mix = pi if center is None else alpha * center + (1 - alpha) * pi
                gain_mix = onehot.T @ mix + inside
                # a local optimum at these prices is the search's first floor: it prunes
                _e, local = _pricing.descend(
                    gain_mix, weights, sizes, conflict, lam, target, low, high, starts_arr
                )
                floor = float(local.max()) - 1e-7 if len(local) else -np.inf
                self.exact_calls += 1
                _x, top, found, done, _nodes, kept, n_kept = _pricing.dfs(
                    gain_mix,
                    weights,
                    sizes,
                    conflict,
                    lam,
                    target,
                    low,
                    high,
                    floor,
                    -sigma,
                    max(1000, int(left * NODES_PER_SECOND)),
                    KEEP,
                )
                if not done:
                    return best_lagrange + pricer.total_weight, [], [], False
                if not found:  # nothing above the floor: the local optimum is the maximum
                    top = floor + 1e-7
                lagrange = float(mix.sum()) - k * float(top)
                if lagrange > best_lagrange:
                    best_lagrange, center = lagrange, mix
                if best_lagrange + pricer.total_weight >= self.prune_at():
                    return best_lagrange + pricer.total_weight, [], [], True
                if value - best_lagrange <= 1e-7 * max(1.0, abs(value)):
                    added = 0  # the LP value is proven: column generation is done here
                    break
                added = add_found(kept[:n_kept], pi, sigma)
                if n_kept:  # and the local optima from them at the LP's own prices
                    polished, pvals = _pricing.descend(
                        gain, weights, sizes, conflict, lam, target, low, high, kept[:n_kept]
                    )
                    added += add_found(polished[pvals > -sigma + EPS], pi, sigma)
                if added or alpha <= 0.0:
                    break
                alpha = alpha - 0.35 if alpha > 0.35 else 0.0
            if not added:
                break
        columns: list[Bools] = []
        values_z: list[float] = []
        for index, zv in zip(master.ids, z, strict=True):
            if index >= 0:
                columns.append(self.pool[index])
                values_z.append(float(zv))
            elif zv > 1e-6:  # an artificial is in the LP optimum: no real solution here
                return float("inf"), [], [], True
        return value + pricer.total_weight, values_z, columns, True

    def run(self) -> tuple[float, int, str]:
        """Best-bound search; returns the proven lower bound, nodes solved and a status."""
        n, k = self.pricer.n, self.pricer.k
        counter = 0
        heap: list[_Node] = [_Node(-np.inf, counter)]
        nodes = 0
        status = "Optimal"
        while heap:
            if time.perf_counter() > self.deadline:
                status = "Time limit reached"
                break
            node = heapq.heappop(heap)
            if node.bound >= self.prune_at():
                continue
            nodes += 1
            lower, values, columns, finished = self.solve_node(node)
            lower = max(lower, node.bound)
            if not finished:
                status = "Time limit reached"
                heapq.heappush(heap, _Node(lower, node.seq, node.same, node.diff))
                break
            if lower >= self.prune_at():
                continue
            together = np.zeros((n, n))
            used: list[tuple[Bools, float]] = []
            for col, zv in zip(columns, values, strict=True):
                if zv > 1e-9:
                    used.append((col, zv))
                    cf = col.astype(float)
                    together += zv * np.outer(cf, cf)
            pair = _branch_pair(together, self.pricer.weights)
            if pair is None:  # integral: a partition
                assignment = [0] * n
                part = 0
                for col, zv in used:
                    if zv > 0.5 and col.any():
                        for item in np.flatnonzero(col):
                            assignment[int(item)] = part
                        part += 1
                if part <= k:
                    self.offer(assignment)
                continue
            for same, diff in (((*node.same, pair), node.diff), (node.same, (*node.diff, pair))):
                counter += 1
                heapq.heappush(heap, _Node(lower, counter, same, diff))
        open_bounds = [nd.bound for nd in heap]
        bound = min([*open_bounds, self.best])
        text = f"{status} (branch-and-price, {nodes} nodes, {len(self.pool)} columns)"
        return float(bound), nodes, text


def solve_branch_price(
    problem: Problem, *, time_limit: float, start: list[int] | None
) -> tuple[list[int] | None, float | None, bool, str]:
    """Solve a symmetric, contracted ``problem``: ``(assignment, bound, optimal, status)``,
    the assignment's parts numbered 0..K−1 (None when no solution was found), ``bound`` the
    proven lower bound on the cost (None when the root did not get one in time)."""
    search = _Search(problem, time.perf_counter() + time_limit)
    n = search.pricer.n
    if start is not None and len(start) == n:
        search.offer(start)
    if search.pricer.low <= 0.0:
        search.remember(np.zeros(n, dtype=bool))
    for i in range(n):
        search.remember(np.eye(n, dtype=bool)[i])
    bound, _nodes, status = search.run()
    if search.incumbent is None:
        return None, None if bound == -np.inf else bound, False, status
    optimal = bound >= search.prune_at()
    if optimal:
        bound = search.best
    return search.incumbent, (None if bound == -np.inf else bound), optimal, status
