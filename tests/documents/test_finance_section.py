"""The financing part of the document (documents.finance_section), Swedish and English, and
the proposal in the summary (worked example of tests/core/test_finance.py: 92 → 81 FTE at
650 000 kr = 7,15 mnkr, 0,65 mnkr over 6,5 mnkr)."""

from __future__ import annotations

from oversyn.documents.build import build_document
from oversyn.documents.model import ItemList, Paragraph, Placeholder, Table
from tests.core.test_finance import staff_cut_case

NB = "\u00a0"


def _economy(doc):
    return next(s for _level, s in doc.all_sections() if s.key == "ekonomi")


def _texts(section):
    out = []
    for block in section.blocks:
        if isinstance(block, Paragraph):
            out.append("".join(str(x) for x in block.runs))
        elif isinstance(block, ItemList):
            out += ["".join(str(x) for x in item) for item in block.items]
        elif isinstance(block, Table):
            out += [" | ".join(str(c) for c in row) for row in block.rows]
    return out


def test_staff_table_comparison_and_transfer_in_swedish():
    case = staff_cut_case(
        savings={"amount": 6_500_000, "year": 2026},
        cost_per_fte=650_000,
        transfers=[
            {"alternative": "cut", "amount": 2_500_000, "source": "Socialnämnden",
             "target": "Kommunstyrelsen"},
        ],
    )  # fmt: skip
    doc = build_document(case, "cut")
    texts = _texts(_economy(doc))
    assert f"Effektiviseringskrav: 6,5{NB}mnkr från 2026." in texts
    assert any(t.startswith("Alternativ 1 | 92 → 81 | −11 | −2,5") for t in texts), texts
    assert f"Alternativ 1 ger 7,15{NB}mnkr, 0,65{NB}mnkr mer än kravet på 6,5{NB}mnkr." in texts
    assert f"Budgetram om 2,5{NB}mnkr flyttas från Socialnämnden till Kommunstyrelsen." in texts
    assert not any(isinstance(b, Placeholder) for b in _economy(doc).blocks)
    summary = next(s for _l, s in doc.all_sections() if s.key == "sammanfattning")
    assert any("Förslaget är Alternativ 1." in t and "7,15" in t for t in _texts(summary))


def test_english_and_no_finance_no_table():
    case = staff_cut_case(savings={"amount": 6_500_000}, cost_per_fte=650_000)
    texts = _texts(_economy(build_document(case, "cut", "en")))
    assert (
        f"Alternativ 1 saves 7.15{NB}MSEK, 0.65{NB}MSEK more than the requirement of 6.5{NB}MSEK."
        in texts
    )
    plain = staff_cut_case()
    plain = plain.model_copy(update={"alternatives": plain.alternatives[1:]})  # the merge only
    economy = _economy(build_document(plain, "merge"))
    assert not any(isinstance(b, Table) for b in economy.blocks)
    assert any(isinstance(b, Placeholder) for b in economy.blocks)
