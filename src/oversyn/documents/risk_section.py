"""Riskanalys in the beslutsunderlag: per alternative a 5×5 risk matrix and the register.

The facts come from :mod:`oversyn.core.process.risks`.  The matrix names each cell's level in
words as well as listing the risks in it (R1, R2 … as numbered in the register), so the
level never depends on colour alone.  An ungraded risk is listed with a placeholder asking for
its grading; the section is only there when the case has a risk register.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from oversyn.core.i18n import Lang
from oversyn.core.process.risks import (
    GRADES,
    RiskRegister,
    grade_label,
    level_label,
    level_of,
    risk_register,
)
from oversyn.documents.model import Block, Inline, Paragraph, Placeholder, Section, Table

if TYPE_CHECKING:
    from oversyn.documents.build import Context


def _matrix(reg: RiskRegister, heading: str, lang: Lang) -> Table:
    sv = lang == "sv"
    header = ["Konsekvens / sannolikhet" if sv else "Consequence / probability"] + [
        f"{p} {grade_label('probability', p, lang)}" for p in GRADES
    ]
    rows: list[list[Inline]] = []
    for c in reversed(GRADES):
        row: list[Inline] = [f"{c} {grade_label('consequence', c, lang)}"]
        for p in GRADES:
            level = level_label(level_of(p * c), lang)
            names = ", ".join(r.label for r in reg.cell(probability=p, consequence=c))
            row.append(f"{names} ({level})" if names else f"({level})")
        rows.append(row)
    return Table(
        header,
        rows,
        caption=("Riskmatris, " if sv else "Risk matrix, ") + heading,
        align="l" + "c" * len(GRADES),
        notes=[
            "Riskvärde = sannolikhet × konsekvens: 1–4 låg, 5–9 medel, 10–16 hög, 20–25 mycket hög."
            if sv
            else "Risk value = probability × consequence: 1–4 low, 5–9 medium, 10–16 high, "
            "20–25 very high."
        ],
    )


def _register(reg: RiskRegister, heading: str, lang: Lang) -> Table:
    sv = lang == "sv"
    rows: list[list[Inline]] = []
    for r in reg.rows:
        risk = r.risk
        text = risk.title + (f" – {risk.description}" if risk.description else "")
        if r.value is None or r.level is None:
            grading: list[Inline] = [
                Placeholder("gradera sannolikhet och konsekvens", lang)
                if sv
                else Placeholder("grade probability and consequence", lang)
            ]
            grading += ["", ""]
        else:
            assert risk.probability is not None and risk.consequence is not None
            grading = [
                f"{risk.probability} {grade_label('probability', risk.probability, lang)}",
                f"{risk.consequence} {grade_label('consequence', risk.consequence, lang)}",
                f"{r.value} ({level_label(r.level, lang)})",
            ]
        owner: Inline = risk.owner or Placeholder("riskägare" if sv else "risk owner", lang)
        mitigation: Inline = risk.mitigation or Placeholder("åtgärder" if sv else "measures", lang)
        rows.append([r.label, text, *grading, owner, mitigation])
    header = (
        ["Nr", "Risk", "Sannolikhet", "Konsekvens", "Riskvärde", "Riskägare", "Åtgärder"]
        if sv
        else ["No.", "Risk", "Probability", "Consequence", "Risk value", "Owner", "Measures"]
    )
    return Table(
        header,
        rows,
        caption=("Riskregister, " if sv else "Risk register, ") + heading,
        align="llcccll",
    )


def _summary(reg: RiskRegister, lang: Lang) -> Paragraph:
    sv = lang == "sv"
    counts = reg.count_by_level()
    graded = sum(counts.values())
    parts = [f"{n} {level_label(level, lang)}" for level, n in counts.items() if n]
    ungraded = len(reg.ungraded())
    if sv:
        text = f"{len(reg.rows)} {'risk' if len(reg.rows) == 1 else 'risker'} är identifierade"
        if graded:
            text += " (" + ", ".join(parts) + ")"
        if ungraded:
            text += f"; {ungraded} är ännu inte graderade"
    else:
        text = f"{len(reg.rows)} risk{'' if len(reg.rows) == 1 else 's'} identified"
        if graded:
            text += " (" + ", ".join(parts) + ")"
        if ungraded:
            text += f"; {ungraded} not yet graded"
    highest = reg.highest()
    if highest is not None and highest.level is not None:
        text += (
            f". Högst riskvärde har {highest.label} {highest.risk.title} ({highest.value})."
            if sv
            else f". Highest risk value: {highest.label} {highest.risk.title} ({highest.value})."
        )
    else:
        text += "."
    return Paragraph([text])


def risk_section(ctx: Context) -> Section | None:
    """Riskanalys: for each alternative with risks, a summary, the matrix and the register."""
    lang = ctx.lang
    subsections: list[Section] = []
    for alt_id in ctx.case.alternative_ids():
        reg = risk_register(ctx.case, alt_id)
        if not reg.rows:
            continue
        heading = ctx.heading(alt_id)
        blocks: list[Block] = [_summary(reg, lang)]
        if any(r.value is not None for r in reg.rows):
            blocks.append(_matrix(reg, heading, lang))
        blocks.append(_register(reg, heading, lang))
        subsections.append(Section(heading, blocks=blocks, key=f"risker-{alt_id}"))
    if not subsections:
        return None
    title = "Riskanalys" if lang == "sv" else "Risk analysis"
    return Section(title, subsections=subsections, key="risker")
