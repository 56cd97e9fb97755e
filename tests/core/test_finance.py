"""Savings requirements, staff changes and budget frame transfers (core.finance), with figures
worked by hand."""

from __future__ import annotations

import pytest

from oversyn.core.case import Alternative, Case, CaseInfo
from oversyn.core.finance import (
    BudgetTransfer,
    Finance,
    SavingsRequirement,
    mnkr,
    requirement_text,
    staff_changes,
    transfer_text,
    transfers_for,
)
from oversyn.core.model import Administration, Municipality, Organisation, Unit
from oversyn.core.operations import MergeUnits, UpdateUnit
from oversyn.core.validate import validate_case


def staff_cut_case(**finance: object) -> Case:
    """92 FTE in two units (60 + 32); alternative "cut" takes unit b from 32 to 21 FTE."""
    org = Organisation(
        administrations=[Administration(id="adm", name="Förvaltningen")],
        units=[
            Unit(id="a", name="Enhet A", administration="adm", fte=60, budget=40_000_000),
            Unit(id="b", name="Enhet B", administration="adm", fte=32, budget=22_000_000),
        ],
    )
    return Case(
        case=CaseInfo(id="c", title="Besparing", municipality=Municipality(name="Kommunen")),
        baseline=org,
        alternatives=[
            Alternative(
                id="cut",
                name="Alternativ 1",
                operations=[UpdateUnit(unit="b", fte=21, budget=19_500_000)],
            ),
            Alternative(
                id="merge",
                name="Alternativ 2",
                operations=[MergeUnits(units=["a", "b"], into="a")],
            ),
        ],
        finance=Finance.model_validate(finance),
    )


def test_mnkr():
    assert mnkr(7_150_000) == "7,15\u00a0mnkr"
    assert mnkr(6_500_000) == "6,5\u00a0mnkr"
    assert mnkr(650_000) == "0,65\u00a0mnkr"
    assert mnkr(4_000_000) == "4\u00a0mnkr"
    assert mnkr(1_234_000_000, "en") == "1,234\u00a0MSEK"
    assert mnkr(-300_000) == "−0,3\u00a0mnkr"


def test_92_to_81_fte_at_650000_is_715_mnkr_065_over_65():
    case = staff_cut_case(savings={"amount": 6_500_000, "year": 2026}, cost_per_fte=650_000)
    cut = staff_changes(case)[0]
    assert (cut.fte_before, cut.fte_after, cut.fte_difference) == (92, 81, -11)
    assert cut.saving == 7_150_000  # 11 × 650 000
    assert cut.margin == 650_000  # 7 150 000 − 6 500 000
    assert cut.meets_requirement is True
    assert cut.budget_difference == -2_500_000  # 22,0 → 19,5 mnkr
    assert cut.staff_text() == "Årsarbetare 92 → 81 (−11)"
    assert cut.comparison() == (
        "Alternativ 1 ger 7,15\u00a0mnkr, 0,65\u00a0mnkr mer än kravet på 6,5\u00a0mnkr"
    )
    assert cut.comparison("en").startswith("Alternativ 1 saves 7.15\u00a0MSEK, 0.65\u00a0MSEK more")
    assert requirement_text(case) == "Effektiviseringskrav: 6,5\u00a0mnkr från 2026"


def test_less_than_required_and_cost_per_unit():
    # the merge keeps 92 FTE but one unit fewer: 1 × 900 000 = 0,9 mnkr, 3,1 mnkr short of 4
    case = staff_cut_case(
        savings={"amount": 4_000_000}, cost_per_fte=650_000, cost_per_unit=900_000
    )
    merge = staff_changes(case)[1]
    assert (merge.units_before, merge.units_after) == (2, 1)
    assert merge.saving == 900_000
    assert merge.comparison() == (
        "Alternativ 2 ger 0,9\u00a0mnkr, 3,1\u00a0mnkr mindre än kravet på 4\u00a0mnkr"
    )
    assert merge.meets_requirement is False


def test_without_a_price_or_requirement():
    case = staff_cut_case()
    cut = staff_changes(case)[0]
    assert cut.saving is None
    assert (
        cut.comparison() == "Alternativ 1: ange kostnad per årsarbetare för att räkna ut effekten"
    )
    priced = staff_changes(staff_cut_case(cost_per_fte=650_000))[0]
    assert priced.comparison() == "Alternativ 1 ger 7,15\u00a0mnkr"
    assert requirement_text(case) is None


def test_transfers_text_selection_and_validation():
    transfer = BudgetTransfer(
        id="ram",
        alternative="cut",
        amount=2_500_000,
        year=2026,
        source="Socialnämnden",
        target="Arbetsmarknadsnämnden",
        remaining=1_000_000,
    )
    general = BudgetTransfer(id="allm", amount=500_000, source="KS", target="Socialnämnden")
    case = staff_cut_case(transfers=[transfer.model_dump(), general.model_dump()])
    assert validate_case(case) == []
    assert transfer_text(transfer) == (
        "Budgetram om 2,5\u00a0mnkr flyttas från och med 2026 från Socialnämnden till "
        "Arbetsmarknadsnämnden; 1\u00a0mnkr stannar kvar hos Socialnämnden."
    )
    assert [t.id for t in transfers_for(case, "cut")] == ["ram", "allm"]
    assert [t.id for t in transfers_for(case, "merge")] == ["allm"]
    bad = staff_cut_case(
        transfers=[{**transfer.model_dump(), "alternative": "finns-inte"}, transfer.model_dump()]
    )
    codes = sorted(p.code for p in validate_case(bad))
    assert codes == ["duplicate_id", "unknown_alternative"]


def test_requirement_must_be_positive():
    with pytest.raises(ValueError):
        SavingsRequirement(amount=0)
