"""Evaluate a case: gates → exclusion → scores → ranking → second opinion → SMAA → sentences.

:func:`evaluate_case` is the API the CLI (and later the web) call; it turns the case file's
``evaluation`` section into arrays, runs the pure functions of :mod:`.methods` and
:mod:`.smaa`, and returns an :class:`EvaluationResult` that can speak (``sentences``) and
serialise (``as_dict``, the ``oversyn evaluate --json`` contract).

Exclusion: an alternative with Nej on a ``ska`` gate is excluded *by rule*.  An explicit
decision (``exclude`` / ``keep``) overrides the rule, and the result flags the disagreement:
Linköping 2017 kept alternative 2 although it has Nej on the third utgångspunkt.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
from numpy.typing import NDArray

from oversyn.core.analysis import METRICS, analyze_organisation
from oversyn.core.case import BASELINE_ID, Case
from oversyn.core.evaluation import text as _text  # noqa: F401  (registers the messages)
from oversyn.core.evaluation.adapters import Method, SecondOpinion, second_opinion
from oversyn.core.evaluation.methods import (
    Aggregate,
    WeightInterval,
    aggregate,
    normalise,
    one_criterion_sensitivity,
    rank_order_centroid,
    rank_with_ties,
    weighted_sum,
)
from oversyn.core.evaluation.model import Decision, Evaluation, GateAnswer, GateLevel, Metric
from oversyn.core.evaluation.smaa import (
    SmaaError,
    SmaaProblem,
    SmaaProgress,
    SmaaResult,
    smaa2,
)
from oversyn.core.evaluation.validate import COST_METRIC, evaluated_alternatives, is_cost_metric
from oversyn.core.fmt import format_number, format_share
from oversyn.core.i18n import DEFAULT_LANG, Lang, join_words, t

FloatArray = NDArray[np.float64]
DEFAULT_SAMPLES = 100_000


@dataclass
class AlternativeEvaluation:
    """One alternative's outcome."""

    id: str
    name: str
    failed_gates: list[str]  # ska gates answered Nej
    failed_should: list[str]  # bör gates answered Nej
    partial_gates: list[str]  # gates answered Delvis
    rule_excludes: bool
    decision: Decision | None
    score: float | None = None
    rank: int | None = None
    assessor_scores: dict[str, float | None] = field(default_factory=dict)

    @property
    def excluded(self) -> bool:
        if self.decision is not None:
            return self.decision.action == "exclude"
        return self.rule_excludes

    @property
    def excluded_by(self) -> Literal["rule", "decision"] | None:
        if self.decision is not None:
            return "decision" if self.decision.action == "exclude" else None
        return "rule" if self.rule_excludes else None

    @property
    def conflict(self) -> bool:
        """The explicit decision goes against the rule."""
        return self.decision is not None and (self.decision.action == "exclude") != (
            self.rule_excludes
        )


@dataclass
class EvaluationResult:
    case: Case
    alternatives: list[AlternativeEvaluation]
    criteria: list[str]  # weighted criteria: principles, then metrics
    weights: FloatArray  # (n,) normalised, the deterministic weights
    active: list[str]  # alternatives that go on (not excluded), in order
    per_assessor: dict[str, FloatArray]  # assessor -> (m_all, n) scores, NaN unscored
    combined: Aggregate  # over all evaluated alternatives (m_all, n)
    metric_values: dict[str, dict[str, float | None]]  # metric id -> alt -> raw value
    recommended: str | None
    tied: list[str]
    second: SecondOpinion | None
    smaa: SmaaResult | None
    smaa_alternatives: list[str]
    sensitivity: list[WeightInterval]
    smaa_error: str | None = None

    # -- lookup -----------------------------------------------------------------------------

    @property
    def evaluation(self) -> Evaluation:
        return self.case.evaluation

    def alternative(self, alt_id: str) -> AlternativeEvaluation:
        return next(a for a in self.alternatives if a.id == alt_id)

    def name(self, alt_id: str) -> str:
        return self.alternative(alt_id).name

    def index(self, alt_id: str) -> int:
        return [a.id for a in self.alternatives].index(alt_id)

    @property
    def remaining(self) -> str | None:
        """The one alternative left when the gates and decisions leave only one (nuläge when
        they exclude every alternative under evaluation): a result without a ranking."""
        if len(self.active) == 1:
            return self.active[0]
        if not self.active and self.alternatives:
            return BASELINE_ID
        return None

    def proposal(self) -> tuple[str | None, str]:
        """The alternative the evaluation proposes and why: the conclusion (``"conclusion"``),
        the one ranked first (``"recommended"``), the only one left (``"remaining"``), or
        none (``"none"``).  The document, the web and the CLI use this one rule."""
        conclusion = self.evaluation.conclusion
        if conclusion is not None and conclusion.alternative:
            return conclusion.alternative, "conclusion"
        if self.recommended is not None:
            return self.recommended, "recommended"
        if self.remaining is not None:
            return self.remaining, "remaining"
        return None, "none"

    def remaining_name(self, lang: Lang = DEFAULT_LANG) -> str:
        alt = self.remaining
        if alt is None:
            return ""
        if alt == BASELINE_ID and alt not in [a.id for a in self.alternatives]:
            return self.case.alternative_name(BASELINE_ID, lang)
        return self.name(alt)

    # -- machine output ---------------------------------------------------------------------

    def as_dict(self, lang: Lang = DEFAULT_LANG) -> dict[str, Any]:
        """The ``oversyn evaluate --json`` contract (issue 3), extended, never renamed."""
        ev = self.evaluation

        def num(x: float) -> float | None:
            return None if np.isnan(x) else round(float(x), 6)

        alts = []
        for a in self.alternatives:
            alts.append(
                {
                    "id": a.id,
                    "name": a.name,
                    "excluded": a.excluded,
                    "excluded_by": a.excluded_by,
                    "failed_gates": a.failed_gates,
                    "score": None if a.score is None else round(a.score, 6),
                    "rank": a.rank,
                    "rule_excludes": a.rule_excludes,
                    "decision": None
                    if a.decision is None
                    else {
                        "action": a.decision.action,
                        "by": a.decision.by,
                        "motivation": a.decision.motivation,
                        "reasons_heading": a.decision.reasons_heading,
                        "reasons": a.decision.reasons,
                    },
                    "conflict": a.conflict,
                    "failed_should_gates": a.failed_should,
                    "partial_gates": a.partial_gates,
                    "assessor_scores": {
                        k: None if v is None else round(v, 6) for k, v in a.assessor_scores.items()
                    },
                }
            )
        i_of = {a.id: i for i, a in enumerate(self.alternatives)}
        data: dict[str, Any] = {
            "alternatives": alts,
            "recommended": self.recommended,
            "tied": self.tied,
            "criteria": [
                {
                    "id": c,
                    "name": ev.criterion_name(c),
                    "kind": "principle" if c in {p.id for p in ev.principles} else "metric",
                    "weight": round(float(w), 6),
                }
                for c, w in zip(self.criteria, self.weights, strict=True)
            ],
            "weights_mode": ev.weights.mode,
            "aggregation": ev.aggregation,
            "gates": [
                {
                    "id": g.id,
                    "name": g.name,
                    "level": g.level.value,
                    "results": {
                        r.alternative: {"answer": r.answer.value, "note": r.note} for r in g.results
                    },
                }
                for g in ev.gates
            ],
            "scores": {
                "combined": {
                    a.id: {
                        c: num(self.combined.value[i_of[a.id], j])
                        for j, c in enumerate(self.criteria)
                    }
                    for a in self.alternatives
                },
                "spread": {
                    a.id: {
                        c: num(self.combined.spread[i_of[a.id], j])
                        for j, c in enumerate(self.criteria)
                    }
                    for a in self.alternatives
                },
                "per_assessor": {
                    who: {
                        a.id: {c: num(arr[i_of[a.id], j]) for j, c in enumerate(self.criteria)}
                        for a in self.alternatives
                    }
                    for who, arr in self.per_assessor.items()
                },
            },
            "assessments": [
                {
                    "assessor": a.assessor,
                    "alternative": a.alternative,
                    "criterion": a.criterion,
                    "score": a.score,
                    "uncertainty": a.uncertainty,
                    "motivation": a.motivation,
                }
                for a in ev.assessments
            ],
            "metric_values": self.metric_values,
            "second_opinion": None
            if self.second is None
            else {
                "method": self.second.method,
                "values": {
                    a: round(float(v), 6)
                    for a, v in zip(self.active_scored, self.second.values, strict=True)
                },
                "ranks": {
                    a: int(r) for a, r in zip(self.active_scored, self.second.ranks, strict=True)
                },
            },
            "sensitivity": [
                {
                    "criterion": self.criteria[s.criterion],
                    "current": round(s.current, 6),
                    "low": round(s.low, 6),
                    "high": round(s.high, 6),
                }
                for s in self.sensitivity
            ],
            "smaa": None,
            "sentences": self.sentences(lang),
        }
        if self.smaa is not None:
            r = self.smaa
            ids = self.smaa_alternatives
            data["smaa"] = {
                "samples": r.samples,
                "seed": r.seed,
                "rank_acceptability": {
                    a: [round(float(x), 6) for x in r.rank_acceptability[i]]
                    for i, a in enumerate(ids)
                },
                "central_weights": {
                    a: None
                    if np.isnan(r.central_weights[i]).any()
                    else {
                        c: round(float(w), 6)
                        for c, w in zip(self.criteria, r.central_weights[i], strict=True)
                    }
                    for i, a in enumerate(ids)
                },
                "confidence": {a: num(r.confidence[i]) for i, a in enumerate(ids)},
                "pairwise_winning": {
                    a: {
                        b: round(float(r.pairwise_winning[i, j]), 6)
                        for j, b in enumerate(ids)
                        if j != i
                    }
                    for i, a in enumerate(ids)
                },
                "weight_acceptance_rate": round(r.acceptance_rate, 6),
            }
        elif self.smaa_error:
            data["smaa_error"] = self.smaa_error
        return data

    @property
    def active_scored(self) -> list[str]:
        """Active alternatives with complete scores (those ranked)."""
        return [a for a in self.active if self.alternative(a).score is not None]

    # -- words ------------------------------------------------------------------------------

    def sentences(self, lang: Lang = DEFAULT_LANG) -> list[str]:
        """The result in plain sentences a politician reads."""
        ev = self.evaluation
        out: list[str] = []
        by_name = {p.id: p.name for p in ev.assessors}
        gate_name = {g.id: g.name for g in ev.gates}

        def by(person: str | None) -> str:
            return t("eval_s_by", lang, name=by_name.get(person, person)) if person else ""

        for a in self.alternatives:
            gates = join_words([f"”{gate_name[g]}”" for g in a.failed_gates], lang)
            d = a.decision
            if d is not None:
                motivation = d.motivation or "; ".join(d.reasons)
                code = (
                    "eval_s_excluded_decision" if d.action == "exclude" else "eval_s_kept_decision"
                )
                out.append(t(code, lang, alt=a.name, by=by(d.by), motivation=motivation))
                if a.conflict:
                    code = (
                        "eval_s_conflict_keep" if d.action == "keep" else "eval_s_conflict_exclude"
                    )
                    out.append(t(code, lang, alt=a.name, gates=gates, by=by(d.by)))
            elif a.rule_excludes:
                out.append(t("eval_s_excluded_rule", lang, alt=a.name, gates=gates))
        ranked = sorted(
            (a for a in self.alternatives if a.rank is not None), key=lambda a: a.rank or 0
        )
        for a in ranked:
            assert a.score is not None
            out.append(
                t(
                    "eval_s_score",
                    lang,
                    alt=a.name,
                    score=format_number(a.score, 1, lang),
                    rank=a.rank,
                )
            )
        # disagreement between assessors
        if len(self.per_assessor) > 1:
            for i, a in enumerate(self.alternatives):
                if a.excluded:
                    continue
                for j, c in enumerate(self.criteria):
                    if self.combined.count[i, j] > 1 and self.combined.spread[i, j] > 0:
                        out.append(
                            t(
                                "eval_s_spread",
                                lang,
                                alt=a.name,
                                criterion=ev.criterion_name(c),
                                low=format_number(float(self.combined.low[i, j]), 1, lang),
                                high=format_number(float(self.combined.high[i, j]), 1, lang),
                            )
                        )
        if self.recommended is not None:
            winner = self.name(self.recommended)
            out.append(t("eval_s_recommended", lang, alt=winner))
            if ev.conclusion is not None and ev.conclusion.alternative is not None:
                doc = self.name(ev.conclusion.alternative)
                if ev.conclusion.alternative == self.recommended:
                    out.append(t("eval_s_conclusion_agrees", lang, alt=doc))
                else:
                    out.append(t("eval_s_conclusion_differs", lang, alt=doc, computed=winner))
            if self.second is not None:
                firsts = [
                    a for a, r in zip(self.active_scored, self.second.ranks, strict=True) if r == 1
                ]
                if firsts == [self.recommended]:
                    out.append(t("eval_s_second_same", lang, method=self.second.method, alt=winner))
                else:
                    out.append(
                        t(
                            "eval_s_second_differs",
                            lang,
                            method=self.second.method,
                            alt=join_words([self.name(x) for x in firsts], lang),
                            winner=winner,
                        )
                    )
        elif self.tied:
            out.append(
                t("eval_s_tie", lang, alts=join_words([self.name(a) for a in self.tied], lang))
            )
        elif self.remaining is not None:
            code = "eval_s_only_remaining" if self.active else "eval_s_all_excluded"
            out.append(t(code, lang, alt=self.remaining_name(lang)))
        if self.recommended is None and ev.conclusion is not None and ev.conclusion.alternative:
            out.append(
                t(
                    "eval_s_conclusion",
                    lang,
                    alt=self.case.alternative_name(ev.conclusion.alternative, lang),
                )
            )
        if self.smaa is not None and len(self.smaa_alternatives) > 1:
            r = self.smaa
            for i, alt in enumerate(self.smaa_alternatives):
                p1 = float(r.rank_acceptability[i, 0])
                if p1 <= 0:
                    out.append(t("eval_s_smaa_never", lang, alt=self.name(alt)))
                    continue
                out.append(
                    t(
                        "eval_s_smaa_first",
                        lang,
                        alt=self.name(alt),
                        share=format_share(p1, 0 if p1 in (0.0, 1.0) else 1, lang),
                    )
                )
                weights = ", ".join(
                    f"{ev.criterion_name(c)} {format_share(float(w), 0, lang)}"
                    for c, w in zip(self.criteria, r.central_weights[i], strict=True)
                )
                out.append(
                    t(
                        "eval_s_central",
                        lang,
                        alt=self.name(alt),
                        weights=weights,
                        confidence=format_share(float(r.confidence[i]), 0, lang),
                    )
                )
        if not self.active_scored and self.criteria and self.remaining is None:
            rows = [self.index(a) for a in self.active]
            missing = [
                c
                for j, c in enumerate(self.criteria)
                if np.isnan(self.combined.value[rows, j]).any()
            ] or self.criteria
            names = join_words([f"”{ev.criterion_name(c)}”" for c in missing], lang)
            out.append(t("eval_s_unscored", lang, criteria=names))
        full = [s.low <= 1e-9 and s.high >= 1 - 1e-9 for s in self.sensitivity]
        if self.recommended is not None and len(full) > 1 and all(full):
            out.append(t("eval_s_sens_all", lang, alt=self.name(self.recommended)))
        elif self.recommended is not None:
            winner = self.name(self.recommended)
            for s in self.sensitivity:
                crit = ev.criterion_name(self.criteria[s.criterion])
                if s.low <= 1e-9 and s.high >= 1 - 1e-9:
                    out.append(t("eval_s_sens_any", lang, alt=winner, criterion=crit))
                else:
                    out.append(
                        t(
                            "eval_s_sens_interval",
                            lang,
                            alt=winner,
                            criterion=crit,
                            low=format_share(s.low, 0, lang),
                            high=format_share(s.high, 0, lang),
                            current=format_share(s.current, 0, lang),
                        )
                    )
        return out


# -- building the arrays ------------------------------------------------------------------------


def deterministic_weights(ev: Evaluation) -> FloatArray:
    """The weights used for the point sums: equal; exact; rank-order centroid for an order;
    interval midpoints (normalised) for intervals.  Normalised to sum 1."""
    criteria = ev.criterion_ids()
    n = len(criteria)
    w = ev.weights
    if n == 0:
        return np.zeros(0)
    if w.mode == "exact":
        return normalise(np.array([w.values.get(c, 0.0) for c in criteria]))
    if w.mode == "order":
        roc = rank_order_centroid(n)
        pos = {c: i for i, c in enumerate(w.order)}
        return np.array([roc[pos[c]] for c in criteria])
    if w.mode == "intervals":
        mids = np.array([(w.intervals[c][0] + w.intervals[c][1]) / 2 for c in criteria])
        return normalise(mids)
    return np.full(n, 1.0 / n)


def cost_metric_ranges(case: Case, name: str) -> dict[str, tuple[float, float]]:
    """``{alternative: (low, high)}`` yearly cost for a ``yearly_cost[:year]`` metric
    (:func:`~oversyn.core.process.costs.yearly_cost_metric`): the middle of the range is the
    criterion's value and the range its uncertainty in the robustness analysis (SMAA)."""
    from oversyn.core.process.costs import yearly_cost_metric

    _, _, year = name.partition(":")
    return yearly_cost_metric(case, int(year) if year else None)


def metric_direction(metric: Metric) -> str | None:
    if metric.direction is not None:
        return metric.direction
    if is_cost_metric(metric.metric):
        return "lower"
    return METRICS[metric.metric].better if metric.metric in METRICS else None


def value_function(
    metric: Metric,
    values: dict[str, float | None],
    active: list[str],
    scale_min: float,
    scale_max: float,
) -> Callable[[float], float] | None:
    """The metric's value function as a map from a raw value to the principle scale.

    With ``points``: piecewise linear through them.  Otherwise linear from the worst to the
    best value among the evaluated (``active``) alternatives, unless ``worst``/``best`` are
    given.  ``None`` when no alternative has a value.
    """
    vf = metric.value_function
    if vf.points:
        xs = np.array([p[0] for p in vf.points])
        ys = np.array([p[1] for p in vf.points])
        return lambda v: float(np.interp(v, xs, ys))
    known = [v for a, v in values.items() if v is not None and a in active] or [
        v for v in values.values() if v is not None
    ]
    if not known:
        return None
    if metric_direction(metric) == "lower":
        worst = vf.worst if vf.worst is not None else max(known)
        best = vf.best if vf.best is not None else min(known)
    else:
        worst = vf.worst if vf.worst is not None else min(known)
        best = vf.best if vf.best is not None else max(known)
    if best == worst:
        return lambda v: scale_max

    def linear(v: float) -> float:
        frac = min(max((v - worst) / (best - worst), 0.0), 1.0)
        return scale_min + frac * (scale_max - scale_min)

    return linear


def metric_scores(
    metric: Metric,
    values: dict[str, float | None],
    active: list[str],
    scale_min: float,
    scale_max: float,
) -> dict[str, float | None]:
    """Map raw metric values onto the principle scale with the metric's value function."""
    f = value_function(metric, values, active, scale_min, scale_max)
    return {a: None if v is None or f is None else f(v) for a, v in values.items()}


def evaluate_case(
    case: Case,
    lang: Lang = DEFAULT_LANG,
    samples: int = DEFAULT_SAMPLES,
    seed: int | None = 0,
    method: Method = "topsis",
    progress: SmaaProgress | None = None,
) -> EvaluationResult:
    """Evaluate ``case`` (assumed valid; see :mod:`.validate`).  ``progress(done, total)``
    follows the SMAA samples chunk by chunk (:func:`.smaa.smaa2`); it may raise to stop."""
    ev = case.evaluation
    alt_ids = evaluated_alternatives(case)
    m = len(alt_ids)
    idx = {a: i for i, a in enumerate(alt_ids)}
    decisions = {d.alternative: d for d in ev.decisions}

    alternatives: list[AlternativeEvaluation] = []
    for alt in alt_ids:
        failed: list[str] = []
        should: list[str] = []
        partial: list[str] = []
        for gate in ev.gates:
            for res in gate.results:
                if res.alternative != alt:
                    continue
                if res.answer == GateAnswer.NEJ:
                    (failed if gate.level == GateLevel.SKA else should).append(gate.id)
                elif res.answer == GateAnswer.DELVIS:
                    partial.append(gate.id)
        alternatives.append(
            AlternativeEvaluation(
                id=alt,
                name=case.alternative_name(alt, lang),
                failed_gates=failed,
                failed_should=should,
                partial_gates=partial,
                rule_excludes=bool(failed),
                decision=decisions.get(alt),
            )
        )
    active = [a.id for a in alternatives if not a.excluded]

    criteria = ev.criterion_ids()
    n = len(criteria)
    col = {c: j for j, c in enumerate(criteria)}
    k = len(ev.assessors)
    who = [p.id for p in ev.assessors]
    cube = np.full((k, m, n), np.nan)
    unc = np.zeros((m, n))
    for score in ev.assessments:
        if score.alternative in idx and score.criterion in col:
            i, j = idx[score.alternative], col[score.criterion]
            cube[who.index(score.assessor), i, j] = score.score
            if score.uncertainty is not None:
                unc[i, j] = max(unc[i, j], score.uncertainty)
    combined = aggregate(cube, ev.aggregation) if k else aggregate(np.full((1, m, n), np.nan))

    # metrics: computed by the structural analysis or entered
    metric_values: dict[str, dict[str, float | None]] = {}
    metric_bounds: dict[tuple[int, int], tuple[float, float]] = {}
    analyses: dict[str, dict[str, float | int | None]] = {}
    for metric in ev.metrics:
        ranges: dict[str, tuple[float, float]] = {}
        if is_cost_metric(metric.metric):
            ranges = cost_metric_ranges(case, metric.metric or COST_METRIC)
            values = {
                alt: (ranges[alt][0] + ranges[alt][1]) / 2 if alt in ranges else None
                for alt in alt_ids
            }
        elif metric.metric is not None:
            values = {}
            for alt in alt_ids:
                if alt not in analyses:
                    org = case.organisation(alt)
                    analyses[alt] = analyze_organisation(
                        org, case.interactions, case.journeys, lang
                    )[0]
                raw = analyses[alt].get(metric.metric)
                values[alt] = None if raw is None else float(raw)
        else:
            values = {alt: metric.values.get(alt) for alt in alt_ids}
        metric_values[metric.id] = values
        f = value_function(metric, values, active, ev.scale.min, ev.scale.max)
        j = col[metric.id]
        for alt, v in values.items():
            i = idx[alt]
            value = np.nan if v is None or f is None else f(v)
            combined.value[i, j] = combined.low[i, j] = combined.high[i, j] = value
            cube[:, i, j] = value
            if alt in ranges and f is not None:  # a cost range: its scores bound the SMAA
                lo, hi = sorted((f(ranges[alt][0]), f(ranges[alt][1])))
                metric_bounds[(i, j)] = (lo, hi)

    weights = deterministic_weights(ev)
    per_assessor = {p: cube[i] for i, p in enumerate(who)}
    for a in alternatives:
        i = idx[a.id]
        for p, arr in per_assessor.items():
            s = float(weighted_sum(arr[i : i + 1], weights)[0]) if n else float("nan")
            a.assessor_scores[p] = None if np.isnan(s) else s

    scored = [a for a in active if n and not np.isnan(combined.value[idx[a]]).any()]
    recommended: str | None = None
    tied: list[str] = []
    second: SecondOpinion | None = None
    sensitivity: list[WeightInterval] = []
    smaa: SmaaResult | None = None
    smaa_error: str | None = None
    if scored:
        rows = np.array([idx[a] for a in scored])
        matrix = combined.value[rows]
        totals = weighted_sum(matrix, weights)
        ranks = rank_with_ties(totals)
        for alt_id, total, rank in zip(scored, totals, ranks, strict=True):
            alternatives[idx[alt_id]].score = float(total)
            alternatives[idx[alt_id]].rank = int(rank)
        firsts = [a for a, r in zip(scored, ranks, strict=True) if r == 1]
        if len(firsts) == 1:
            recommended = firsts[0]
            sensitivity = one_criterion_sensitivity(matrix, weights, scored.index(recommended))
        else:
            tied = firsts
        second = second_opinion(matrix, weights, method)
        if samples > 0:
            smaa, smaa_error = _run_smaa(
                ev,
                criteria,
                matrix,
                combined,
                unc[rows],
                rows,
                samples,
                seed,
                metric_bounds,
                progress,
            )
    return EvaluationResult(
        case=case,
        alternatives=alternatives,
        criteria=criteria,
        weights=weights,
        active=active,
        per_assessor=per_assessor,
        combined=combined,
        metric_values=metric_values,
        recommended=recommended,
        tied=tied,
        second=second,
        smaa=smaa,
        smaa_alternatives=scored if smaa is not None else [],
        sensitivity=sensitivity,
        smaa_error=smaa_error,
    )


def _run_smaa(
    ev: Evaluation,
    criteria: list[str],
    matrix: FloatArray,
    combined: Aggregate,
    declared: FloatArray,
    rows: NDArray[np.int_],
    samples: int,
    seed: int | None,
    metric_bounds: dict[tuple[int, int], tuple[float, float]] | None = None,
    progress: SmaaProgress | None = None,
) -> tuple[SmaaResult | None, str | None]:
    """Scores vary within the assessors' spread and the declared ±; a metric with a range
    (a cost low–high, ``metric_bounds`` keyed by (alternative index, column)) varies within
    it; weights per the mode."""
    principles = {p.id: p for p in ev.principles}
    low = combined.low[rows].copy()
    high = combined.high[rows].copy()
    u = np.maximum(declared, ev.score_uncertainty)
    position = {int(i): r for r, i in enumerate(rows)}
    for (i, j), (lo, hi) in (metric_bounds or {}).items():
        if i in position:
            low[position[i], j], high[position[i], j] = lo, hi
    for j, c in enumerate(criteria):
        if c not in principles:
            continue  # measured metrics: no score uncertainty beyond a declared range
        scale = ev.principle_scale(principles[c])
        low[:, j] = np.clip(np.minimum(low[:, j], matrix[:, j] - u[:, j]), scale.min, scale.max)
        high[:, j] = np.clip(np.maximum(high[:, j], matrix[:, j] + u[:, j]), scale.min, scale.max)
    w = ev.weights
    mode = {"equal": "simplex"}.get(w.mode, w.mode)
    problem = SmaaProblem(
        low=low,
        high=high,
        mode=mode,  # type: ignore[arg-type]
        order=tuple(criteria.index(c) for c in w.order) if w.mode == "order" else (),
        intervals=np.array([w.intervals[c] for c in criteria]) if w.mode == "intervals" else None,
        exact=np.array([w.values[c] for c in criteria]) if w.mode == "exact" else None,
    )
    try:
        return smaa2(problem, samples=samples, seed=seed, progress=progress), None
    except SmaaError as exc:
        return None, str(exc)
