"""`oversyn process` and `oversyn kolada-import`."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from typer.testing import CliRunner

from oversyn.cli.main import app
from oversyn.core.process.model import Goal
from oversyn.io.casefile import load_case, write_case
from tests.conftest import EXAMPLES

runner = CliRunner()
KOLADA = Path(__file__).parents[1] / "io" / "data" / "kolada_v3_N00000_0583.json"


def test_process_json_on_refugee_case() -> None:
    result = runner.invoke(
        app,
        [
            "process",
            str(EXAMPLES / "flyktingverksamhet-2018.yaml"),
            "--today",
            "2018-03-01",
            "--json",
        ],
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["case_number"]["body"] == "UN" and data["case_number"]["year"] == 2018
    assert data["status"] == "decision"
    rows = {r["alternative"]: r for r in data["costs"]["alternatives"]}
    assert rows["behall-och-integrera-hvb"]["per_year"]["2018"] == [2057136.0, 2057136.0]


def test_process_human_output_shows_remiss_and_warnings() -> None:
    result = runner.invoke(
        app, ["process", str(EXAMPLES / "enkoping-2021.yaml"), "--today", "2021-12-01"]
    )
    assert result.exit_code == 0, result.output
    assert "Socialnämnden tar inte ställning" in result.stdout
    assert "passerades för 5 dagar sedan" in result.stdout


def test_process_defaults_to_the_cases_as_of_date(tmp_path: Path) -> None:
    """Motala's answer to the auditors is due "senast den 26 januari 2019": as of 2018-12-01
    (the case's as_of) there are 56 days left; ``--today`` still wins."""
    case = load_case(EXAMPLES / "motala-2018.yaml")
    info = case.case.model_copy(update={"as_of": dt.date(2018, 12, 1)})
    path = tmp_path / "motala.yaml"
    write_case(case.model_copy(update={"case": info}), path)
    result = runner.invoke(app, ["process", str(path), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["today"] == "2018-12-01"
    assert data["findings"] and all("passerades" not in w["message"] for w in data["findings"])
    later = runner.invoke(app, ["process", str(path), "--json", "--today", "2019-02-01"])
    assert json.loads(later.stdout)["today"] == "2019-02-01"


def test_process_bad_today_fails_in_swedish() -> None:
    result = runner.invoke(
        app, ["process", str(EXAMPLES / "enkoping-2021.yaml"), "--today", "igår"]
    )
    assert result.exit_code == 1
    assert "ÅÅÅÅ-MM-DD" in result.output


def test_kolada_import(tmp_path: Path) -> None:
    case = load_case(EXAMPLES / "motala-2018.yaml")
    goal = Goal.model_validate(
        {
            "id": "sysselsattning-kolada",
            "text": "Andel i arbete (test)",
            "indicators": [
                {"id": "andel-arbete", "name": "Andel i arbete", "kolada_kpi": "N00000"}
            ],
        }
    )
    case_file = tmp_path / "case.yaml"
    write_case(case.model_copy(update={"goals": [*case.goals, goal]}), case_file)
    out = tmp_path / "out.yaml"
    result = runner.invoke(
        app, ["kolada-import", str(KOLADA), "--case", str(case_file), "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    goal = load_case(out).goals[-1]
    values = goal.indicators[0].values
    assert [(v.period, v.value) for v in values if v.gender == "T"] == [
        ("2017", 44.1),
        ("2018", 46.3),
        ("2019", None),
    ]


def test_kolada_import_without_matching_indicator(tmp_path: Path) -> None:
    result = runner.invoke(
        app,
        [
            "kolada-import",
            str(KOLADA),
            "--case",
            str(EXAMPLES / "motala-2018.yaml"),
            "-o",
            str(tmp_path / "o.yaml"),
        ],
    )
    assert result.exit_code == 1
    assert "kolada_kpi N00000" in result.output
