"""The case as a municipal matter in the documents: each seed's facts in the rendered DOCX/PDF.

Seeds: 002 Enköping (SWOT by Public Partner, Socialnämnden's "förslag tillägg" in its remiss
answer), 003 flyktingverksamhet 2018 (42 857 kr/månad per child, 4 children in 2018 →
2 057 136 kr; own HVB 150 000–320 000 kr/månad → 1 800 000–3 840 000 kr; § 13 and its
expediering), 004 Motala (Deloitte's two recommendations, the five focus areas without a
responsible body), 000 IA→IFO (directive deadline "Q1 2025").
"""

from __future__ import annotations

import io
import subprocess
from datetime import date
from pathlib import Path

import docx
import pytest

from oversyn.core.case import Case
from oversyn.core.process.model import (
    Attestation,
    ChecklistEntry,
    ChecklistStatus,
    Indicator,
    IndicatorValue,
)
from oversyn.documents.build import build_document
from oversyn.documents.model import Document, Figure, Placeholder, Table
from oversyn.documents.process_sections import build_extract, money
from oversyn.documents.render_docx import render_docx
from oversyn.documents.render_pdf import render_pdf
from oversyn.io.casefile import load_case
from tests.conftest import EXAMPLES


def _clean(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").split())


def _word(doc: Document) -> docx.document.Document:
    return docx.Document(io.BytesIO(render_docx(doc)))


def _tables(word: docx.document.Document) -> list[list[list[str]]]:
    return [[[_clean(c.text) for c in row.cells] for row in t.rows] for t in word.tables]


def _table_with(word: docx.document.Document, header: list[str]) -> list[list[str]]:
    return next(t for t in _tables(word) if t[0][: len(header)] == header)


def _texts(word: docx.document.Document) -> list[str]:
    return [_clean(p.text) for p in word.paragraphs]


@pytest.fixture(scope="module")
def enkoping() -> Case:
    return load_case(EXAMPLES / "enkoping-2021.yaml")


@pytest.fixture(scope="module")
def hvb() -> Case:
    return load_case(EXAMPLES / "flyktingverksamhet-2018.yaml")


@pytest.fixture(scope="module")
def motala() -> Case:
    return load_case(EXAMPLES / "motala-2018.yaml")


@pytest.fixture(scope="module")
def hvb_doc(hvb: Case) -> Document:
    return build_document(hvb)


def test_money_ranges() -> None:
    assert money((1_800_000, 3_840_000), "sv") == "1\u00a0800\u00a0000–3\u00a0840\u00a0000\u00a0kr"
    assert money((2_057_136, 2_057_136), "sv") == "2\u00a0057\u00a0136\u00a0kr"


def test_enkoping_swot_items_with_their_party(enkoping: Case) -> None:
    word = _word(build_document(enkoping))
    headings = [p.text for p in word.paragraphs if p.style.name == "Heading 1"]
    assert "SWOT-analys" in headings
    rows = _table_with(word, ["", "Punkt", "Av"])
    by_text = {r[1]: (r[0], r[2]) for r in rows[1:]}
    assert by_text["Fokus på medborgaren"] == ("Styrkor", "Public Partner (konsultrapporten)")
    assert by_text["En väg in för invånaren"][1] == "Socialnämnden (tillägg i remissvar)"
    assert by_text["Kraftsamling genom gemensamma resurser"][1].startswith("Socialnämnden")
    # 12 consultant items + 9 additions, each category named once at its first row
    assert len(rows) - 1 == 21
    assert [r[0] for r in rows[1:] if r[0]] == ["Styrkor", "Svagheter", "Möjligheter", "Hot"]
    remiss = _table_with(word, ["Remissinstans", "Ställningstagande"])
    assert remiss[1][:2] == ["Socialnämnden", "tar inte ställning"]
    texts = " ".join(_texts(word))
    assert "sista svarsdag 2021-12-23" in texts
    assert "1 av 1 har svarat: Socialnämnden tar inte ställning." in texts


def test_hvb_costs_table(hvb_doc: Document) -> None:
    section = hvb_doc.section("ekonomi")
    assert section is not None
    table = next(b for b in section.blocks if isinstance(b, Table))
    assert table.header == ["Alternativ", "2018", "2019", "Summa 2018–2019"]
    rows = {_clean(str(r[0])): [_clean(str(c)) for c in r[1:]] for r in table.rows}
    own = rows["Alternativ 1: Samla flyktingverksamheten under Utbildningsnämnden"]
    keep = rows["Alternativ 2: Behåll nuvarande gränsdragning och integrera HVB"]
    assert own == ["1 800 000–3 840 000 kr", "1 800 000–3 840 000 kr", "3 600 000–7 680 000 kr"]
    assert keep == ["2 057 136 kr", "1 028 568 kr", "3 085 704 kr"]
    word = _word(hvb_doc)
    lines = _table_with(word, ["Kostnadspost", "Alternativ", "Belopp"])
    assert lines[1][1:3] == ["Alternativ 2", "42 857 kr per person och månad"]
    assert lines[1][3] == "2018: 4 pers.; 2019: 2 pers."


def test_hvb_decision_goes_to_its_expediering(hvb_doc: Document) -> None:
    section = hvb_doc.section("skickas")
    assert section is not None
    texts = [_clean(b.text) for b in section.blocks if hasattr(b, "text")]
    assert texts == [
        "Enligt protokollet (Utbildningsnämnden 2018-02-21, § 13) expedieras beslutet till:"
    ]
    items = [i[0] for b in section.blocks if hasattr(b, "items") for i in b.items]
    assert items == [
        "Kommunledningskontoret",
        "Karin Alvermalm",
        "Anneli Schwartz",
        "Julia Mårtensson",
    ]
    assert not any(isinstance(b, Placeholder) for b in section.blocks)


def test_hvb_checklist_warns_that_mbl_came_after_the_decision(hvb_doc: Document) -> None:
    """Decision 2018-02-21 with no MBL negotiation or risk assessment recorded."""
    section = hvb_doc.section("checklista")
    assert section is not None
    table = next(b for b in section.blocks if isinstance(b, Table))
    titles = [r[0] for r in table.rows]
    assert "MBL-förhandling enligt 11 §" in titles
    assert "Riskbedömning av arbetsmiljön med skyddsombud" in titles
    warnings = [i[0] for b in section.blocks if hasattr(b, "items") for i in b.items]
    assert any("MBL-förhandling enligt 11 §" in w and "2018-02-21" in w for w in warnings)


def test_checklist_status_dates_and_wrong_order(hvb: Case) -> None:
    """MBL negotiation recorded on 2018-03-01, after the § 13 decision of 2018-02-21: an
    error; the risk assessment done 2018-02-10 shows as done with its date and no warning."""
    case = hvb.model_copy(
        update={
            "checklist": [
                ChecklistEntry(
                    item="mbl_negotiation", status=ChecklistStatus.DONE, date=date(2018, 3, 1)
                ),
                ChecklistEntry(
                    item="risk_assessment",
                    status=ChecklistStatus.DONE,
                    date=date(2018, 2, 10),
                    note="Med skyddsombud.",
                ),
            ]
        }
    )
    doc = build_document(case)
    section = doc.section("checklista")
    assert section is not None
    table = next(b for b in section.blocks if isinstance(b, Table))
    rows = {r[0]: r for r in table.rows}
    assert rows["MBL-förhandling enligt 11 §"][1:3] == ["klar", "2018-03-01"]
    assert rows["Riskbedömning av arbetsmiljön med skyddsombud"][1:3] == ["klar", "2018-02-10"]
    warnings = [i[0] for b in section.blocks if hasattr(b, "items") for i in b.items]
    assert len(warnings) == 1 and warnings[0].startswith("Fel: ")
    assert "2018-03-01" in warnings[0]
    staff = doc.section("arbetsmiljo")
    assert staff is not None
    texts = [b.text for b in staff.blocks if hasattr(b, "text") and isinstance(b.text, str)]
    assert any(
        t.startswith("Riskbedömning av arbetsmiljön med skyddsombud: klar 2018-02-10.")
        and "Med skyddsombud." in t
        for t in texts
    )


def test_motala_recommendations_and_focus_areas(motala: Case) -> None:
    word = _word(build_document(motala))
    texts = _texts(word)
    assert (
        "Rekommendation 1: Göra en översyn av ansvarsområden för integration samt tydliggöra "
        "ansvaret mellan förvaltningarna." in texts
    )
    assert any(
        t.startswith("Rekommendation 2: Utforma specifika mål och riktlinjer") for t in texts
    )
    assert "Riktad till Kommunstyrelsen; svar senast 26 januari 2019; status: pågår." in texts
    assert any(t.startswith("Svar: Kommunstyrelsen delar revisionens syn") for t in texts)
    assert any(
        t.startswith("Slutligt förslag till lokal utvecklingsplan")
        and "ansvarig: Politisk beredning; senast 2019-03-26" in t
        for t in texts
    )
    matrix = _table_with(word, ["Område", "Kommunstyrelsen"])
    assert [r[0] for r in matrix[1:]] == [
        "Arbetsmarknad",
        "Utbildning",
        "Bostad och samhällsservice",
        "Brottslighet",
        "Demokrati och civilsamhälle",
    ]
    assert {r[1] for r in matrix[1:]} == {"medverkande"}
    assert "Ansvarsområdet 'Brottslighet' har ingen ansvarig." in texts
    assert "Meningsfull sysselsättning (Motala kommuns resultatmål)" in texts


def test_indicator_time_series_plot(motala: Case) -> None:
    """An indicator with values gets a row (baseline, target, values, share of the way) and
    a plot whose text alternative carries the values.  Hand-worked: baseline 40 (2018),
    target 50, latest 45 (2020) → 50 % of the way."""
    indicator = Indicator(
        id="sysselsattning",
        name="Andel i arbete eller studier",
        unit="%",
        source="Kolada",
        baseline=IndicatorValue(period="2018", value=40),
        target=IndicatorValue(period="2022", value=50),
        values=[
            IndicatorValue(period="2018", value=40),
            IndicatorValue(period="2019", value=42.5),
            IndicatorValue(period="2020", value=45),
        ],
    )
    goal = motala.goals[0].model_copy(update={"indicators": [indicator]})
    case = motala.model_copy(update={"goals": [goal, *motala.goals[1:]]})
    doc = build_document(case)
    section = doc.section("mal")
    assert section is not None
    table = next(b for b in section.blocks if isinstance(b, Table))
    row = [_clean(str(c)) for c in table.rows[0]]
    assert row[0] == "Andel i arbete eller studier"
    assert row[2:5] == [
        "40 % (2018)",
        "50 % (2022)",
        "2018: 40; 2019: 42,5; 2020: 45 (50 % av vägen)",
    ]
    figure = next(b for b in section.blocks if isinstance(b, Figure))
    assert figure.png.startswith(b"\x89PNG")
    assert "2019: 42,5" in _clean(figure.alt) and "mål 50" in _clean(figure.alt)
    assert not any(isinstance(b, Placeholder) for b in section.blocks)


def test_ia_deadline_q1_2025_as_a_range() -> None:
    case = load_case(EXAMPLES / "ia-till-ifo.yaml")
    doc = build_document(case, today=date(2025, 2, 1))
    word = _word(doc)
    texts = _texts(word)
    assert "Uppdraget ska redovisas: Q1 2025 (2025-01-01 – 2025-03-31)." in texts
    deadlines = _table_with(word, ["Tidsfrist", "Som det står", "Period", "Läge"])
    row = next(r for r in deadlines if r[1] == "Q1 2025")
    assert row[2:] == ["2025-01-01 – 2025-03-31", "inom tid (58 dagar kvar)"]


def test_effective_date_fills_the_proposed_decision(hvb: Case) -> None:
    decision = hvb.decisions[0].model_copy(update={"effective": date(2018, 4, 1)})
    doc = build_document(hvb.model_copy(update={"decisions": [decision]}))
    proposal = doc.section("forslag")
    assert proposal is not None
    first = proposal.blocks[0].items[0]  # type: ignore[union-attr]
    assert "2018-04-01" in first and not any(isinstance(r, Placeholder) for r in first)
    effective = doc.section("ikrafttradande")
    assert effective is not None
    assert effective.blocks[0].text == (  # type: ignore[union-attr]
        "Förändringen gäller från och med 2018-04-01 (Utbildningsnämnden 2018-02-21 § 13)."
    )


def test_extract_with_attestation_and_appeal_day(hvb: Case, tmp_path: Path) -> None:
    """Notice posted Tuesday 2018-02-27: three weeks later is Tuesday 2018-03-20."""
    decision = hvb.decisions[0].model_copy(
        update={
            "attestation": Attestation(date=date(2018, 2, 26), by=["Ordförande", "Justerare"]),
            "notice_posted": date(2018, 2, 27),
        }
    )
    case = hvb.model_copy(update={"decisions": [decision]})
    doc = build_extract(case)
    assert doc.title == (
        "Protokollsutdrag: § 13 Åtgärder handlingsplan Effekt – Integrationsavdelning"
    )
    word = _word(doc)
    head = _tables(word)[0]
    assert ["Paragraf", "§ 13"] in head and ["Sammanträdesdatum", "2018-02-21"] in head
    notice = _table_with(word, ["Uppgift", "Datum"])
    assert ["Sista dag för överklagande", "2018-03-20"] in notice
    texts = _texts(word)
    assert "Utbildningsnämnden godkänner utbildningsförvaltningens utredning." in texts
    assert "Protokollet justerades 2018-02-26." in texts
    assert "Julia Mårtensson" in texts
    assert "Innehåll" not in texts  # no table of contents in an extract
    pdf = tmp_path / "utdrag.pdf"
    render_pdf(doc, pdf)
    text = _clean(
        subprocess.run(
            ["pdftotext", str(pdf), "-"], capture_output=True, check=True
        ).stdout.decode()
    )
    assert "§ 13" in text and "2018-03-20" in text and "Kommunledningskontoret" in text


def test_hvb_pdf_has_the_figures(hvb_doc: Document, tmp_path: Path) -> None:
    pdf = tmp_path / "hvb.pdf"
    render_pdf(hvb_doc, pdf)
    text = _clean(
        subprocess.run(
            ["pdftotext", str(pdf), "-"], capture_output=True, check=True
        ).stdout.decode()
    )
    assert "2 057 136 kr" in text
    assert "1 800 000–3 840 000 kr" in text
    assert "expedieras beslutet till" in text and "Anneli Schwartz" in text
