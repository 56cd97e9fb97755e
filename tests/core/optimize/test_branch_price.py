"""Branch-and-price (core/optimize/branch_price.py): the compiled pricing against brute force,
and the whole search against enumeration of every assignment (with together, apart and a
minimum size), its proven flag and its bound when the time runs out."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from oversyn.core.optimize import _pricing
from oversyn.core.optimize.branch_price import _branch_pair
from oversyn.core.optimize.exact import solve_exact
from oversyn.core.optimize.problem import Problem, evaluate

from .test_exact import brute_force, random_problem


def _pricing_case(seed: int) -> tuple[np.ndarray, ...]:
    rng = np.random.default_rng(seed)
    m = int(rng.integers(6, 13))
    weights = np.triu(rng.integers(1, 10, (m, m)) * (rng.random((m, m)) < 0.4), 1).astype(float)
    weights = weights + weights.T
    gain = -rng.uniform(0.0, 12.0, m)
    sizes = rng.integers(1, 9, m).astype(float)
    conflict = np.zeros((m, m), dtype=bool)
    conflict[0, 1] = conflict[1, 0] = seed % 2 == 0
    return gain, weights, sizes, conflict


def _brute_max(gain, weights, sizes, conflict, lam, target, low, high) -> float:  # type: ignore[no-untyped-def]
    best = -np.inf
    m = len(gain)
    for bits in itertools.product((False, True), repeat=m):
        x = np.array(bits)
        load = float(sizes @ x)
        if conflict[x][:, x].any() or not (low - 1e-9 <= load <= high + 1e-9):
            continue
        best = max(best, float(gain @ x + 0.5 * x @ weights @ x - lam * abs(load - target)))
    return best


@pytest.mark.parametrize("seed", range(8))
def test_pricing_search_finds_the_maximum(seed: int) -> None:
    gain, weights, sizes, conflict = _pricing_case(seed)
    target = float(sizes.sum()) / 3
    low, high = (0.5 * target if seed % 3 == 0 else 0.0), 1.2 * target
    expected = _brute_max(gain, weights, sizes, conflict, 0.3, target, low, high)
    x, top, found, done, _nodes, kept, n_kept = _pricing.dfs(
        gain, weights, sizes, conflict, 0.3, target, low, high, -np.inf, -np.inf, 10**7, 5
    )
    assert done and found
    assert top == pytest.approx(expected)
    load = float(sizes @ x)
    assert low - 1e-9 <= load <= high + 1e-9 and not conflict[x][:, x].any()
    assert top == pytest.approx(gain @ x + 0.5 * x @ weights @ x - 0.3 * abs(load - target))
    assert 1 <= n_kept <= 5
    for row in kept[:n_kept]:  # the sets kept on the way are feasible columns
        assert low - 1e-9 <= float(sizes @ row) <= high + 1e-9
        assert not conflict[row][:, row].any()
    # a floor above the maximum: nothing found, and the search says it is done
    _x, _top, found, done, *_ = _pricing.dfs(
        gain, weights, sizes, conflict, 0.3, target, low, high, expected + 1.0, 0.0, 10**7, 5
    )
    assert done and not found
    # the local search ends in feasible sets whose value it reports correctly
    starts = np.eye(len(gain), dtype=bool)
    ends, values = _pricing.descend(gain, weights, sizes, conflict, 0.3, target, low, high, starts)
    for x, value in zip(ends, values, strict=True):
        if value > -np.inf:
            load = float(sizes @ x)
            assert low - 1e-9 <= load <= high + 1e-9
            assert value == pytest.approx(
                gain @ x + 0.5 * x @ weights @ x - 0.3 * abs(load - target)
            )
            assert value <= expected + 1e-9


@pytest.mark.parametrize(("n", "k", "seed"), [(8, 3, 11), (9, 3, 12), (8, 4, 13), (9, 2, 14)])
def test_constraints_match_brute_force(n: int, k: int, seed: int) -> None:
    """Together (contracted before the search), apart (a conflict in pricing) and a minimum
    size per part."""
    problem = random_problem(n, k, seed)
    problem.together = [[2, 3]]
    problem.apart = [(0, 1), (4, 5)]
    problem.min_size = [0.6 * sum(problem.sizes) / k] * k
    sol = solve_exact(problem, formulation="bp")
    assert "branch-and-price" in sol.status
    assert sol.optimal and sol.gap == 0
    assert evaluate(problem, sol.assignment).feasible
    assert sol.cost == pytest.approx(brute_force(problem))
    assert sol.bound == pytest.approx(sol.cost)


def test_auto_uses_branch_and_price_only_for_interchangeable_parts() -> None:
    symmetric = random_problem(8, 3, 2)
    assert "branch-and-price" in solve_exact(symmetric).status
    with_baseline = random_problem(8, 3, 2, baseline=True)
    assert "branch-and-price" not in solve_exact(with_baseline).status
    with pytest.raises(ValueError, match="interchangeable"):
        solve_exact(with_baseline, formulation="bp")


def test_time_limit_gives_a_valid_bound_and_no_proof() -> None:
    """Stopped at once, the search keeps its start, proves nothing and claims no bound above
    the optimum."""
    problem = random_problem(10, 3, 5)
    start = [i % 3 for i in range(10)]
    optimum = brute_force(problem)
    sol = solve_exact(problem, formulation="bp", time_limit=0.0, start=start)
    assert not sol.optimal
    assert sol.cost == pytest.approx(evaluate(problem, start).cost)
    assert sol.bound is None or sol.bound <= optimum + 1e-6
    assert sol.gap is None or 0 <= sol.gap <= 1


def test_infeasible_limits_give_no_solution() -> None:
    problem = Problem(sizes=[5.0, 5.0, 5.0], k=2, edges=[(0, 1, 1.0)], max_size=[6.0, 6.0])
    sol = solve_exact(problem, formulation="bp", time_limit=5.0)
    assert not sol.optimal and sol.assignment == []


@pytest.mark.parametrize("lam", [0.0, 0.3, 2.5])
@pytest.mark.parametrize("seed", range(6))
def test_pricing_bounds_hold_around_the_target(seed: int, lam: float) -> None:
    """The three pricing bounds (−λ|L − T| against −λ·dist, λ(L − T) and λ(T − L)) prune
    nothing better: with large negative gains the empty set is the maximum (value −λT, the
    proof at the end of column generation), with a minimum above T every set is past it."""
    gain, weights, sizes, conflict = _pricing_case(100 + seed)
    total = float(sizes.sum())
    cases = [
        (gain - 4.0, total / 3, 0.0, total),  # the empty set wins
        (gain + 3.0, total / 4, 0.0, 0.6 * total),  # large sets, above T
        (gain, total / 3, 0.4 * total, 0.7 * total),  # low > T: every set is above T
    ]
    for g, target, low, high in cases:
        expected = _brute_max(g, weights, sizes, conflict, lam, target, low, high)
        if expected == -np.inf:
            continue
        x, top, found, done, *_ = _pricing.dfs(
            g, weights, sizes, conflict, lam, target, low, high, -np.inf, -np.inf, 10**7, 1
        )
        assert done and found
        assert top == pytest.approx(expected)
        load = float(sizes @ x)
        assert top == pytest.approx(g @ x + 0.5 * x @ weights @ x - lam * abs(load - target))


def test_branch_pair_prefers_interacting_units_and_sees_a_partition() -> None:
    together = np.array(
        [[1.0, 0.5, 0.4, 0.0], [0.5, 1.0, 0.0, 0.0], [0.4, 0.0, 1.0, 1.0], [0.0, 0.0, 1.0, 1.0]]
    )
    weights = np.zeros((4, 4))
    assert _branch_pair(together, weights) == (0, 1)  # no edges: the most fractional pair
    weights[0, 2] = weights[2, 0] = 5.0
    assert _branch_pair(together, weights) == (0, 2)  # 0.4 · 5 beats 0.5 · 1
    partition = np.array([[1.0, 1.0, 0.0], [1.0, 1.0, 0.0], [0.0, 0.0, 1.0]])
    assert _branch_pair(partition, np.ones((3, 3))) is None


def test_negative_balance_weight_is_refused() -> None:
    problem = random_problem(6, 2, 3)
    problem.balance_weight = -0.1
    with pytest.raises(ValueError, match="balance weight"):
        solve_exact(problem, formulation="bp", time_limit=5.0)
