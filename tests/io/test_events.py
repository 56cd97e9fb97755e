"""Interactions, hand-offs and journeys from a small hand-made record set (counted by hand).

Records (period 2024, hand-off window 30 days)::

    P1: A 2024-01-01..2024-03-31, B 2024-04-10..2024-06-30       (A→B after 10 days)
    P2: A 2024-02-01..2024-02-28, B 2024-06-01..2024-07-31,
        C 2024-08-15..(open)                                      (A→B after 94 days: none;
                                                                   B→C after 15 days)
    P3: A 2024-05-01..2024-05-31, C 2024-06-05..2024-06-30       (A→C after 5 days)
    P4: B 2023-01-01..2023-12-31 (before the period), C 2024-03-01..2024-03-31

Hand counts: shared persons S(A,B) = 2 (P1, P2), S(A,C) = 2 (P2, P3), S(B,C) = 1 (P2; P4's B
is outside the period).  Hand-offs: A→B 1 (P1), B→C 1 (P2), A→C 1 (P3).  Journeys: A>B (P1),
A>B>C (P2), A>C (P3); P4 has one unit in the period.
"""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from oversyn.io.evidence.events import EvidenceError, compute_evidence, parse_period

RECORDS = """\
lopnr;enhet;startdatum;slutdatum;insatstyp
P1;A;2024-01-01;2024-03-31;x
P1;B;2024-04-10;2024-06-30;x
P2;A;2024-02-01;2024-02-28;x
P2;B;2024-06-01;2024-07-31;x
P2;C;2024-08-15;;x
P3;A;2024-05-01;2024-05-31;x
P3;C;2024-06-05;2024-06-30;x
P4;B;2023-01-01;2023-12-31;x
P4;C;2024-03-01;2024-03-31;x
"""


def write(tmp_path: Path, text: str, name: str = "ev.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def counts(result, kind):  # type: ignore[no-untyped-def]
    return {(p.a, p.b): p.count for p in result.pairs if p.kind == kind}


def test_hand_counts(tmp_path: Path) -> None:
    result = compute_evidence(write(tmp_path, RECORDS), period="2024", min_count=1)
    assert counts(result, "shared_clients") == {("A", "B"): 2, ("A", "C"): 2, ("B", "C"): 1}
    handoffs = {
        (p.a, p.b): (p.count, p.a_to_b, p.b_to_a) for p in result.pairs if p.kind == "handoffs"
    }
    assert handoffs == {("A", "B"): (1, 1, 0), ("B", "C"): (1, 1, 0), ("A", "C"): (1, 1, 0)}
    assert {j.steps: j.count for j in result.journeys} == {
        ("A", "B"): 1,
        ("A", "B", "C"): 1,
        ("A", "C"): 1,
    }
    assert result.persons_in_period == 4
    assert result.records == 9 and result.records_in_period == 8


def test_handoff_window_widened(tmp_path: Path) -> None:
    result = compute_evidence(
        write(tmp_path, RECORDS), period="2024", min_count=1, handoff_days=100
    )
    # P2's A→B after 94 days now counts: 2 persons A→B
    assert counts(result, "handoffs")[("A", "B")] == 2


def test_suppression(tmp_path: Path) -> None:
    result = compute_evidence(write(tmp_path, RECORDS), period="2024", min_count=2)
    assert counts(result, "shared_clients") == {("A", "B"): 2, ("A", "C"): 2, ("B", "C"): None}
    assert all(p.count is None for p in result.pairs if p.kind == "handoffs")
    assert all(j.count is None for j in result.journeys)


def test_parquet_and_english_columns(tmp_path: Path) -> None:
    rows = [line.split(";") for line in RECORDS.splitlines()[1:]]
    table = pa.table(
        {
            "person_id": [r[0] for r in rows],
            "unit": [r[1] for r in rows],
            "start_date": [r[2] for r in rows],
            "end_date": [r[3] or None for r in rows],
        }
    )
    path = tmp_path / "ev.parquet"
    pq.write_table(table, path)
    result = compute_evidence(path, period="2024", min_count=1)
    assert counts(result, "shared_clients")[("A", "B")] == 2


def test_column_override_and_unknown_units(tmp_path: Path) -> None:
    text = RECORDS.replace("lopnr", "kod")
    result = compute_evidence(
        write(tmp_path, text),
        period="2024",
        min_count=1,
        columns={"person": "kod"},
        known_units={"A", "B"},
    )
    assert result.unknown_units == [("C", 3)]


@pytest.mark.parametrize(
    ("text", "code", "located"),
    [
        ("enhet;startdatum\nA;2024-01-01\n", "ev_missing_column", "personnyckel"),
        (RECORDS.replace("2024-05-31", "2024-13-45"), "ev_bad_date", "ev.csv:7"),
        (
            RECORDS.replace("P3;C;2024-06-05", "P3;C;2024-07-05").replace(
                "2024-06-30;x\nP4", "2024-06-01;x\nP4"
            ),
            "ev_end_before_start",
            "ev.csv:8",
        ),
        (RECORDS.replace("P2;B;", ";B;"), "ev_empty_value", "ev.csv:5"),
        ("lopnr;enhet;startdatum\n", "ev_empty", "ev.csv"),
        ("", "ev_empty", "ev.csv"),
    ],
)
def test_located_errors(tmp_path: Path, text: str, code: str, located: str) -> None:
    with pytest.raises(EvidenceError) as info:
        compute_evidence(write(tmp_path, text), period="2024")
    assert info.value.code == code
    assert located in info.value.message("sv")


def test_periods() -> None:
    assert parse_period("2024-02").end.isoformat() == "2024-02-29"
    p = parse_period("2024-01/2024-06")
    assert (p.start.isoformat(), p.end.isoformat()) == ("2024-01-01", "2024-06-30")
    with pytest.raises(EvidenceError):
        parse_period("våren")
