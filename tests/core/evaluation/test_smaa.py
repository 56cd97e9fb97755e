"""SMAA-2 sampler: the properties issue 3 lists, and small cases worked by hand."""

from __future__ import annotations

import numpy as np
import pytest

from oversyn.core.evaluation.smaa import SmaaError, SmaaProblem, sample_weights, smaa2


def _random_problem(seed: int, m: int = 5, n: int = 4, spread: float = 0.0) -> SmaaProblem:
    x = np.random.default_rng(seed).uniform(0, 3, (m, n))
    return SmaaProblem(low=x - spread, high=x + spread)


@pytest.mark.parametrize("spread", [0.0, 0.5])
def test_rank_acceptabilities_sum_to_one_per_alternative_and_per_rank(spread: float) -> None:
    result = smaa2(_random_problem(1, spread=spread), samples=20_000, seed=3)
    b = result.rank_acceptability
    assert b.sum(axis=1) == pytest.approx(np.ones(5))
    assert b.sum(axis=0) == pytest.approx(np.ones(5))


def test_identical_alternatives_share_their_ranks() -> None:
    # A and B are identical, C is worse everywhere: A and B take ranks 1 and 2 half each.
    x = np.array([[2.0, 1.0], [2.0, 1.0], [1.0, 0.0]])
    b = smaa2(SmaaProblem(x, x), samples=5_000, seed=0).rank_acceptability
    assert b[0].tolist() == pytest.approx([0.5, 0.5, 0.0])
    assert b[1].tolist() == pytest.approx([0.5, 0.5, 0.0])
    assert b[2].tolist() == pytest.approx([0.0, 0.0, 1.0])
    assert b.sum(axis=0) == pytest.approx(np.ones(3))


def test_dominating_alternative_gets_first_rank_acceptability_one() -> None:
    x = np.random.default_rng(7).uniform(0, 2, (4, 6))
    x[2] = x.max(axis=0) + 0.5  # alternative 2 dominates
    result = smaa2(SmaaProblem(x, x), samples=20_000, seed=1)
    assert result.rank_acceptability[2, 0] == 1.0
    assert result.confidence[2] == 1.0
    others = [0, 1, 3]
    assert np.isnan(result.central_weights[others]).all()
    assert (result.pairwise_winning[2, others] == 1.0).all()


def test_two_by_two_worked_by_hand() -> None:
    # A = (1, 0), B = (0, 1), weights uniform on the simplex: A first iff w1 > 1/2, so
    # P = 1/2; given that, w1 is uniform on (1/2, 1): central weights (3/4, 1/4).
    x = np.array([[1.0, 0.0], [0.0, 1.0]])
    result = smaa2(SmaaProblem(x, x), samples=200_000, seed=5)
    assert result.rank_acceptability[0, 0] == pytest.approx(0.5, abs=0.005)
    assert result.central_weights[0] == pytest.approx([0.75, 0.25], abs=0.005)
    assert result.central_weights[1] == pytest.approx([0.25, 0.75], abs=0.005)
    assert result.confidence.tolist() == [1.0, 1.0]
    assert result.pairwise_winning[0, 1] + result.pairwise_winning[1, 0] == pytest.approx(1.0)


def test_order_constraint_decides_the_two_by_two() -> None:
    # same A, B; with w1 ≥ w2 alternative A always wins
    x = np.array([[1.0, 0.0], [0.0, 1.0]])
    result = smaa2(SmaaProblem(x, x, mode="order", order=(0, 1)), samples=10_000, seed=0)
    assert result.rank_acceptability[0].tolist() == [1.0, 0.0]


def test_order_constraints_respected_by_every_sample() -> None:
    x = np.zeros((2, 5))
    order = (3, 0, 4, 1, 2)
    problem = SmaaProblem(x, x, mode="order", order=order)
    w, rate = sample_weights(problem, np.random.default_rng(0), 50_000)
    assert rate == 1.0
    ordered = w[:, list(order)]
    assert (np.diff(ordered, axis=1) <= 0).all()
    assert w.sum(axis=1) == pytest.approx(np.ones(len(w)))


def test_order_constrained_sample_is_uniform_mean_is_rank_order_centroid() -> None:
    # the centroid of {w1 ≥ w2 ≥ w3} on the simplex is (11/18, 5/18, 2/18)
    x = np.zeros((2, 3))
    problem = SmaaProblem(x, x, mode="order", order=(0, 1, 2))
    w, _ = sample_weights(problem, np.random.default_rng(2), 200_000)
    assert w.mean(axis=0) == pytest.approx([11 / 18, 5 / 18, 2 / 18], abs=0.003)


def test_interval_constraints_respected_and_acceptance_reported() -> None:
    x = np.zeros((2, 3))
    intervals = np.array([[0.5, 0.7], [0.1, 0.3], [0.0, 1.0]])
    problem = SmaaProblem(x, x, mode="intervals", intervals=intervals)
    w, rate = sample_weights(problem, np.random.default_rng(0), 20_000)
    assert len(w) == 20_000
    assert ((w >= intervals[:, 0]) & (w <= intervals[:, 1])).all()
    # area of {0.5 ≤ w1 ≤ 0.7, 0.1 ≤ w2 ≤ 0.3, w3 ≥ 0} relative to the simplex:
    # w1 + w2 ≤ 1 always holds except the corner w1 + w2 > 1, impossible here (max 1.0) →
    # the region is a 0.2 × 0.2 square in (w1, w2) of the triangle of area 1/2 → 0.08.
    assert rate == pytest.approx(0.08, abs=0.01)


def test_too_narrow_intervals_raise() -> None:
    x = np.zeros((2, 3))
    intervals = np.array([[0.3333, 0.33335], [0.3333, 0.33335], [0.0, 1.0]])
    problem = SmaaProblem(x, x, mode="intervals", intervals=intervals)
    with pytest.raises(SmaaError):
        smaa2(problem, samples=1000, seed=0)


def test_score_uncertainty_one_criterion() -> None:
    # A uniform in [0, 1], B fixed at 0.5 on a single criterion: A first with probability 1/2
    low = np.array([[0.0], [0.5]])
    high = np.array([[1.0], [0.5]])
    result = smaa2(SmaaProblem(low, high), samples=100_000, seed=4)
    assert result.rank_acceptability[0, 0] == pytest.approx(0.5, abs=0.01)
    assert result.confidence[0] == pytest.approx(0.5, abs=0.01)


def test_exact_weights_with_fixed_scores_is_deterministic() -> None:
    x = np.array([[3.0, 0.0], [0.0, 2.0]])
    problem = SmaaProblem(x, x, mode="exact", exact=np.array([1.0, 1.0]))
    result = smaa2(problem, samples=1000, seed=0)
    assert result.rank_acceptability.tolist() == [[1.0, 0.0], [0.0, 1.0]]
    assert result.central_weights[0] == pytest.approx([0.5, 0.5])


def test_same_seed_same_result_other_seed_differs() -> None:
    problem = _random_problem(2, spread=0.3)
    a = smaa2(problem, samples=30_000, seed=11, chunk=4096)
    b = smaa2(problem, samples=30_000, seed=11, chunk=4096)
    c = smaa2(problem, samples=30_000, seed=12, chunk=4096)
    for name in ("rank_acceptability", "central_weights", "confidence", "pairwise_winning"):
        assert np.array_equal(getattr(a, name), getattr(b, name), equal_nan=True), name
    assert not np.array_equal(a.rank_acceptability, c.rank_acceptability)


def test_float32_agrees_with_float64() -> None:
    problem = _random_problem(3)
    a = smaa2(problem, samples=50_000, seed=0, dtype=np.float64)
    b = smaa2(problem, samples=50_000, seed=0, dtype=np.float32)
    assert b.rank_acceptability == pytest.approx(a.rank_acceptability, abs=0.01)


@pytest.mark.parametrize("spread", [0.0, 0.5])
def test_progress_per_chunk_leaves_the_result_unchanged(spread: float) -> None:
    problem = _random_problem(4, spread=spread)
    calls: list[tuple[int, int]] = []
    plain = smaa2(problem, samples=50_000, seed=9, chunk=8192, confidence_samples=20_000)
    followed = smaa2(
        problem,
        samples=50_000,
        seed=9,
        chunk=8192,
        confidence_samples=20_000,
        progress=lambda done, total: calls.append((done, total)),
    )
    for name in ("rank_acceptability", "pairwise_winning", "central_weights", "confidence"):
        np.testing.assert_array_equal(getattr(plain, name), getattr(followed, name))
    total = 50_000 + (20_000 if spread else 0)  # confidence samples only with uncertain scores
    # one call per chunk: 7 chunks of rank samples (6 × 8192 + 848), then 3 of confidence ones
    assert len(calls) == 7 + (3 if spread else 0)
    assert {t for _d, t in calls} == {total}
    assert [d for d, _t in calls] == sorted(d for d, _t in calls)
    assert calls[6] == (50_000, total) and calls[-1] == (total, total)


def test_a_progress_callback_that_raises_stops_the_run() -> None:
    class Stop(Exception):
        pass

    seen: list[int] = []

    def stop_at_the_third(done: int, total: int) -> None:
        seen.append(done)
        if len(seen) == 3:
            raise Stop

    with pytest.raises(Stop):
        smaa2(_random_problem(2), samples=100_000, seed=1, progress=stop_at_the_third)
    assert seen == [8192, 16384, 24576]
