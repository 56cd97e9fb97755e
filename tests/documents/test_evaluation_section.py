"""The Värdering section for Linköping 2017 (seed 001), against the seed's own tables.

Seed 001, 2.1.1 "Utvärderingsmatris 1, grundläggande utgångspunkter" and 2.2.1
"Utvärderingsmatris 2, organisationsprinciper" are copied below cell by cell; alternatives 1 and
4 are excluded with the steering group's reasons ("Organisationsalternativ 1 bedöms inte: …"),
and the conclusion (2.3) is alternative 3.
"""

from __future__ import annotations

import pytest

from oversyn.core.case import Case
from oversyn.documents.build import build_document
from oversyn.documents.model import Document, Figure, ItemList, Paragraph, Table

NB = "\u00a0"
SEED_GATES = [
    ["1. Utformningen ska stödja nämndernas uppdrag 2019 – helhetsansvar", "Nej", "Ja", "Ja",
     "Ja exkl. 1"],
    ["2. Utformningen ska ge ökad genomförandekraft", "Nej", "Ja", "Ja", "Ja exkl. 1"],
    ["3. Utformningen ska överensstämja med övrig förvaltningsstruktur", "Nej", "Nej", "Ja",
     "Nej"],
    ["4. Förvaltningsorganisationen ska kunna innefatta ett utföraruppdrag för verksamhet "
     "(helhet eller delar) som till stor del bedrivs i egen regi.", "Ja", "Ja", "Ja", "Ja"],
]  # fmt: skip
SEED_PRINCIPLES = [
    ["1. Helhetsansvar per verksamhetsområde", "3", "3"],
    ["2. Förutsättningar för samverkan", "2", "3"],
    ["3. Förutsättningar för organisatorisk effektivitet", "1", "3"],
    ["4. Förmågan att ta ett helhetsansvar för sektorn", "0", "3"],
    ["5. Möjlighet till anpassning utifrån förändringar i omvärld och politisk inriktning", "2",
     "3"],
]  # fmt: skip


@pytest.fixture(scope="module")
def linkoping_doc(linkoping_case: Case) -> Document:
    return build_document(linkoping_case)


def _tables(doc: Document, key: str) -> list[Table]:
    section = doc.section(key)
    assert section is not None
    return [b for b in section.blocks if isinstance(b, Table)]


def test_gate_matrix_as_in_the_seed(linkoping_doc: Document) -> None:
    (table,) = _tables(linkoping_doc, "utgangspunkter")
    assert table.caption == "Utvärderingsmatris 1, grundläggande utgångspunkter"
    assert table.header == ["Utgångspunkter", f"Alt{NB}1", f"Alt{NB}2", f"Alt{NB}3", f"Alt{NB}4"]
    assert table.rows == SEED_GATES


def test_principle_matrix_as_in_the_seed(linkoping_doc: Document) -> None:
    table = _tables(linkoping_doc, "principer")[0]
    assert table.caption == "Utvärderingsmatris 2, organisationsprinciper"
    assert table.header == [
        "Principer",
        "Alternativ 2 – Social- och omsorgsförvaltning och Äldreförvaltning",
        "Alternativ 3 – Social-, omsorgs- och äldreförvaltning",
    ]
    assert table.rows == SEED_PRINCIPLES
    assert table.notes == [
        "Skala 0–3: 0 motsvarar inga organisatoriska förutsättningar och 3 goda förutsättningar."
    ]


def test_exclusions_with_reasons(linkoping_doc: Document) -> None:
    section = linkoping_doc.section("utgangspunkter")
    assert section is not None
    bold = [b.text for b in section.blocks if isinstance(b, Paragraph) and b.emphasis == "bold"]
    assert bold[0] == "Alternativ 1 – nuvarande förvaltningsorganisation utesluts (Styrgruppen)."
    assert bold[2].startswith("Alternativ 4 – något av alternativ 1–3 samt en")
    assert bold[2].endswith("utesluts (Styrgruppen).")
    # alternative 2 is kept although it has Nej on a must gate: said, not hidden
    assert bold[1].startswith("Alternativ 2 – Social- och omsorgsförvaltning och Äldreförvaltning")
    assert "men behålls av Styrgruppen." in bold[1]
    reasons = [b for b in section.blocks if isinstance(b, ItemList)]
    first = ["".join(map(str, item)) for item in reasons[0].items]
    assert "Bidra till ökad genomförandekraft." in first
    assert len(first) == 5  # the five points of "Organisationsalternativ 1 bedöms inte"
    assert len(reasons[1].items) == 6  # the six points for alternative 4


def test_motivations_per_principle(linkoping_doc: Document) -> None:
    section = linkoping_doc.section("princip-p4")
    assert section is not None
    texts = [b.text for b in section.blocks if isinstance(b, Paragraph)]
    assert texts[1].startswith(
        "Alternativ 2 – Social- och omsorgsförvaltning och Äldreförvaltning – 0 poäng. "
        "Bedöms som betydligt svagare"
    )


def test_alternative_3_proposed_and_robustness_in_words(linkoping_doc: Document) -> None:
    forslag = linkoping_doc.section("forslag")
    assert forslag is not None
    first = forslag.blocks[0]
    assert isinstance(first, ItemList)
    text = "".join(r if isinstance(r, str) else r.text for r in first.items[0])
    assert "”Alternativ 3 – Social-, omsorgs- och äldreförvaltning”" in text
    assert forslag.blocks[1].text == "Förslaget följer värderingens slutsats (Styrgruppen)."  # type: ignore[union-attr]
    ranking = linkoping_doc.section("rangordning")
    assert ranking is not None
    table = next(b for b in ranking.blocks if isinstance(b, Table))
    assert [r[:3] for r in table.rows] == [
        ["1", "Alternativ 3 – Social-, omsorgs- och äldreförvaltning", "15"],
        ["2", "Alternativ 2 – Social- och omsorgsförvaltning och Äldreförvaltning", "8"],
    ]
    sentences = ["".join(map(str, i)) for b in ranking.blocks if isinstance(b, ItemList)
                 for i in b.items]  # fmt: skip
    assert (
        f"Alternativ 3 – Social-, omsorgs- och äldreförvaltning rankas först i 100{NB}% av "
        "viktningarna." in sentences
    )
    assert not any(" utesluts" in s for s in sentences)  # said with the gate matrix instead
    figures = [b for b in ranking.blocks if isinstance(b, Figure)]
    assert len(figures) == 1
    assert f"Alt{NB}3 (Alternativ 3 – Social-, omsorgs- och äldreförvaltning): rang 1 100{NB}%" in (
        figures[0].alt
    )
    conclusion = linkoping_doc.section("slutsats")
    assert conclusion is not None
    assert conclusion.blocks[0].text.startswith(  # type: ignore[union-attr]
        "Utifrån den redovisade värderingen av utgångspunkter och organisationsprinciper"
    )


def test_score_profile_figure(linkoping_doc: Document) -> None:
    section = linkoping_doc.section("principer")
    assert section is not None
    (figure,) = [b for b in section.blocks if isinstance(b, Figure)]
    assert figure.png.startswith(b"\x89PNG")
    assert f"Förutsättningar för organisatorisk effektivitet: Alt{NB}2 1, Alt{NB}3 3" in figure.alt
