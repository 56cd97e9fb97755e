"""Renaming or removing a criterion carries through weights and assessments (core rule)."""

from __future__ import annotations

from oversyn.core.evaluation.edit import remove_criterion, rename_criterion, weights_without
from oversyn.core.evaluation.model import Assessment, Evaluation, Metric, Principle, Weights


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


def test_remove_criterion_takes_its_entry_scores_and_weight():
    ev = _ev().model_copy(
        update={
            "principles": [Principle(id="p1", name="Ett"), Principle(id="p2", name="Två")],
            "metrics": [Metric(id="m1", name="Mått", values={"x": 1.0})],
        }
    )
    out = remove_criterion(ev, "p1")
    assert [p.id for p in out.principles] == ["p2"] and [m.id for m in out.metrics] == ["m1"]
    assert [a.criterion for a in out.assessments] == ["p2"]
    assert (out.weights.values, out.weights.order, out.weights.intervals) == ({"p2": 1}, ["p2"], {})
    assert [m.id for m in remove_criterion(ev, "m1").metrics] == []
