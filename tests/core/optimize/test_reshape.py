"""Fewer or more administrations than today: merges, splits, and the figures they claim."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from oversyn.core.analysis import analyze_case
from oversyn.core.optimize.design import build_design, solve_design, to_alternative
from oversyn.core.optimize.problem import Problem, evaluate
from oversyn.core.optimize.reshape import Reshape, fixed_problem, solve_reshape
from oversyn.io.casefile import load_case

EXAMPLE = Path(__file__).resolve().parents[3] / "examples" / "ia-till-ifo.yaml"


@pytest.mark.parametrize("k", [1, 2, 3, 4, 5])
def test_proposal_applied_gives_the_proposals_figures(k: int) -> None:
    """For K below, equal to and above today's 3: the alternative, applied to the baseline,
    has K administrations, the FTE per administration the proposal states and the
    cross-boundary weight the structural analysis computes for it."""
    case = load_case(EXAMPLE)
    design = build_design(case, k=k, level=2)
    solution = solve_design(design)
    assert solution.optimal
    alternative, summary = to_alternative(case, design, solution)
    assert summary["feasible"]
    case.alternatives.append(alternative)
    org = case.organisation(alternative.id)
    assert len(org.administrations) == k
    adm_of = org.unit_administrations()
    fte = {a.id: 0.0 for a in org.administrations}
    for unit in org.units:
        fte[adm_of[unit.id] or ""] += unit.fte or 0.0
    assert fte == pytest.approx(summary["fte_after"])
    analysis = {r.id: r for r in analyze_case(case)}[alternative.id]
    assert analysis.metrics["cross_boundary_interaction_weight"] == pytest.approx(
        summary["cross_weight_after"]
    )
    kinds = {op.op for op in alternative.operations}
    if k < 3:
        assert "merge_administrations" in kinds
        assert summary["confirm"] and "bekräfta nämndstödet" in alternative.description
    elif k > 3:
        assert "split_administration" in kinds
        assert summary["confirm"] and "bekräfta nämndstödet" in alternative.description
    else:
        assert kinds == {"move_unit"} and not summary["confirm"]


def test_merge_carries_committee_support_over_and_keeps_authority_legal() -> None:
    """Two administrations: the merged one supports both committees, so the authority units
    under SoL stay legal (the check finds no authority outside a covering mandate)."""
    case = load_case(EXAMPLE)
    design = build_design(case, k=2, level=2)
    alternative, _summary = to_alternative(case, design, solve_design(design))
    case.alternatives.append(alternative)
    org = case.organisation(alternative.id)
    sof_units = org.unit_administrations()["ifo-ekonomiskt-bistand"]
    merged = org.administration(sof_units or "")
    assert merged is not None and "sn" in merged.supports
    analysis = {r.id: r for r in analyze_case(case)}[alternative.id]
    assert not [c for c in analysis.checks if c.code == "authority_law_not_in_mandate"]


def _small(k: int) -> Reshape:
    """Seven items in three administrations (baseline 0,0,0,1,1,2,2); item 6 needs a law
    only administration 2 covers; item 0 is a frame pinned to administration 0."""
    edges = [
        (0, 1, 4.0),
        (1, 2, 3.0),
        (2, 3, 5.0),
        (3, 4, 2.0),
        (4, 5, 6.0),
        (5, 6, 1.0),
        (1, 6, 2.0),
        (0, 4, 1.0),
    ]
    base = Problem(
        sizes=[3.0, 2.0, 4.0, 1.0, 3.0, 2.0, 5.0],
        k=k,
        edges=edges,
        baseline=[0, 0, 0, 1, 1, 2, 2],
        balance_weight=0.3,
        move_cost=0.5,
    )
    requirements: list[list[frozenset[int]]] = [[] for _ in range(7)]
    requirements[6] = [frozenset({2})]
    pinned: list[int | None] = [0, None, None, None, None, None, None]
    limits: list[tuple[float | None, float | None]] = [(None, 12.0)] * max(k, 3)
    return Reshape(base, 3, requirements, pinned, limits)


def _brute_force(reshape: Reshape) -> float:
    """Every lineage × every assignment."""
    k, s = reshape.base.k, reshape.sources
    if reshape.merge:
        lineages = [
            list(lin) for lin in itertools.product(range(s), repeat=s) if reshape.valid(list(lin))
        ]
    else:
        lineages = [list(lin) for lin in itertools.product(range(s), repeat=k - s)]
    best = float("inf")
    for lineage in lineages:
        problem = fixed_problem(reshape, lineage)
        for assignment in itertools.product(range(k), repeat=problem.n):
            if any(t not in assignment for t in range(k)):
                continue  # every part holds a unit
            result = evaluate(problem, list(assignment))
            if result.feasible:
                best = min(best, result.cost)
    return best


@pytest.mark.parametrize("k", [2, 4])
def test_exact_reshape_is_optimal_against_brute_force(k: int) -> None:
    reshape = _small(k)
    found = solve_reshape(reshape, time_limit=20)
    assert found is not None and found.solution.optimal
    problem = fixed_problem(reshape, found.lineage)
    result = evaluate(problem, found.solution.assignment)
    assert result.feasible
    assert result.cost == pytest.approx(_brute_force(reshape))
    assert found.solution.cost == pytest.approx(result.cost)
    # the law only administration 2 covers: item 6 is in a part whose lineage has 2
    sets = reshape.lineage_sets(found.lineage)
    assert 2 in sets[found.solution.assignment[6]]
    # the frame goes with administration 0
    assert 0 in sets[found.solution.assignment[0]]
