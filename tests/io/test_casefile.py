"""Case files: round-trip, and errors that name the file, the line and the field."""

from __future__ import annotations

from pathlib import Path

import pytest

from oversyn.core.case import Case
from oversyn.io.casefile import CaseFileError, dump_case, load_case, parse_case, write_case


def errors_of(text: str) -> list[tuple[int | None, str, str, str]]:
    with pytest.raises(CaseFileError) as info:
        parse_case(text, "fel.yaml")
    return [(e.line, e.field, e.message("sv"), e.message("en")) for e in info.value.errors]


def line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


def test_round_trip(small_case: Case) -> None:
    text = dump_case(small_case)
    assert parse_case(text) == small_case
    assert dump_case(parse_case(text)) == text
    assert "Småstads kommun" in text  # allow_unicode: no \\u escapes


def test_write_is_atomic_and_loadable(small_case: Case, tmp_path: Path) -> None:
    path = tmp_path / "ärende.yaml"
    write_case(small_case, path)
    assert load_case(path) == small_case
    assert not list(tmp_path.glob("*.tmp"))


def test_wrong_indentation_gives_line(small_yaml: str) -> None:
    broken = small_yaml.replace("  title: Handräknat exempel", "    title: Handräknat exempel")
    [(line, _field, sv, en)] = errors_of(broken)
    assert line == line_of(small_yaml, "title: Handräknat")
    assert sv.startswith("YAML-filen kan inte läsas") and en.startswith("The YAML file")


def test_unknown_unit_in_operation_names_line_and_field(small_yaml: str) -> None:
    broken = small_yaml.replace("{op: move_unit, unit: lss,", "{op: move_unit, unit: lsss,")
    [(line, field, sv, en)] = errors_of(broken)
    assert line == line_of(small_yaml, "{op: move_unit, unit: lss,")
    assert field == "alternatives[0].operations[0]"
    assert sv == ("Alternativ 'lss-till-buf', operation 0 (move_unit): enheten 'lsss' finns inte")
    assert "unit 'lsss' does not exist" in en


def test_string_where_number_belongs(small_yaml: str) -> None:
    broken = small_yaml.replace("category: HR, fte: 3}", "category: HR, fte: tre}")
    [(line, field, sv, en)] = errors_of(broken)
    assert line == line_of(broken, "fte: tre")
    assert field == "baseline.units[5].fte"
    assert sv == "Ska vara ett tal, fick 'tre'"
    assert en == "Must be a number, got 'tre'"


def test_unknown_field_and_missing_field(small_yaml: str) -> None:
    broken = small_yaml.replace("  title: Handräknat exempel\n", "  titel: Handräknat exempel\n")
    errors = errors_of(broken)
    fields = {field: sv for _, field, sv, _ in errors}
    assert fields["case.titel"] == "Okänt fält (stavfel?)"
    assert fields["case.title"] == "Fältet saknas men är obligatoriskt"


def test_unknown_operation_and_enum(small_yaml: str) -> None:
    broken = small_yaml.replace("op: merge_administrations", "op: merge_adminstrations")
    [(_, field, sv, _)] = errors_of(broken)
    assert field == "alternatives[1].operations[0].op"
    assert "Okänd operation 'merge_adminstrations'" in sv
    broken = small_yaml.replace(
        "functions: [authority, delivery],", "functions: [authority, utförare],"
    )
    [(_, field, sv, _)] = errors_of(broken)
    assert field == "baseline.units[3].functions[1]"
    assert "Otillåtet värde 'utförare'" in sv


def test_reference_errors_are_located(small_yaml: str) -> None:
    broken = small_yaml.replace(
        "supports: [bun], head: Skolchef", "supports: [bunn], head: Skolchef"
    )
    broken = broken.replace(
        "{a: ifo-myn, b: ifo-ek, weight: 3}", "{a: ifo-myn, b: ifo-ekk, weight: 3}"
    )
    errors = errors_of(broken)
    by_field = {field: (line, sv) for line, field, sv, _ in errors}
    assert by_field["baseline.administrations[1].supports[0]"] == (
        line_of(broken, "supports: [bunn]"),
        "Nämnden 'bunn' finns inte i organisationen",
    )
    assert by_field["interactions[0].b"][1] == "Enheten 'ifo-ekk' finns inte i organisationen"


def test_duplicate_ids_and_cycles(small_yaml: str) -> None:
    broken = small_yaml.replace("{id: buf-hr, name: HR barn", "{id: sof-hr, name: HR barn")
    [(_, field, sv, _)] = errors_of(broken)
    assert field == "baseline.units[6].id"
    assert sv == "Id 'sof-hr' används mer än en gång bland enheter"
    cyclic = small_yaml.replace(
        "{id: ifo-myn, name: IFO myndighet, administration: sof,",
        "{id: ifo-myn, name: IFO myndighet, parent: ifo-ek,",
    )
    messages = [sv for _, _, sv, _ in errors_of(cyclic)]
    assert any("cykel" in m and "ifo-myn" in m for m in messages)


def test_based_on_must_come_first(small_yaml: str) -> None:
    broken = small_yaml.replace(
        "  - id: lss-till-buf\n", "  - id: lss-till-buf\n    based_on: en-forvaltning\n"
    )
    [(_, field, sv, _)] = errors_of(broken)
    assert field == "alternatives[0].based_on"
    assert "bygger på 'en-forvaltning'" in sv


def test_reserved_alternative_id(small_yaml: str) -> None:
    broken = small_yaml.replace("  - id: lss-till-buf\n", "  - id: nulage\n")
    [(_, _, sv, _)] = errors_of(broken)
    assert "reserverat för nuläget" in sv


def test_not_a_mapping_and_missing_file(tmp_path: Path) -> None:
    [(line, _, sv, _)] = errors_of("- bara\n- en lista\n")
    assert line == 1 and "mappning" in sv
    with pytest.raises(CaseFileError) as info:
        load_case(tmp_path / "saknas.yaml")
    assert "Filen finns inte" in info.value.errors[0].message("sv")
    bad = tmp_path / "latin1.yaml"
    bad.write_bytes("titel: Åre".encode("latin-1"))
    with pytest.raises(CaseFileError) as info:
        load_case(bad)
    assert info.value.errors[0].code == "file_encoding"


def test_error_format_names_file_line_field(small_yaml: str) -> None:
    broken = small_yaml.replace("category: HR, fte: 3}", "category: HR, fte: tre}")
    with pytest.raises(CaseFileError) as info:
        parse_case(broken, "fel.yaml")
    line = line_of(broken, "fte: tre")
    assert info.value.errors[0].format("sv") == (
        f"fel.yaml:{line} (fält baseline.units[5].fte): Ska vara ett tal, fick 'tre'"
    )
    assert info.value.errors[0].format("en").startswith(f"fel.yaml:{line} (field ")


def test_yaml_boolean_words_get_a_hint(small_yaml: str) -> None:
    broken = small_yaml.replace("{id: j1, name: Kedja 1,", "{id: on, name: Kedja 1,")
    [(_, field, sv, en)] = errors_of(broken)
    assert field == "journeys[0].id"
    assert "skriv värdet inom citattecken" in sv and "quote the value" in en
