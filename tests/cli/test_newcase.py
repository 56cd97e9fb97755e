"""`oversyn new`: the same new case as the web's form, as a case file."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from oversyn.cli.main import app
from oversyn.io.casefile import load_case
from tests.conftest import EXAMPLES

runner = CliRunner(env={"COLUMNS": "200"})


def test_new_case_from_the_skeleton(tmp_path: Path) -> None:
    out = tmp_path / "ny.yaml"
    result = runner.invoke(
        app,
        [
            "new", "-o", str(out), "--title", "Översyn av socialförvaltningen",
            "--municipality", "0583", "--deadline", "våren 2026", "--case-number", "KS 2025/1",
        ],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    case = load_case(out)
    assert case.case.id == "oversyn-av-socialforvaltningen"
    assert case.case.municipality.name == "Motala kommun"
    assert case.case.directive.deadline == "våren 2026"
    assert "7 nämnder" in result.output
    again = runner.invoke(app, ["new", "-o", str(out), "--title", "X", "--municipality", "0583"])
    assert again.exit_code == 1  # never overwrites


def test_copy_and_located_errors(tmp_path: Path) -> None:
    out = tmp_path / "kopia.yaml"
    seed = EXAMPLES / "ia-till-ifo.yaml"
    result = runner.invoke(
        app,
        ["new", "-o", str(out), "--title", "Kopia", "--municipality", "0580",
         "--start", "copy", "--from", str(seed)],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert load_case(out).baseline == load_case(seed).baseline
    bad = runner.invoke(
        app,
        ["new", "-o", str(tmp_path / "x.yaml"), "--title", "X", "--municipality", "9999",
         "--deadline", "snart"],
    )  # fmt: skip
    assert bad.exit_code == 1
    assert "9999" in bad.output and "snart" in bad.output
    assert not (tmp_path / "x.yaml").exists()
