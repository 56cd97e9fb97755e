"""Hostile files (issue 16, item 6), each read in a child process: the expected refusal, and
the process grows by less than 300 MB (the alias bomb: under 50 MB and under a second)."""

from __future__ import annotations

import pytest

from tests import hostile

LOAD_CASE = "from oversyn.io.casefile import load_case, CaseFileError"
KOLADA = "from oversyn.io.kolada import read_kolada_file, KoladaFormatError"
EVIDENCE = (
    "from oversyn.io.evidence.aggregate import read_interactions_csv; "
    "from oversyn.io.evidence.events import EvidenceError"
)

CASES = [
    # (file maker, imports, call, refusal, text in the message, MB bound)
    (hostile.make_alias_bomb, LOAD_CASE, "load_case(path)", "CaseFileError", "YAML-ankare", 50),
    (
        hostile.make_big_field_casefile,
        LOAD_CASE,
        "load_case(path)",
        "CaseFileError",
        "för stor",
        300,
    ),
    (
        hostile.make_impossible_date,
        LOAD_CASE,
        "load_case(path)",
        "CaseFileError",
        "2021-02-30",
        300,
    ),
    (hostile.make_nul_bytes, LOAD_CASE, "load_case(path)", "CaseFileError", "NUL", 300),
    (hostile.make_utf16, LOAD_CASE, "load_case(path)", "CaseFileError", "UTF-8", 300),
    (hostile.make_latin1, LOAD_CASE, "load_case(path)", "CaseFileError", "UTF-8", 300),
    (hostile.make_deep_json, KOLADA, "read_kolada_file(path)", "KoladaFormatError", "djupt", 300),
    (
        hostile.make_huge_int_json,
        KOLADA,
        "read_kolada_file(path)",
        "KoladaFormatError",
        "4300",
        300,
    ),
    (
        hostile.make_million_rows_csv,
        EVIDENCE,
        "read_interactions_csv(path)",
        "EvidenceError",
        "fler än 20 000 rader",
        300,
    ),
    (
        hostile.make_big_field_csv,
        EVIDENCE,
        "read_interactions_csv(path)",
        "EvidenceError",
        "för stor",
        300,
    ),
]


@pytest.mark.slow
@pytest.mark.parametrize(
    ("make", "imports", "call", "refusal", "text", "bound_mb"),
    CASES,
    ids=[c[0].__name__.removeprefix("make_") for c in CASES],
)
def test_hostile_file_is_refused_with_bounded_memory(
    tmp_path, make, imports, call, refusal, text, bound_mb
):
    path = make(tmp_path)
    result = hostile.measure(path, imports, call, refusal)
    assert result["refusal"] == refusal, result
    assert text in result["message"], result
    assert result["grew_mb"] < bound_mb, result
    if make is hostile.make_alias_bomb:
        assert result["seconds"] < 1, result
