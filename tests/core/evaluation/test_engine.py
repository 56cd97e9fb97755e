"""The evaluation of a case, against Linköping 2017 (seed 001) and small hand-worked cases."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from oversyn.core.case import Case
from oversyn.core.evaluation.engine import deterministic_weights, evaluate_case
from oversyn.core.evaluation.model import GateAnswer
from oversyn.io.casefile import dump_case, load_case, parse_case

from .conftest import with_evaluation

EXAMPLES = Path(__file__).resolve().parents[3] / "examples"

# Utvärderingsmatris 1, cell by cell: (answer, note) per gate and alternative 1–4
MATRIX_1 = {
    "u1": [("nej", ""), ("ja", ""), ("ja", ""), ("delvis", "Ja exkl. 1")],
    "u2": [("nej", ""), ("ja", ""), ("ja", ""), ("delvis", "Ja exkl. 1")],
    "u3": [("nej", ""), ("nej", ""), ("ja", ""), ("nej", "")],
    "u4": [("ja", ""), ("ja", ""), ("ja", ""), ("ja", "")],
}
# Utvärderingsmatris 2, cell by cell: principles 1–5 for alternatives 2 and 3
MATRIX_2 = {"alt2": [3, 2, 1, 0, 2], "alt3": [3, 3, 3, 3, 3]}
ALTS = ["alt1", "alt2", "alt3", "alt4"]


@pytest.fixture(params=["fixture", "example"])
def lk(request: pytest.FixtureRequest, linkoping: Case) -> Case:
    """Both the hand-written fixture and examples/linkoping-2017.yaml must reproduce the PM."""
    if request.param == "fixture":
        return linkoping
    return load_case(EXAMPLES / "linkoping-2017.yaml")


def test_matrix_1_cell_by_cell(lk: Case) -> None:
    ev = lk.evaluation
    assert [g.id for g in ev.gates] == list(MATRIX_1)
    assert all(g.level.value == "ska" for g in ev.gates)
    for gate in ev.gates:
        got = {r.alternative: (r.answer.value, r.note) for r in gate.results}
        assert [got[a] for a in ALTS] == MATRIX_1[gate.id], gate.id
    data = evaluate_case(lk, samples=0).as_dict()
    for gate in data["gates"]:
        cells = [gate["results"][a] for a in ALTS]
        assert [(c["answer"], c["note"]) for c in cells] == MATRIX_1[gate["id"]]


def test_matrix_2_cell_by_cell(lk: Case) -> None:
    result = evaluate_case(lk, samples=0)
    data = result.as_dict()
    crits = [c["id"] for c in data["criteria"]]
    assert crits == ["p1", "p2", "p3", "p4", "p5"]
    assert lk.evaluation.scale.min == 0 and lk.evaluation.scale.max == 3
    assert "0 motsvarar inga organisatoriska förutsättningar" in lk.evaluation.scale.meaning
    for alt, row in MATRIX_2.items():
        assert [data["scores"]["per_assessor"]["styrgruppen"][alt][c] for c in crits] == row
        assert [data["scores"]["combined"][alt][c] for c in crits] == row
    assessments = lk.evaluation.assessments
    assert len(assessments) == 10 and all(a.assessor == "styrgruppen" for a in assessments)
    assert all(a.motivation for a in assessments if a.alternative == "alt2")


def test_exclusions_with_reasons(lk: Case) -> None:
    result = evaluate_case(lk, samples=0)
    by_id = {a.id: a for a in result.alternatives}
    assert [a for a in ALTS if by_id[a].excluded] == ["alt1", "alt4"]
    assert by_id["alt1"].failed_gates == ["u1", "u2", "u3"]
    assert by_id["alt4"].failed_gates == ["u3"]
    assert by_id["alt4"].partial_gates == ["u1", "u2"]
    for alt in ("alt1", "alt4"):
        assert by_id[alt].rule_excludes and by_id[alt].excluded_by == "decision"
        assert not by_id[alt].conflict
        decision = by_id[alt].decision
        assert decision is not None
        assert "på avgörande punkter inte stödjer" in decision.motivation
    # alternative 2: Nej on utgångspunkt 3, a must gate, but kept: the disagreement is flagged
    assert by_id["alt2"].rule_excludes and not by_id["alt2"].excluded
    assert by_id["alt2"].conflict
    assert not by_id["alt3"].rule_excludes and by_id["alt3"].decision is None
    assert result.active == ["alt2", "alt3"]
    sentences = result.sentences("sv")
    assert any(s.startswith("Observera:") and "Alternativ 2" in s for s in sentences)


def test_exclusion_reasons_are_the_documents() -> None:
    lk = load_case(EXAMPLES / "linkoping-2017.yaml")
    decisions = {d.alternative: d for d in lk.evaluation.decisions}
    assert decisions["alt1"].reasons == [
        "Överensstämna med den politiska organisationen från och med 2019 som innebär ett "
        "helhetsansvar för myndighetsutövning och beställning inom respektive ansvarsområde.",
        "Bidra till ökad genomförandekraft.",
        "Öka förutsättningar för organisatorisk effektivitet.",
        "Minska komplexiteten i samverkan mellan förvaltningarna.",
        "Överensstämna med kommunens övriga förvaltningsstruktur.",
    ]
    assert decisions["alt1"].reasons_heading == "Organisationsalternativ 1 bedöms inte:"
    assert decisions["alt4"].reasons_heading == "Organisationsalternativ 4 bedöms inte:"
    assert len(decisions["alt4"].reasons) == 6
    assert (
        decisions["alt4"].reasons[-1] == "Överensstämna med kommunens övriga förvaltningsstruktur."
    )
    assert decisions["alt4"].reasons[4].startswith("Innebära ett effektivt resursutnyttjande.")


def test_8_vs_15_and_recommendation(lk: Case) -> None:
    result = evaluate_case(lk, samples=0)
    by_id = {a.id: a for a in result.alternatives}
    assert by_id["alt2"].score == 8 and by_id["alt3"].score == 15
    assert (by_id["alt2"].rank, by_id["alt3"].rank) == (2, 1)
    assert by_id["alt1"].score is None and by_id["alt4"].rank is None
    assert result.recommended == "alt3"
    assert lk.evaluation.conclusion is not None
    assert lk.evaluation.conclusion.alternative == "alt3"
    assert any("stämmer med underlagets slutsats" in s for s in result.sentences("sv"))
    assert result.second is not None and result.second.ranks.tolist() == [2, 1]


def test_linkoping_smaa_alternative_3_always_first(lk: Case) -> None:
    result = evaluate_case(lk, samples=20_000, seed=1)
    assert result.smaa is not None and result.smaa_alternatives == ["alt2", "alt3"]
    assert result.smaa.rank_acceptability.tolist() == [[0.0, 1.0], [1.0, 0.0]]
    data = result.as_dict()
    assert data["smaa"]["confidence"] == {"alt2": None, "alt3": 1.0}
    assert data["smaa"]["central_weights"]["alt2"] is None
    assert sum(data["smaa"]["central_weights"]["alt3"].values()) == pytest.approx(1.0)
    first = f"{result.name('alt3')} rankas först i 100\u00a0% av viktningarna."
    assert first in result.sentences("sv")


def test_round_trip_keeps_the_evaluation(lk: Case) -> None:
    assert parse_case(dump_case(lk)) == lk


def test_case_without_evaluation_round_trips_without_section() -> None:
    case = load_case(EXAMPLES / "motala-2018.yaml")
    assert case.evaluation.is_empty()
    assert "evaluation" not in dump_case(case)


def test_ia_till_ifo_has_the_directives_criteria_and_no_scores() -> None:
    case = load_case(EXAMPLES / "ia-till-ifo.yaml")
    names = [p.name for p in case.evaluation.principles]
    assert names == [
        "Samverkan mellan IA och IFO",
        "Styrning och ledning",
        "Service till medborgarna",
        "Effektivt resursutnyttjande",
    ]
    assert case.evaluation.assessments == []
    result = evaluate_case(case, samples=1000)
    assert result.recommended is None and result.smaa is None
    assert all(a.score is None for a in result.alternatives)
    assert any("väntar på bedömning" in s for s in result.sentences("sv"))


# -- several assessors, metrics, weights --------------------------------------------------------

THREE_ASSESSORS = """\
principles:
  - {id: p1, name: Samverkan}
  - {id: p2, name: Styrning}
assessors:
  - {id: x, name: X}
  - {id: y, name: Y}
  - {id: z, name: Z}
assessments:
  - {assessor: x, alternative: a, criterion: p1, score: 3}
  - {assessor: y, alternative: a, criterion: p1, score: 1}
  - {assessor: z, alternative: a, criterion: p1, score: 2}
  - {assessor: x, alternative: a, criterion: p2, score: 1}
  - {assessor: y, alternative: a, criterion: p2, score: 1}
  - {assessor: x, alternative: b, criterion: p1, score: 2}
  - {assessor: y, alternative: b, criterion: p1, score: 2}
  - {assessor: x, alternative: b, criterion: p2, score: 3}
  - {assessor: y, alternative: b, criterion: p2, score: 0}
  - {assessor: z, alternative: b, criterion: p2, score: 0}
"""


def test_several_assessors_mean_spread_and_per_assessor_sums() -> None:
    # a: p1 mean (3+1+2)/3 = 2, p2 mean 1 → 3 points; b: p1 2, p2 (3+0+0)/3 = 1 → 3 points
    case = with_evaluation(THREE_ASSESSORS, "[a, b]")
    result = evaluate_case(case, samples=5_000)
    a, b = result.alternatives
    assert (a.score, b.score) == (pytest.approx(3.0), pytest.approx(3.0))
    assert result.recommended is None and result.tied == ["a", "b"]
    assert result.combined.spread[0].tolist() == [2.0, 0.0]
    assert result.combined.spread[1].tolist() == [0.0, 3.0]
    assert a.assessor_scores == {"x": 4.0, "y": 2.0, "z": None}
    assert b.assessor_scores == {"x": 5.0, "y": 2.0, "z": None}
    sentences = result.sentences("sv")
    assert any("oeniga om Alt A på ”Samverkan”" in s and "från 1 till 3" in s for s in sentences)
    assert any(s.startswith("Oavgjort mellan Alt A och Alt B") for s in sentences)
    # the spread feeds SMAA: both alternatives can win
    assert result.smaa is not None
    assert 0.05 < result.smaa.rank_acceptability[0, 0] < 0.95


def test_median_aggregation() -> None:
    case = with_evaluation(THREE_ASSESSORS + "aggregation: median\n", "[a, b]")
    result = evaluate_case(case, samples=0)
    # b: p2 median of (3, 0, 0) = 0 → 2 points; a: p1 median 2, p2 median 1 → 3 points
    assert [x.score for x in result.alternatives] == [3.0, 2.0]
    assert result.recommended == "a"


METRICS = """\
principles:
  - {id: p1, name: Samverkan}
metrics:
  - id: kostnad
    name: Ledningskostnad
    unit: mnkr
    values: {a: 10, b: 12, c: 16}
    direction: lower
  - id: namnder
    name: Antal nämnder
    metric: committees
    direction: lower
    value_function: {points: [[0, 3], [10, 0]]}
assessors:
  - {id: x, name: X}
assessments:
  - {assessor: x, alternative: a, criterion: p1, score: 1}
  - {assessor: x, alternative: b, criterion: p1, score: 3}
  - {assessor: x, alternative: c, criterion: p1, score: 3}
"""


def test_metric_criteria_mapped_to_the_scale() -> None:
    # kostnad, lower is better, linear from worst 16 (→ 0) to best 10 (→ 3):
    #   a 10 → 3, b 12 → 2, c 16 → 0.
    # namnder from the analysis: the stub organisation has 0 committees → 3 for all.
    # sums: a 1+3+3 = 7, b 3+2+3 = 8, c 3+0+3 = 6
    case = with_evaluation(METRICS)
    result = evaluate_case(case, samples=2_000)
    assert result.metric_values["kostnad"] == {"a": 10, "b": 12, "c": 16}
    assert result.metric_values["namnder"] == {"a": 0.0, "b": 0.0, "c": 0.0}
    assert [a.score for a in result.alternatives] == pytest.approx([7.0, 8.0, 6.0])
    assert result.recommended == "b"
    assert result.criteria == ["p1", "kostnad", "namnder"]


def test_order_weights_use_rank_order_centroid_and_constrain_smaa() -> None:
    text = METRICS + "weights:\n  mode: order\n  order: [kostnad, p1, namnder]\n"
    case = with_evaluation(text)
    weights = deterministic_weights(case.evaluation)
    assert weights == pytest.approx([5 / 18, 11 / 18, 2 / 18])
    result = evaluate_case(case, samples=5_000)
    # points: a (1·5 + 3·11 + 3·2)/18·3 = 44/6; b (15 + 22 + 6)/6 = 43/6; c (15 + 0 + 6)/6
    assert [x.score for x in result.alternatives] == pytest.approx([44 / 6, 43 / 6, 21 / 6])
    assert result.recommended == "a"
    assert result.smaa is not None
    assert result.smaa.rank_acceptability.sum(axis=0) == pytest.approx(np.ones(3))


def test_exact_and_interval_weights() -> None:
    exact = with_evaluation(
        METRICS + "weights:\n  mode: exact\n  values: {p1: 2, kostnad: 1, namnder: 1}\n"
    )
    assert deterministic_weights(exact.evaluation) == pytest.approx([0.5, 0.25, 0.25])
    intervals = with_evaluation(
        METRICS
        + "weights:\n  mode: intervals\n"
        + "  intervals: {p1: [0.4, 0.6], kostnad: [0.2, 0.4], namnder: [0.0, 0.4]}\n"
    )
    assert deterministic_weights(intervals.evaluation) == pytest.approx([0.5 / 1.0, 0.3, 0.2])
    result = evaluate_case(intervals, samples=5_000, seed=2)
    assert result.smaa is not None and 0 < result.smaa.acceptance_rate < 1


def test_gate_rule_without_decision_and_bor_gate() -> None:
    text = """\
gates:
  - id: g1
    name: Måste
    level: ska
    results: [{alternative: a, answer: nej}, {alternative: b, answer: ja}]
  - id: g2
    name: Borde
    level: bör
    results: [{alternative: b, answer: nej}, {alternative: c, answer: delvis, note: Delvis}]
"""
    result = evaluate_case(with_evaluation(text), samples=0)
    a, b, c = result.alternatives
    assert a.excluded and a.excluded_by == "rule" and a.failed_gates == ["g1"]
    assert not b.excluded and b.failed_should == ["g2"]
    assert c.partial_gates == ["g2"] and not c.excluded
    assert result.case.evaluation.gates[1].results[1].answer == GateAnswer.DELVIS
    assert any("utesluts enligt regeln" in s for s in result.sentences("sv"))
    assert any("is excluded by rule" in s for s in result.sentences("en"))


def test_decision_excluding_against_the_rule_is_flagged() -> None:
    text = """\
gates:
  - {id: g1, name: Måste, results: [{alternative: a, answer: ja}]}
assessors: [{id: x, name: X}]
decisions:
  - {alternative: a, action: exclude, by: x, motivation: För dyrt.}
"""
    result = evaluate_case(with_evaluation(text), samples=0)
    a = result.alternatives[0]
    assert a.excluded and a.excluded_by == "decision" and a.conflict
    assert any("klarar alla ska-krav men har uteslutits" in s for s in result.sentences("sv"))


def test_smaa_progress_follows_the_samples_and_changes_nothing(lk: Case) -> None:
    calls: list[tuple[int, int]] = []
    plain = evaluate_case(lk, samples=30_000, seed=5).as_dict()["smaa"]
    followed = evaluate_case(
        lk, samples=30_000, seed=5, progress=lambda d, t: calls.append((d, t))
    ).as_dict()["smaa"]
    assert plain == followed
    assert calls and calls[-1][0] == calls[-1][1] and calls[0][0] == 8192
