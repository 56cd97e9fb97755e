"""The financing part of Ekonomiska konsekvenser: the savings requirement, each alternative's
staff and budget change against it, and the budget frame transfers (core.finance)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from oversyn.core.finance import mnkr, requirement_text, staff_changes, transfer_text, transfers_for
from oversyn.core.fmt import format_number
from oversyn.documents.model import Block, Inline, ItemList, Paragraph, Table

if TYPE_CHECKING:
    from oversyn.documents.build import Context


def _signed(value: float | None, decimals: int, lang: str) -> str:
    if value is None:
        return "–"
    text = format_number(abs(value), decimals, lang)  # type: ignore[arg-type]
    return ("+" if value > 0 else "−" if value < 0 else "±") + text


def staff_blocks(ctx: Context) -> list[Block]:
    """The requirement and a table of FTE before → after, difference, budget change and the
    effect per alternative, with the comparison in words; nothing when the case has neither a
    requirement, a cost per FTE nor a staff or budget change."""
    lang, case = ctx.lang, ctx.case
    sv = lang == "sv"
    changes = staff_changes(case, lang)
    finance = case.finance
    priced = finance.cost_per_fte is not None or finance.cost_per_unit is not None
    changed = [
        c for c in changes if (c.fte_difference or 0) != 0 or (c.budget_difference or 0) != 0
    ]
    if finance.savings is None and not priced and not changed:
        return []
    blocks: list[Block] = []
    requirement = requirement_text(case, lang)
    if requirement:
        note = finance.savings.note.strip() if finance.savings else ""
        blocks.append(Paragraph([requirement + (f" ({note.rstrip('.')})" if note else "") + "."]))
    prices = []
    if finance.cost_per_fte is not None:
        prices.append(
            ("kostnad per årsarbetare " if sv else "cost per FTE ")
            + format_number(finance.cost_per_fte, 0, lang)
            + (" kr" if sv else " SEK")
        )
    if finance.cost_per_unit is not None:
        prices.append(
            ("kostnad per enhet " if sv else "cost per unit ")
            + format_number(finance.cost_per_unit, 0, lang)
            + (" kr" if sv else " SEK")
        )
    if prices:
        blocks.append(
            Paragraph(
                [
                    ("Effekten beräknas med " if sv else "The effect is computed with ")
                    + " och ".join(prices)
                    + " per år."
                    if sv
                    else ("The effect is computed with ") + " and ".join(prices) + " a year."
                ]
            )
        )
    rows: list[list[Inline]] = []
    for c in changes:
        rows.append(
            [
                ctx.heading(c.alternative),
                f"{format_number(c.fte_before, 1, lang)} → {format_number(c.fte_after, 1, lang)}",
                _signed(c.fte_difference, 1, lang),
                "–" if c.budget_difference is None else mnkr(c.budget_difference, lang),
                "–" if c.saving is None else mnkr(c.saving, lang),
                "–" if c.margin is None else ("+" if c.margin > 0 else "") + mnkr(c.margin, lang),
            ]
        )
    if rows:
        blocks.append(
            Table(
                ["Alternativ", "Årsarbetare", "Skillnad", "Budget", "Effekt per år", "Mot kravet"]
                if sv
                else [
                    "Alternative",
                    "FTE",
                    "Difference",
                    "Budget",
                    "Effect a year",
                    "Vs. requirement",
                ],
                rows,
                caption="Personal och budget per alternativ"
                if sv
                else "Staff and budget per alternative",
                align="lrrrrr",
                notes=[
                    "Effekt: minskning av kostnaderna (minus: ökning). Budget: förändring av "
                    "enheternas egen budget."
                    if sv
                    else "Effect: reduction of costs (minus: increase). Budget: change of the "
                    "units' own budgets."
                ],
            )
        )
        blocks.append(ItemList([[c.comparison(lang) + "."] for c in changes]))
    return blocks


def transfer_blocks(ctx: Context) -> list[Block]:
    """The budget frame transfers of the proposed alternative (and of the case as a whole);
    with no proposal, every transfer with its alternative named."""
    lang, case = ctx.lang, ctx.case
    sv = lang == "sv"
    if ctx.proposed is not None:
        chosen = transfers_for(case, ctx.proposed)
    else:
        chosen = list(case.finance.transfers)
    if not chosen:
        return []
    items: list[list[Inline]] = []
    for t in chosen:
        named = ctx.proposed is None and t.alternative is not None
        prefix = f"{ctx.heading(t.alternative)}: " if named and t.alternative else ""
        note = f" {t.note.strip()}" if t.note.strip() else ""
        items.append([prefix + transfer_text(t, lang) + note])
    heading = "Finansiering och budgetram:" if sv else "Financing and budget frame:"
    return [Paragraph([heading], emphasis="bold"), ItemList(items)]
