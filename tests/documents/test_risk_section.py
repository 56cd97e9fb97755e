"""Riskanalys in the beslutsunderlag: the matrix and the register, in the model and in DOCX."""

from __future__ import annotations

import io

import docx

from oversyn.core.case import Case
from oversyn.core.process.model import Risk
from oversyn.documents.build import build_document
from oversyn.documents.model import Placeholder, Section, Table
from oversyn.documents.render_docx import render_docx
from oversyn.io.casefile import load_case
from tests.conftest import EXAMPLES


def _section(case: Case, key: str, lang: str = "sv") -> Section:
    doc = build_document(case, lang=lang)  # type: ignore[arg-type]
    found = [s for _, s in doc.all_sections() if s.key == key]
    assert found, f"no section {key}"
    return found[0]


def _graded() -> Case:
    """Seed 003 with the two recorded risks graded by hand (4×3 = 12 hög, 2×2 = 4 låg)."""
    case = load_case(EXAMPLES / "flyktingverksamhet-2018.yaml")
    risks = [
        case.risks[0].model_copy(update={"probability": 2, "consequence": 2}),
        case.risks[1].model_copy(
            update={"probability": 4, "consequence": 3, "mitigation": "Köp platser i stället"}
        ),
        Risk(id="egen", alternative="nulage", title="Ingen förändring av styrningen"),
    ]
    return case.model_copy(update={"risks": risks})


def test_matrix_places_each_risk_in_its_cell_with_the_level_in_words() -> None:
    sub = _section(_graded(), "risker-samla-under-un")
    matrix = next(b for b in sub.blocks if isinstance(b, Table) and b.caption.startswith("Riskm"))
    assert matrix.header[1:] == [
        "1 Mycket liten",
        "2 Liten",
        "3 Möjlig",
        "4 Stor",
        "5 Mycket stor",
    ]
    by_row = {row[0]: row[1:] for row in matrix.rows}
    assert list(by_row) == [
        "5 Mycket allvarlig",
        "4 Allvarlig",
        "3 Måttlig",
        "2 Lindrig",
        "1 Försumbar",
    ]
    # R1 = the 12 (probability 4, consequence 3), R2 = the 4 (2, 2)
    assert by_row["3 Måttlig"][3] == "R1 (hög)"
    assert by_row["2 Lindrig"][1] == "R2 (låg)"
    assert by_row["5 Mycket allvarlig"][4] == "(mycket hög)"
    assert by_row["1 Försumbar"][0] == "(låg)"
    summary = sub.blocks[0].text  # type: ignore[union-attr]
    assert "2 risker är identifierade (1 låg, 1 hög)" in summary
    assert "Högst riskvärde har R1" in summary


def test_register_orders_by_value_and_asks_for_what_is_missing() -> None:
    sub = _section(_graded(), "risker-samla-under-un")
    register = next(b for b in sub.blocks if isinstance(b, Table) and b.caption.startswith("Riskr"))
    assert [r[0] for r in register.rows] == ["R1", "R2"]
    assert register.rows[0][2:5] == ["4 Stor", "3 Måttlig", "12 (hög)"]
    assert register.rows[0][6] == "Köp platser i stället"
    assert isinstance(register.rows[1][6], Placeholder)  # no measures recorded
    baseline = _section(_graded(), "risker-nulage")
    only = next(b for b in baseline.blocks if isinstance(b, Table))
    assert only.caption.startswith("Riskregister")  # no matrix when nothing is graded
    assert isinstance(only.rows[0][2], Placeholder)


def test_seed_003_ungraded_risks_are_placeholders_not_invented_grades() -> None:
    case = load_case(EXAMPLES / "flyktingverksamhet-2018.yaml")
    sub = _section(case, "risker-samla-under-un")
    assert "2 är ännu inte graderade" in sub.blocks[0].text  # type: ignore[union-attr]
    register = sub.blocks[-1]
    assert isinstance(register, Table)
    assert all(isinstance(row[2], Placeholder) for row in register.rows)


def test_no_risks_no_section_and_english() -> None:
    case = load_case(EXAMPLES / "ia-till-ifo.yaml")
    doc = build_document(case)
    assert not [s for _, s in doc.all_sections() if s.key == "risker"]
    en = _section(_graded(), "risker", lang="en")
    assert en.title == "Risk analysis"


def test_docx_has_the_matrix_table() -> None:
    data = render_docx(build_document(_graded()))
    document = docx.Document(io.BytesIO(data))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert "Riskanalys" in headings
    cells = {c.text for t in document.tables for row in t.rows for c in row.cells}
    assert "R1 (hög)" in cells
    assert "12 (hög)" in cells
