"""The document model built from the examples: sections, decisions, no invented content.

Worked example (seed 000, examples/ia-till-ifo.yaml): IA moves from Vuxenutbildningen (BUF) to
IFO (SOF).  Interaction weights 180 + 30 + 25 (IA–IFO units) + 120 (IA–Vux) + 90 + 40 (within
IFO) = 485; across administrations before: 235 → 48,5 %; after only IA–Vux 120 → 24,7 %.
IA has 18 (estimated) FTE and no sub-units, so the proposal affects 18 årsarbetare.
"""

from __future__ import annotations

from oversyn.core.case import Case
from oversyn.core.diff import diff_organisations
from oversyn.documents.build import build_document, document_outline
from oversyn.documents.model import Document, Figure, ItemList, Paragraph, Placeholder, Table

MAIN_KEYS = [
    "forslag",
    "sammanfattning",
    "beslutsunderlag",
    "arendet",
    "nulage",
    "alternativ",
    "vardering",
    "ekonomi",
    "konsekvenser",
    "genomforande",
    "uppfoljning",
    "underskrift",
    "skickas",
]


def _text(item: list[object]) -> str:
    return "".join(r if isinstance(r, str) else r.text for r in item)  # type: ignore[attr-defined]


def test_sections_in_municipal_order(ia_doc: Document) -> None:
    assert [s.key for s in ia_doc.sections] == MAIN_KEYS
    assert ia_doc.sections[0].title == "Förslag till beslut"
    assert ia_doc.sections[-1].title == "Beslutet skickas till"
    outline = document_outline(ia_doc)
    assert {"level": 2, "title": "Bakgrund och uppdrag", "key": "bakgrund"} in outline


def test_header_from_case_or_placeholder(ia_doc: Document) -> None:
    values = {f.label: f.value for f in ia_doc.header}
    assert values["Nämnd"] == "Kommunstyrelsen"
    # the directive has no date, case number or officer: marked, not invented
    for label in ("Datum", "Diarienummer", "Handläggare"):
        assert isinstance(values[label], Placeholder)
        assert values[label].text.startswith("Att fylla i: ")


def test_decision_points_are_complete_decisions(ia_doc: Document) -> None:
    section = ia_doc.section("forslag")
    assert section is not None
    points = section.blocks[0]
    assert isinstance(points, ItemList) and points.numbered
    first, second = (_text(i) for i in points.items)
    assert first.startswith("Kommunstyrelsen beslutar att genomföra organisationsförändringen")
    assert (
        "Integration och arbetsmarknad flyttas från Vuxenutbildningen (Barn- och "
        "utbildningsförvaltningen) till Individ- och familjeomsorg (Socialförvaltningen)." in first
    )
    assert "från och med Att fylla i: datum" in first
    assert second.startswith("Kommunstyrelsen föreslår kommunfullmäktige att ändra")
    assert "Socialnämnden får ansvar för Arbetsmarknad och Integration." in second


def test_no_proposal_without_choice(small_case: Case) -> None:
    """Two alternatives, no evaluation, no --alternative: nothing to propose."""
    doc = build_document(small_case)
    section = doc.section("forslag")
    assert section is not None
    assert len(section.blocks) == 1 and isinstance(section.blocks[0], Placeholder)
    vardering = doc.section("vardering")
    assert vardering is not None
    assert isinstance(vardering.blocks[0], Placeholder)
    assert [s.key for s in vardering.subsections] == ["strukturanalys"]


def test_chosen_alternative_is_proposed(linkoping_case: Case) -> None:
    doc = build_document(linkoping_case, "alt3")
    section = doc.section("forslag")
    assert section is not None
    points = section.blocks[0]
    assert isinstance(points, ItemList)
    first = _text(points.items[0])
    assert "”Alternativ 3 – Social-, omsorgs- och äldreförvaltning”" in first
    diff = diff_organisations(linkoping_case.organisation(), linkoping_case.organisation("alt3"))
    merged = next(c.text() for c in diff.changes if c.code == "diff_adm_merged")
    assert merged in first


def test_missing_content_is_marked_not_invented(small_case: Case) -> None:
    doc = build_document(small_case)
    for key in ("sammanfattning", "beslutsunderlag", "bakgrund", "ekonomi", "genomforande"):
        section = doc.section(key)
        assert section is not None
        assert [type(b) for b in section.blocks] == [Placeholder], key


def test_alternatives_include_baseline_and_diff_sentences(ia_doc: Document, ia_case: Case) -> None:
    section = ia_doc.section("alternativ")
    assert section is not None
    keys = [s.key for s in section.subsections]
    assert keys == ["alt-nulage", "alt-ia-till-ifo"]
    alt = section.subsections[1]
    lists = [b for b in alt.blocks if isinstance(b, ItemList)]
    expected = diff_organisations(
        ia_case.organisation(), ia_case.organisation("ia-till-ifo")
    ).sentences()
    assert [_text(i) for i in lists[0].items] == expected
    assert any(isinstance(b, Figure) for b in alt.blocks)


def test_metric_table_hand_worked(ia_doc: Document) -> None:
    section = ia_doc.section("strukturanalys")
    assert section is not None
    table = next(b for b in section.blocks if isinstance(b, Table))
    assert table.header == ["Mått", "Bättre", "Nuläge", "Alt\u00a01"]
    rows = {r[0]: r[1:] for r in table.rows}
    assert rows["Andel samverkan över förvaltningsgräns"] == ["lägre", "48,5\u00a0%", "24,7\u00a0%"]
    assert table.notes == ["Alt\u00a01: IA flyttas till IFO i socialförvaltningen."]


def test_affected_staff_and_mandate_consequences(ia_doc: Document) -> None:
    staff = ia_doc.section("arbetsmiljo")
    assert staff is not None
    first = staff.blocks[0]
    assert isinstance(first, Paragraph)
    assert first.text == (
        "Förslaget berör enheter med sammanlagt 18 årsarbetare (uppskattning i ärendefilen)."
    )
    legal = ia_doc.section("juridik")
    assert legal is not None
    mandate = next(b for b in legal.blocks if isinstance(b, ItemList))
    assert "Socialnämnden får ansvar enligt Etableringslagen." in [_text(i) for i in mandate.items]


def test_recipients_from_proposal_and_directive(ia_doc: Document) -> None:
    section = ia_doc.section("skickas")
    assert section is not None
    names = [_text(i) for i in section.blocks[0].items]  # type: ignore[union-attr]
    assert names[:4] == [
        "Barn- och utbildningsnämnden",
        "Socialnämnden",
        "Barn- och utbildningsförvaltningen",
        "Socialförvaltningen",
    ]
    assert "Kommunchef" in names
    assert isinstance(section.blocks[-1], Placeholder)


def test_english(ia_case: Case) -> None:
    doc = build_document(ia_case, lang="en")
    assert doc.sections[0].title == "Proposed decision"
    assert doc.header[1].value.text == "To be completed: date"  # type: ignore[union-attr]


def test_unscored_principles_are_marked(ia_doc: Document) -> None:
    """examples/ia-till-ifo.yaml names the directive's principles but nobody has scored them."""
    section = ia_doc.section("principer")
    assert section is not None
    table = next(b for b in section.blocks if isinstance(b, Table))
    assert table.rows[0] == ["1. Samverkan mellan IA och IFO", "–", "–"]
    marks = [b for b in section.blocks if isinstance(b, Placeholder)]
    assert marks[0].text.startswith("Att fylla i: poäng med motivering för ”Samverkan mellan IA")


def test_checks_of_alternatives_as_differences(ia_doc: Document, linkoping_case: Case) -> None:
    """IA→IFO changes no check (only the estimate note, as in nuläge); Linköping's alternative
    3 resolves nuläge's six split-responsibility warnings (seed 001: helhetsansvar)."""
    section = ia_doc.section("kontroller")
    assert section is not None
    texts = [b.text for b in section.blocks if isinstance(b, Paragraph)]
    assert texts[-1] == "Samma som i nuläget."
    doc = build_document(linkoping_case)
    section = doc.section("kontroller")
    assert section is not None
    blocks = section.blocks
    start = next(
        i
        for i, b in enumerate(blocks)
        if isinstance(b, Paragraph) and b.text.startswith("Alternativ 3 –")
    )
    assert isinstance(blocks[start + 1], Paragraph)
    assert blocks[start + 1].text == "Gäller inte längre (finns i nuläget):"
    resolved = blocks[start + 2]
    assert isinstance(resolved, ItemList) and len(resolved.items) == 6


def test_ia_before_and_after_charts_mark_ia(ia_doc: Document) -> None:
    """Seed 000: the nuläge chart marks IA as the unit that moves, the alternative's chart
    marks it where it lands; the alt texts say so in words."""
    nulage = ia_doc.section("nulage")
    alternative = ia_doc.section("alt-ia-till-ifo")
    assert nulage is not None and alternative is not None
    before = next(b for b in nulage.blocks if isinstance(b, Figure))
    after = next(b for b in alternative.blocks if isinstance(b, Figure))
    assert before.alt.endswith("Markerade: Integration och arbetsmarknad.")
    assert "Integration och arbetsmarknad" in after.alt.split("Markerade: ")[1]
    assert "Markerat (▶, fet stil, tjock ram)" in before.caption
    assert before.png.startswith(b"\x89PNG") and after.png.startswith(b"\x89PNG")
