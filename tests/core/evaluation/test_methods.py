"""Deterministic methods against hand-worked examples."""

from __future__ import annotations

import numpy as np
import pytest

from oversyn.core.evaluation.methods import (
    aggregate,
    normalise,
    one_criterion_sensitivity,
    rank_order_centroid,
    rank_with_ties,
    weighted_sum,
)

# Linköping 2017, Utvärderingsmatris 2: alternative 2 and 3 on principles 1–5.
LINKOPING = np.array([[3, 2, 1, 0, 2], [3, 3, 3, 3, 3]], dtype=float)


def test_weighted_sum_equal_weights_is_the_documents_point_sum() -> None:
    assert weighted_sum(LINKOPING, np.ones(5)).tolist() == [8.0, 15.0]


def test_weighted_sum_points_scale_with_unequal_weights() -> None:
    # weights 2:1:1:0:0 → rescaled to sum 5: (2.5, 1.25, 1.25, 0, 0)
    # alt 2: 3·2.5 + 2·1.25 + 1·1.25 = 11.25; alt 3: 3·5 = 15
    got = weighted_sum(LINKOPING, np.array([2, 1, 1, 0, 0], dtype=float))
    assert got == pytest.approx([11.25, 15.0])


def test_weighted_sum_missing_score_gives_nan() -> None:
    got = weighted_sum(np.array([[1.0, np.nan], [1.0, 2.0]]), np.ones(2))
    assert np.isnan(got[0]) and got[1] == 3.0


def test_rank_with_ties_is_competition_ranking() -> None:
    assert rank_with_ties(np.array([8.0, 15.0, 15.0, np.nan])).tolist() == [3, 1, 1, 0]
    assert rank_with_ties(np.array([8.0, 15.0])).tolist() == [2, 1]


def test_rank_order_centroid_three_criteria() -> None:
    # Barron & Barrett 1996: (1 + 1/2 + 1/3)/3, (1/2 + 1/3)/3, (1/3)/3
    assert rank_order_centroid(3) == pytest.approx([11 / 18, 5 / 18, 2 / 18])
    assert rank_order_centroid(5).sum() == pytest.approx(1.0)


def test_normalise_zero_weights_become_equal() -> None:
    assert normalise(np.zeros(4)).tolist() == [0.25] * 4
    assert normalise(np.array([1.0, 3.0])).tolist() == [0.25, 0.75]


def test_aggregate_mean_median_spread() -> None:
    # three assessors, one alternative, two criteria; C did not score criterion 1
    cube = np.array([[[2.0, 1.0]], [[3.0, 1.0]], [[np.nan, 3.0]]])
    mean = aggregate(cube, "mean")
    assert mean.value[0].tolist() == [2.5, pytest.approx(5 / 3)]
    assert mean.spread[0].tolist() == [1.0, 2.0]
    assert mean.count[0].tolist() == [2, 3]
    median = aggregate(cube, "median")
    assert median.value[0].tolist() == [2.5, 1.0]


def test_aggregate_unscored_cell_is_nan() -> None:
    cube = np.full((2, 1, 1), np.nan)
    result = aggregate(cube)
    assert np.isnan(result.value[0, 0]) and result.count[0, 0] == 0


def test_one_criterion_sensitivity_hand_worked() -> None:
    # A = (3, 0), B = (0, 2), equal weights: u_A = 1.5, u_B = 1 → A wins.
    # Weight t on criterion 1: u_A = 3t, u_B = 2(1 − t) → A wins iff t ≥ 0.4.
    # Weight t on criterion 2: u_A = 3(1 − t), u_B = 2t → A wins iff t ≤ 0.6.
    scores = np.array([[3.0, 0.0], [0.0, 2.0]])
    first, second = one_criterion_sensitivity(scores, np.ones(2), winner=0)
    assert (first.low, first.high, first.current) == pytest.approx((0.4, 1.0, 0.5))
    assert (second.low, second.high) == pytest.approx((0.0, 0.6))


def test_one_criterion_sensitivity_three_criteria_rescales_the_others() -> None:
    # A = (2, 2, 0), B = (0, 1, 3), weights (0.5, 0.25, 0.25): u_A = 1.5, u_B = 1.
    # Criterion 3 at t, others (0.5, 0.25)·(1 − t)/0.75:
    #   u_A = (1 − t)·(2·2/3 + 2·1/3) = 2(1 − t), u_B = (1 − t)·(1/3) + 3t.
    #   A wins iff 2 − 2t ≥ 1/3 + (8/3)t  ⇔  t ≤ 5/14.
    scores = np.array([[2.0, 2.0, 0.0], [0.0, 1.0, 3.0]])
    result = one_criterion_sensitivity(scores, np.array([0.5, 0.25, 0.25]), winner=0)
    assert result[2].low == pytest.approx(0.0)
    assert result[2].high == pytest.approx(5 / 14)


def test_one_criterion_sensitivity_dominating_winner_wins_everywhere() -> None:
    for interval in one_criterion_sensitivity(LINKOPING, np.ones(5), winner=1):
        assert (interval.low, interval.high) == (0.0, 1.0)
