"""Spreadsheet output is data (issue 16, item 3): formula-like text is written as text in
every CSV and Excel file, and reads back as the original text."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from oversyn.io.limits import BoundError, Limits
from oversyn.io.spreadsheet import (
    bounded_rows,
    check_xlsx_archive,
    csv_reader,
    csv_row,
    csv_text,
    formula_like,
    from_csv_text,
    xlsx_append,
)

ATTACKS = [
    '=HYPERLINK("http://evil.example","klicka")',
    "=cmd|' /C calc'!A0",
    "+1+1",
    "-2+3",
    "@SUM(A1:A2)",
    "\t=1",
    "\r=1",
    "'=already quoted",
    "''=twice",
]


@pytest.mark.parametrize("text", ATTACKS)
def test_formula_like_text_gets_an_apostrophe_and_comes_back(text):
    written = csv_text(text)
    assert written.startswith("'")
    assert from_csv_text(written) == text


def test_plain_text_and_numbers_are_untouched():
    assert csv_row(["Socialtjänst", -5, 2.5, "", "'apostrof", None]) == [
        "Socialtjänst",
        -5,
        2.5,
        "",
        "'apostrof",
        None,
    ]
    assert not formula_like("a=b")


@settings(max_examples=400, deadline=None, database=None, derandomize=True)
@given(st.text(alphabet=st.sampled_from("'=+-@\t\rab 1"), max_size=8) | st.text(max_size=12))
def test_csv_text_round_trips_every_text(text):
    written = csv_text(text)
    assert not formula_like(written) or written == text == ""  # never a live formula
    assert from_csv_text(written) == text


def test_csv_reader_bounds_rows_columns_and_malformed_rows():
    text = "a,b\n" + "1,2\n" * 30
    assert len(list(csv_reader(text, csv.excel, Limits(table_rows=30)))) == 31
    with pytest.raises(BoundError) as info:
        list(csv_reader(text, csv.excel, Limits(table_rows=29)))
    assert (info.value.code, info.value.line) == ("table_rows", 31)
    with pytest.raises(BoundError) as info:
        list(csv_reader("a," * 300 + "\n", csv.excel, Limits()))
    assert info.value.code == "table_columns"
    with pytest.raises(BoundError) as info:  # a 200 kB field is beyond the csv module's limit
        list(csv_reader('a\n"' + "x" * 200_000 + '"\n', csv.excel, Limits()))
    assert info.value.code == "table_syntax"
    assert list(csv_reader("a\n'=1\n", csv.excel)) == [["a"], ["=1"]]


def test_bounded_rows_stops_reading_at_the_bound():
    read = []

    def rows():
        for i in range(1_000_000):
            read.append(i)
            yield (i,)

    with pytest.raises(BoundError):
        list(bounded_rows(rows(), Limits(table_rows=10)))
    assert len(read) == 12  # header + 10 rows + the one that broke the bound


def test_xlsx_append_writes_text_cells_that_read_back(tmp_path):
    wb = Workbook()
    ws = wb.active
    xlsx_append(ws, ["namn", "värde"])
    for text in ATTACKS:
        xlsx_append(ws, [text, -5])
    buf = io.BytesIO()
    wb.save(buf)
    back = load_workbook(io.BytesIO(buf.getvalue()))
    cells = [row for row in back.active.iter_rows(min_row=2)]
    for (name, value), text in zip(cells, ATTACKS, strict=True):
        assert name.data_type == "s", text  # text, not formula ("f")
        assert name.value == text
        assert value.value == -5 and value.data_type == "n"
    with zipfile_of(buf.getvalue()) as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet


def zipfile_of(data: bytes):
    import zipfile

    return zipfile.ZipFile(io.BytesIO(data))


def test_zip_bomb_xlsx_is_refused_from_its_directory(tmp_path: Path):
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"<" + b"a" * (30 * 1024 * 1024) + b">")
    data = buf.getvalue()
    assert len(data) < 100_000
    with pytest.raises(BoundError) as info:
        check_xlsx_archive(data, Limits(xlsx_unpacked_bytes=10 * 1024 * 1024))
    assert info.value.code == "xlsx_unpacked"
    with pytest.raises(BoundError) as info:
        check_xlsx_archive(b"not a zip")
    assert info.value.code == "xlsx_not_zip"


def test_evidence_csv_writers_neutralise_unit_ids(tmp_path):
    """The CLI's interactions/journeys CSV and the synthetic records: an id starting with '-'
    (allowed by the model) or '@' is written with the apostrophe and read back intact."""
    from oversyn.io.evidence import aggregate

    path = tmp_path / "samverkan.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([aggregate.INTERACTION_FIELDS, csv_row(["-a", "@b"])])
    rows = list(aggregate._rows(path, ("a", "b")))
    assert rows[0][1]["a"] == "-a" and rows[0][1]["b"] == "@b"
    assert path.read_text(encoding="utf-8").splitlines()[1] == "'-a,'@b"


def test_synthetic_records_csv_neutralises_and_reads_back(tmp_path):
    import pyarrow as pa

    from oversyn.io.evidence.events import open_events
    from oversyn.io.evidence.synth import write_events

    table = pa.table(
        {
            "personnyckel": pa.array(["p1", "=p2"]),
            "enhet": pa.array(["-ifo", "ia"]),
            "startdatum": pa.array(["2024-01-01", "2024-02-01"]).cast(pa.date32()),
            "slutdatum": pa.array(["2024-03-01", None]).cast(pa.date32()),
        }
    )
    path = tmp_path / "poster.csv"
    write_events(table, path)
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[1].startswith("p1,'-ifo") and lines[2].startswith("'=p2,ia")
    con, _mapping = open_events(path)
    units = sorted(r[0] for r in con.execute("SELECT DISTINCT unit FROM ev").fetchall())
    persons = sorted(r[0] for r in con.execute("SELECT DISTINCT person FROM ev").fetchall())
    assert units == ["-ifo", "ia"]
    assert persons == ["=p2", "p1"]
