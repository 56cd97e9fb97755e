"""The Word file, opened with python-docx as a reader would open it in Word."""

from __future__ import annotations

import io
from pathlib import Path

import docx
from docx.shared import Pt

from oversyn.core.case import Case
from oversyn.documents.build import build_document
from oversyn.documents.model import Document
from oversyn.documents.render_docx import PLACEHOLDER_STYLE, default_template, render_docx
from tests.documents.test_evaluation_section import SEED_GATES, SEED_PRINCIPLES


def _open(data: bytes) -> docx.document.Document:
    return docx.Document(io.BytesIO(data))


def test_headings_tables_images(ia_doc: Document) -> None:
    word = _open(render_docx(ia_doc))
    by_style: dict[str, list[str]] = {}
    for para in word.paragraphs:
        by_style.setdefault(para.style.name, []).append(para.text)
    assert by_style["Title"] == [
        "Flytt av Integration och arbetsmarknad till individ- och familjeomsorgen"
    ]
    assert by_style["Heading 1"] == [s.title for s in ia_doc.sections]
    assert "Bakgrund och uppdrag" in by_style["Heading 2"]
    assert len(by_style["List Number"]) == 2  # the two decision points
    # tables by their first heading cell: header fields, key figures, metric table
    tables = {t.rows[0].cells[0].text: t for t in word.tables}
    header, figures, metrics = tables["Nämnd"], tables["Förvaltning"], tables["Mått"]
    assert [c.text for c in header.columns[0].cells] == [
        "Nämnd",
        "Datum",
        "Diarienummer",
        "Handläggare",
    ]
    assert [c.text for c in figures.rows[0].cells] == [
        "Förvaltning",
        "Stödjer",
        "Enheter",
        "Årsarbetare",
    ]
    assert [c.text for c in figures.rows[3].cells] == [
        "Socialförvaltningen",
        "Socialnämnden",
        "7",
        "663",
    ]
    assert [c.text for c in metrics.rows[0].cells] == ["Mått", "Bättre", "Nuläge", "Alt\u00a01"]
    # images: nuläge chart, the alternative's chart, the metric plot (the IA principles are not
    # scored yet, so there is no score profile or SMAA plot); each with its alt text
    assert len(word.inline_shapes) == 3
    for shape in word.inline_shapes:
        assert shape._inline.docPr.get("descr")
        assert shape.width.cm <= 16.01


def test_linkoping_matrices_cell_by_cell(linkoping_case: Case) -> None:
    word = _open(render_docx(build_document(linkoping_case)))
    tables = {t.rows[0].cells[0].text: t for t in word.tables}
    gates = [[c.text for c in row.cells] for row in tables["Utgångspunkter"].rows]
    assert gates[1:] == SEED_GATES
    widths = [col.width.cm for col in tables["Utgångspunkter"].columns]
    assert widths[0] > 3 * widths[1]  # the wordy gate text gets the room, Ja/Nej stay narrow
    assert abs(sum(widths) - 16.0) < 0.01
    principles = [[c.text for c in row.cells] for row in tables["Principer"].rows]
    assert principles[1:] == SEED_PRINCIPLES
    captions = [p.text for p in word.paragraphs if p.style.name == "Caption"]
    assert "Utvärderingsmatris 1, grundläggande utgångspunkter" in captions
    assert "Utvärderingsmatris 2, organisationsprinciper" in captions
    headings2 = [p.text for p in word.paragraphs if p.style.name == "Heading 2"]
    assert "Grundläggande utgångspunkter" in headings2
    assert "Princip 1: Helhetsansvar per verksamhetsområde" in [
        p.text for p in word.paragraphs if p.style.name == "Heading 3"
    ]


def test_placeholders_use_their_own_style(ia_doc: Document) -> None:
    word = _open(render_docx(ia_doc))
    marked = [r.text for p in word.paragraphs for r in p.runs if r.style.name == PLACEHOLDER_STYLE]
    assert "Att fylla i: tidplan för genomförandet (aktiviteter, ansvariga, datum)" in marked


def test_default_template_is_neutral_a4() -> None:
    template = docx.Document(str(default_template()))
    section = template.sections[0]
    assert round(section.page_width.cm, 1) == 21.0
    assert round(section.page_height.cm, 1) == 29.7
    assert template.styles["Normal"].font.name == "Arial"
    assert template.styles["Heading 1"].font.color.rgb == docx.shared.RGBColor(0, 0, 0)
    assert not template.paragraphs  # empty body


def test_custom_template_styles_are_used(ia_doc: Document, tmp_path: Path) -> None:
    """A municipality's template: its own style, heading look and page header survive."""
    custom = docx.Document()
    style = custom.styles.add_style("Linköping Brödtext", docx.enum.style.WD_STYLE_TYPE.PARAGRAPH)
    style.font.size = Pt(12)
    custom.styles["Heading 1"].font.name = "Liberation Serif"
    custom.styles["Heading 1"].font.size = Pt(21)
    custom.sections[0].header.paragraphs[0].text = "Linköpings kommun – tjänsteskrivelse"
    custom.add_paragraph("Mallens exempeltext som inte ska följa med.")
    path = tmp_path / "mall.docx"
    custom.save(str(path))

    word = _open(render_docx(ia_doc, template=path))
    names = {s.name for s in word.styles}
    assert "Linköping Brödtext" in names
    assert word.styles["Heading 1"].font.name == "Liberation Serif"
    assert word.styles["Heading 1"].font.size == Pt(21)
    assert word.sections[0].header.paragraphs[0].text == "Linköpings kommun – tjänsteskrivelse"
    texts = [p.text for p in word.paragraphs]
    assert "Mallens exempeltext som inte ska följa med." not in texts
    assert "Förslag till beslut" in texts
    assert PLACEHOLDER_STYLE in names  # added when the template lacks it
