"""The interaction computation on Spark (local[2]) gives what DuckDB gives, figure for figure.

One Spark session for the module (starting the JVM is most of the cost).  The records are the
synthetic ones of test_events_aggregate.py (the IA example, 400 persons, seed 3), as Parquet
and as CSV, plus a hand-made file for the checks."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from oversyn.io.casefile import load_case
from oversyn.io.evidence.events import EvidenceError, EvidenceResult, compute_evidence
from oversyn.io.evidence.spark import compute_evidence_spark, spark_session
from oversyn.io.evidence.synth import synth_events, write_events

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "ia-till-ifo.yaml"

# not skipped when PySpark or Java is missing: both are test dependencies (the [test] extra,
# requirements-apt.txt), and a skip would hide a missing install step
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def spark() -> Iterator[Any]:
    session = spark_session("local[2]")
    yield session
    session.stop()


@pytest.fixture(scope="module")
def records(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    case = load_case(EXAMPLE)
    table = synth_events(case, 400, seed=3)
    folder = tmp_path_factory.mktemp("records")
    paths = {"parquet": folder / "ev.parquet", "csv": folder / "ev.csv"}
    for path in paths.values():
        write_events(table, path)
    return paths


def _figures(result: EvidenceResult) -> dict[str, Any]:
    data = result.as_dict()
    data.pop("source")
    return data


@pytest.mark.parametrize(
    ("fmt", "options"),
    [
        ("parquet", {"period": "2024", "min_count": 1, "max_journeys": 50}),
        ("csv", {"min_count": 5, "handoff_days": 7}),  # whole span, another window
    ],
)
def test_spark_matrix_equals_duckdb(
    spark: Any, records: dict[str, Path], fmt: str, options: dict[str, Any]
) -> None:
    path = records[fmt]
    duck = compute_evidence(path, **options, known_units={"ia", "sof"})
    spk = compute_evidence_spark(path, **options, known_units={"ia", "sof"}, spark=spark)
    assert duck.pairs, "the synthetic records give pairs"
    assert any(p.kind == "handoffs" for p in duck.pairs)
    assert duck.journeys and duck.unknown_units
    assert _figures(spk) == _figures(duck)


def test_spark_reports_a_bad_row_like_duckdb(spark: Any, tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(
        "person,unit,start,end\nP1,a,2024-01-01,2024-02-01\nP2,b,2024-13-01,\n",
        encoding="utf-8",
    )
    with pytest.raises(EvidenceError) as duck:
        compute_evidence(path)
    with pytest.raises(EvidenceError) as spk:
        compute_evidence_spark(path, spark=spark)
    assert str(spk.value) == str(duck.value)
    assert f"{path}:3" in str(spk.value)


def test_cli_engine_spark(spark: Any, records: dict[str, Path], tmp_path: Path) -> None:
    """``oversyn interactions --engine spark --master local[2]`` writes the DuckDB CSV.  Last
    in the module: the command stops the session it gets (the module's, via getOrCreate)."""
    from typer.testing import CliRunner

    from oversyn.cli.main import app

    runner = CliRunner()
    written = {}
    for engine in ("duckdb", "spark"):
        out = tmp_path / f"{engine}.csv"
        extra = ["--master", "local[2]"] if engine == "spark" else []
        command = ["interactions", str(records["parquet"]), "-o", str(out), "--period", "2024"]
        result = runner.invoke(app, [*command, "--engine", engine, *extra])
        assert result.exit_code == 0, result.output
        written[engine] = out.read_text(encoding="utf-8")
    assert written["spark"] == written["duckdb"]
    assert written["duckdb"].count("\n") > 5
