"""The Värdering section: the evaluation (``oversyn.core.evaluation``) in the document's words.

Mirrors the Linköping 2017 beslutsunderlag (seed 001): Utvärderingsmatris 1 (grundläggande
utgångspunkter, Ja/Nej per alternative, "Ja exkl. 1" kept as written), the exclusions with their
reasons ("Organisationsalternativ 1 bedöms inte: …"), Utvärderingsmatris 2 (principles scored
0–3), the motivation per principle, the ranking and the robustness analysis in plain Swedish,
and the conclusion.  Everything comes from the case's ``evaluation`` section and the engine's
result; nothing is added.
"""

from __future__ import annotations

import math
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TYPE_CHECKING

from oversyn.core.fmt import format_number
from oversyn.core.i18n import Lang, join_words
from oversyn.documents import plots
from oversyn.documents.model import (
    Block,
    Figure,
    Inline,
    ItemList,
    Paragraph,
    Placeholder,
    Section,
    Table,
)

if TYPE_CHECKING:
    from oversyn.core.evaluation.engine import EvaluationResult

ANSWER = {
    "sv": {"ja": "Ja", "nej": "Nej", "delvis": "Delvis"},
    "en": {"ja": "Yes", "nej": "No", "delvis": "Partly"},
}


def _score(value: float, lang: Lang) -> str:
    return "–" if math.isnan(value) else format_number(value, 1, lang)


def gate_table(result: EvaluationResult, lang: Lang) -> Table:
    """Utvärderingsmatris 1: gates × evaluated alternatives, answers as written."""
    ev = result.evaluation
    sv = lang == "sv"
    alts = result.alternatives
    rows: list[list[Inline]] = []
    for number, gate in enumerate(ev.gates, 1):
        answers = {r.alternative: r for r in gate.results}
        name = f"{number}. {gate.name}"
        if gate.level.value == "bör":
            name += " (bör)" if sv else " (should)"
        cells: list[Inline] = [name]
        for alt in alts:
            res = answers.get(alt.id)
            if res is None:
                cells.append("–")
            elif res.answer.value == "delvis" and res.note:
                cells.append(res.note)
            else:
                cells.append(ANSWER[lang][res.answer.value])
        rows.append(cells)
    return Table(
        ["Utgångspunkter" if sv else "Gates", *(_short(result, a.id) for a in alts)],
        rows,
        caption=(
            "Utvärderingsmatris 1, grundläggande utgångspunkter"
            if sv
            else "Evaluation matrix 1, gates"
        ),
        align="l" + "c" * len(alts),
        notes=[_legend(result, [a.id for a in alts], lang)],
    )


def _short(result: EvaluationResult, alt_id: str) -> str:
    ids = result.case.alternative_ids()
    return "Nuläge" if alt_id == ids[0] else f"Alt\u00a0{ids.index(alt_id)}"


def _legend(result: EvaluationResult, alt_ids: list[str], lang: Lang) -> str:
    return "; ".join(f"{_short(result, a)}: {result.name(a)}" for a in alt_ids) + "."


def principle_table(result: EvaluationResult, lang: Lang) -> Table | None:
    """Utvärderingsmatris 2: principles × alternatives that went on, combined scores."""
    ev = result.evaluation
    if not ev.principles:
        return None
    sv = lang == "sv"
    shown = [a for a in result.alternatives if not a.excluded]
    index = {a.id: i for i, a in enumerate(result.alternatives)}
    rows: list[list[Inline]] = []
    for number, principle in enumerate(ev.principles, 1):
        j = result.criteria.index(principle.id)
        cells: list[Inline] = [f"{number}. {principle.name}"]
        rows.append(
            cells + [_score(float(result.combined.value[index[a.id], j]), lang) for a in shown]
        )
    notes = []
    if ev.scale.meaning:
        scale = f"{format_number(ev.scale.min, 1, lang)}–{format_number(ev.scale.max, 1, lang)}"
        notes.append(
            f"Skala {scale}: {ev.scale.meaning}" if sv else f"Scale {scale}: {ev.scale.meaning}"
        )
    if len(ev.assessors) > 1:
        how = (
            {"mean": "medelvärde", "median": "median"}
            if sv
            else {"mean": "mean", "median": "median"}
        )
        notes.append(
            f"Poängen är {how[ev.aggregation]} av {len(ev.assessors)} bedömares poäng."
            if sv
            else f"Scores are the {how[ev.aggregation]} of {len(ev.assessors)} assessors."
        )
    return Table(
        ["Principer" if sv else "Principles", *(a.name for a in shown)],
        rows,
        caption=(
            "Utvärderingsmatris 2, organisationsprinciper"
            if sv
            else "Evaluation matrix 2, principles"
        ),
        align="l" + "r" * len(shown),
        notes=notes,
    )


def metric_criteria_table(result: EvaluationResult, lang: Lang) -> Table | None:
    """Measured criteria: the raw value and the score it maps to, per alternative."""
    ev = result.evaluation
    if not ev.metrics:
        return None
    sv = lang == "sv"
    shown = [a for a in result.alternatives if not a.excluded]
    index = {a.id: i for i, a in enumerate(result.alternatives)}
    rows: list[list[Inline]] = []
    for metric in ev.metrics:
        j = result.criteria.index(metric.id)
        cells: list[Inline] = [metric.name + (f" ({metric.unit})" if metric.unit else "")]
        for alt in shown:
            raw = result.metric_values.get(metric.id, {}).get(alt.id)
            value = float(result.combined.value[index[alt.id], j])
            cells.append(
                f"{format_number(raw, 2, lang)} → {_score(value, lang)}" if raw is not None else "–"
            )
        rows.append(cells)
    return Table(
        ["Mått" if sv else "Metric", *(a.name for a in shown)],
        rows,
        caption="Mätbara kriterier: värde → poäng" if sv else "Measured criteria: value → score",
        align="l" + "r" * len(shown),
    )


def exclusion_blocks(result: EvaluationResult, lang: Lang) -> list[Block]:
    """Each excluded alternative with who decided, the motivation and the reasons."""
    sv = lang == "sv"
    ev = result.evaluation
    gate_name = {g.id: g.name for g in ev.gates}
    by_name = {p.id: p.name for p in ev.assessors}
    blocks: list[Block] = []
    for alt in result.alternatives:
        decision = alt.decision
        if alt.excluded:
            who = by_name.get(decision.by or "", "") if decision else ""
            head = f"{alt.name} utesluts" if sv else f"{alt.name} is excluded"
            if decision is None:
                failed = ", ".join(f"”{gate_name[g]}”" for g in alt.failed_gates)
                head += (
                    f" enligt regeln: Nej på ska-krav ({failed})."
                    if sv
                    else f" by rule: No on a must gate ({failed})."
                )
            else:
                head += f" ({who})." if who else "."
            blocks.append(Paragraph([head], emphasis="bold"))
            if decision is not None and decision.motivation:
                blocks.append(Paragraph([decision.motivation.strip()]))
            if decision is not None and decision.reasons:
                blocks.append(
                    Paragraph(
                        ["Alternativet bedöms inte:" if sv else "The alternative is not judged to:"]
                    )
                )
                blocks.append(ItemList([[r.strip()] for r in decision.reasons]))
        elif alt.conflict and decision is not None:
            failed = ", ".join(f"”{gate_name[g]}”" for g in alt.failed_gates)
            who = by_name.get(decision.by or "", "")
            blocks.append(
                Paragraph(
                    [
                        f"{alt.name} har Nej på ska-krav ({failed}) men behålls"
                        + (f" av {who}" if who else "")
                        + "."
                        if sv
                        else f"{alt.name} has No on a must gate ({failed}) but is kept"
                        + (f" by {who}" if who else "")
                        + "."
                    ],
                    emphasis="bold",
                )
            )
            if decision.motivation:
                blocks.append(Paragraph([decision.motivation.strip()]))
    return blocks


def motivation_sections(result: EvaluationResult, lang: Lang) -> list[Section]:
    """Per principle: each alternative's score with the assessor's motivation."""
    ev = result.evaluation
    sv = lang == "sv"
    by_name = {p.id: p.name for p in ev.assessors}
    sections = []
    for number, principle in enumerate(ev.principles, 1):
        section = Section(
            f"Princip {number}: {principle.name}"
            if sv
            else f"Principle {number}: {principle.name}",
            key=f"princip-{principle.id}",
        )
        if principle.description:
            section.blocks.append(Paragraph([principle.description.strip()], emphasis="italic"))
        for alt in result.alternatives:
            if alt.excluded:
                continue
            for a in ev.assessments:
                if a.criterion != principle.id or a.alternative != alt.id:
                    continue
                who = f", {by_name.get(a.assessor, a.assessor)}" if len(ev.assessors) > 1 else ""
                lead = f"{alt.name} – {format_number(a.score, 1, lang)} poäng{who}. "
                if not sv:
                    lead = f"{alt.name} – {format_number(a.score, 1, lang)} points{who}. "
                section.blocks.append(Paragraph([lead, a.motivation.strip()]))
        if section.blocks:
            sections.append(section)
    return sections


def ranking_table(result: EvaluationResult, lang: Lang) -> Table | None:
    ranked = sorted(
        (a for a in result.alternatives if a.rank is not None), key=lambda a: a.rank or 0
    )
    if not ranked:
        return None
    sv = lang == "sv"
    header = [
        "Rang" if sv else "Rank",
        "Alternativ" if sv else "Alternative",
        "Viktad poäng" if sv else "Weighted score",
    ]
    second = result.second
    second_rank: dict[str, int] = {}
    if second is not None:
        header.append(f"{second.method.upper()}, rang" if sv else f"{second.method.upper()} rank")
        second_rank = {a: int(r) for a, r in zip(result.active_scored, second.ranks, strict=True)}
    rows: list[list[Inline]] = []
    for alt in ranked:
        row: list[Inline] = [str(alt.rank), alt.name, format_number(alt.score, 2, lang)]
        if second is not None:
            row.append(str(second_rank.get(alt.id, "–")))
        rows.append(row)
    return Table(
        header,
        rows,
        caption="Rangordning" if sv else "Ranking",
        row_headers=False,
        align="rlr" + ("r" if second is not None else ""),
    )


def _unscored_principles(result: EvaluationResult) -> list[str]:
    """Principles some alternative that went on has no score for (awaiting assessment)."""
    index = {a.id: i for i, a in enumerate(result.alternatives)}
    shown = [a.id for a in result.alternatives if not a.excluded]
    missing = []
    for principle in result.evaluation.principles:
        j = result.criteria.index(principle.id)
        if any(math.isnan(float(result.combined.value[index[a], j])) for a in shown):
            missing.append(f"”{principle.name}”")
    return missing


def _about_exclusion(result: EvaluationResult, sentence: str) -> bool:
    """The engine's sentences on exclusions and kept alternatives; the document says these
    with the gate matrix (with the full reasons), so the ranking list leaves them out."""
    for alt in result.alternatives:
        if not sentence.startswith(alt.name):
            continue
        rest = sentence[len(alt.name) :]
        if rest.startswith((" utesluts", " behålls", " is excluded", " is kept")):
            return True
    return sentence.startswith(("Observera: ", "Note: "))


def evaluation_content(
    result: EvaluationResult,
    lang: Lang,
    figures: dict[str, Future[Figure | None]],
) -> tuple[list[Block], list[Section]]:
    """Blocks and sub-sections of the Värdering section."""
    sv = lang == "sv"
    ev = result.evaluation
    blocks: list[Block] = []
    subsections: list[Section] = []
    if ev.gates:
        gates = Section("Grundläggande utgångspunkter" if sv else "Gates", key="utgangspunkter")
        gates.blocks.append(gate_table(result, lang))
        gates.blocks.extend(exclusion_blocks(result, lang))
        subsections.append(gates)
    elif any(a.excluded for a in result.alternatives):
        blocks.extend(exclusion_blocks(result, lang))
    if ev.principles or ev.metrics:
        principles = Section("Organisationsprinciper" if sv else "Principles", key="principer")
        for table in (principle_table(result, lang), metric_criteria_table(result, lang)):
            if table is not None:
                principles.blocks.append(table)
        unscored = _unscored_principles(result)
        if unscored:
            principles.blocks.append(
                Placeholder(
                    "poäng med motivering för " + join_words(unscored, lang)
                    if sv
                    else "scores with motivation for " + join_words(unscored, lang),
                    lang,
                )
            )
        profile = figures["profile"].result()
        if profile is not None:
            principles.blocks.append(profile)
        principles.subsections.extend(motivation_sections(result, lang))
        subsections.append(principles)
    ranking = Section(
        "Rangordning och robusthet" if sv else "Ranking and robustness", key="rangordning"
    )
    table = ranking_table(result, lang)
    if table is not None:
        ranking.blocks.append(table)
    sentences = [s for s in result.sentences(lang) if s and not _about_exclusion(result, s)]
    if sentences:
        ranking.blocks.append(ItemList([[s] for s in sentences]))
    smaa = figures["smaa"].result()
    if smaa is not None:
        ranking.blocks.append(
            Paragraph(
                [
                    "Robusthetsanalysen (SMAA-2) drar "
                    f"{format_number(result.smaa.samples, 0, lang)} slumpade viktningar som är "
                    "förenliga med ärendets viktinformation och räknar hur ofta varje "
                    "alternativ hamnar på varje plats."
                    if sv and result.smaa is not None
                    else "The robustness analysis (SMAA-2) draws random weightings consistent "
                    "with the case's weight information and counts how often each alternative "
                    "takes each rank."
                ]
            )
        )
        ranking.blocks.append(smaa)
    if ranking.blocks:
        subsections.append(ranking)
    if ev.conclusion is not None and (ev.conclusion.text or ev.conclusion.alternative):
        conclusion = Section("Värderingens slutsats" if sv else "Conclusion", key="slutsats")
        if ev.conclusion.text:
            conclusion.blocks.append(Paragraph([ev.conclusion.text.strip()]))
        elif ev.conclusion.alternative:
            conclusion.blocks.append(Paragraph([result.name(ev.conclusion.alternative)]))
        subsections.append(conclusion)
    return blocks, subsections


def evaluation_figures(
    result: EvaluationResult, lang: Lang, pool: ThreadPoolExecutor
) -> dict[str, Future[Figure | None]]:
    """Start drawing the evaluation's plots in ``pool`` (a ThreadPoolExecutor)."""
    return {
        "profile": pool.submit(plots.score_profile, result, lang),
        "smaa": pool.submit(plots.rank_acceptability, result, lang),
    }
