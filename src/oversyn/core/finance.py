"""Savings requirements and budget frames: what each alternative gives, against what is asked.

A case may state a savings requirement (effektiviseringskrav: an amount in kronor for a year)
and what one FTE (årsarbetare) and one unit (enhet, e.g. its management) costs a year.  Each
alternative's staff and budget change is computed from its organisation against the
baseline: FTE before → after, the difference, the cost effect (FTE difference × cost per FTE,
plus the difference in number of units × cost per unit) and the budget change (the units'
own budgets), and compared with the requirement.

Worked example (the tests): 92 → 81 FTE at 650 000 kr per FTE gives 11 × 650 000 =
7 150 000 kr = 7,15 mnkr, 0,65 mnkr more than a requirement of 6,5 mnkr::

    >>> mnkr(7_150_000)
    '7,15 mnkr'

A budget frame transfer (budgetramsöverföring) moves part of one committee's budget frame to
another from a year; what stays is stated.  Transfers belong to an alternative (or to the case
as a whole) and are listed in the document's financing section.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from pydantic import Field, model_validator

from oversyn.core.fmt import NBSP, format_number
from oversyn.core.i18n import DEFAULT_LANG, Lang, register_messages, t
from oversyn.core.ids import slugify
from oversyn.core.model import Id, Model, Organisation, Text

if TYPE_CHECKING:
    from oversyn.core.case import Case


class SavingsRequirement(Model):
    """Effektiviseringskrav: the amount (kronor a year) the change must save, from a year."""

    amount: float = Field(gt=0, description="Belopp i kronor per år, t.ex. 6500000.")
    year: int | None = Field(default=None, ge=1900, le=2200, description="År kravet gäller.")
    note: str = Field(default="", description="T.ex. var kravet kommer ifrån (budgetbeslut).")


class BudgetTransfer(Model):
    """Part of one committee's budget frame moves to another (what stays is stated)."""

    id: Id
    alternative: Id | None = Field(
        default=None, description="Alternativet överföringen hör till; tomt = ärendet i stort."
    )
    amount: float = Field(gt=0, description="Belopp i kronor per år som flyttas.")
    year: int | None = Field(default=None, ge=1900, le=2200, description="Från och med år.")
    source: Text = Field(description="Nämnden som lämnar budgetram.")
    target: Text = Field(description="Nämnden som tar emot budgetram.")
    remaining: float | None = Field(
        default=None, ge=0, description="Det som stannar kvar hos den lämnande nämnden (kronor)."
    )
    note: str = ""

    @model_validator(mode="before")
    @classmethod
    def _id_from_names(cls, data: Any) -> Any:
        """A transfer given without an id gets one from its committees and year
        ("ram-socialnamnden-arbetsmarknadsnamnden-2026"): ids are never required."""
        if (
            isinstance(data, dict)
            and not data.get("id")
            and data.get("source")
            and data.get("target")
        ):
            year = data.get("year") or ""
            data = {**data, "id": slugify(f"ram {data['source']} {data['target']} {year}")}
        return data


class Finance(Model):
    """The case's savings requirement, unit costs and budget frame transfers."""

    savings: SavingsRequirement | None = None
    cost_per_fte: float | None = Field(
        default=None, ge=0, description="Kostnad per årsarbetare och år (kronor), t.ex. 650000."
    )
    cost_per_unit: float | None = Field(
        default=None, ge=0, description="Kostnad per enhet och år (kronor), t.ex. en enhetschef."
    )
    transfers: list[BudgetTransfer] = Field(default_factory=list)

    def is_empty(self) -> bool:
        return self == Finance()


register_messages(
    {
        "fin_more": (
            "{alt} ger {saving}, {diff} mer än kravet på {required}",
            "{alt} saves {saving}, {diff} more than the requirement of {required}",
        ),
        "fin_less": (
            "{alt} ger {saving}, {diff} mindre än kravet på {required}",
            "{alt} saves {saving}, {diff} less than the requirement of {required}",
        ),
        "fin_equal": (
            "{alt} ger {saving}, vilket motsvarar kravet",
            "{alt} saves {saving}, which meets the requirement",
        ),
        "fin_cost": (
            "{alt} ökar kostnaderna med {cost} i stället för att ge kravets {required}",
            "{alt} raises costs by {cost} instead of saving the required {required}",
        ),
        "fin_saving": ("{alt} ger {saving}", "{alt} saves {saving}"),
        "fin_added_cost": ("{alt} ökar kostnaderna med {cost}", "{alt} raises costs by {cost}"),
        "fin_no_price": (
            "{alt}: ange kostnad per årsarbetare för att räkna ut effekten",
            "{alt}: give a cost per FTE to compute the effect",
        ),
        "fin_staff": (
            "Årsarbetare {before} → {after} ({diff})",
            "FTE {before} → {after} ({diff})",
        ),
        "fin_requirement": (
            "Effektiviseringskrav: {amount}{year}",
            "Savings requirement: {amount}{year}",
        ),
        "fin_transfer": (
            "Budgetram om {amount} flyttas{year} från {source} till {target}",
            "A budget frame of {amount} moves{year} from {source} to {target}",
        ),
        "fin_transfer_stays": (
            "; {remaining} stannar kvar hos {source}",
            "; {remaining} stays with {source}",
        ),
    }
)


def mnkr(amount: float, lang: Lang = DEFAULT_LANG) -> str:
    """Kronor as million kronor with at most two decimals: 7150000 → "7,15 mnkr"."""
    value = round(amount / 1_000_000, 2)
    text = format_number(abs(value), 2, lang)
    point = "," if lang == "sv" else "."
    if point in text:
        text = text.rstrip("0").rstrip(point)
    sign = "−" if value < 0 else ""
    return f"{sign}{text}{NBSP}{'mnkr' if lang == 'sv' else 'MSEK'}"


def _signed(value: float, lang: Lang) -> str:
    text = format_number(abs(value), 1, lang)
    return ("+" if value > 0 else "−" if value < 0 else "±") + text


def _fte(org: Organisation) -> float | None:
    known = [u.fte for u in org.units if u.fte is not None]
    return float(sum(known)) if known else None


def _budget(org: Organisation) -> float | None:
    known = [u.budget for u in org.units if u.budget is not None]
    return float(sum(known)) if known else None


@dataclass(frozen=True)
class StaffChange:
    """One alternative's staff and budget change against the baseline, and its effect."""

    alternative: str
    name: str
    fte_before: float | None
    fte_after: float | None
    units_before: int
    units_after: int
    budget_before: float | None
    budget_after: float | None
    cost_per_fte: float | None
    cost_per_unit: float | None
    requirement: float | None

    @property
    def fte_difference(self) -> float | None:
        if self.fte_before is None or self.fte_after is None:
            return None
        return round(self.fte_after - self.fte_before, 6)

    @property
    def budget_difference(self) -> float | None:
        if self.budget_before is None or self.budget_after is None:
            return None
        return self.budget_after - self.budget_before

    @property
    def saving(self) -> float | None:
        """Kronor a year the change saves (negative: it costs more); None when not priced."""
        parts: list[float] = []
        diff = self.fte_difference
        if self.cost_per_fte is not None and diff is not None:
            parts.append(-diff * self.cost_per_fte)
        if self.cost_per_unit is not None:
            parts.append(-(self.units_after - self.units_before) * self.cost_per_unit)
        if not parts:
            return None
        return round(sum(parts), 2)

    @property
    def margin(self) -> float | None:
        """Saving minus requirement (positive: more than required)."""
        if self.saving is None or self.requirement is None:
            return None
        return round(self.saving - self.requirement, 2)

    @property
    def meets_requirement(self) -> bool | None:
        return None if self.margin is None else self.margin >= 0

    def staff_text(self, lang: Lang = DEFAULT_LANG) -> str:
        before = format_number(self.fte_before, 1, lang)
        after = format_number(self.fte_after, 1, lang)
        diff = self.fte_difference
        return t(
            "fin_staff",
            lang,
            before=before,
            after=after,
            diff="–" if diff is None else _signed(diff, lang),
        )

    def comparison(self, lang: Lang = DEFAULT_LANG) -> str:
        """E.g. "Alternativ 1 ger 7,15 mnkr, 0,65 mnkr mer än kravet på 6,5 mnkr"."""
        saving = self.saving
        if saving is None:
            return t("fin_no_price", lang, alt=self.name)
        if self.requirement is None:
            if saving < 0:
                return t("fin_added_cost", lang, alt=self.name, cost=mnkr(-saving, lang))
            return t("fin_saving", lang, alt=self.name, saving=mnkr(saving, lang))
        required = mnkr(self.requirement, lang)
        if saving < 0:
            return t("fin_cost", lang, alt=self.name, cost=mnkr(-saving, lang), required=required)
        margin = self.margin or 0.0
        if abs(margin) < 0.5:
            return t("fin_equal", lang, alt=self.name, saving=mnkr(saving, lang))
        code = "fin_more" if margin > 0 else "fin_less"
        return t(
            code,
            lang,
            alt=self.name,
            saving=mnkr(saving, lang),
            diff=mnkr(abs(margin), lang),
            required=required,
        )


def staff_changes(case: Case, lang: Lang = DEFAULT_LANG) -> list[StaffChange]:
    """Each alternative's staff and budget change (nuläge not included; an alternative whose
    operations cannot be applied is left out, validation reports it)."""
    from oversyn.core.errors import AlternativeError

    finance = case.finance
    base = case.baseline
    requirement = finance.savings.amount if finance.savings else None
    out: list[StaffChange] = []
    for alt in case.alternatives:
        try:
            org = case.organisation(alt.id)
        except (AlternativeError, KeyError):
            continue
        out.append(
            StaffChange(
                alternative=alt.id,
                name=case.alternative_name(alt.id, lang),
                fte_before=_fte(base),
                fte_after=_fte(org),
                units_before=len(base.units),
                units_after=len(org.units),
                budget_before=_budget(base),
                budget_after=_budget(org),
                cost_per_fte=finance.cost_per_fte,
                cost_per_unit=finance.cost_per_unit,
                requirement=requirement,
            )
        )
    return out


def requirement_text(case: Case, lang: Lang = DEFAULT_LANG) -> str | None:
    """ "Effektiviseringskrav: 6,5 mnkr från 2026" (None without a requirement)."""
    savings = case.finance.savings
    if savings is None:
        return None
    year = ""
    if savings.year is not None:
        year = f" från {savings.year}" if lang == "sv" else f" from {savings.year}"
    return t("fin_requirement", lang, amount=mnkr(savings.amount, lang), year=year)


def transfers_for(case: Case, alternative: str | None) -> list[BudgetTransfer]:
    """The transfers of ``alternative`` and those of the case as a whole."""
    return [
        tr
        for tr in case.finance.transfers
        if tr.alternative is None or tr.alternative == alternative
    ]


def transfer_text(transfer: BudgetTransfer, lang: Lang = DEFAULT_LANG) -> str:
    """ "Budgetram om 2,5 mnkr flyttas från 2026 från Socialnämnden till … ; 1 mnkr stannar …"."""
    year = ""
    if transfer.year is not None:
        year = f" från och med {transfer.year}" if lang == "sv" else f" from {transfer.year}"
    text = t(
        "fin_transfer",
        lang,
        amount=mnkr(transfer.amount, lang),
        year=year,
        source=transfer.source,
        target=transfer.target,
    )
    if transfer.remaining is not None:
        text += t(
            "fin_transfer_stays",
            lang,
            remaining=mnkr(transfer.remaining, lang),
            source=transfer.source,
        )
    return text + "."


_SCALES = {"mnkr": 1_000_000.0, "mkr": 1_000_000.0, "msek": 1_000_000.0, "tkr": 1_000.0}


def parse_amount(text: str) -> float | None:
    """An amount as people write it: "6 500 000", "6500000 kr", "6,5 mnkr", "650 tkr";
    empty → None.  Raises ValueError when it is not an amount.

    >>> parse_amount("6,5 mnkr"), parse_amount("650 000 kr"), parse_amount(" ")
    (6500000.0, 650000.0, None)
    """
    raw = text.strip().lower().replace("\u00a0", " ").replace("−", "-")
    if not raw:
        return None
    scale = 1.0
    for suffix, factor in _SCALES.items():
        if raw.endswith(suffix):
            raw, scale = raw[: -len(suffix)], factor
            break
    else:
        for suffix in ("kronor", "kr", "sek"):
            if raw.endswith(suffix):
                raw = raw[: -len(suffix)]
                break
    number = raw.replace(" ", "").replace(",", ".")
    if not number or number.count(".") > 1:
        raise ValueError(text)
    return round(float(number) * scale, 2)
