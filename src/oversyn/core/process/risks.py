"""The risk register: risks per alternative graded by probability × consequence, as a 5×5 matrix.

Risk value = probability × consequence (each 1–5), so 1–25.  The levels are the customary bands
of a Swedish 5×5 riskmatris (as in the riskbedömning of Arbetsmiljöverket's systematic work
environment guidance and most municipal risk-analysis templates):

==========  ==========  ========================================
value       level       meaning
==========  ==========  ========================================
1–4         låg         acceptable; follow up
5–9         medel       reduce where reasonable; owner and action
10–16       hög         act before the change is carried out
20–25       mycket hög  not acceptable without measures
==========  ==========  ========================================

Worked example (tests/core/process/test_risks.py): a risk of probability 4 and consequence 3
has the value 12 → *hög*; 2 × 2 = 4 → *låg*; 5 × 4 = 20 → *mycket hög*.  In the matrix it sits
in row "konsekvens 3 (Måttlig)", column "sannolikhet 4 (Stor)".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING

from oversyn.core.i18n import DEFAULT_LANG, Lang
from oversyn.core.process.model import CONSEQUENCE_LABELS, PROBABILITY_LABELS, Risk

if TYPE_CHECKING:
    from oversyn.core.case import Case

GRADES = (1, 2, 3, 4, 5)


class RiskLevel(StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    VERY_HIGH = "very_high"


LEVEL_LABELS: dict[RiskLevel, tuple[str, str]] = {
    RiskLevel.LOW: ("låg", "low"),
    RiskLevel.MEDIUM: ("medel", "medium"),
    RiskLevel.HIGH: ("hög", "high"),
    RiskLevel.VERY_HIGH: ("mycket hög", "very high"),
}


def risk_value(risk: Risk) -> int | None:
    """probability × consequence, or ``None`` while the risk is not graded."""
    if risk.probability is None or risk.consequence is None:
        return None
    return risk.probability * risk.consequence


def level_of(value: int) -> RiskLevel:
    """The band of a risk value 1–25 (see the module docstring)."""
    if not 1 <= value <= 25:
        raise ValueError(f"riskvärdet {value} ligger utanför 1–25")
    if value <= 4:
        return RiskLevel.LOW
    if value <= 9:
        return RiskLevel.MEDIUM
    if value <= 16:
        return RiskLevel.HIGH
    return RiskLevel.VERY_HIGH


def level_label(level: RiskLevel, lang: Lang = DEFAULT_LANG) -> str:
    sv, en = LEVEL_LABELS[level]
    return sv if lang == "sv" else en


def grade_label(kind: str, grade: int, lang: Lang = DEFAULT_LANG) -> str:
    """'Stor' for probability 4, 'Allvarlig' for consequence 4.

    ``kind`` is ``"probability"`` or ``"consequence"``."""
    labels = PROBABILITY_LABELS if kind == "probability" else CONSEQUENCE_LABELS
    sv, en = labels[grade]
    return sv if lang == "sv" else en


@dataclass(frozen=True)
class RiskRow:
    """A risk as the register shows it: its number in the matrix, value and level."""

    number: int  # 1-based, in register order, shown as "R1" in the matrix
    risk: Risk
    value: int | None
    level: RiskLevel | None

    @property
    def label(self) -> str:
        return f"R{self.number}"


@dataclass
class RiskRegister:
    """The risks of one alternative, highest value first (ungraded last, in file order)."""

    alternative: str
    rows: list[RiskRow] = field(default_factory=list)

    def cell(self, probability: int, consequence: int) -> list[RiskRow]:
        """The graded risks in one cell of the 5×5 matrix."""
        return [
            r
            for r in self.rows
            if r.risk.probability == probability and r.risk.consequence == consequence
        ]

    def ungraded(self) -> list[RiskRow]:
        return [r for r in self.rows if r.value is None]

    def count_by_level(self) -> dict[RiskLevel, int]:
        counts = dict.fromkeys(RiskLevel, 0)
        for r in self.rows:
            if r.level is not None:
                counts[r.level] += 1
        return counts

    def highest(self) -> RiskRow | None:
        graded = [r for r in self.rows if r.value is not None]
        return graded[0] if graded else None

    def as_dict(self, lang: Lang = DEFAULT_LANG) -> dict[str, object]:
        return {
            "alternative": self.alternative,
            "risks": [
                {
                    "number": r.number,
                    "id": r.risk.id,
                    "title": r.risk.title,
                    "probability": r.risk.probability,
                    "consequence": r.risk.consequence,
                    "value": r.value,
                    "level": r.level.value if r.level else None,
                    "level_label": level_label(r.level, lang) if r.level else None,
                    "owner": r.risk.owner,
                    "mitigation": r.risk.mitigation,
                }
                for r in self.rows
            ],
            "by_level": {lvl.value: n for lvl, n in self.count_by_level().items()},
        }


def risk_register(case: Case, alternative: str) -> RiskRegister:
    """The register of ``alternative``: its risks sorted by value (highest first), stable
    within equal values; ungraded risks last."""
    risks = [r for r in case.risks if r.alternative == alternative]
    order = sorted(
        range(len(risks)),
        key=lambda i: (-(risk_value(risks[i]) or 0), risk_value(risks[i]) is None, i),
    )
    rows = []
    for n, i in enumerate(order, start=1):
        value = risk_value(risks[i])
        rows.append(RiskRow(n, risks[i], value, level_of(value) if value is not None else None))
    return RiskRegister(alternative, rows)
