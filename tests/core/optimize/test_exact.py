"""The exact models prove the optimum: checked against brute force over every assignment."""

from __future__ import annotations

import itertools
import random

import pytest

from oversyn.core.optimize.exact import _triangles, solve_exact
from oversyn.core.optimize.problem import Problem, evaluate


def random_problem(n: int, k: int, seed: int, *, baseline: bool = False) -> Problem:
    """A random graph (p = 0.4, weights 1–10), sizes 1–9, parts at most 1.2 × the even share,
    balance weight 0.3 — the benchmark's random family in small."""
    rng = random.Random(seed)
    sizes = [float(rng.randint(1, 9)) for _ in range(n)]
    edges = [
        (i, j, float(rng.randint(1, 10)))
        for i in range(n)
        for j in range(i + 1, n)
        if rng.random() < 0.4
    ]
    share = sum(sizes) / k
    problem = Problem(sizes=sizes, k=k, edges=edges, max_size=[1.2 * share] * k, balance_weight=0.3)
    if baseline:
        problem.baseline = [rng.randrange(k) for _ in range(n)]
        problem.move_cost = 1.5
        problem.apart = [(0, 1)]
    return problem


def brute_force(problem: Problem) -> float:
    best = float("inf")
    for assignment in itertools.product(range(problem.k), repeat=problem.n):
        result = evaluate(problem, list(assignment))
        if result.feasible:
            best = min(best, result.cost)
    return best


CASES = [(7, 2, 1), (8, 3, 2), (8, 3, 3), (7, 4, 4), (8, 2, 5)]


@pytest.mark.parametrize("formulation", ["tv", "clique", "portfolio", "bp", "auto"])
@pytest.mark.parametrize(("n", "k", "seed"), CASES)
def test_symmetric_instances_match_brute_force(n: int, k: int, seed: int, formulation: str) -> None:
    problem = random_problem(n, k, seed)
    sol = solve_exact(problem, formulation=formulation)
    assert sol.optimal and sol.gap == 0
    assert evaluate(problem, sol.assignment).feasible
    assert sol.cost == pytest.approx(brute_force(problem))
    assert sol.bound is not None and sol.bound == pytest.approx(sol.cost, abs=1e-4)


@pytest.mark.parametrize("formulation", ["tv", "clique"])
@pytest.mark.parametrize(("n", "k", "seed"), CASES[:3])
def test_baseline_moves_and_apart_match_brute_force(
    n: int, k: int, seed: int, formulation: str
) -> None:
    """With a baseline (no symmetry breaking), move costs and an apart pair."""
    problem = random_problem(n, k, seed, baseline=True)
    sol = solve_exact(problem, formulation=formulation)
    assert sol.optimal
    assert sol.cost == pytest.approx(brute_force(problem))


def test_triangles_are_valid_for_every_partition() -> None:
    """Each separated triangle inequality y_ij + y_jk − y_ik ≤ 1 holds for every assignment
    (y = same part), so it never cuts off a solution."""
    problem = random_problem(8, 3, 7)
    triangles = _triangles(problem, capacity=1.2 * sum(problem.sizes) / 3)
    assert triangles, "the LP of the pair model violates some triangles"
    for assignment in itertools.product(range(3), repeat=8):
        for i, j, k in triangles:
            same = [assignment[a] == assignment[b] for a, b in ((i, j), (j, k), (i, k))]
            assert same[0] + same[1] - same[2] <= 1
