"""Fast heuristic: multilevel start (Louvain communities) + iterated local search with repair.

1. *Start*: the baseline when there is one (it is what the municipality has); otherwise the
   graph's Louvain communities (networkx), packed into the K parts largest first — the coarse
   level of a multilevel scheme.
2. *Refinement*: Fiduccia–Mattheyses style single-item moves with a work queue: an item moves to
   the part with the largest decrease of the *augmented* cost (cost plus a large penalty per
   unit of constraint violation), and its neighbours are re-examined.  Balance repair is part of
   the same step: moves that reduce a size violation have a large gain.
3. *Improvement*, until the time or iteration budget runs out: for small problems (at most
   150 items) a tabu search over single moves and exchanges of two items (Kernighan–Lin
   style, needed when the size limits are tight), returning to the best solution, shaken, when
   it stalls; for large ones an iterated local search (perturb a few items, refine with moves
   and exchanges near them, late acceptance, random restarts when it stalls).
   On the benchmark's 40-unit instances (benchmarks/optimize_bench.py) the tabu search was
   within 0.9 % of the proven optimum in 2 s, where the iterated local search alone stayed
   up to 6 % above it.

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
SMALL = 150  # up to this many items, exchanges consider every pair
PATIENCE = 150  # rounds without a new best before a random restart
HISTORY = 50  # late-acceptance list length (Burke & Bykov 2017)


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
        self.weight: list[dict[int, float]] = [{} for _ in range(problem.n)]
        # ext[i][q]: interaction weight between item i and the items now in part q
        self.ext = [[0.0] * self.k for _ in range(problem.n)]
        for i in range(problem.n):
            for j, w in self.adj[i]:
                self.weight[i][j] = self.weight[i].get(j, 0.0) + w
                self.ext[i][self.assign[j]] += w
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
        d = self.ext[i][src] - self.ext[i][q]
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
        for j, w in self.adj[i]:
            self.ext[j][src] -= w
            self.ext[j][q] += w

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

    def swap_gain(self, i: int, j: int) -> float:
        """Change of augmented cost when ``i`` (in part a) and ``j`` (in part b) exchange."""
        a, b = self.assign[i], self.assign[j]
        ext_i, ext_j = self.ext[i], self.ext[j]
        d = ext_i[a] - ext_i[b] + ext_j[b] - ext_j[a] + 2 * self.weight[i].get(j, 0.0)
        for x, here, there, other in ((i, a, b, j), (j, b, a, i)):
            for y in self.apart[x]:
                before = self.assign[y]
                after = here if y == other else before
                d += PENALTY * ((after == there) - (before == here))
        si, sj = self.p.sizes[i], self.p.sizes[j]
        la, lb = self.loads[a], self.loads[b]
        d += self.part_cost(a, la - si + sj) - self.part_cost(a, la)
        d += self.part_cost(b, lb + si - sj) - self.part_cost(b, lb)
        m = self.moves_of
        total = self.move_total - m[i][a] + m[i][b] - m[j][b] + m[j][a]
        return d + self.moves_cost(total) - self.moves_cost(self.move_total)

    def swap_pass(
        self, rng: random.Random, items: list[int] | None = None, sample: int = 12
    ) -> list[int]:
        """Kernighan–Lin style pair exchanges, which single moves cannot make when the size
        limits are tight, for ``items`` (default all).  Partners: every item for small
        problems, otherwise the item's neighbours plus a random sample.  Returns the items
        exchanged (each exchange lowers the cost)."""
        n = self.p.n
        swapped: list[int] = []
        everyone = list(range(n))
        for i in everyone if items is None else items:
            if len(self.allowed[i]) < 2:
                continue
            if n <= SMALL:
                partners = everyone
            else:
                partners = [j for j, _w in self.adj[i]] + rng.sample(everyone, min(sample, n))
            a = self.assign[i]
            best_d, best_j = -1e-9, -1
            for j in partners:
                b = self.assign[j]
                if b == a or b not in self.allowed[i] or a not in self.allowed[j]:
                    continue
                d = self.swap_gain(i, j)
                if d < best_d:
                    best_d, best_j = d, j
            if best_j >= 0:
                b = self.assign[best_j]
                self.move(i, b)
                self.move(best_j, a)
                swapped += [i, best_j]
        return swapped

    def local_search(self, rng: random.Random, items: list[int] | None = None) -> None:
        """Single moves to a local optimum, then exchanges, until neither improves; only
        ``items`` and the neighbourhoods of what changed are examined (default all)."""
        self.refine(items)
        scope = items
        while swapped := self.swap_pass(rng, scope):
            near = set(swapped)
            for i in swapped:
                near.update(j for j, _w in self.adj[i])
            scope = sorted(near)
            self.refine(scope)

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


def _tabu(
    state: _State, rng: random.Random, deadline: float, iterations: int
) -> tuple[list[int], float]:
    """Tabu search over single moves and exchanges (small problems): each step makes the best
    move whose items are not tabu — even a worsening one, which is what leads out of a local
    optimum — unless it beats the best known (aspiration); moved items stay tabu for a random
    5–15 steps.  Returns the best assignment seen and its augmented cost."""
    n = state.p.n
    movable = [i for i in range(n) if len(state.allowed[i]) > 1]
    tabu = [0] * n
    cost = state.augmented()
    best, best_cost = list(state.assign), cost
    since = 0
    for it in range(1, iterations + 1):
        since += 1
        if since > 4 * n and movable:  # no new best for a while: back to the best, shaken
            since = 0
            state = _State(state.p, state.moves_of, best)
            for i in rng.sample(movable, min(len(movable), 3)):
                state.move(i, rng.choice(state.allowed[i]))
            cost = state.augmented()
        if it % 64 == 0:
            if time.perf_counter() > deadline:
                break
            cost = state.augmented()  # no drift from summing deltas
        choice: tuple[float, int, int, int] | None = None
        for i in movable:
            a = state.assign[i]
            free = tabu[i] <= it
            for q in state.allowed[i]:
                if q == a:
                    continue
                d = state.delta(i, q)
                if (free or cost + d < best_cost - 1e-9) and (choice is None or d < choice[0]):
                    choice = (d, i, q, -1)
            for j in movable:
                if j <= i or state.assign[j] == a:
                    continue
                b = state.assign[j]
                if b not in state.allowed[i] or a not in state.allowed[j]:
                    continue
                d = state.swap_gain(i, j)
                ok = (free and tabu[j] <= it) or cost + d < best_cost - 1e-9
                if ok and (choice is None or d < choice[0]):
                    choice = (d, i, b, j)
        if choice is None:
            break
        d, i, q, j = choice
        if j >= 0:
            a = state.assign[i]
            state.move(i, q)
            state.move(j, a)
            tabu[j] = it + rng.randint(5, 15)
        else:
            state.move(i, q)
        tabu[i] = it + rng.randint(5, 15)
        cost += d
        if cost < best_cost - 1e-9:
            best, best_cost = list(state.assign), cost
            since = 0
    return best, best_cost


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
    state.local_search(rng)
    best_assign, best_cost = list(state.assign), state.augmented()
    current_assign, current_cost = best_assign, best_cost
    n = contracted.n
    movable = [i for i in range(n) if len(state.allowed[i]) > 1]
    if n <= SMALL:
        deadline = started + time_limit
        best_assign, best_cost = _tabu(state, rng, deadline, iterations=50 * max_rounds)
        movable = []  # skip the iterated local search below
    rounds = 0
    history = [current_cost] * HISTORY
    stale = 0
    largest = min(max(3, n // 10), 30)
    while movable and rounds < max_rounds and time.perf_counter() - started < time_limit:
        rounds += 1
        size = min(len(movable), rng.randint(2, largest))
        touched = rng.sample(movable, size)
        for i in touched:
            state.move(i, rng.choice(state.allowed[i]))
        affected = set(touched)
        for i in touched:
            affected.update(j for j, _w in state.adj[i])
        if state.augmented() >= PENALTY:
            state.repair()
            affected = set(range(n))
        state.local_search(rng, sorted(affected) if n > SMALL else None)
        cost = state.augmented()
        stale += 1
        if cost < best_cost - 1e-9:
            best_assign, best_cost = list(state.assign), cost
            stale = 0
        if stale >= PATIENCE:  # a deep basin: restart from a random assignment
            stale = 0
            start = [rng.choice(state.allowed[i]) for i in range(n)]
            state = _State(contracted, moves, start)
            state.refine()
            state.repair()
            state.local_search(rng)
            current_assign, current_cost = list(state.assign), state.augmented()
            history = [current_cost] * HISTORY
            continue
        # late acceptance: no worse than the current solution or than the one HISTORY rounds ago
        slot = rounds % HISTORY
        if cost <= current_cost + 1e-9 or cost <= history[slot] + 1e-9:
            current_assign, current_cost = list(state.assign), cost
        else:  # back to the current solution
            state = _State(contracted, moves, current_assign)
        history[slot] = current_cost
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
