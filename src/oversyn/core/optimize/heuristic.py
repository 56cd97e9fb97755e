"""Fast heuristic: multilevel start (Louvain communities) + iterated local search with repair.

1. *Start*: the baseline when there is one (it is what the municipality has); otherwise the
   graph's Louvain communities (networkx), packed into the K parts largest first — the coarse
   level of a multilevel scheme.
2. *Refinement*: Fiduccia–Mattheyses style single-item moves with a work queue: an item moves to
   the part with the largest decrease of the *augmented* cost (cost plus a large penalty per
   unit of constraint violation), and its neighbours are re-examined.  Balance repair is part of
   the same step: moves that reduce a size violation have a large gain.
3. *Iterated local search*: perturb a few random items, refine, keep the result if it is
   better, until the time or iteration budget runs out.

Why our own code: the constraints (allowed parts, apart, min/max size, max moves from the
baseline) are the product's edge and none of the graph-partitioning libraries takes them; the
community detection comes from networkx.
"""

from __future__ import annotations

import random
import time
from collections import deque

import networkx as nx

from oversyn.core.optimize.problem import Problem, Solution, evaluate, move_counts

PENALTY = 1e6


class _State:
    """Incremental bookkeeping for a contracted problem (no together-groups)."""

    def __init__(self, problem: Problem, moves: list[list[int]], assign: list[int]) -> None:
        self.p = problem
        self.k = problem.k
        self.moves_of = moves
        self.adj: list[list[tuple[int, float]]] = [[] for _ in range(problem.n)]
        for i, j, w in problem.edges:
            self.adj[i].append((j, w))
            self.adj[j].append((i, w))
        self.apart: list[list[int]] = [[] for _ in range(problem.n)]
        for i, j in problem.apart:
            self.apart[i].append(j)
            self.apart[j].append(i)
        self.allowed = [sorted(problem.allowed_parts(i)) for i in range(problem.n)]
        self.target = problem.target()
        self.base_dev = problem.baseline_deviation()
        self.low = [(problem.min_size[q] if problem.min_size else None) for q in range(self.k)]
        self.high = [(problem.max_size[q] if problem.max_size else None) for q in range(self.k)]
        self.assign = list(assign)
        self.loads = [0.0] * self.k
        for i, q in enumerate(assign):
            self.loads[q] += problem.sizes[i]
        self.move_total = sum(moves[i][q] for i, q in enumerate(assign))

    def part_cost(self, q: int, load: float) -> float:
        dev = max(0.0, abs(load - self.target) - self.base_dev[q])
        viol = 0.0
        if self.low[q] is not None and load < self.low[q]:  # type: ignore[operator]
            viol += self.low[q] - load  # type: ignore[operator]
        if self.high[q] is not None and load > self.high[q]:  # type: ignore[operator]
            viol += load - self.high[q]  # type: ignore[operator]
        return self.p.balance_weight * dev + PENALTY * viol

    def moves_cost(self, total: int) -> float:
        extra = 0.0
        if self.p.max_moves is not None and total > self.p.max_moves:
            extra = PENALTY * (total - self.p.max_moves)
        return self.p.move_cost * total + extra

    def delta(self, i: int, q: int) -> float:
        """Change of augmented cost when item ``i`` moves to part ``q``."""
        src = self.assign[i]
        if q == src:
            return 0.0
        d = 0.0
        for j, w in self.adj[i]:
            pj = self.assign[j]
            if pj == src:
                d += w
            elif pj == q:
                d -= w
        for j in self.apart[i]:
            pj = self.assign[j]
            if pj == src:
                d -= PENALTY
            elif pj == q:
                d += PENALTY
        s = self.p.sizes[i]
        d += self.part_cost(src, self.loads[src] - s) - self.part_cost(src, self.loads[src])
        d += self.part_cost(q, self.loads[q] + s) - self.part_cost(q, self.loads[q])
        new_total = self.move_total - self.moves_of[i][src] + self.moves_of[i][q]
        d += self.moves_cost(new_total) - self.moves_cost(self.move_total)
        return d

    def move(self, i: int, q: int) -> None:
        src = self.assign[i]
        s = self.p.sizes[i]
        self.loads[src] -= s
        self.loads[q] += s
        self.move_total += self.moves_of[i][q] - self.moves_of[i][src]
        self.assign[i] = q

    def augmented(self) -> float:
        cut = sum(w for i, j, w in self.p.edges if self.assign[i] != self.assign[j])
        apart = sum(PENALTY for i, j in self.p.apart if self.assign[i] == self.assign[j])
        parts = sum(self.part_cost(q, self.loads[q]) for q in range(self.k))
        return cut + apart + parts + self.moves_cost(self.move_total)

    def refine(self, items: list[int] | None = None) -> None:
        queue = deque(items if items is not None else range(self.p.n))
        queued = set(queue)
        while queue:
            i = queue.popleft()
            queued.discard(i)
            best_q, best_d = self.assign[i], -1e-9
            for q in self.allowed[i]:
                d = self.delta(i, q)
                if d < best_d:
                    best_q, best_d = q, d
            if best_q != self.assign[i]:
                self.move(i, best_q)
                for j, _w in self.adj[i]:
                    if j not in queued:
                        queue.append(j)
                        queued.add(j)
                for j in self.apart[i]:
                    if j not in queued:
                        queue.append(j)
                        queued.add(j)

    def repair(self) -> None:
        """Move items out of violated parts even against the cut (balance repair)."""
        for _ in range(self.p.n):
            before = self.augmented()
            if before < PENALTY:
                return
            best: tuple[float, int, int] | None = None
            for i in range(self.p.n):
                for q in self.allowed[i]:
                    if q != self.assign[i]:
                        d = self.delta(i, q)
                        if best is None or d < best[0]:
                            best = (d, i, q)
            if best is None or best[0] >= 0:
                return
            self.move(best[1], best[2])


def _initial(problem: Problem, seed: int) -> list[int]:
    if problem.baseline is not None:
        return [
            b if b in problem.allowed_parts(i) else min(problem.allowed_parts(i))
            for i, b in enumerate(problem.baseline)
        ]
    graph = nx.Graph()
    graph.add_nodes_from(range(problem.n))
    graph.add_weighted_edges_from(problem.edges)
    communities = nx.community.louvain_communities(graph, weight="weight", seed=seed)
    communities.sort(key=lambda c: -sum(problem.sizes[i] for i in c))
    loads = [0.0] * problem.k
    assign = [0] * problem.n
    for community in communities:
        q = min(range(problem.k), key=lambda p: loads[p])
        for i in community:
            allowed = problem.allowed_parts(i)
            part = q if q in allowed else min(allowed, key=lambda p: loads[p])
            assign[i] = part
            loads[part] += problem.sizes[i]
    return assign


def solve_heuristic(
    problem: Problem,
    *,
    time_limit: float = 2.0,
    max_rounds: int = 2000,
    seed: int = 1,
) -> Solution:
    """Best assignment found by the heuristic within ``time_limit`` seconds."""
    started = time.perf_counter()
    contracted, group_of, members = problem.contract()
    moves = move_counts(problem, members)
    rng = random.Random(seed)
    state = _State(contracted, moves, _initial(contracted, seed))
    state.refine()
    state.repair()
    state.refine()
    best_assign, best_cost = list(state.assign), state.augmented()
    n = contracted.n
    movable = [i for i in range(n) if len(state.allowed[i]) > 1]
    rounds = 0
    while movable and rounds < max_rounds and time.perf_counter() - started < time_limit:
        rounds += 1
        touched = rng.sample(movable, min(len(movable), max(2, n // 20 if n > 40 else 3)))
        for i in touched:
            state.move(i, rng.choice(state.allowed[i]))
        affected = set(touched)
        for i in touched:
            affected.update(j for j, _w in state.adj[i])
        state.refine(sorted(affected))
        if state.augmented() >= PENALTY:
            state.repair()
            state.refine()
        cost = state.augmented()
        if cost < best_cost - 1e-9:
            best_assign, best_cost = list(state.assign), cost
        else:  # restart from the best known
            state = _State(contracted, moves, best_assign)
    assignment = [best_assign[group_of[i]] for i in range(problem.n)]
    result = evaluate(problem, assignment)
    return Solution(
        assignment=assignment,
        cost=result.cost,
        method="heuristic",
        optimal=False,
        bound=None,
        seconds=time.perf_counter() - started,
        status="feasible" if result.feasible else "infeasible",
    )
