"""Renaming or removing a criterion carries through weights and assessments (core rule)."""

from __future__ import annotations

from oversyn.core.evaluation.edit import rename_criterion, weights_without
from oversyn.core.evaluation.model import Assessment, Evaluation, Weights


def _ev() -> Evaluation:
    return Evaluation(
        weights=Weights(
            mode="exact", values={"p1": 2, "p2": 1}, order=["p2", "p1"], intervals={"p1": (0, 1)}
        ),
        assessments=[
            Assessment(assessor="a", alternative="x", criterion="p1", score=2),
            Assessment(assessor="a", alternative="x", criterion="p2", score=1),
        ],
    )


def test_rename_carries_weights_order_interval_and_scores():
    ev = rename_criterion(_ev(), "p1", "ny")
    assert ev.weights.values == {"ny": 2, "p2": 1}
    assert ev.weights.order == ["p2", "ny"] and ev.weights.intervals == {"ny": (0, 1)}
    assert [a.criterion for a in ev.assessments] == ["ny", "p2"]
    assert rename_criterion(_ev(), "p1", "p1") == _ev()


def test_weights_without_drops_the_criterion_everywhere():
    w = weights_without(_ev().weights, "p1")
    assert (w.values, w.order, w.intervals) == ({"p2": 1}, ["p2"], {})
