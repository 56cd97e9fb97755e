"""The document's Beredningsgång, the deciding decision's proposal and Ikraftträdande, own
sections in DOCX and HTML, and a draft remiss — on seed 003 (flyktingverksamhet 2018) with a
preparation chain added by hand: the arbetsutskott prepares (§ 5), the nämnd decides (§ 13,
the seed's own decision) and the kommunstyrelse decides the other alternative from 2018-07-01
(§ 40).  The evaluation's conclusion says "behåll och integrera"; the decision wins."""

from __future__ import annotations

import io
from datetime import date

import docx
import pytest

from oversyn.core.case import Case
from oversyn.core.process.model import CustomSection, Decision, Remiss, RemissParty
from oversyn.documents.build import build_document
from oversyn.documents.model import Document, ItemList, Paragraph, Styled, Table
from oversyn.documents.render_docx import render_docx
from oversyn.documents.render_html import render_html
from oversyn.io.casefile import load_case
from tests.conftest import EXAMPLES


@pytest.fixture(scope="module")
def case() -> Case:
    hvb = load_case(EXAMPLES / "flyktingverksamhet-2018.yaml")
    seed = hvb.decisions[0]  # Utbildningsnämnden 2018-02-21 § 13, about behall-och-integrera-hvb
    au = Decision(
        id="au", body="Kommunstyrelsens arbetsutskott", date=date(2018, 2, 7), paragraph="§ 5",
        text="Arbetsutskottet föreslår kommunstyrelsen att besluta.",
    )  # fmt: skip
    ks = Decision(
        id="ks", body="Kommunstyrelsen", date=date(2018, 3, 6), paragraph="§ 40",
        text="Kommunstyrelsen beslutar att samla verksamheten under utbildningsnämnden.",
        alternative="samla-under-un", effective=date(2018, 7, 1),
    )  # fmt: skip
    sections = [
        CustomSection(
            id="facklig", heading="Facklig samverkan", after="ekonomi", order=2,
            text="Samverkan skedde i **två** steg:\n\n- MBL § 11 den *3 mars*\n- Information",
        ),
        CustomSection(
            id="personal", heading="Personal", after="ekonomi", order=1,
            text="Ingen blir uppsagd. <script>alert(1)</script>",
        ),
        CustomSection(id="styrning", heading="Styrning och ledning", after="arendet"),
    ]  # fmt: skip
    draft = Remiss(
        id="utkast", title="Remiss av utkastet", deadline="2018-04-30",  # type: ignore[arg-type]
        parties=[RemissParty(id="sn", name="Socialnämnden")],
    )  # fmt: skip
    return hvb.model_copy(
        update={"decisions": [ks, seed, au], "sections": sections, "remisses": [draft]}
    )


@pytest.fixture(scope="module")
def doc(case: Case) -> Document:
    return build_document(case, today=date(2030, 1, 1))


def test_preparation_chain_in_order_with_the_deciding_decision(doc: Document) -> None:
    chain = doc.section("beredningsgang")
    assert chain is not None and chain.title == "Beredningsgång"
    table = chain.blocks[0]
    assert isinstance(table, Table)
    assert [r[:4] for r in table.rows] == [
        ["2018-02-07", "Kommunstyrelsens arbetsutskott", "§ 5", "beredning"],
        ["2018-02-21", "Utbildningsnämnden", "§ 13", "beredning"],
        ["2018-03-06", "Kommunstyrelsen", "§ 40", "beslut"],
    ]
    assert table.rows[2][4] == (
        "Kommunstyrelsen beslutar att samla verksamheten under utbildningsnämnden. "
        "Avser Samla flyktingverksamheten under Utbildningsnämnden. Gäller från 2018-07-01."
    )
    assert isinstance(chain.blocks[1], Paragraph)
    assert chain.blocks[1].text == "Beslutet i ärendet: Kommunstyrelsen 2018-03-06, § 40."


def test_proposal_and_effective_date_follow_the_deciding_decision(doc: Document) -> None:
    proposal = doc.section("forslag")
    assert proposal is not None
    texts = [b.text for b in proposal.blocks if isinstance(b, Paragraph)]
    assert "Förslaget följer beslutet i ärendet (Kommunstyrelsen 2018-03-06, § 40)." in texts
    first = proposal.blocks[0]
    assert isinstance(first, ItemList) and "2018-07-01" in "".join(map(str, first.items[0]))
    effective = doc.section("ikrafttradande")
    assert effective is not None
    assert effective.blocks[0].text == (  # type: ignore[union-attr]
        "Förändringen gäller från och med 2018-07-01 (Kommunstyrelsen 2018-03-06 § 40)."
    )


def test_own_sections_after_their_place_in_order(doc: Document) -> None:
    keys = [s.key for s in doc.sections]
    assert keys[keys.index("arendet") + 1] == "eget-styrning"
    at = keys.index("ekonomi")
    assert keys[at + 1 : at + 3] == ["eget-personal", "eget-facklig"]
    own = doc.section("eget-facklig")
    assert own is not None
    assert own.blocks[0].runs == ["Samverkan skedde i ", Styled("två", bold=True), " steg:"]  # type: ignore[union-attr]
    assert isinstance(own.blocks[1], ItemList)


def test_own_sections_in_html_and_docx_safely(doc: Document) -> None:
    html = render_html(doc)
    assert "<h2" in html and "Facklig samverkan" in html
    assert "<strong>två</strong>" in html and "<em>3 mars</em>" in html
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    word = docx.Document(io.BytesIO(render_docx(doc)))
    bold = [r.text for p in word.paragraphs for r in p.runs if r.bold]
    italic = [r.text for p in word.paragraphs for r in p.runs if r.italic]
    assert "två" in bold and "3 mars" in italic
    headings = [p.text for p in word.paragraphs if p.style.name.startswith("Heading")]
    assert headings.index("Personal") < headings.index("Facklig samverkan")


def test_a_draft_remiss_in_the_document_has_no_missing_answers(doc: Document) -> None:
    remiss = doc.section("remiss")
    assert remiss is not None
    text = " ".join(b.text for b in remiss.blocks if isinstance(b, Paragraph))
    assert "Remissen är inte skickad" in text
    assert "har inte svarat" not in text
    table = next(b for b in remiss.blocks if isinstance(b, Table))
    assert table.rows == [["Socialnämnden", "–", "–", "–"]]


def test_answer_document_says_the_utredare_entered_it() -> None:
    """Enköping's Socialnämnden answer (seed 002) as if it had come by e-mail on 2021-12-20."""
    from oversyn.core.process.model import ReceivedBy
    from oversyn.documents.remiss_answer import build_remiss_answer

    enkoping = load_case(EXAMPLES / "enkoping-2021.yaml")
    remiss = enkoping.remisses[0]
    response = remiss.responses[0].model_copy(
        update={
            "received_by": ReceivedBy.EMAIL,
            "entered_by": "utredare",
            "date": date(2021, 12, 20),
        }
    )
    case = enkoping.model_copy(
        update={"remisses": [remiss.model_copy(update={"responses": [response]})]}
    )
    decided = build_remiss_answer(case, "sn").section("beslutat")
    assert decided is not None
    texts = [b.text for b in decided.blocks if isinstance(b, Paragraph)]
    assert texts[-1] == (
        "Svaret kom in med e-post 2021-12-20 och fördes in av utredaren (utredare)."
    )
    assert not any("fördes in" in t for t in _texts_of(build_remiss_answer(enkoping, "sn")))


def _texts_of(doc: Document) -> list[str]:
    return [b.text for _, s in doc.all_sections() for b in s.blocks if isinstance(b, Paragraph)]
