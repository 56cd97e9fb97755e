"""Property-based fuzzing of the io readers (issue 16, item 6): the case-file reader, the
evidence CSV reader and the Kolada reader get mutated and random inputs; each either accepts
or refuses with its located error — nothing else (no crash, no other exception).

``benchmarks/fuzz.py`` runs the same targets with at least 10,000 examples each."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import strategies as st

from oversyn.io.casefile import CaseFileError, parse_case
from oversyn.io.kolada import KoladaFormatError, parse_kolada
from oversyn.io.limits import BoundError, load_json
from tests.fuzzing import json_documents, mutated_text, run_target

ROOT = Path(__file__).resolve().parents[2]
SEED = (ROOT / "examples" / "ia-till-ifo.yaml").read_text(encoding="utf-8")
KOLADA = (ROOT / "tests" / "io" / "data" / "kolada_v3_N00000_0583.json").read_text(encoding="utf-8")


def casefile_target(text: str) -> None:
    parse_case(text, "fuzz.yaml")


def check_casefile_refusal(exc: BaseException) -> None:
    assert isinstance(exc, CaseFileError) and exc.errors
    for error in exc.errors:
        assert error.file == "fuzz.yaml" and error.message("sv") and error.message("en")


def kolada_target(text: str) -> None:
    parse_kolada(load_json(text), "fuzz")


def kolada_shaped(value):
    """Wrap a random value in Kolada's response shape, so the reader's inner checks run."""
    return {"values": [{"kpi": "N1", "municipality": "0583", "period": 2018, "values": value}]}


def evidence_csv_target(text: str, tmp: Path) -> None:
    from oversyn.io.evidence.aggregate import read_interactions_csv

    path = tmp / "fuzz.csv"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    read_interactions_csv(path)


def test_casefile_reader_only_accepts_or_refuses_with_located_errors():
    report = run_target(
        "casefile",
        casefile_target,
        mutated_text(SEED),
        (CaseFileError,),
        examples=800,
        check_refusal=check_casefile_refusal,
    )
    assert report.crashes == [], report.crashes[:5]
    assert report.refused > 100 and report.tried == 800


def test_kolada_reader_only_accepts_or_refuses():
    strategy = json_documents(shaped=kolada_shaped) | mutated_text(KOLADA)
    report = run_target(
        "kolada", kolada_target, strategy, (BoundError, KoladaFormatError), examples=600
    )
    assert report.crashes == [], report.crashes[:5]
    assert report.refused > 100


def test_kolada_real_response_still_reads():
    assert parse_kolada(json.loads(KOLADA))


def test_evidence_csv_reader_only_accepts_or_refuses(tmp_path):
    from oversyn.io.evidence.events import EvidenceError

    header = "a,b,kind,weight,measure,period,source,estimated,note\n"
    base = header + "ia,ifo,shared_clients,12,personer,2023,fuzz,false,\nia,ekb,handoffs,< 5,,,,,\n"
    report = run_target(
        "evidence-csv",
        lambda text: evidence_csv_target(text, tmp_path),
        mutated_text(base) | st.text(max_size=200),
        (EvidenceError,),
        examples=600,
    )
    assert report.crashes == [], report.crashes[:5]
    assert report.refused > 50 and report.accepted > 10
