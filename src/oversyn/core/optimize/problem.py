"""The assignment problem: items (units) → parts (administrations), and its objective.

Objective (to minimise), for an assignment ``x`` of items to parts::

    cost(x) = Σ_{(i,j) : x_i ≠ x_j} w_ij                      (cross-boundary interaction)
            + λ · Σ_p max(0, |S_p − T| − b_p)                  (size-balance penalty)
            + μ · moves(x)                                     (cost per moved unit)

``S_p`` is the size (FTE) of part ``p``, ``T = Σ S / K`` the even share, ``b_p = |B_p − T|`` the
baseline's deviation (0 without a baseline): a proposal is penalised only for making a part
*more* unbalanced than it is today, so it never moves units just to even out sizes that the
municipality chose.  ``moves(x)`` counts items not in their baseline part.

Constraints: allowed parts per item (fixed items and legal consistency), groups that must be
together, pairs that must be apart, min/max size per part, at most ``max_moves`` moves.
*Together* groups are contracted into one item before solving (:meth:`Problem.contract`).

Hand example (tests/core/optimize/test_problem.py): items a, b, c of size 1, w_ab = 5,
w_bc = 1, K = 2, λ = 0; x = (0, 0, 1) costs 1, x = (0, 1, 1) costs 5.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field


@dataclass
class Problem:
    """A partition problem; item and part indices are 0-based."""

    sizes: list[float]
    k: int
    edges: list[tuple[int, int, float]] = field(default_factory=list)
    allowed: list[frozenset[int]] | None = None  # None: every part
    together: list[list[int]] = field(default_factory=list)
    apart: list[tuple[int, int]] = field(default_factory=list)
    min_size: list[float | None] | None = None
    max_size: list[float | None] | None = None
    baseline: list[int] | None = None
    max_moves: int | None = None
    balance_weight: float = 0.0
    move_cost: float = 0.0
    names: list[str] | None = None
    stay: list[frozenset[int]] | None = None  # parts where an item counts as not moved
    fresh_balance: bool = False  # parts are not the baseline's: balance against T only

    @property
    def n(self) -> int:
        return len(self.sizes)

    def allowed_parts(self, item: int) -> frozenset[int]:
        return self.allowed[item] if self.allowed is not None else frozenset(range(self.k))

    def target(self) -> float:
        return sum(self.sizes) / self.k

    def baseline_deviation(self) -> list[float]:
        if self.baseline is None or self.fresh_balance:
            return [0.0] * self.k
        loads = [0.0] * self.k
        for item, part in enumerate(self.baseline):
            loads[part] += self.sizes[item]
        target = self.target()
        return [abs(load - target) for load in loads]

    def is_symmetric(self) -> bool:
        """True when part labels are interchangeable (symmetry breaking is then valid)."""

        def same(values: list[float | None] | None) -> bool:
            return values is None or len(set(values)) <= 1

        return (
            self.baseline is None
            and (self.allowed is None or all(len(a) == self.k for a in self.allowed))
            and same(self.min_size)
            and same(self.max_size)
        )

    # -- contraction of together-groups -------------------------------------------------
    def contract(self) -> tuple[Problem, list[int], list[list[int]]]:
        """Merge each together-group into one item.

        Returns the contracted problem, ``group_of[item]`` and ``members[group]``.  The
        contracted problem has no ``together``; ``baseline`` there is a representative part
        only, and the move counts are in :func:`move_counts`.  Raises ``ValueError`` when an
        apart pair falls in one group or a group has no common allowed part.
        """
        parent = list(range(self.n))

        def find(i: int) -> int:
            while parent[i] != i:
                parent[i] = parent[parent[i]]
                i = parent[i]
            return i

        for group in self.together:
            for item in group[1:]:
                parent[find(item)] = find(group[0])
        roots: dict[int, int] = {}
        group_of = [roots.setdefault(find(i), len(roots)) for i in range(self.n)]
        members: list[list[int]] = [[] for _ in roots]
        for item, g in enumerate(group_of):
            members[g].append(item)
        sizes = [sum(self.sizes[i] for i in m) for m in members]
        weights: dict[tuple[int, int], float] = defaultdict(float)
        for i, j, w in self.edges:
            gi, gj = group_of[i], group_of[j]
            if gi != gj:
                weights[(min(gi, gj), max(gi, gj))] += w
        allowed = None
        if self.allowed is not None:
            allowed = []
            for m in members:
                common = frozenset(range(self.k))
                for item in m:
                    common &= self.allowed[item]
                if not common:
                    raise ValueError(f"no common part for together group {m}")
                allowed.append(common)
        apart = []
        for i, j in self.apart:
            if group_of[i] == group_of[j]:
                raise ValueError(f"items {i} and {j} must be both together and apart")
            apart.append((group_of[i], group_of[j]))
        baseline = [self.baseline[m[0]] for m in members] if self.baseline is not None else None
        stay = None
        if self.stay is not None:
            stay = [frozenset.intersection(*(self.stay[i] for i in m)) for m in members]
        contracted = Problem(
            sizes=sizes,
            k=self.k,
            edges=[(i, j, w) for (i, j), w in weights.items() if w > 0],
            allowed=allowed,
            apart=apart,
            min_size=self.min_size,
            max_size=self.max_size,
            baseline=baseline,
            max_moves=self.max_moves,
            balance_weight=self.balance_weight,
            move_cost=self.move_cost,
            stay=stay,
            fresh_balance=self.fresh_balance,
        )
        return contracted, group_of, members

    def stays(self, item: int) -> frozenset[int]:
        """Parts where ``item`` counts as not moved: its baseline part, or ``stay``."""
        if self.stay is not None:
            return self.stay[item]
        return frozenset() if self.baseline is None else frozenset({self.baseline[item]})


def move_counts(problem: Problem, members: list[list[int]]) -> list[list[int]]:
    """``m[g][p]``: members of group ``g`` whose baseline part is not ``p`` (0 without one)."""
    if problem.baseline is None:
        return [[0] * problem.k for _ in members]
    return [
        [sum(1 for i in m if p not in problem.stays(i)) for p in range(problem.k)] for m in members
    ]


@dataclass
class Evaluation:
    cut: float
    balance: float
    moves: int
    cost: float
    loads: list[float]
    violations: list[str]

    @property
    def feasible(self) -> bool:
        return not self.violations


def evaluate(problem: Problem, assignment: list[int], tol: float = 1e-6) -> Evaluation:
    """Cost and constraint violations of a full assignment of the original items."""
    cut = sum(w for i, j, w in problem.edges if assignment[i] != assignment[j])
    loads = [0.0] * problem.k
    for item, part in enumerate(assignment):
        loads[part] += problem.sizes[item]
    target = problem.target()
    base_dev = problem.baseline_deviation()
    balance = sum(max(0.0, abs(loads[p] - target) - base_dev[p]) for p in range(problem.k))
    moves = (
        sum(1 for i, p in enumerate(assignment) if p not in problem.stays(i))
        if problem.baseline is not None
        else 0
    )
    violations: list[str] = []
    for item, part in enumerate(assignment):
        if part not in problem.allowed_parts(item):
            violations.append(f"allowed:{item}")
    for group in problem.together:
        if len({assignment[i] for i in group}) > 1:
            violations.append(f"together:{group}")
    for i, j in problem.apart:
        if assignment[i] == assignment[j]:
            violations.append(f"apart:{i},{j}")
    for p in range(problem.k):
        low = problem.min_size[p] if problem.min_size else None
        high = problem.max_size[p] if problem.max_size else None
        if low is not None and loads[p] < low - tol:
            violations.append(f"min_size:{p}")
        if high is not None and loads[p] > high + tol:
            violations.append(f"max_size:{p}")
    if problem.max_moves is not None and moves > problem.max_moves:
        violations.append("max_moves")
    cost = cut + problem.balance_weight * balance + problem.move_cost * moves
    return Evaluation(cut, balance, moves, cost, loads, violations)


@dataclass
class Solution:
    """A solver's answer for the original (uncontracted) items."""

    assignment: list[int]
    cost: float
    method: str
    optimal: bool
    bound: float | None  # best proven lower bound on the cost (None if unknown)
    seconds: float
    status: str = ""
    lineage: list[int] | None = None  # K ≠ today: what merges or splits (see .reshape)

    @property
    def gap(self) -> float | None:
        """Relative gap ``(cost − bound) / cost`` (0 when proven optimal)."""
        if self.optimal:
            return 0.0
        if self.bound is None:
            return None
        if abs(self.cost) < 1e-9:
            return 0.0
        return max(0.0, (self.cost - self.bound) / abs(self.cost))
