"""Semantic validation of a case's evaluation section, with located problems.

Each :class:`~oversyn.core.validate.Problem` carries its path into the case file (e.g.
``("evaluation", "assessments", 3, "score")``) so that io/casefile.py points at the line.
"""

from __future__ import annotations

import math

from oversyn.core.analysis import METRICS
from oversyn.core.case import BASELINE_ID, Case
from oversyn.core.evaluation import text as _text  # noqa: F401  (registers the messages)
from oversyn.core.evaluation.model import Evaluation, Scale
from oversyn.core.process.costs import horizon
from oversyn.core.validate import Loc, Problem

ROOT: Loc = ("evaluation",)


COST_METRIC = "yearly_cost"
"""A metric criterion named ``yearly_cost`` (or ``yearly_cost:2019`` for one year) takes each
alternative's yearly cost from the case's cost lines (see
:func:`oversyn.core.evaluation.engine.cost_metric_ranges`); lower is better."""


def _is_cost(name: str | None) -> bool:
    if name is None:
        return False
    if name == COST_METRIC:
        return True
    head, _, year = name.partition(":")
    return head == COST_METRIC and year.isdigit() and len(year) == 4


is_cost_metric = _is_cost


def _known_metric(name: str) -> bool:
    return name in METRICS or _is_cost(name)


def _mentioned(ev: Evaluation) -> set[str]:
    ids = {r.alternative for g in ev.gates for r in g.results}
    ids |= {a.alternative for a in ev.assessments}
    ids |= {d.alternative for d in ev.decisions}
    ids |= {alt for m in ev.metrics for alt in m.values}
    if ev.conclusion is not None and ev.conclusion.alternative is not None:
        ids.add(ev.conclusion.alternative)
    return ids


def evaluated_alternatives(case: Case) -> list[str]:
    """The alternatives under evaluation, in order.

    ``evaluation.alternatives`` if given; otherwise the case's alternatives, with nuläge first
    when the evaluation mentions it (documents often list "nuvarande organisation" as
    alternative 1).
    """
    ev = case.evaluation
    if ev.alternatives:
        return list(ev.alternatives)
    ids = [a.id for a in case.alternatives]
    if BASELINE_ID in _mentioned(ev):
        ids.insert(0, BASELINE_ID)
    return ids


def _scale_problems(scale: Scale, loc: Loc) -> list[Problem]:
    if scale.max <= scale.min:
        return [Problem(loc, "eval_scale_empty", {"min": scale.min, "max": scale.max})]
    return []


def validate_evaluation(case: Case) -> list[Problem]:
    """All problems of ``case.evaluation``; empty when it is valid (or absent)."""
    ev = case.evaluation
    problems: list[Problem] = []
    if ev.is_empty():
        return problems
    case_ids = case.alternative_ids()
    known = ", ".join(case_ids)
    for i, alt in enumerate(ev.alternatives):
        if alt not in case_ids:
            problems.append(
                Problem(
                    (*ROOT, "alternatives", i),
                    "eval_unknown_alternative",
                    {"id": alt, "known": known},
                )
            )
    evaluated = set(evaluated_alternatives(case))

    def alt_ref(loc: Loc, alt: str) -> None:
        if alt not in case_ids:
            problems.append(Problem(loc, "eval_unknown_alternative", {"id": alt, "known": known}))
        elif alt not in evaluated:
            problems.append(Problem(loc, "eval_not_evaluated", {"id": alt}))

    problems += _scale_problems(ev.scale, (*ROOT, "scale"))

    # ids: criteria share one namespace; assessors their own
    seen: set[str] = set()
    for kind in ("gates", "principles", "metrics"):
        for i, obj in enumerate(getattr(ev, kind)):
            if obj.id in seen:
                problems.append(
                    Problem((*ROOT, kind, i, "id"), "eval_duplicate_id", {"id": obj.id})
                )
            seen.add(obj.id)
    assessors: set[str] = set()
    for i, person in enumerate(ev.assessors):
        if person.id in assessors:
            problems.append(
                Problem((*ROOT, "assessors", i, "id"), "eval_duplicate_id", {"id": person.id})
            )
        assessors.add(person.id)

    for i, gate in enumerate(ev.gates):
        answered: set[str] = set()
        for j, res in enumerate(gate.results):
            loc: Loc = (*ROOT, "gates", i, "results", j, "alternative")
            alt_ref(loc, res.alternative)
            if res.alternative in answered:
                problems.append(Problem(loc, "eval_duplicate_gate_result", {"id": res.alternative}))
            answered.add(res.alternative)

    principles = {p.id: p for p in ev.principles}
    for i, principle in enumerate(ev.principles):
        if principle.scale is not None:
            problems += _scale_problems(principle.scale, (*ROOT, "principles", i, "scale"))

    for i, metric in enumerate(ev.metrics):
        loc = (*ROOT, "metrics", i)
        if metric.metric is not None and metric.values:
            problems.append(Problem((*loc, "values"), "eval_metric_source"))
        elif metric.metric is None and not metric.values:
            problems.append(Problem(loc, "eval_metric_no_source"))
        if metric.metric is not None and not _known_metric(metric.metric):
            sample = ", ".join(list(METRICS)[:4]) + " …"
            problems.append(
                Problem(
                    (*loc, "metric"),
                    "eval_unknown_metric",
                    {"name": metric.metric, "known": sample},
                )
            )
        if _is_cost(metric.metric) and not case.costs:
            problems.append(Problem((*loc, "metric"), "eval_cost_metric_no_costs"))
        elif _is_cost(metric.metric) and ":" in (metric.metric or ""):
            year = int((metric.metric or "").partition(":")[2])
            years = horizon(case.costs)
            if years and year not in years:  # that year would cost 0 kr for everyone
                problems.append(
                    Problem(
                        (*loc, "metric"),
                        "eval_cost_metric_year",
                        {"year": year, "first": years[0], "last": years[-1]},
                    )
                )
        direction = metric.direction
        if direction is None and _is_cost(metric.metric):
            direction = "lower"
        if direction is None and metric.metric in METRICS:
            direction = METRICS[metric.metric].better
        if direction is None and not metric.value_function.points:
            problems.append(Problem(loc, "eval_metric_direction"))
        for alt in metric.values:
            alt_ref((*loc, "values", alt), alt)
        vf = metric.value_function
        xs = [p[0] for p in vf.points]
        if (
            (vf.worst is not None and vf.best is not None and vf.worst == vf.best)
            or xs != sorted(xs)
            or len(set(xs)) != len(xs)
        ):
            problems.append(Problem((*loc, "value_function"), "eval_value_function"))

    scored: set[tuple[str, str, str]] = set()
    for i, a in enumerate(ev.assessments):
        loc = (*ROOT, "assessments", i)
        if a.assessor not in assessors:
            problems.append(
                Problem((*loc, "assessor"), "eval_unknown_assessor", {"id": a.assessor})
            )
        alt_ref((*loc, "alternative"), a.alternative)
        found = principles.get(a.criterion)
        if found is None:
            code = "eval_not_a_principle" if a.criterion in seen else "eval_unknown_criterion"
            problems.append(Problem((*loc, "criterion"), code, {"id": a.criterion}))
        else:
            scale = ev.principle_scale(found)
            if not (scale.min <= a.score <= scale.max) or math.isnan(a.score):
                problems.append(
                    Problem(
                        (*loc, "score"),
                        "eval_score_out_of_scale",
                        {"score": a.score, "min": scale.min, "max": scale.max},
                    )
                )
        key = (a.assessor, a.alternative, a.criterion)
        if key in scored:
            problems.append(
                Problem(
                    loc,
                    "eval_duplicate_assessment",
                    {
                        "assessor": a.assessor,
                        "alternative": a.alternative,
                        "criterion": a.criterion,
                    },
                )
            )
        scored.add(key)

    decided: set[str] = set()
    for i, d in enumerate(ev.decisions):
        loc = (*ROOT, "decisions", i)
        alt_ref((*loc, "alternative"), d.alternative)
        if d.alternative in decided:
            problems.append(
                Problem((*loc, "alternative"), "eval_duplicate_decision", {"id": d.alternative})
            )
        decided.add(d.alternative)
        if d.by is not None and d.by not in assessors:
            problems.append(Problem((*loc, "by"), "eval_unknown_assessor", {"id": d.by}))

    if ev.conclusion is not None:
        if ev.conclusion.alternative is not None:
            alt_ref((*ROOT, "conclusion", "alternative"), ev.conclusion.alternative)
        if ev.conclusion.by is not None and ev.conclusion.by not in assessors:
            problems.append(
                Problem(
                    (*ROOT, "conclusion", "by"), "eval_unknown_assessor", {"id": ev.conclusion.by}
                )
            )

    problems += _weight_problems(ev)
    return problems


def _weight_problems(ev: Evaluation) -> list[Problem]:
    problems: list[Problem] = []
    weights = ev.weights
    loc: Loc = (*ROOT, "weights")
    criteria = ev.criterion_ids()
    crit_set = set(criteria)
    for key in weights.values:
        if key not in crit_set:
            problems.append(Problem((*loc, "values", key), "eval_weight_unknown", {"id": key}))
    for key in weights.intervals:
        if key not in crit_set:
            problems.append(Problem((*loc, "intervals", key), "eval_weight_unknown", {"id": key}))
    for i, key in enumerate(weights.order):
        if key not in crit_set:
            problems.append(Problem((*loc, "order", i), "eval_weight_unknown", {"id": key}))
    if weights.mode == "exact":
        missing = [c for c in criteria if c not in weights.values]
        if missing:
            problems.append(
                Problem((*loc, "values"), "eval_weight_missing", {"ids": ", ".join(missing)})
            )
        vals = list(weights.values.values())
        if any(v < 0 for v in vals) or not any(v > 0 for v in vals):
            problems.append(Problem((*loc, "values"), "eval_weight_negative"))
    elif weights.mode == "order":
        missing = [c for c in criteria if weights.order.count(c) != 1]
        if missing or len(weights.order) != len(criteria):
            problems.append(
                Problem(
                    (*loc, "order"), "eval_order_incomplete", {"missing": ", ".join(missing) or "–"}
                )
            )
    elif weights.mode == "intervals":
        missing = [c for c in criteria if c not in weights.intervals]
        if missing:
            problems.append(
                Problem((*loc, "intervals"), "eval_weight_missing", {"ids": ", ".join(missing)})
            )
        bad = False
        for key, (low, high) in weights.intervals.items():
            if not (0 <= low <= high <= 1):
                bad = True
                problems.append(
                    Problem(
                        (*loc, "intervals", key),
                        "eval_interval_invalid",
                        {"low": low, "high": high},
                    )
                )
        if not bad and not missing and criteria:
            lows = sum(weights.intervals[c][0] for c in criteria)
            highs = sum(weights.intervals[c][1] for c in criteria)
            if lows > 1 + 1e-9 or highs < 1 - 1e-9:
                problems.append(
                    Problem(
                        (*loc, "intervals"),
                        "eval_intervals_infeasible",
                        {"low": round(lows, 3), "high": round(highs, 3)},
                    )
                )
    return problems
