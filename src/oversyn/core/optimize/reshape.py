"""Fewer or more administrations than today: the search chooses the *lineage* too.

With ``S`` administrations in the baseline and ``K`` wanted:

* ``K < S`` (**merge**): every baseline administration ``s`` goes into one of ``K`` that stay
  open, ``lineage[s] = q`` with ``lineage[q] = q`` for an open ``q``; the part ``q`` is the
  merge of every ``s`` with ``lineage[s] = q`` (``merge_administrations``);
* ``K > S`` (**split**): the ``K − S`` new parts each split off from one baseline
  administration, ``lineage[t − S] = s`` (``split_administration``); the baseline
  administrations keep their ids.

A part's committees are those of its lineage (a merged administration supports the union, a
split-off part those of the administration it comes from), so legal consistency depends on
the lineage: an item may be in part ``t`` only when each of its *requirements* (for each law of
an authority unit in it, the baseline administrations whose committees cover it) meets the
lineage of ``t``.  An item counts as moved when it leaves its administration's lineage
(to another part than the one its administration merges into, or than its administration and
what splits off from it).  The balance penalty measures against the even share ``T`` only:
the parts are not today's, so today's imbalance is no reference.

For a fixed lineage the question is an ordinary :class:`Problem` (:func:`fixed_problem`); the
heuristic tries a few lineages (greedy agglomeration of the administrations that share most
work for merges, the largest administrations as parents for splits) and the exact model
(:func:`solve_reshape`, HiGHS) chooses lineage and assignment together, with the heuristic's
answer as its start.
"""

from __future__ import annotations

import itertools
import time
from dataclasses import dataclass, field

from oversyn.core.optimize.heuristic import solve_heuristic
from oversyn.core.optimize.problem import Problem, Solution, evaluate


@dataclass
class Reshape:
    """A design question with ``k ≠ sources`` parts (see module docstring).

    ``base`` carries sizes, edges, together/apart, the weights, ``max_moves``, ``k`` (= K) and
    ``baseline`` (each item's baseline administration, 0..S−1); its ``allowed``, ``min_size``
    and ``max_size`` are not used — ``pinned`` and ``requirements`` and ``limits`` say it.
    ``limits[p]`` is (min, max) FTE of the part labelled ``p``: a baseline administration for
    merges (0..S−1), any part for splits (0..K−1).
    """

    base: Problem
    sources: int
    requirements: list[list[frozenset[int]]]
    pinned: list[int | None] = field(default_factory=list)  # source an item must go with
    limits: list[tuple[float | None, float | None]] = field(default_factory=list)

    @property
    def merge(self) -> bool:
        return self.base.k < self.sources

    def part_labels(self, lineage: list[int]) -> list[int]:
        """The label of each part of :func:`fixed_problem`: the open administrations for a
        merge, 0..K−1 for a split."""
        if self.merge:
            return [q for q in range(self.sources) if lineage[q] == q]
        return list(range(self.base.k))

    def lineage_sets(self, lineage: list[int]) -> list[frozenset[int]]:
        """Baseline administrations behind each part of :func:`fixed_problem`."""
        if self.merge:
            return [
                frozenset(s for s in range(self.sources) if lineage[s] == q)
                for q in self.part_labels(lineage)
            ]
        own = [frozenset({s}) for s in range(self.sources)]
        return own + [frozenset({parent}) for parent in lineage]

    def valid(self, lineage: list[int]) -> bool:
        if self.merge:
            return (
                len(lineage) == self.sources
                and all(lineage[lineage[s]] == lineage[s] for s in range(self.sources))
                and len(self.part_labels(lineage)) == self.base.k
            )
        return len(lineage) == self.base.k - self.sources and all(
            0 <= s < self.sources for s in lineage
        )


def fixed_problem(reshape: Reshape, lineage: list[int]) -> Problem:
    """The ordinary problem for one lineage: K parts (see :meth:`Reshape.part_labels`)."""
    if not reshape.valid(lineage):
        raise ValueError(f"invalid lineage {lineage}")
    base = reshape.base
    labels = reshape.part_labels(lineage)
    sets = reshape.lineage_sets(lineage)
    k = base.k
    assert base.baseline is not None
    home = [frozenset(t for t in range(k) if base.baseline[i] in sets[t]) for i in range(base.n)]
    allowed: list[frozenset[int]] = []
    for i in range(base.n):
        options = set()
        for t in range(k):
            pin = reshape.pinned[i] if reshape.pinned else None
            if pin is not None and (pin not in sets[t] if reshape.merge else t != pin):
                continue
            if all(req & sets[t] for req in reshape.requirements[i]):
                options.add(t)
        allowed.append(frozenset(options))
    limits = reshape.limits or [(None, None)] * (reshape.sources if reshape.merge else k)
    low = [limits[label][0] for label in labels]
    high = [limits[label][1] for label in labels]
    return Problem(
        sizes=base.sizes,
        k=k,
        edges=base.edges,
        allowed=allowed,
        together=base.together,
        apart=base.apart,
        min_size=low if any(v is not None for v in low) else None,
        max_size=high if any(v is not None for v in high) else None,
        baseline=[min(h) for h in home],
        max_moves=base.max_moves,
        balance_weight=base.balance_weight,
        move_cost=base.move_cost,
        names=base.names,
        stay=home,
        fresh_balance=True,
    )


def _between(base: Problem, sources: int) -> dict[tuple[int, int], float]:
    """Interaction weight between baseline administrations (items where they are today)."""
    assert base.baseline is not None
    weight: dict[tuple[int, int], float] = {}
    for i, j, w in base.edges:
        a, b = base.baseline[i], base.baseline[j]
        if a != b:
            key = (min(a, b), max(a, b))
            weight[key] = weight.get(key, 0.0) + w
    return weight


def candidate_lineages(reshape: Reshape, limit: int = 6) -> list[list[int]]:
    """A few lineages for the heuristic to try (greedy; see module docstring)."""
    base, n_src = reshape.base, reshape.sources
    assert base.baseline is not None
    load = [0.0] * n_src
    for i, s in enumerate(base.baseline):
        load[s] += base.sizes[i]
    if not reshape.merge:
        # each new part splits off the administration with the most FTE per part so far;
        # candidates differ in the first parent
        result = []
        for first in sorted(range(n_src), key=lambda s: -load[s])[:limit]:
            count = [1] * n_src
            parents = [first]
            count[first] += 1
            for _ in range(base.k - n_src - 1):
                s = max(range(n_src), key=lambda s: load[s] / count[s])
                parents.append(s)
                count[s] += 1
            result.append(sorted(parents))
        return [list(p) for p in dict.fromkeys(tuple(p) for p in result)]
    between = _between(base, n_src)
    pairs = sorted(between, key=lambda key: -between[key]) or list(
        itertools.combinations(range(n_src), 2)
    )
    result = []
    for first_pair in pairs[:limit]:
        a, b = first_pair
        blocks = [{s} for s in range(n_src) if s not in (a, b)] + [{a, b}]
        while len(blocks) > base.k:
            best = None
            for x, y in itertools.combinations(range(len(blocks)), 2):
                w = sum(
                    between.get((min(a, b), max(a, b)), 0.0) for a in blocks[x] for b in blocks[y]
                )
                size = sum(load[s] for s in blocks[x] | blocks[y])
                key = (-w, size)
                if best is None or key < best[0]:
                    best = (key, x, y)
            assert best is not None
            _key, x, y = best
            blocks[x] |= blocks.pop(y)
        lineage = [0] * n_src
        for blk in blocks:
            into = max(blk, key=lambda s: (load[s], -s))  # the largest keeps its id
            for s in blk:
                lineage[s] = into
        result.append(lineage)
    return [list(p) for p in dict.fromkeys(tuple(p) for p in result)]


@dataclass
class ReshapeSolution:
    solution: Solution  # for the original items; parts as in fixed_problem(lineage)
    lineage: list[int]
    problem: Problem  # fixed_problem(reshape, lineage)


def solve_reshape_heuristic(
    reshape: Reshape, *, time_limit: float = 1.0, seed: int = 1
) -> ReshapeSolution | None:
    """Best of the heuristic over :func:`candidate_lineages` (None if no lineage is feasible)."""
    candidates = candidate_lineages(reshape)
    best: ReshapeSolution | None = None
    share = time_limit / max(1, len(candidates))
    for lineage in candidates:
        problem = fixed_problem(reshape, lineage)
        if any(not a for a in problem.allowed or []):
            continue
        sol = solve_heuristic(problem, time_limit=share, seed=seed)
        if not evaluate(problem, sol.assignment).feasible:
            continue
        if best is None or sol.cost < best.solution.cost:
            best = ReshapeSolution(sol, lineage, problem)
    return best


def solve_reshape(
    reshape: Reshape, *, time_limit: float = 10.0, seed: int = 1, exact: bool = True
) -> ReshapeSolution | None:
    """Heuristic start, then (``exact``) the joint MIP of lineage and assignment."""
    started = time.perf_counter()
    heuristic = solve_reshape_heuristic(reshape, time_limit=min(1.0, time_limit / 4), seed=seed)
    if not exact:
        return heuristic
    from oversyn.core.optimize.exact import solve_reshape_exact

    remaining = max(0.5, time_limit - (time.perf_counter() - started))
    start = (heuristic.lineage, heuristic.solution.assignment) if heuristic else None
    found = solve_reshape_exact(reshape, time_limit=remaining, start=start)
    if found is None:
        if heuristic is not None:
            heuristic.solution.bound = None
        return heuristic
    lineage, assignment, optimal, bound, status = found
    problem = fixed_problem(reshape, lineage)
    result = evaluate(problem, assignment)
    seconds = time.perf_counter() - started
    sol = Solution(assignment, result.cost, "highs", optimal, bound, seconds, status)
    if heuristic is not None and not optimal and heuristic.solution.cost < sol.cost:
        heuristic.solution.bound = bound
        return heuristic
    return ReshapeSolution(sol, lineage, problem)
