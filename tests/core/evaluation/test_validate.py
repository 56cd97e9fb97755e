"""Evaluation errors are located: file, line and field, in Swedish and English."""

from __future__ import annotations

import pytest

from oversyn.io.casefile import CaseFileError, parse_case

HEAD = """\
format: oversyn/1
case: {id: t, title: T, municipality: {name: Testby kommun}}
baseline: {}
alternatives:
  - {id: a, name: A}
  - {id: b, name: B}
evaluation:
"""


def _errors(evaluation: str) -> list[tuple[int | None, str, str, str]]:
    with pytest.raises(CaseFileError) as info:
        parse_case(HEAD + evaluation, "t.yaml")
    return [(e.line, e.field, e.code, e.message("sv")) for e in info.value.errors]


def test_score_outside_scale_points_at_the_line() -> None:
    errors = _errors(
        "  principles: [{id: p1, name: P1}]\n"
        "  assessors: [{id: x, name: X}]\n"
        "  assessments:\n"
        "    - {assessor: x, alternative: a, criterion: p1, score: 2}\n"
        "    - {assessor: x, alternative: b, criterion: p1, score: 4}\n"
    )
    assert errors == [
        (
            12,
            "evaluation.assessments[1].score",
            "eval_score_out_of_scale",
            "Poängen 4.0 ligger utanför skalan 0.0–3.0",
        )
    ]


def test_unknown_alternative_assessor_and_criterion() -> None:
    errors = _errors(
        "  principles: [{id: p1, name: P1}]\n"
        "  gates: [{id: g1, name: G, results: [{alternative: c, answer: ja}]}]\n"
        "  assessors: [{id: x, name: X}]\n"
        "  assessments:\n"
        "    - {assessor: y, alternative: a, criterion: p2, score: 1}\n"
        "    - {assessor: x, alternative: a, criterion: g1, score: 1}\n"
    )
    fields = {(field, code) for _, field, code, _ in errors}
    assert fields == {
        ("evaluation.gates[0].results[0].alternative", "eval_unknown_alternative"),
        ("evaluation.assessments[0].assessor", "eval_unknown_assessor"),
        ("evaluation.assessments[0].criterion", "eval_unknown_criterion"),
        ("evaluation.assessments[1].criterion", "eval_not_a_principle"),
    }
    assert all(line is not None for line, *_ in errors)


def test_gate_answer_must_be_ja_nej_delvis() -> None:
    errors = _errors("  gates: [{id: g1, name: G, results: [{alternative: a, answer: kanske}]}]\n")
    assert errors[0][1] == "evaluation.gates[0].results[0].answer"
    assert errors[0][2] == "pyd_enum"


def test_weight_problems() -> None:
    principles = "  principles: [{id: p1, name: P1}, {id: p2, name: P2}]\n"
    order = _errors(principles + "  weights: {mode: order, order: [p1]}\n")
    assert [(f, c) for _, f, c, _ in order] == [
        ("evaluation.weights.order", "eval_order_incomplete")
    ]
    infeasible = _errors(
        principles + "  weights: {mode: intervals, intervals: {p1: [0.6, 0.7], p2: [0.6, 0.9]}}\n"
    )
    assert infeasible[0][2] == "eval_intervals_infeasible"
    assert "summan av de lägsta är 1.2" in infeasible[0][3]
    unknown = _errors(principles + "  weights: {mode: exact, values: {p1: 1, p3: 1}}\n")
    assert {c for _, _, c, _ in unknown} == {"eval_weight_unknown", "eval_weight_missing"}


def test_metric_problems() -> None:
    errors = _errors(
        "  metrics:\n"
        "    - {id: m1, name: M1, metric: no_such_metric}\n"
        "    - {id: m2, name: M2, values: {a: 1}}\n"
        "    - {id: m3, name: M3}\n"
    )
    codes = [(f, c) for _, f, c, _ in errors]
    assert ("evaluation.metrics[0].metric", "eval_unknown_metric") in codes
    assert ("evaluation.metrics[1]", "eval_metric_direction") in codes
    assert ("evaluation.metrics[2]", "eval_metric_no_source") in codes


def test_duplicates() -> None:
    errors = _errors(
        "  principles: [{id: p1, name: P1}, {id: p1, name: P1 igen}]\n"
        "  assessors: [{id: x, name: X}]\n"
        "  decisions:\n"
        "    - {alternative: a, action: keep}\n"
        "    - {alternative: a, action: exclude}\n"
    )
    assert {c for _, _, c, _ in errors} == {"eval_duplicate_id", "eval_duplicate_decision"}


def test_english_message() -> None:
    with pytest.raises(CaseFileError) as info:
        parse_case(HEAD + "  decisions: [{alternative: a, action: keep, by: nobody}]\n", "t.yaml")
    assert (
        info.value.errors[0].message("en")
        == "Assessor 'nobody' is not listed under evaluation.assessors"
    )


def test_nulage_can_be_evaluated_when_named() -> None:
    case = parse_case(
        HEAD + "  gates: [{id: g1, name: G, results: [{alternative: nulage, answer: nej}]}]\n"
    )
    from oversyn.core.evaluation.validate import evaluated_alternatives

    assert evaluated_alternatives(case) == ["nulage", "a", "b"]
