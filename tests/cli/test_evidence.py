"""CLI: synth-events → interactions → import into the case → optimize → alternative."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from oversyn.cli.main import app
from oversyn.io.casefile import load_case

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "ia-till-ifo.yaml"
runner = CliRunner()


def test_pipeline(tmp_path: Path) -> None:
    events = tmp_path / "ev.csv"
    result = runner.invoke(
        app, ["synth-events", str(EXAMPLE), "--persons", "300", "--seed", "5", "-o", str(events)]
    )
    assert result.exit_code == 0, result.output
    agg, case_out = tmp_path / "agg.csv", tmp_path / "case.yaml"
    result = runner.invoke(
        app,
        [
            "interactions",
            str(events),
            "-o",
            str(agg),
            "--period",
            "2024",
            "--case",
            str(EXAMPLE),
            "--write-case",
            str(case_out),
            "--estimated",
            "--source",
            "syntetiska data",
        ],
    )
    assert result.exit_code == 0, result.output
    case = load_case(case_out)
    assert case.interactions and all(i.estimated for i in case.interactions)
    final = tmp_path / "opt.yaml"
    result = runner.invoke(
        app, ["optimize", str(case_out), "--level", "2", "--json", "--write-case", str(final)]
    )
    assert result.exit_code == 0, result.output
    optimised = load_case(final)
    alt = optimised.alternatives[-1]
    optimised.organisation(alt.id)  # applies cleanly


def test_missing_column_error_is_swedish_and_exit_1(tmp_path: Path) -> None:
    events = tmp_path / "ev.csv"
    events.write_text("enhet,startdatum\nia,2024-01-01\n", encoding="utf-8")
    result = runner.invoke(app, ["interactions", str(events), "-o", str(tmp_path / "o.csv")])
    assert result.exit_code == 1
    assert "kolumnen för personnyckel saknas" in " ".join(result.output.split())


def test_optimize_unknown_unit_in_constraint() -> None:
    result = runner.invoke(app, ["optimize", str(EXAMPLE), "--fix", "finns-inte=sof"])
    assert result.exit_code == 1
    assert "finns-inte" in result.output


def test_optimize_json_stdout_is_only_json() -> None:
    """In a real process (the HiGHS banner is written by C code to file descriptor 1, which
    CliRunner does not capture): stdout parses as JSON, the banner if any is on stderr."""
    command = [sys.executable, "-m", "oversyn.cli.main", "optimize", str(EXAMPLE)]
    done = subprocess.run(
        [*command, "--level", "2", "--json"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["summary"]["moved"] == ["ia"]
    assert data["alternative"]["operations"][0]["op"] == "move_unit"


def test_interactions_engine_options_are_checked(tmp_path: Path) -> None:
    events = tmp_path / "ev.csv"
    events.write_text("person,unit,start\nP1,a,2024-01-01\n", encoding="utf-8")
    out = str(tmp_path / "o.csv")
    result = runner.invoke(app, ["interactions", str(events), "-o", out, "--engine", "x"])
    assert result.exit_code == 1 and "Okänd motor" in result.output
    result = runner.invoke(app, ["interactions", str(events), "-o", out, "--master", "local[2]"])
    assert result.exit_code == 1 and "--master kräver --engine spark" in result.output


def test_optimize_fewer_administrations_merges(tmp_path: Path) -> None:
    """K below today's count was refused; now the proposal merges and flags the support."""
    final = tmp_path / "opt.yaml"
    command = ["optimize", str(EXAMPLE), "--level", "2", "--administrations", "2"]
    result = runner.invoke(app, [*command, "--json", "--write-case", str(final)])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    ops = [op["op"] for op in data["alternative"]["operations"]]
    assert ops[0] == "merge_administrations"
    assert data["summary"]["confirm"] and len(data["summary"]["administrations"]) == 2
    case = load_case(final)
    org = case.organisation(case.alternatives[-1].id)
    assert len(org.administrations) == 2
