"""The case file's format marker: read through core.upgrade, an unknown format is refused
with a located error (file, line, field ``format``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from oversyn.io.casefile import CaseFileError, load_case, parse_case

SEED = Path(__file__).resolve().parents[2] / "examples" / "ia-till-ifo.yaml"


def test_a_stored_oversyn_1_file_reads_and_an_unknown_format_is_located():
    text = SEED.read_text(encoding="utf-8")
    assert "format: oversyn/1" in text
    assert parse_case(text, "ia.yaml") == load_case(SEED)
    line = text.splitlines().index("format: oversyn/1") + 1
    with pytest.raises(CaseFileError) as exc:
        parse_case(text.replace("format: oversyn/1", "format: oversyn/7"), "ia.yaml")
    (error,) = exc.value.errors
    assert (error.file, error.line, error.field, error.code) == (
        "ia.yaml",
        line,
        "format",
        "unknown_format",
    )
    assert "Okänt ärendeformat 'oversyn/7'" in error.format("sv")
