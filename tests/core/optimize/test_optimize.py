"""Design search on instances whose optimum is obvious by hand, and every constraint kind."""

from __future__ import annotations

import dataclasses
import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from oversyn.core.optimize.design import Constraints, build_design, solve_design, to_alternative
from oversyn.core.optimize.exact import solve_exact
from oversyn.core.optimize.heuristic import solve_heuristic
from oversyn.core.optimize.problem import Problem, evaluate
from oversyn.io.casefile import load_case

EXAMPLE = Path(__file__).resolve().parents[3] / "examples" / "ia-till-ifo.yaml"


def two_triangles() -> Problem:
    """Items 0-1-2 and 3-4-5 are triangles of weight 10; one bridge 2–3 of weight 1.

    K = 2, all sizes 1: the optimum puts each triangle in its own part, cut = 1."""
    edges = [
        (0, 1, 10.0),
        (1, 2, 10.0),
        (0, 2, 10.0),
        (3, 4, 10.0),
        (4, 5, 10.0),
        (3, 5, 10.0),
        (2, 3, 1.0),
    ]
    return Problem(sizes=[1.0] * 6, k=2, edges=edges, max_size=[3.0, 3.0])


def test_hand_example_cost() -> None:
    p = Problem(sizes=[1, 1, 1], k=2, edges=[(0, 1, 5.0), (1, 2, 1.0)])
    assert evaluate(p, [0, 0, 1]).cost == 1
    assert evaluate(p, [0, 1, 1]).cost == 5


@pytest.mark.parametrize("solver", ["highs", "heuristic"])
def test_obvious_optimum(solver: str) -> None:
    p = two_triangles()
    sol = solve_heuristic(p, time_limit=0.3) if solver == "heuristic" else solve_exact(p)
    a = sol.assignment
    assert a[0] == a[1] == a[2] != a[3] == a[4] == a[5]
    assert sol.cost == 1
    if solver == "highs":
        assert sol.optimal and sol.gap == 0


@pytest.mark.parametrize("solver", ["highs", "heuristic"])
def test_each_constraint_kind(solver: str) -> None:
    def solve(p: Problem) -> list[int]:
        if solver == "heuristic":
            return solve_heuristic(p, time_limit=0.3).assignment
        sol = solve_exact(p)
        assert sol.optimal
        return sol.assignment

    # together: 2 and 3 must share a part → the bridge is no longer cut; a triangle edge is
    p = two_triangles()
    p.max_size = None
    p.together = [[2, 3]]
    a = solve(p)
    assert a[2] == a[3] and evaluate(p, a).feasible
    # apart: 0 and 1 apart
    p = two_triangles()
    p.apart = [(0, 1)]
    a = solve(p)
    assert a[0] != a[1] and evaluate(p, a).feasible
    # fixed / allowed: item 0 only in part 1, item 5 only in part 1 → all in part 1 unless max
    p = two_triangles()
    p.max_size = None
    p.allowed = [frozenset({1})] + [frozenset({0, 1})] * 4 + [frozenset({1})]
    a = solve(p)
    assert a == [1] * 6
    # min size: part 0 needs at least 4 → a triangle plus one more item
    p = two_triangles()
    p.max_size = None
    p.min_size = [4.0, None]
    a = solve(p)
    assert sum(1 for x in a if x == 0) >= 4 and evaluate(p, a).feasible
    # max moves: baseline splits both triangles; with one move allowed only one item moves
    p = two_triangles()
    p.max_size = None
    p.baseline = [0, 0, 1, 1, 1, 0]
    p.max_moves = 1
    a = solve(p)
    assert sum(1 for x, b in zip(a, p.baseline, strict=True) if x != b) <= 1
    assert evaluate(p, a).feasible


def test_ia_example_proposes_the_directive() -> None:
    """Level 2 of the IA→IFO example: IA (18 FTE) shares 235 with IFO units and 120 with
    vuxenutbildningen (estimates in the case file); moving IA to SOF saves 115 — the
    directive's proposal — and legal consistency keeps the authority units in SOF."""
    case = load_case(EXAMPLE)
    design = build_design(case, level=2)
    sol = solve_design(design)
    alternative, summary = to_alternative(case, design, sol)
    assert summary["moved"] == ["ia"]
    assert summary["weight_saved"] == 115
    assert sol.optimal
    assert "Integration och arbetsmarknad" in alternative.description
    case.alternatives.append(alternative)
    org = case.organisation(alternative.id)  # applies cleanly
    assert org.unit_administrations()["ia"] == "sof"


def test_legal_consistency_and_fixing() -> None:
    case = load_case(EXAMPLE)
    design = build_design(case, level=2, constraints=Constraints(fixed={"ia": "buf"}))
    sol = solve_design(design)
    _alt, summary = to_alternative(case, design, sol)
    assert summary["moved"] == []
    # authority units may only be where a supported committee's mandate has their law (SoL)
    legal = build_design(case, level=2)
    ek = legal.items.index("ifo-ekonomiskt-bistand")
    assert legal.problem.allowed_parts(ek) == frozenset({legal.parts.index("sof")})
    free = build_design(case, level=2, constraints=Constraints(legal=False))
    assert len(free.problem.allowed_parts(free.items.index("ifo-ekonomiskt-bistand"))) == 3


def test_new_administration_and_max_fte() -> None:
    case = load_case(EXAMPLE)
    constraints = Constraints(max_fte={"sof": 670})
    design = build_design(case, k=4, level=2, constraints=constraints)
    sol = solve_design(design)
    alternative, summary = to_alternative(case, design, sol)
    assert summary["feasible"]
    assert summary["fte_after"]["sof"] <= 670  # type: ignore[index]
    case.alternatives.append(alternative)
    case.organisation(alternative.id)  # applies cleanly, new administration created if used


# CP-SAT runs in a child process: the ortools wheel bundles its own HiGHS build and it clashes
# with highspy's (whichever is imported second fails with an undefined symbol), and this test
# process has loaded highspy already.
_CPSAT_CHILD = """
import json, sys
from oversyn.core.optimize.exact import solve_exact
from oversyn.core.optimize.problem import Problem
out = []
for spec in json.load(sys.stdin):
    if spec["allowed"] is not None:
        spec["allowed"] = [frozenset(a) for a in spec["allowed"]]
    spec["edges"] = [tuple(e) for e in spec["edges"]]
    spec["apart"] = [tuple(e) for e in spec["apart"]]
    sol = solve_exact(Problem(**spec), backend="cpsat", time_limit=20)
    out.append({"assignment": sol.assignment, "cost": sol.cost, "optimal": sol.optimal,
                "status": sol.status, "loaded": sorted(m for m in ("highspy", "ortools")
                                                        if m in sys.modules)})
print(json.dumps(out))
"""


def _constraint_instances() -> list[Problem]:
    """The instances of test_each_constraint_kind plus one with a baseline and move cost."""
    together = two_triangles()
    together.max_size = None
    together.together = [[2, 3]]
    apart = two_triangles()
    apart.apart = [(0, 1)]
    fixed = two_triangles()
    fixed.max_size = None
    fixed.allowed = [frozenset({1})] + [frozenset({0, 1})] * 4 + [frozenset({1})]
    minimum = two_triangles()
    minimum.max_size = None
    minimum.min_size = [4.0, None]
    moves = two_triangles()
    moves.max_size = None
    moves.baseline = [0, 0, 1, 1, 1, 0]
    moves.max_moves = 1
    balanced = two_triangles()
    balanced.max_size = None
    balanced.baseline = [0, 0, 1, 1, 1, 0]
    balanced.balance_weight = 0.5
    balanced.move_cost = 2.0
    return [two_triangles(), together, apart, fixed, minimum, moves, balanced]


def test_cpsat_back_end_matches_highs() -> None:
    """CP-SAT (in a child process) proves the same optimum as HiGHS on every constraint kind."""
    if importlib.util.find_spec("ortools") is None:
        pytest.skip("ortools (extra 'cpsat') is not installed")
    problems = _constraint_instances()
    specs = []
    for p in problems:
        spec = dataclasses.asdict(p)
        if spec["allowed"] is not None:
            spec["allowed"] = [sorted(a) for a in spec["allowed"]]
        specs.append(spec)
    src = str(Path(__file__).resolve().parents[3] / "src")
    env = {**os.environ, "PYTHONPATH": src + os.pathsep + os.environ.get("PYTHONPATH", "")}
    child = subprocess.run(
        [sys.executable, "-c", _CPSAT_CHILD],
        input=json.dumps(specs),
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=True,
    )
    results = json.loads(child.stdout)
    assert len(results) == len(problems)
    for p, got in zip(problems, results, strict=True):
        assert got["loaded"] == ["ortools"]
        assert got["optimal"], got["status"]
        assert evaluate(p, got["assignment"]).feasible
        highs = solve_exact(p)
        assert highs.optimal
        assert got["cost"] == pytest.approx(highs.cost)
    a = results[0]["assignment"]
    assert a[0] == a[1] == a[2] != a[3] == a[4] == a[5]


def test_back_ends_refuse_to_share_a_process() -> None:
    """After highspy is loaded (by the HiGHS solve), asking for CP-SAT is a clear error, not a
    crash on an undefined symbol."""
    solve_exact(two_triangles())
    with pytest.raises(RuntimeError, match="separate process"):
        solve_exact(two_triangles(), backend="cpsat")


def test_exchange_when_single_moves_are_blocked() -> None:
    """Two triangles, both parts full (3 of max 3) and split wrongly: [0,0,1 | 1,1,0] for items
    0..5 cuts 10+10 (0–2, 1–2) + 10+10 (3–5, 4–5) + 0 (bridge 2–3 inside part 1) = 40.  No single
    move is allowed (it would overfill a part); exchanging items 2 and 5 gives the triangles,
    cut 1 (the bridge).  The exchange gain is exact: it equals the change of the cost."""
    import random

    from oversyn.core.optimize.heuristic import _State
    from oversyn.core.optimize.problem import move_counts

    p = two_triangles()
    contracted, _group_of, members = p.contract()
    state = _State(contracted, move_counts(p, members), [0, 0, 1, 1, 1, 0])
    assert state.augmented() == 40
    assert all(state.delta(i, 1 - state.assign[i]) > 0 for i in range(6))  # blocked
    before = state.augmented()
    gain = state.swap_gain(2, 5)
    assert gain == -39
    state.local_search(random.Random(1))
    assert state.augmented() == before + gain == 1
    a = state.assign
    assert a[0] == a[1] == a[2] != a[3] == a[4] == a[5]
