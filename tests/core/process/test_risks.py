"""The risk register (core/process/risks.py) against hand-worked values and seed 003."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from oversyn.core.case import Case
from oversyn.core.process.model import Risk
from oversyn.core.process.risks import RiskLevel, level_of, risk_register, risk_value
from oversyn.core.validate import validate_case
from oversyn.io.casefile import dump_case, load_case, parse_case
from tests.conftest import EXAMPLES


def _risk(rid: str, p: int | None, c: int | None, alt: str = "nulage") -> Risk:
    return Risk(id=rid, alternative=alt, title=f"Risk {rid}", probability=p, consequence=c)


@pytest.mark.parametrize(
    ("value", "level"),
    [
        (1, RiskLevel.LOW),
        (4, RiskLevel.LOW),
        (5, RiskLevel.MEDIUM),
        (9, RiskLevel.MEDIUM),
        (10, RiskLevel.HIGH),
        (16, RiskLevel.HIGH),
        (20, RiskLevel.VERY_HIGH),
        (25, RiskLevel.VERY_HIGH),
    ],
)
def test_level_bands(value: int, level: RiskLevel) -> None:
    assert level_of(value) is level


def test_level_outside_the_matrix_is_refused() -> None:
    with pytest.raises(ValueError, match="utanför 1–25"):
        level_of(26)


def test_grades_are_1_to_5_and_come_in_pairs() -> None:
    with pytest.raises(ValidationError):
        _risk("a", 6, 3)
    with pytest.raises(ValidationError):
        _risk("a", 0, 3)
    with pytest.raises(ValidationError, match="både sannolikhet och konsekvens"):
        _risk("a", 3, None)
    assert risk_value(_risk("a", None, None)) is None


def test_register_worked_by_hand(small_case: Case) -> None:
    """By hand: a = 4×3 = 12 (hög), b = 2×2 = 4 (låg), c = 5×4 = 20 (mycket hög), d ungraded,
    e = 3×4 = 12 (hög, after a in file order).  Register order: c, a, e, b, d."""
    case = small_case.model_copy(
        update={
            "risks": [
                _risk("a", 4, 3),
                _risk("b", 2, 2),
                _risk("c", 5, 4),
                _risk("d", None, None),
                _risk("e", 3, 4),
            ]
        }
    )
    reg = risk_register(case, "nulage")
    assert [r.risk.id for r in reg.rows] == ["c", "a", "e", "b", "d"]
    assert [r.label for r in reg.rows] == ["R1", "R2", "R3", "R4", "R5"]
    assert [r.value for r in reg.rows] == [20, 12, 12, 4, None]
    assert reg.count_by_level() == {
        RiskLevel.LOW: 1,
        RiskLevel.MEDIUM: 0,
        RiskLevel.HIGH: 2,
        RiskLevel.VERY_HIGH: 1,
    }
    assert [r.risk.id for r in reg.cell(probability=4, consequence=3)] == ["a"]
    assert reg.cell(probability=1, consequence=1) == []
    assert [r.risk.id for r in reg.ungraded()] == ["d"]
    highest = reg.highest()
    assert highest is not None and highest.risk.id == "c"
    assert risk_register(case, "other").rows == []


def test_unknown_alternative_and_duplicate_id_are_located(small_case: Case) -> None:
    case = small_case.model_copy(
        update={"risks": [_risk("a", 1, 1, alt="saknas"), _risk("a", 1, 1)]}
    )
    codes = {(p.loc, p.code) for p in validate_case(case)}
    assert (("risks", 0, "alternative"), "unknown_alternative") in codes
    assert (("risks", 1, "id"), "duplicate_id") in codes


def test_seed_003_risks_are_recorded_ungraded() -> None:
    """Seed 003 names two risks of gathering everything under Utbildningsnämnden in words only
    ("riskerar att medföra delade tjänster och/eller deltidstjänster"; too low volumes for an
    own HVB); the example keeps them ungraded rather than invent grades."""
    case = load_case(EXAMPLES / "flyktingverksamhet-2018.yaml")
    reg = risk_register(case, "samla-under-un")
    assert [r.risk.id for r in reg.rows] == ["delade-tjanster", "hvb-kvalitet-kostnad"]
    assert all(r.value is None for r in reg.rows)
    again = parse_case(dump_case(case), "roundtrip.yaml")
    assert again.risks == case.risks
