"""The remiss answer (seed 002, Enköping 2021) and the protokollsutdrag (seed 003, 2018) as
documents of their own, in Word (in the municipality's template) and PDF."""

from __future__ import annotations

import io
import subprocess
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn

from oversyn.core.case import Case
from oversyn.documents.model import Document, ItemList, Paragraph, Placeholder
from oversyn.documents.process_sections import build_extract
from oversyn.documents.remiss_answer import answers, build_remiss_answer, find_response
from oversyn.documents.render_docx import render_docx
from oversyn.documents.render_pdf import render_pdf
from oversyn.io.casefile import load_case
from tests.conftest import EXAMPLES
from tests.documents.pdfcheck import pdfinfo, read_pdf
from tests.documents.word_templates import minimal_template


@pytest.fixture(scope="module")
def enkoping() -> Case:
    return load_case(EXAMPLES / "enkoping-2021.yaml")


@pytest.fixture(scope="module")
def answer(enkoping: Case) -> Document:
    return build_remiss_answer(enkoping, "sn")


def _pdf_text(doc: Document, tmp_path: Path) -> str:
    path = tmp_path / "doc.pdf"
    render_pdf(doc, path)
    assert pdfinfo(path)["Tagged"] == "yes"
    out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True)
    return " ".join(out.stdout.decode("utf-8").split())


def test_answer_sections_in_order(answer: Document) -> None:
    assert answer.title == (
        "Yttrande över remiss: Översyn av förvaltningsorganisation för socialförvaltningen "
        "och vård- och omsorgsförvaltningen"
    )
    assert [s.key for s in answer.sections] == [
        "forslag",
        "stallningstagande",
        "arendet",
        "yttrande",
        "swot",
        "beslutat",
        "underskrift",
        "kopia",
    ]
    head = {f.label: f.value for f in answer.header}
    assert head["Organ"] == "Socialnämnden"
    assert head["Handläggare"] == "Lotta Tronêt, förvaltningschef"


def test_answer_content_from_seed_002(answer: Document) -> None:
    def text(key: str) -> str:
        section = answer.section(key)
        assert section is not None
        out = []
        for block in section.blocks:
            if isinstance(block, ItemList):
                out.extend(str(run) for item in block.items for run in item)
            elif isinstance(block, Paragraph | Placeholder):
                out.append(block.text)
        return " ".join(out)

    assert "Socialnämnden instämmer i förvaltningens bedömning" in text("forslag")
    # the seed's answer takes no final position: said in words, not invented
    assert "Socialnämnden tar inte ställning." in text("stallningstagande")
    assert "Kommunstyrelsen har remitterat ärendet till Socialnämnden" in text("arendet")
    assert "senast den 23 december 2021" in text("arendet")
    assert text("yttrande").startswith("I nuläget finns inte tillräckligt bra underlag")
    assert "Lotta Tronêt, förvaltningschef" in text("underskrift")
    assert "Kommunstyrelsen" in text("kopia")
    swot = answer.section("swot")
    assert swot is not None
    table = swot.blocks[0]
    rows = table.rows  # type: ignore[union-attr]
    assert len(rows) == 9  # nine additions in the seed
    assert [r[0] for r in rows[:2]] == ["Styrkor", "Styrkor"]
    assert [
        "Hot",
        "Framtidens socialtjänst och nya regeringsdirektiv – sker förflyttningen i "
        "rätt tidsperiod?",
    ] in rows
    assert answer.meta.kind == "remissvar" and answer.meta.author == "Lotta Tronêt"


def test_answer_as_word_in_the_template(answer: Document, tmp_path: Path) -> None:
    template = minimal_template(tmp_path / "mall.docx")
    word = docx.Document(io.BytesIO(render_docx(answer, template=template)))
    body = [p.text for p in word.paragraphs]
    assert "Förslag till beslut" in body and "Kopia till" in body
    numbered = [p.text for p in word.paragraphs if p.style.name == "List Number"]
    assert numbered[0].startswith("Socialnämnden instämmer")
    footer = "".join(t.text or "" for t in word.sections[0].footer._element.iter(qn("w:t")))
    assert "Lotta Tronêt" in footer and "Socialnämnden" in footer
    assert word.core_properties.category == "remissvar"
    swot = next(t for t in word.tables if t.rows[0].cells[0].text == "Kategori")
    assert swot.style.name == "Table Grid" and len(swot.rows) == 10


def test_answer_as_pdf(answer: Document, tmp_path: Path) -> None:
    text = _pdf_text(answer, tmp_path)
    assert "Yttrande över remiss" in text
    assert "Socialnämnden tar inte ställning." in text
    assert "Kraftsamling genom gemensamma resurser" in text
    assert "Kopia till • Kommunstyrelsen" in text


def test_every_answer_is_listed(enkoping: Case) -> None:
    assert [(r.id, p.id) for r, p, _ in answers(enkoping)] == [("remiss-ks-2021", "sn")]


def test_unknown_party_or_remiss(enkoping: Case) -> None:
    with pytest.raises(KeyError, match="svar från vn"):
        find_response(enkoping, "vn")
    with pytest.raises(KeyError, match="remiss nej"):
        find_response(enkoping, "sn", "nej")


def test_answer_in_english(enkoping: Case) -> None:
    doc = build_remiss_answer(enkoping, "sn", lang="en")
    assert doc.title.startswith("Response to consultation: ")
    assert doc.sections[-1].title == "Copy to"


def test_extract_of_seed_003_as_word_and_pdf(tmp_path: Path) -> None:
    case = load_case(EXAMPLES / "flyktingverksamhet-2018.yaml")
    doc = build_extract(case)
    assert doc.title == (
        "Protokollsutdrag: § 13 Åtgärder handlingsplan Effekt – Integrationsavdelning"
    )
    template = minimal_template(tmp_path / "mall.docx")
    word = docx.Document(io.BytesIO(render_docx(doc, template=template)))
    header = "".join(t.text or "" for t in word.sections[0].header._element.iter(qn("w:t")))
    assert "2018.030 UN" in header and "2018-02-21" in header
    body = [p.text for p in word.paragraphs]
    for heading in (
        "Beslut",
        "Justering",
        "Anslag och överklagande",
        "Expedieras till",
        "Utdragsbestyrkande",
    ):
        assert heading in body
    assert "Utbildningsnämnden godkänner utbildningsförvaltningens utredning." in body
    assert word.core_properties.author == ""  # the 2018 extract names no handläggare
    assert word.core_properties.category == "protokollsutdrag"
    text = _pdf_text(doc, tmp_path)
    assert "Karin Alvermalm" in text and "Kommunledningskontoret" in text
    assert "Att fylla i: justeringsdatum och justerare" in text
    assert read_pdf(tmp_path / "doc.pdf").info["/Subject"] == "2018.030 UN"
