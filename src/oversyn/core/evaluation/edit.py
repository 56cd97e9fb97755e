"""Edits of an evaluation that must carry through the whole of it (pure; every caller — the web
app, the API, an importer — gets the same rule).

A criterion (principle or metric) is referred to by id from the weights (exact value, place in
the order, interval) and, for principles, from every assessor's scores.  Renaming it renames
those references; removing it removes them.
"""

from __future__ import annotations

from oversyn.core.evaluation.model import Evaluation, Weights


def weights_renamed(w: Weights, old: str, new: str) -> Weights:
    """``w`` with the criterion ``old`` called ``new`` (its weight, place and interval kept)."""
    return w.model_copy(
        update={
            "values": {new if k == old else k: v for k, v in w.values.items()},
            "order": [new if c == old else c for c in w.order],
            "intervals": {new if k == old else k: v for k, v in w.intervals.items()},
        }
    )


def weights_without(w: Weights, crit_id: str) -> Weights:
    """``w`` without the criterion's exact weight, place in the order and interval."""
    return w.model_copy(
        update={
            "values": {k: v for k, v in w.values.items() if k != crit_id},
            "order": [c for c in w.order if c != crit_id],
            "intervals": {k: v for k, v in w.intervals.items() if k != crit_id},
        }
    )


def rename_criterion(ev: Evaluation, old: str, new: str) -> Evaluation:
    """``ev`` with every reference to criterion ``old`` (weights, assessments) made ``new``.

    The criterion's own entry (in ``principles`` or ``metrics``) is the caller's to replace.
    """
    if old == new:
        return ev
    assessments = [
        a.model_copy(update={"criterion": new}) if a.criterion == old else a for a in ev.assessments
    ]
    return ev.model_copy(
        update={"assessments": assessments, "weights": weights_renamed(ev.weights, old, new)}
    )


def remove_criterion(ev: Evaluation, crit_id: str) -> Evaluation:
    """``ev`` without criterion ``crit_id``: its entry (principle or metric), its scores and
    its weight (exact value, place in the order, interval) all go."""
    return ev.model_copy(
        update={
            "principles": [p for p in ev.principles if p.id != crit_id],
            "metrics": [m for m in ev.metrics if m.id != crit_id],
            "assessments": [a for a in ev.assessments if a.criterion != crit_id],
            "weights": weights_without(ev.weights, crit_id),
        }
    )
