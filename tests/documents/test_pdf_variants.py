"""PDF/UA-1 by default and PDF/A-2a / PDF/A-3a for the archive, checked by reading the files.

Machine-checked (see ``pdfcheck``): structure tree with H1/H2, L/LI, Table/TH/TD (data cells
linked to their header cells), a Figure with the image's alt text for every chart and org chart,
/Lang, /MarkInfo, DisplayDocTitle, the XMP identification (pdfuaid / pdfaid), fonts embedded,
the PDF/A output intent, the attached Word source in PDF/A-3 and ``pdfinfo``'s ``Tagged: yes``.
Not machine-checked: reading order, the quality of the alt texts, contrast.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from oversyn.documents.build import build_document
from oversyn.documents.model import Document, Figure
from oversyn.documents.process_sections import build_extract
from oversyn.documents.render_docx import render_docx
from oversyn.documents.render_pdf import render_pdf
from oversyn.io.casefile import load_case
from tests.conftest import EXAMPLES
from tests.documents.pdfcheck import PDFAID, PDFUAID, PdfFacts, pdfinfo, read_pdf

EXAMPLE_FILES = sorted(p.name for p in EXAMPLES.glob("*.yaml"))


def _figures(doc: Document) -> list[Figure]:
    return [b for _, s in doc.all_sections() for b in s.blocks if isinstance(b, Figure)]


def _check_structure(doc: Document, facts: PdfFacts, path: Path) -> None:
    assert pdfinfo(path)["Tagged"] == "yes"
    assert facts.marked and facts.display_title
    assert facts.lang == doc.lang
    assert facts.tags["H1"] == 1
    assert facts.tags["H2"] == len(doc.sections) + doc.toc  # the contents has an h2 too
    assert facts.tags["Table"] >= 1 and facts.tags["TH"] >= 1 and facts.tags["TR"] >= 1
    assert facts.tags["L"] >= 1 and facts.tags["LI"] >= 1
    if facts.tags["TD"]:
        assert facts.cells_with_headers >= 1  # cells name their header cells (/Headers)
    alts = [f.alt for f in _figures(doc)]
    assert facts.figure_alts == alts  # every chart and org chart, in order, with its text
    assert all(alt.strip() for alt in facts.figure_alts)
    assert facts.fonts and all(facts.fonts.values()), facts.fonts  # every font embedded


@pytest.fixture(scope="module", params=EXAMPLE_FILES)
def example_doc(request: pytest.FixtureRequest) -> Document:
    return build_document(load_case(EXAMPLES / request.param))


def test_default_pdf_is_pdf_ua_1(example_doc: Document, tmp_path: Path) -> None:
    path = tmp_path / "underlag.pdf"
    render_pdf(example_doc, path)
    facts = read_pdf(path)
    _check_structure(example_doc, facts, path)
    assert facts.xmp[PDFUAID + "part"] == "1"
    assert PDFAID + "part" not in facts.xmp
    assert facts.info["/Title"] == example_doc.title
    if example_doc.meta.author:
        assert facts.info["/Author"] == example_doc.meta.author


def test_archive_pdf_is_pdf_a_2a(example_doc: Document, tmp_path: Path) -> None:
    path = tmp_path / "underlag-arkiv.pdf"
    render_pdf(example_doc, path, variant="a2")
    facts = read_pdf(path)
    _check_structure(example_doc, facts, path)
    assert facts.xmp[PDFAID + "part"] == "2"
    assert facts.xmp[PDFAID + "conformance"] == "A"
    assert facts.output_intent
    assert not facts.attachments  # PDF/A-2 allows only PDF/A attachments


def test_pdf_a_3_carries_the_word_file_as_its_source(tmp_path: Path) -> None:
    doc = build_document(load_case(EXAMPLES / "enkoping-2021.yaml"))
    docx = render_docx(doc)
    path = tmp_path / "underlag.pdf"
    render_pdf(doc, path, variant="a3", docx=docx, docx_name="underlag.docx")
    facts = read_pdf(path)
    assert facts.xmp[PDFAID + "part"] == "3"
    assert facts.attachments == {"underlag.docx": ("/Source", docx)}


def test_extract_pdf_is_tagged_with_its_date(tmp_path: Path) -> None:
    doc = build_extract(load_case(EXAMPLES / "flyktingverksamhet-2018.yaml"))
    path = tmp_path / "utdrag.pdf"
    render_pdf(doc, path, variant="a2")
    facts = read_pdf(path)
    assert pdfinfo(path)["Tagged"] == "yes"
    assert facts.tags["H1"] == 1 and facts.tags["H2"] == len(doc.sections)
    assert facts.info["/CreationDate"].startswith("D:20180221")
    assert facts.info["/Subject"] == "2018.030 UN"
    assert all(facts.fonts.values())


def test_unknown_variant_is_refused(ia_doc: Document) -> None:
    with pytest.raises(ValueError, match="unknown PDF variant"):
        render_pdf(ia_doc, variant="x")  # type: ignore[arg-type]
