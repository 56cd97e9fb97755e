"""Second opinions through pymcdm, against hand-worked values."""

from __future__ import annotations

import numpy as np
import pytest

from oversyn.core.evaluation.adapters import second_opinion

pytest.importorskip("pymcdm")


def test_promethee_ii_usual_criterion_net_flows() -> None:
    # one criterion, scores 1 < 2 < 3, "usual" preference (1 if better): net flow
    # φ(i) = (wins − losses)/(m − 1) → (−1, 0, 1)
    result = second_opinion(np.array([[1.0], [2.0], [3.0]]), np.ones(1), "promethee2")
    assert result is not None and result.method == "PROMETHEE II"
    assert result.values == pytest.approx([-1.0, 0.0, 1.0])
    assert result.ranks.tolist() == [3, 2, 1]


def test_promethee_ii_symmetric_alternatives_tie() -> None:
    # A = (1, 3), B = (2, 2), C = (3, 1), equal weights: every net flow is 0
    scores = np.array([[1.0, 3.0], [2.0, 2.0], [3.0, 1.0]])
    result = second_opinion(scores, np.ones(2), "promethee2")
    assert result is not None
    assert result.values == pytest.approx([0.0, 0.0, 0.0])
    assert result.ranks.tolist() == [1, 1, 1]


def test_topsis_linkoping_and_one_criterion() -> None:
    # min–max normalisation: the dominating alternative is the ideal (closeness 1), the other
    # the anti-ideal (0); the constant principle 1 is left out.
    linkoping = np.array([[3.0, 2, 1, 0, 2], [3.0, 3, 3, 3, 3]])
    result = second_opinion(linkoping, np.ones(5), "topsis")
    assert result is not None and result.method == "TOPSIS"
    assert result.values == pytest.approx([0.0, 1.0])
    # one criterion 0, 1, 3 → normalised 0, 1/3, 1 → closeness d⁻/(d⁺ + d⁻) = 0, 1/3, 1
    single = second_opinion(np.array([[0.0], [1.0], [3.0]]), np.ones(1))
    assert single is not None and single.values == pytest.approx([0.0, 1 / 3, 1.0])


def test_no_discriminating_column_is_a_tie() -> None:
    result = second_opinion(np.array([[2.0, 1.0], [2.0, 1.0]]), np.ones(2))
    assert result is not None and result.ranks.tolist() == [1, 1]
