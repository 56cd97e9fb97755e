"""The yearly cost as a metric criterion, with its low–high range in the robustness analysis.

Worked example: seed 003 (examples/flyktingverksamhet-2018.yaml, UN 2018-02-21 § 13).  Cost
lines: *behåll* 4 placements × 42 857 kr/month × 12 = 2 057 136 kr in 2018; *samla under UN*
an own HVB at 150 000–320 000 kr/month × 12 = 1 800 000–3 840 000 kr, middle 2 820 000 kr.
The criterion ``yearly_cost:2018`` takes the middles; lower is better, so on the scale 0–3 the
value function runs from the worst middle (2 820 000 → 0) to the best (2 057 136 → 3).

Hand-worked SMAA with exact equal weights and one assessor: samla scores 3, 3, 2 on the three
principles and behåll 2, 2, 2.  Deterministically samla has 3+3+2+0 = 8 and behåll
2+2+2+3 = 9, so behåll ranks first.  In the robustness analysis samla's cost score is uniform
on [f(3 840 000), f(1 800 000)] = [0, 3] (clipped to the scale), and samla wins when
8 + s > 9, i.e. s > 1: probability 2/3.  Entered as a single number (no range) it never wins.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from oversyn.core.case import Case
from oversyn.core.evaluation.engine import evaluate_case
from oversyn.core.evaluation.validate import validate_evaluation
from oversyn.io.casefile import load_case

SEED = Path(__file__).resolve().parents[3] / "examples" / "flyktingverksamhet-2018.yaml"
SAMLA, BEHALL = "samla-under-un", "behall-och-integrera-hvb"


@pytest.fixture(scope="module")
def seed() -> Case:
    return load_case(SEED)


def _scored(case: Case, metric: dict[str, object]) -> Case:
    data = case.model_dump(mode="json")
    ev = data["evaluation"]
    ev["metrics"] = [{"id": "kostnad", "name": "Kostnad 2018", **metric}]
    ev["weights"] = {
        "mode": "exact",
        "values": {"arbetsmiljo": 1, "kvalitet": 1, "likabehandling": 1, "kostnad": 1},
    }
    ev["assessors"] = [{"id": "a", "name": "Utredaren"}]
    ev["decisions"] = []
    ev["conclusion"] = None
    scores = {SAMLA: [3, 3, 2], BEHALL: [2, 2, 2]}
    ev["assessments"] = [
        {"assessor": "a", "alternative": alt, "criterion": c, "score": s, "motivation": "–"}
        for alt, row in scores.items()
        for c, s in zip(["arbetsmiljo", "kvalitet", "likabehandling"], row, strict=True)
    ]
    return Case.model_validate(data)


def test_values_come_from_the_cost_lines(seed: Case) -> None:
    result = evaluate_case(seed, samples=0)
    assert result.metric_values["kostnad-2018"] == {SAMLA: 2_820_000.0, BEHALL: 2_057_136.0}
    assert validate_evaluation(seed) == []


def test_the_cost_range_moves_the_robustness_analysis(seed: Case) -> None:
    ranged = evaluate_case(_scored(seed, {"metric": "yearly_cost:2018"}), samples=60_000)
    by_id = {a.id: a for a in ranged.alternatives}
    # weights are rescaled to sum to the number of criteria, so the sums are the plain sums
    assert (by_id[SAMLA].score, by_id[BEHALL].score) == pytest.approx((8.0, 9.0))
    assert ranged.recommended == BEHALL
    assert ranged.smaa is not None
    first = dict(zip(ranged.smaa_alternatives, ranged.smaa.rank_acceptability[:, 0], strict=True))
    assert first[SAMLA] == pytest.approx(2 / 3, abs=0.01)

    fixed = _scored(seed, {"values": {SAMLA: 2_820_000, BEHALL: 2_057_136}, "direction": "lower"})
    point = evaluate_case(fixed, samples=20_000)
    assert point.smaa is None or point.smaa.rank_acceptability[
        point.smaa_alternatives.index(SAMLA), 0
    ] == pytest.approx(0.0)


def test_a_cost_metric_without_cost_lines_is_a_located_problem(seed: Case) -> None:
    case = _scored(seed, {"metric": "yearly_cost"}).model_copy(update={"costs": []})
    [problem] = validate_evaluation(case)
    assert problem.loc == ("evaluation", "metrics", 0, "metric")
    assert problem.message() == (
        "Kriteriet bygger på årskostnaden men ärendet har inga kostnadsposter (costs)"
    )


def test_unknown_metric_names_the_cost_form(seed: Case) -> None:
    case = _scored(seed, {"metric": "yearly_costs"})
    messages = [p.message() for p in validate_evaluation(case)]
    assert any("yearly_cost eller yearly_cost:ÅÅÅÅ" in m for m in messages)


def test_a_year_the_cost_lines_do_not_cover_is_a_located_problem(seed: Case) -> None:
    case = _scored(seed, {"metric": "yearly_cost:2031"})
    [problem] = validate_evaluation(case)
    assert problem.loc == ("evaluation", "metrics", 0, "metric")
    assert problem.message() == "Kostnadsposterna gäller åren 2018–2019, inte 2031"
