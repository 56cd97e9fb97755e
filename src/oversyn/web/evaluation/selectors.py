"""Reads for the evaluation pages: the criteria editor, a bedömare's form and the results.

The numbers come from :func:`oversyn.core.evaluation.engine.evaluate_case` and its
``as_dict`` contract (the same one ``oversyn evaluate --json`` prints); the SMAA chart is the
documents package's own :func:`oversyn.documents.plots.rank_acceptability`, so the page and the
beslutsunderlag show the same figure.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from oversyn.core.analysis import METRICS
from oversyn.core.case import BASELINE_ID, Case
from oversyn.core.evaluation.engine import evaluate_case, metric_direction
from oversyn.core.evaluation.model import Evaluation, Metric, Principle
from oversyn.core.evaluation.validate import evaluated_alternatives, is_cost_metric
from oversyn.core.fmt import format_metric, format_number, format_share
from oversyn.core.i18n import Lang

#: SMAA samples on the results page: measured 3–4 ms for seed 070 (4 alternatives, 5
#: criteria), so it runs on page load; the document uses 100 000 as ``oversyn evaluate``.
WEB_SMAA_SAMPLES = 20_000


def alternative_names(case: Case) -> dict[str, str]:
    names = {alt.id: alt.name for alt in case.alternatives}
    names.setdefault("nulage", _("Nuläge"))
    return names


def answer_label(answer: str) -> str:
    return {"ja": _("Ja"), "nej": _("Nej"), "delvis": _("Delvis")}.get(answer, "–")


@dataclass
class ScoreCell:
    alternative: str
    principle: Principle
    score: float | None
    motivation: str
    field: str
    min: float
    max: float


def scoring_rows(case: Case, assessor_id: str) -> list[dict[str, Any]]:
    """Per evaluated alternative: one cell per principle with the assessor's own score."""
    ev = case.evaluation
    names = alternative_names(case)
    own = {(a.alternative, a.criterion): a for a in ev.assessments if a.assessor == assessor_id}
    rows = []
    for n, alt in enumerate(evaluated_alternatives(case)):
        cells = []
        for m, p in enumerate(ev.principles):
            scale = ev.principle_scale(p)
            a = own.get((alt, p.id))
            cells.append(
                ScoreCell(
                    alt,
                    p,
                    None if a is None else a.score,
                    "" if a is None else a.motivation,
                    f"{n}-{m}",
                    scale.min,
                    scale.max,
                )
            )
        rows.append({"id": alt, "name": names.get(alt, alt), "cells": cells})
    return rows


def metric_source(metric: Metric, lang: Lang) -> str:
    """Where a measured criterion's values come from, in words."""
    if is_cost_metric(metric.metric):
        year = (metric.metric or "").partition(":")[2]
        if year:
            return _("Årskostnad %(year)s ur kostnadsposterna") % {"year": year}
        return _("Årskostnad (medel över åren) ur kostnadsposterna")
    if metric.metric is not None:
        info = METRICS.get(metric.metric)
        label = info.label(lang) if info else metric.metric
        return _("Strukturanalys: %(metric)s") % {"metric": label}
    return _("Inmatade värden")


def direction_label(direction: str | None) -> str:
    return {"higher": _("högre är bättre"), "lower": _("lägre är bättre")}.get(direction or "", "–")


def _entered(x: float, lang: Lang) -> str:
    """An entered value with the decimals it has (at most three): 0,5 · 2 057 136 · 1,25."""
    decimals = next((d for d in range(3) if round(x, d) == x), 3)
    return format_number(x, decimals, lang)


def metric_value_text(metric: Metric, value: float | None, lang: Lang) -> str:
    """A measured value as the engine computed it, written the way its kind is read."""
    if value is None:
        return "–"
    if is_cost_metric(metric.metric):
        return format_number(round(value), 0, lang)
    if metric.metric in METRICS:
        return format_metric(value, METRICS[metric.metric].kind, lang)
    return _entered(value, lang)


def metric_rows(case: Case, lang: Lang) -> list[dict[str, Any]]:
    """Each measured criterion with its source, unit, direction (the one that applies: given or
    the metric's own) and its value per evaluated alternative, computed by the engine."""
    ev = case.evaluation
    if not ev.metrics:
        return []
    values = evaluate_case(case, lang, samples=0).metric_values
    names = alternative_names(case)
    rows = []
    for m in ev.metrics:
        direction = metric_direction(m)
        rows.append(
            {
                "m": m,
                "source": metric_source(m, lang),
                "direction": direction_label(direction),
                "direction_given": m.direction is not None,
                "values": [
                    {"name": names.get(a, a), "text": metric_value_text(m, v, lang)}
                    for a, v in values.get(m.id, {}).items()
                ],
            }
        )
    return rows


def _num(x: float | None, lang: Lang) -> str:
    return "–" if x is None else format_number(x, 1, lang)


def evaluation_results(case: Case, lang: Lang, samples: int = WEB_SMAA_SAMPLES) -> dict[str, Any]:
    """Everything the results page shows, as plain rows for the template."""
    ev: Evaluation = case.evaluation
    result = evaluate_case(case, lang, samples=samples, seed=0)
    data = result.as_dict(lang)
    alts = data["alternatives"]
    ids = [a["id"] for a in alts]
    short = {a["id"]: a["name"] for a in alts}
    assessor_names = {a.id: a.name for a in ev.assessors}

    gates = []
    for g in data["gates"]:
        cells = []
        for alt in ids:
            r = g["results"].get(alt)
            cells.append(
                {
                    "answer": r["answer"] if r else "",
                    "label": answer_label(r["answer"]) if r else "–",
                    "note": r["note"] if r else "",
                }
            )
        gates.append({"name": g["name"], "level": g["level"], "cells": cells})

    exclusions = []
    for a in alts:
        if not (a["excluded"] or a["rule_excludes"] or a["conflict"] or a["partial_gates"]):
            continue
        gate_names = {g.id: g.name for g in ev.gates}
        exclusions.append(
            {
                "name": a["name"],
                "excluded": a["excluded"],
                "by": a["excluded_by"],
                "failed": [gate_names.get(g, g) for g in a["failed_gates"]],
                "failed_should": [gate_names.get(g, g) for g in a["failed_should_gates"]],
                "partial": [gate_names.get(g, g) for g in a["partial_gates"]],
                "decision": a["decision"],
                "decided_by": assessor_names.get((a["decision"] or {}).get("by") or "", ""),
                "conflict": a["conflict"],
            }
        )

    criteria = data["criteria"]
    matrices = []
    for who, table in data["scores"]["per_assessor"].items():
        matrices.append(
            {
                "title": assessor_names.get(who, who),
                "rows": [
                    {"name": c["name"], "values": [_num(table[alt][c["id"]], lang) for alt in ids]}
                    for c in criteria
                ],
            }
        )
    combined = data["scores"]["combined"]
    spread = data["scores"]["spread"]
    combined_rows = []
    disagreements = []
    for c in criteria:
        values = []
        for alt in ids:
            s = spread[alt][c["id"]]
            values.append({"value": _num(combined[alt][c["id"]], lang), "spread": s})
            if s and len(matrices) > 1:
                disagreements.append(
                    _("%(alt)s, %(crit)s: bedömarna skiljer sig med %(s)s poäng")
                    % {"alt": short[alt], "crit": c["name"], "s": _num(s, lang)}
                )
        combined_rows.append(
            {
                "name": c["name"],
                "weight": format_share(c["weight"], 0, lang),
                "values": [
                    {**v, "spread": None if not v["spread"] else _num(v["spread"], lang)}
                    for v in values
                ],
            }
        )
    totals = [_num(a["score"], lang) for a in alts]

    ranking = sorted((a for a in alts if a["rank"] is not None), key=lambda a: a["rank"])
    ranking_rows = [
        {"rank": a["rank"], "name": a["name"], "score": _num(a["score"], lang)} for a in ranking
    ]

    smaa = None
    if data["smaa"] is not None:
        from oversyn.documents.plots import _eval_short  # the chart's own labels

        s = data["smaa"]
        order = result.smaa_alternatives
        label = {a: _eval_short(result, a, lang) for a in order}
        smaa = {
            "samples": format_number(s["samples"], 0, lang),
            "ranks": list(range(1, len(order) + 1)),
            "rows": [
                {
                    "name": short[a],
                    "label": "" if label[a] == short[a] else label[a],
                    "shares": [format_share(x, 0, lang) for x in s["rank_acceptability"][a]],
                    "confidence": "–"
                    if s["confidence"][a] is None
                    else format_share(s["confidence"][a], 0, lang),
                }
                for a in order
            ],
            "chart": None,
        }
        from oversyn.documents.plots import rank_acceptability

        figure = rank_acceptability(result, lang)
        if figure is not None:
            smaa["chart"] = {
                "src": "data:image/png;base64," + base64.b64encode(figure.png).decode("ascii"),
                "alt": figure.alt,
                "caption": figure.caption,
            }

    from oversyn.core.finance import requirement_text, staff_changes

    proposed, reason = result.proposal()
    conclusion = ev.conclusion
    return {
        "remaining": result.remaining_name(lang) if result.remaining else "",
        "remaining_is_baseline": result.remaining == BASELINE_ID,
        "proposed": case.alternative_name(proposed, lang) if proposed else "",
        "proposed_reason": reason,
        "conclusion": {
            "name": case.alternative_name(conclusion.alternative, lang)
            if conclusion.alternative
            else "",
            "by": assessor_names.get(conclusion.by or "", ""),
            "text": conclusion.text,
        }
        if conclusion is not None
        else None,
        "finance": [c.comparison(lang) for c in staff_changes(case, lang)]
        if case.finance.savings is not None or case.finance.cost_per_fte is not None
        else [],
        "requirement": requirement_text(case, lang) or "",
        "alternatives": [short[a] for a in ids],
        "gates": gates,
        "exclusions": exclusions,
        "matrices": matrices,
        "combined_rows": combined_rows,
        "totals": totals,
        "disagreements": disagreements,
        "ranking": ranking_rows,
        "smaa": smaa,
        "smaa_error": data.get("smaa_error"),
        "sentences": data["sentences"],
        "weights_mode": data["weights_mode"],
        "has_scores": bool(ev.assessments),
    }


def smaa_job_result(job: Any, case: Case, current_version: int, lang: Lang) -> dict[str, Any]:
    """The stored result of a finished ``smaa_samples`` job as rows for the results page:
    rank acceptability and confidence per alternative, the version it was computed on and
    whether the case has changed since."""
    data: dict[str, Any] = job.result or {}
    s = data.get("smaa") or {}
    names = alternative_names(case)
    rows = []
    for alt in data.get("alternatives") or []:
        a = alt["id"]
        name = names.get(a, alt.get("name") or a)
        label = alt.get("label") or ""
        confidence = (s.get("confidence") or {}).get(a)
        rows.append(
            {
                "name": name,
                "label": "" if label in (name, alt.get("name")) else label,
                "shares": [format_share(x, 0, lang) for x in s["rank_acceptability"][a]],
                "confidence": "–" if confidence is None else format_share(confidence, 0, lang),
            }
        )
    return {
        "samples": format_number(data.get("samples", 0), 0, lang),
        "seed": data.get("seed", 0),
        "seconds": format_number(float(data.get("seconds") or 0), 1, lang),
        "version": job.case_version,
        "stale": job.case_version != current_version,
        "ranks": list(range(1, len(rows) + 1)),
        "rows": rows,
        "finished_at": job.finished_at,
    }
