"""`oversyn evaluate`: the JSON contract of issue 3, the human tables, errors and exit codes."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from oversyn.cli.main import app
from tests.core.evaluation.conftest import LINKOPING_YAML

runner = CliRunner(env={"COLUMNS": "200"})
EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
LINKOPING = str(EXAMPLES / "linkoping-2017.yaml")


def test_json_contract_linkoping() -> None:
    result = runner.invoke(app, ["evaluate", LINKOPING, "--json", "--samples", "20000"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    ids = [a["id"] for a in data["alternatives"]]
    assert ids == ["alt1", "alt2", "alt3", "alt4"]
    for alt in data["alternatives"]:
        assert set(alt) >= {
            "id",
            "name",
            "excluded",
            "excluded_by",
            "failed_gates",
            "score",
            "rank",
        }
        assert isinstance(alt["excluded"], bool)
        assert alt["excluded_by"] in ("rule", "decision", None)
        assert isinstance(alt["failed_gates"], list)
    by_id = {a["id"]: a for a in data["alternatives"]}
    assert by_id["alt1"]["excluded"] and by_id["alt4"]["excluded"]
    assert by_id["alt1"]["failed_gates"] == ["u1", "u2", "u3"]
    assert (by_id["alt2"]["score"], by_id["alt3"]["score"]) == (8, 15)
    assert (by_id["alt2"]["rank"], by_id["alt3"]["rank"]) == (2, 1)
    assert by_id["alt1"]["score"] is None and by_id["alt1"]["rank"] is None
    assert data["recommended"] == "alt3"
    smaa = data["smaa"]
    assert smaa["samples"] == 20000
    assert smaa["rank_acceptability"] == {"alt2": [0.0, 1.0], "alt3": [1.0, 0.0]}
    assert set(smaa["central_weights"]["alt3"]) == {"p1", "p2", "p3", "p4", "p5"}
    assert smaa["confidence"]["alt3"] == 1.0


def test_seed_makes_runs_identical(tmp_path: Path) -> None:
    text = LINKOPING_YAML.replace(
        "  conclusion:", "  score_uncertainty: 1\n  conclusion:"
    )  # scores ±1: the ranking becomes uncertain
    path = tmp_path / "lk.yaml"
    path.write_text(text, encoding="utf-8")
    args = ["evaluate", str(path), "--json", "--samples", "5000"]
    one = json.loads(runner.invoke(app, [*args, "--seed", "3"]).stdout)["smaa"]
    two = json.loads(runner.invoke(app, [*args, "--seed", "3"]).stdout)["smaa"]
    other = json.loads(runner.invoke(app, [*args, "--seed", "4"]).stdout)["smaa"]
    assert one == two
    assert one != other
    assert 0.9 < one["rank_acceptability"]["alt3"][0] < 1.0


def test_human_output_has_the_tables_and_sentences() -> None:
    result = runner.invoke(app, ["evaluate", LINKOPING, "--samples", "2000"])
    assert result.exit_code == 0, result.output
    out = result.output
    for title in ("Grundläggande utgångspunkter", "Uteslutning", "Principer: Styrgruppen"):
        assert title in out
    assert "Ja exkl. 1" in out and "avviker från regeln" in out
    assert "Rangordning" in out and "Robusthet (SMAA-2" in out and "TOPSIS" in out
    assert "Rekommendation enligt viktad summa: Alternativ 3" in out


def test_english() -> None:
    result = runner.invoke(app, ["--lang", "en", "evaluate", LINKOPING, "--samples", "1000"])
    assert result.exit_code == 0, result.output
    assert "Basic requirements (gates)" in result.output
    assert "Recommendation by weighted sum: Alternativ 3" in result.output


def test_promethee_method_and_no_smaa() -> None:
    args = ["evaluate", LINKOPING, "--json", "--samples", "0", "--method", "promethee2"]
    data = json.loads(runner.invoke(app, args).stdout)
    assert data["smaa"] is None
    assert data["second_opinion"]["method"] == "PROMETHEE II"
    assert data["second_opinion"]["ranks"] == {"alt2": 2, "alt3": 1}


def test_invalid_evaluation_exit_1_located(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(LINKOPING_YAML.replace("criterion: p4, score: 0", "criterion: p4, score: 7"))
    result = runner.invoke(app, ["evaluate", str(path)])
    assert result.exit_code == 1
    assert "bad.yaml:" in result.output
    assert "evaluation.assessments[3].score" in result.output
    assert "utanför skalan" in result.output


def test_negative_samples_exit_1() -> None:
    result = runner.invoke(app, ["evaluate", LINKOPING, "--samples", "-1"])
    assert result.exit_code == 1


def test_case_without_evaluation() -> None:
    result = runner.invoke(app, ["evaluate", str(EXAMPLES / "motala-2018.yaml")])
    assert result.exit_code == 0
    assert "Ingen värdering" in result.output


def test_motivations_are_shown_on_request() -> None:
    result = runner.invoke(app, ["evaluate", LINKOPING, "--samples", "0", "--motivations"])
    assert result.exit_code == 0, result.output
    assert "Motiveringar" in result.output
    assert "Minska komplexiteten i samverkan mellan förvaltningarna." in result.output
    assert "Organisationsstrukturen ger inte några förutsättningar för ett sektorsansvar" in (
        " ".join(result.output.split())
    )
    data = json.loads(
        runner.invoke(app, ["evaluate", LINKOPING, "--json", "--samples", "0"]).stdout
    )
    assert len(data["assessments"]) == 10
    assert data["assessments"][3]["score"] == 0
    assert data["assessments"][3]["motivation"].startswith("Bedöms som betydligt svagare")
