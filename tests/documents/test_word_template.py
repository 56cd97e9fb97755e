"""The municipality's own Word template: fields filled, missing styles copied, its own look kept.

Template: ``word_templates.minimal_template`` (only Normal and Heading 1, a logo in the header,
odd margins, content controls in header, footer and on the first page).
"""

from __future__ import annotations

import io
from datetime import UTC, datetime
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn

from oversyn.documents.build import build_document
from oversyn.documents.model import Document
from oversyn.documents.render_docx import default_template, render_docx
from oversyn.documents.word_template import REQUIRED_STYLES, inspect_template, placeholder_key
from oversyn.io.casefile import load_case
from tests.conftest import EXAMPLES
from tests.documents.word_templates import FONT, MARGINS, minimal_template


@pytest.fixture(scope="module")
def motala_doc() -> Document:
    return build_document(load_case(EXAMPLES / "motala-2018.yaml"))


@pytest.fixture
def template(tmp_path: Path) -> Path:
    return minimal_template(tmp_path / "kommunens-mall.docx")


@pytest.fixture
def word(motala_doc: Document, template: Path) -> docx.document.Document:
    return docx.Document(io.BytesIO(render_docx(motala_doc, template=template)))


def _style(word: docx.document.Document, name: str):  # type: ignore[no-untyped-def]
    return word.styles[name]


def _num_format(word: docx.document.Document, style_name: str) -> str:
    """The numFmt of level 0 of the list a paragraph style numbers with."""
    style = _style(word, style_name).element
    num_id = style.find(f"{qn('w:pPr')}/{qn('w:numPr')}/{qn('w:numId')}").get(qn("w:val"))
    numbering = word.part.numbering_part.element
    num = next(n for n in numbering.findall(qn("w:num")) if n.get(qn("w:numId")) == num_id)
    abstract_id = num.find(qn("w:abstractNumId")).get(qn("w:val"))
    abstract = next(
        a
        for a in numbering.findall(qn("w:abstractNum"))
        if a.get(qn("w:abstractNumId")) == abstract_id
    )
    lvl = next(lv for lv in abstract.findall(qn("w:lvl")) if lv.get(qn("w:ilvl")) == "0")
    return str(lvl.find(qn("w:numFmt")).get(qn("w:val")))


def _xml_text(element) -> str:  # type: ignore[no-untyped-def]
    return "".join(t.text or "" for t in element.iter(qn("w:t")))


def test_inspect_reports_fields_and_missing_styles(template: Path) -> None:
    report = inspect_template(template)
    assert report.placeholders == ["dnr", "datum", "handlaggare", "namnd", "titel"]
    where = {c.key: c.where for c in report.controls}
    assert where == {
        "dnr": "header",
        "datum": "header",
        "handlaggare": "footer",
        "namnd": "footer",
        "titel": "body",
    }
    assert report.missing_styles == [s for s in REQUIRED_STYLES if s != "Heading 1"]
    assert report.font == FONT
    assert report.page["left_margin"] == MARGINS["left_margin"]
    lines = report.lines("sv")
    assert lines[0].startswith("Fält som fylls i: Dnr (sidhuvud); Datum (sidhuvud)")
    assert "Titel (första sidan)" in lines[0]
    assert lines[-1].startswith("Formatmallar som saknas och läggs till från standardmallen: ")
    assert "List Number" in lines[-1] and "Table Grid" in lines[-1]


def test_default_template_lacks_nothing() -> None:
    report = inspect_template(default_template())
    assert report.missing_styles == []
    assert report.placeholders == []
    assert report.lines("en")[-1] == "The template has every style needed."


def test_not_a_word_file_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="not a Word document"):
        inspect_template(b"this is not a zip")


def test_placeholder_names_are_read_loosely() -> None:
    assert placeholder_key("Handläggare") == "handlaggare"
    assert placeholder_key(" DNR ") == "dnr"
    assert placeholder_key("Nämnd") == "namnd"
    assert placeholder_key("Diarienummer") == "dnr"
    assert placeholder_key("Beslutsdatum?") is None


def test_att_satser_are_numbered(word: docx.document.Document, motala_doc: Document) -> None:
    proposal = motala_doc.section("forslag")
    assert proposal is not None
    numbered = [p for p in word.paragraphs if p.style.name == "List Number"]
    assert numbered, "Förslag till beslut lost its numbers"
    assert _num_format(word, "List Number") == "decimal"
    assert word.styles["List Bullet"].element.find(qn("w:pPr")).find(qn("w:numPr")) is not None


def test_tables_have_borders(word: docx.document.Document) -> None:
    grid = word.styles["Table Grid"]
    borders = grid.element.find(f"{qn('w:tblPr')}/{qn('w:tblBorders')}")
    assert borders is not None
    assert {b.tag.split("}")[1] for b in borders} >= {"top", "left", "bottom", "right"}
    styled = [t for t in word.tables if t.style is not None and t.style.name == "Table Grid"]
    assert len(styled) >= 3


def test_headings_2_and_3_are_headings(word: docx.document.Document) -> None:
    levels = {p.style.name for p in word.paragraphs if p.style.name.startswith("Heading")}
    assert {"Heading 1", "Heading 2", "Heading 3"} <= levels
    assert word.styles["Heading 2"].element.find(qn("w:pPr")).find(qn("w:outlineLvl")) is not None


def test_header_footer_and_first_page_fields_are_filled(word: docx.document.Document) -> None:
    section = word.sections[0]
    header = _xml_text(section.header._element)
    footer = _xml_text(section.footer._element)
    assert "18/KS 0257" in header and "2019-01-08" in header
    assert "Lena Henricson" in footer and "Kommunstyrelsen" in footer
    assert "[" not in header + footer  # no placeholder text left
    first = word.paragraphs[0]
    assert first.style.name == "Heading 1"
    assert _xml_text(first._p).startswith("Synpunkter gällande revisionens")  # the case title
    assert word.paragraphs[1].text == "Tjänsteskrivelse från förvaltningen."  # the template's page
    assert not list(word.element.iter(qn("w:showingPlcHdr")))
    assert len(list(word.element.body.iter(qn("w:sdt")))) == 1  # the field stays a field


def test_template_keeps_its_logo_fonts_and_margins(word: docx.document.Document) -> None:
    section = word.sections[0]
    for name, cm in MARGINS.items():
        assert round(getattr(section, name).cm, 2) == cm
    assert list(section.header._element.iter(qn("a:blip")))  # the logo
    assert word.styles["Normal"].font.name == FONT
    for name in ("Heading 2", "Heading 3", "Title", "List Number"):
        # copied without the default template's Arial: they inherit the template's font
        assert not list(word.styles[name].element.iter(qn("w:rFonts"))), name
    toc_heading = word.styles["TOC Heading"].element
    assert toc_heading.find(qn("w:basedOn")).get(qn("w:val")) == "Rubrik1"


def test_core_properties(word: docx.document.Document) -> None:
    props = word.core_properties
    assert props.author == "Lena Henricson"
    assert props.last_modified_by == "Lena Henricson"
    assert props.created == datetime(2019, 1, 8, tzinfo=UTC)
    assert props.subject == "18/KS 0257"
    assert props.title.startswith("Synpunkter gällande revisionens")
    assert "Motala kommun" in props.keywords and "tjänsteskrivelse" in props.keywords
    assert props.comments == ""  # not "generated by python-docx"


def test_template_without_first_page_gets_the_header_block(
    motala_doc: Document, tmp_path: Path
) -> None:
    path = minimal_template(tmp_path / "mall.docx", first_page=False)
    word = docx.Document(io.BytesIO(render_docx(motala_doc, template=path)))
    assert word.tables[0].rows[0].cells[0].text in {"Nämnd", "Committee"}
    assert any(p.style.name == "Title" for p in word.paragraphs)
