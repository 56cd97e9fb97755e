"""The CLI as an analyst or a script uses it: exit codes, located errors, the JSON contract."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from oversyn.cli.main import app
from tests.conftest import EXAMPLES, SMALL_CASE_YAML

runner = CliRunner(env={"COLUMNS": "200"})


def write(tmp_path: Path, text: str, name: str = "case.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_validate_examples_exit_0() -> None:
    files = sorted(str(p) for p in EXAMPLES.glob("*.yaml"))
    assert files
    result = runner.invoke(app, ["validate", *files])
    assert result.exit_code == 0, result.output
    assert "giltig" in result.output


def test_validate_broken_files_exit_1_with_line_and_field(tmp_path: Path) -> None:
    indent = write(tmp_path, SMALL_CASE_YAML.replace("  title: Hand", "    title: Hand"), "a.yaml")
    unit = write(
        tmp_path, SMALL_CASE_YAML.replace("unit: lss, to_admin", "unit: x, to_admin"), "b.yaml"
    )
    number = write(tmp_path, SMALL_CASE_YAML.replace("fte: 3}", "fte: tre}"), "c.yaml")
    result = runner.invoke(app, ["validate", str(indent), str(unit), str(number)])
    assert result.exit_code == 1
    out = result.output
    assert f"{indent}:4: YAML-filen kan inte läsas" in out
    assert f"{unit}:" in out and "(fält alternatives[0].operations[0])" in out
    assert "enheten 'x' finns inte" in out
    assert "(fält baseline.units[5].fte): Ska vara ett tal, fick 'tre'" in out


def test_validate_json_and_english(tmp_path: Path) -> None:
    number = write(tmp_path, SMALL_CASE_YAML.replace("fte: 3}", "fte: tre}"))
    result = runner.invoke(app, ["--lang", "en", "validate", "--json", str(number)])
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    [error] = data["files"][0]["errors"]
    assert error["field"] == "baseline.units[5].fte"
    assert error["message"] == "Must be a number, got 'tre'"
    assert isinstance(error["line"], int)


def test_analyze_json_contract_ia_ifo() -> None:
    result = runner.invoke(app, ["analyze", str(EXAMPLES / "ia-till-ifo.yaml"), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    alternatives = data["alternatives"]
    assert [a["id"] for a in alternatives] == ["nulage", "ia-till-ifo"]
    for alt in alternatives:
        assert {"id", "name", "metrics", "checks"} <= set(alt)
        for check in alt["checks"]:
            assert {"level", "code", "message"} <= set(check)
    before, after = (a["metrics"]["cross_boundary_interaction_share"] for a in alternatives)
    assert after < before  # moving IA into IFO lowers the share crossing a boundary


def test_analyze_table(tmp_path: Path) -> None:
    result = runner.invoke(app, ["analyze", str(write(tmp_path, SMALL_CASE_YAML))])
    assert result.exit_code == 0, result.output
    assert "Andel samverkan över förvaltningsgräns" in result.output
    assert "25 %" in result.output
    assert "FEL" in result.output and "authority_law_not_in_mandate" in result.output


def test_analyze_broken_file_exits_1(tmp_path: Path) -> None:
    path = write(tmp_path, SMALL_CASE_YAML.replace("fte: 3}", "fte: tre}"))
    result = runner.invoke(app, ["analyze", str(path)])
    assert result.exit_code == 1
    assert "Ska vara ett tal" in result.output


def test_diff_in_words(tmp_path: Path) -> None:
    path = write(tmp_path, SMALL_CASE_YAML)
    result = runner.invoke(app, ["diff", str(path), "nulage", "lss-till-buf"])
    assert result.exit_code == 0, result.output
    assert "LSS flyttas från Socialförvaltningen till Barn- och utbildningsförvaltningen." in (
        " ".join(result.output.split())
    )
    result = runner.invoke(app, ["diff", str(path), "nulage", "finns-inte"])
    assert result.exit_code == 1
    assert "finns inte" in result.output
    result = runner.invoke(
        app, ["--lang", "en", "diff", "--json", str(path), "lss-till-buf", "en-forvaltning"]
    )
    data = json.loads(result.stdout)
    assert data["changes"][0]["code"] == "diff_adm_merged"


def test_schema_command_prints_json_schema() -> None:
    result = runner.invoke(app, ["schema"])
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    assert schema["$schema"].endswith("2020-12/schema")
    assert "Case" not in schema["title"] and "Översyn" in schema["title"]


def test_bad_lang() -> None:
    result = runner.invoke(app, ["--lang", "de", "schema"])
    assert result.exit_code != 0
