"""From a case to a :class:`~oversyn.documents.model.Document` (the tjänsteskrivelse).

The section order follows the municipal convention seen in the seeds (Linköping KS 2017-515,
Enköping, Motala): header (nämnd, datum, diarienummer, handläggare), ärenderubrik, Förslag till
beslut, Sammanfattning, Beslutsunderlag, Ärendet, … , underskrift, Beslutet skickas till.
Each section is one function of the case; where the case lacks the content the section says
so with a :class:`Placeholder` instead of inventing text.

The Värdering section is :func:`evaluation_section` alone, so the evaluation module can fill it
without touching the rest.
"""

from __future__ import annotations

import re
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from oversyn.core.analysis import METRICS, AlternativeAnalysis, Check, analyze_case
from oversyn.core.case import BASELINE_ID, Case
from oversyn.core.diff import OrgDiff, diff_organisations
from oversyn.core.fmt import format_metric, format_number
from oversyn.core.i18n import DEFAULT_LANG, Lang, join_words
from oversyn.core.model import CommitteeKind, Organisation

if TYPE_CHECKING:
    from oversyn.core.evaluation.engine import EvaluationResult
from oversyn.documents import plots, process_sections
from oversyn.documents.evaluation import evaluation_content, evaluation_figures
from oversyn.documents.meta import case_meta
from oversyn.documents.model import (
    Block,
    Document,
    Figure,
    HeaderField,
    Inline,
    ItemList,
    Paragraph,
    Placeholder,
    Section,
    Table,
)
from oversyn.documents.orgchart import Highlights, RenderedChart, render_chart
from oversyn.documents.risk_section import risk_section

if TYPE_CHECKING:
    from oversyn.core.process.review import ProcessReport

EVALUATION_SAMPLES = 100_000  # as `oversyn evaluate`, so the document quotes the same shares
_POOL = ThreadPoolExecutor(max_workers=3, thread_name_prefix="oversyn-figures")

LABELS: dict[str, tuple[str, str]] = {
    "committee": ("Nämnd", "Committee"),
    "date": ("Datum", "Date"),
    "case_number": ("Diarienummer", "Case number"),
    "officer": ("Handläggare", "Case officer"),
    "forslag": ("Förslag till beslut", "Proposed decision"),
    "sammanfattning": ("Sammanfattning", "Summary"),
    "beslutsunderlag": ("Beslutsunderlag", "Decision documents"),
    "arendet": ("Ärendet", "The matter"),
    "bakgrund": ("Bakgrund och uppdrag", "Background and assignment"),
    "nulage": ("Nuläge", "Current organisation"),
    "alternativ": ("Alternativ", "Alternatives"),
    "vardering": ("Värdering", "Assessment"),
    "strukturanalys": ("Strukturanalys", "Structural analysis"),
    "ekonomi": ("Ekonomiska konsekvenser", "Financial consequences"),
    "konsekvenser": ("Konsekvenser", "Consequences"),
    "genomforande": ("Genomförande och tidplan", "Implementation and timetable"),
    "uppfoljning": ("Uppföljning", "Follow-up"),
    "underskrift": ("Underskrift", "Signature"),
    "skickas": ("Beslutet skickas till", "The decision is sent to"),
    "baseline_title": ("Nuläge – ingen förändring", "Baseline – no change"),
}


def label(key: str, lang: Lang) -> str:
    sv, en = LABELS[key]
    return sv if lang == "sv" else en


def ph(what_sv: str, what_en: str, lang: Lang) -> Placeholder:
    return Placeholder(what_sv if lang == "sv" else what_en, lang)


def _paragraphs(text: str) -> list[Block]:
    """Blank-line separated paragraphs; line breaks inside a paragraph are joined (YAML ``|``)."""
    parts = [re.sub(r"\s*\n\s*", " ", p).strip() for p in re.split(r"\n\s*\n", text.strip())]
    return [Paragraph([p]) for p in parts if p]


@dataclass
class Context:
    """Everything the sections share: the case, its organisations, analyses and diffs."""

    case: Case
    lang: Lang
    proposed: str | None  # id of the proposed alternative, or None
    proposed_reason: str
    orgs: dict[str, Organisation] = field(default_factory=dict)
    analyses: dict[str, AlternativeAnalysis] = field(default_factory=dict)
    diffs: dict[str, OrgDiff] = field(default_factory=dict)
    highlights: dict[str, Highlights] = field(default_factory=dict)
    charts: dict[str, Future[RenderedChart]] = field(default_factory=dict)
    metric_plot: Future[Figure | None] | None = None
    evaluation: EvaluationResult | None = None
    evaluation_plots: dict[str, Future[Figure | None]] = field(default_factory=dict)
    process: ProcessReport | None = None  # the case as a municipal matter, on ``today``

    def name(self, alt_id: str) -> str:
        return self.case.alternative_name(alt_id, self.lang)

    def heading(self, alt_id: str) -> str:
        if alt_id == BASELINE_ID:
            return label("baseline_title", self.lang)
        name = self.name(alt_id)
        if name.lower().startswith("alternativ"):
            return name
        index = self.case.alternative_ids().index(alt_id)
        word = "Alternativ" if self.lang == "sv" else "Alternative"
        return f"{word} {index}: {name}"


def make_context(
    case: Case, alternative: str | None, lang: Lang, today: date | None = None
) -> Context:
    """Analyse every alternative and decide which one is proposed.

    The proposal is ``alternative`` when given; otherwise the evaluation's conclusion (the
    alternative the document or steering group concludes for), then the alternative the
    evaluation ranks first, then the case's only alternative when it has exactly one (the
    directive then asks for exactly that change); otherwise none, and the Förslag till beslut
    says "Att fylla i".
    """
    if alternative is not None and alternative not in case.alternative_ids():
        raise KeyError(alternative)
    ctx = Context(case, lang, None, "none")
    for analysis in analyze_case(case, lang):
        ctx.analyses[analysis.id] = analysis
    for alt_id in case.alternative_ids():
        ctx.orgs[alt_id] = case.organisation(alt_id)
    base = ctx.orgs[BASELINE_ID]
    for alt_id in case.alternative_ids():
        ctx.diffs[alt_id] = diff_organisations(base, ctx.orgs[alt_id])
        ctx.highlights[alt_id] = Highlights.after(ctx.diffs[alt_id], lang, ctx.orgs[alt_id])
    # Graphviz runs as a subprocess and matplotlib and NumPy largely outside the GIL: the
    # alternatives' charts and the metric plot are drawn while the evaluation runs.
    for alt in case.alternatives:
        ctx.charts[alt.id] = _POOL.submit(
            render_chart, ctx.orgs[alt.id], ctx.highlights[alt.id], lang
        )
    ctx.metric_plot = _POOL.submit(plots.metric_comparison, case, ctx.analyses, lang)

    result: EvaluationResult | None = None
    if not case.evaluation.is_empty():
        from oversyn.core.evaluation.engine import evaluate_case

        result = evaluate_case(case, lang, samples=EVALUATION_SAMPLES)
        ctx.evaluation = result
        ctx.evaluation_plots = evaluation_figures(result, lang, _POOL)
    from oversyn.core.process.decision import deciding_decision

    decided = deciding_decision(case.decisions)  # the decision in the matter names it
    proposal = result.proposal() if result is not None else (None, "none")
    if alternative is not None:
        ctx.proposed, ctx.proposed_reason = alternative, "explicit"
    elif decided is not None and (
        decided.alternative in case.alternative_ids() or decided.alternative == BASELINE_ID
    ):
        ctx.proposed, ctx.proposed_reason = decided.alternative, "decision"
    elif proposal[0] is not None:
        ctx.proposed, ctx.proposed_reason = proposal
    elif len(case.alternatives) == 1:
        ctx.proposed, ctx.proposed_reason = case.alternatives[0].id, "only"
    proposed = ctx.proposed
    # nuläge is drawn last: it marks what the proposal changes
    ctx.highlights[BASELINE_ID] = (
        Highlights.before(ctx.diffs[proposed], lang, base)
        if proposed and proposed != BASELINE_ID
        else Highlights()
    )
    ctx.charts[BASELINE_ID] = _POOL.submit(render_chart, base, ctx.highlights[BASELINE_ID], lang)
    from oversyn.core.process.review import process_report

    ctx.process = process_report(case, today or process_sections.document_today(case))
    return ctx


# -- header and decision ---------------------------------------------------------------------


def header_fields(ctx: Context) -> list[HeaderField]:
    info, lang = ctx.case.case, ctx.lang

    def value(v: str | None, sv: str, en: str) -> Inline:
        return v if v else ph(sv, en, lang)

    return [
        HeaderField(label("committee", lang), value(info.committee, "nämnd", "committee")),
        HeaderField(label("date", lang), value(info.date, "datum", "date")),
        HeaderField(
            label("case_number", lang), value(info.case_number, "diarienummer", "case number")
        ),
        HeaderField(label("officer", lang), value(info.officer, "handläggare", "case officer")),
    ]


def _structural_sentences(diff: OrgDiff, lang: Lang) -> list[str]:
    return [c.text(lang) for c in diff.changes if not c.code.startswith("diff_com_")]


def _mandate_sentences(diff: OrgDiff, lang: Lang) -> list[str]:
    return [c.text(lang) for c in diff.changes if c.code.startswith("diff_com_")]


def decision_section(ctx: Context) -> Section:
    """Numbered points, each a complete decision that can be pasted into the minutes."""
    lang, case = ctx.lang, ctx.case
    section = Section(label("forslag", lang), key="forslag")
    if ctx.proposed is None:
        section.blocks.append(
            ph(
                "förslag till beslut – ange värderingens slutsats: det alternativ som föreslås "
                "(nuläget är ett val)",
                "proposed decision – state the assessment's conclusion: the proposed "
                "alternative (the baseline is a choice)",
                lang,
            )
        )
        return section
    decider: Inline = case.case.committee or ph("beslutande nämnd", "deciding committee", lang)
    diff = ctx.diffs[ctx.proposed]
    effective = process_sections.effective_date(ctx, ctx.process)[0] if ctx.process else None
    date: Inline = effective.isoformat() if effective else ph("datum", "date", lang)
    items: list[list[Inline]] = []
    structural = _structural_sentences(diff, lang)
    name = ctx.name(ctx.proposed)
    if ctx.proposed == BASELINE_ID:
        items.append(
            [decider, " beslutar att behålla nuvarande organisation."]
            if lang == "sv"
            else [decider, " decides to keep the current organisation."]
        )
    elif lang == "sv":
        items.append(
            [
                decider,
                f" beslutar att genomföra organisationsförändringen ”{name}” från och med ",
                date,
                ". " + " ".join(structural),
            ]
        )
    else:
        items.append(
            [
                decider,
                f" decides to carry out the reorganisation “{name}” with effect from ",
                date,
                ". " + " ".join(structural),
            ]
        )
    mandate = _mandate_sentences(diff, lang)
    if mandate:
        council = next(
            (c.name for c in ctx.orgs[BASELINE_ID].committees if c.kind == CommitteeKind.COUNCIL),
            "kommunfullmäktige" if lang == "sv" else "the municipal council",
        )
        sentences = " ".join(mandate)
        if isinstance(decider, str) and decider == council:
            items.append(
                [
                    f"{council} beslutar att ändra nämndernas reglementen från och med ",
                    date,
                    f": {sentences}",
                ]
                if lang == "sv"
                else [
                    f"{council} decides to amend the committees' mandates from ",
                    date,
                    f": {sentences}",
                ]
            )
        else:
            items.append(
                [
                    decider,
                    f" föreslår {council.lower()} att ändra nämndernas reglementen från och med ",
                    date,
                    f": {sentences}",
                ]
                if lang == "sv"
                else [
                    decider,
                    f" proposes that {council} amend the committees' mandates from ",
                    date,
                    f": {sentences}",
                ]
            )
    section.blocks.append(ItemList(items, numbered=True))
    if ctx.proposed_reason in ("conclusion", "recommended") and ctx.evaluation is not None:
        ev = ctx.evaluation.evaluation
        by = {p.id: p.name for p in ev.assessors}
        who = by.get(ev.conclusion.by or "", "") if ev.conclusion else ""
        if ctx.proposed_reason == "conclusion":
            text = (
                "Förslaget följer värderingens slutsats" + (f" ({who})" if who else "") + "."
                if lang == "sv"
                else "The proposal follows the assessment's conclusion"
                + (f" ({who})" if who else "")
                + "."
            )
        else:
            text = (
                "Förslaget är det alternativ som värderingen rangordnar först."
                if lang == "sv"
                else "The proposal is the alternative the assessment ranks first."
            )
        section.blocks.append(Paragraph([text], emphasis="italic"))
    if ctx.proposed_reason == "remaining" and ctx.evaluation is not None:
        section.blocks.append(
            Paragraph(
                [
                    "Förslaget är det enda som återstår efter de grundläggande utgångspunkterna."
                    if lang == "sv"
                    else "The proposal is the only one left after the gates."
                ],
                emphasis="italic",
            )
        )
    if ctx.proposed_reason == "only":
        section.blocks.append(
            Paragraph(
                [
                    "Förslaget avser ärendets enda alternativ."
                    if lang == "sv"
                    else "The proposal is the case's only alternative."
                ],
                emphasis="italic",
            )
        )
    decided = process_sections.proposed_decision(ctx) if ctx.proposed_reason == "decision" else None
    if decided is not None:
        ref = process_sections.decision_reference(decided)
        section.blocks.append(
            Paragraph(
                [
                    f"Förslaget följer beslutet i ärendet ({ref})."
                    if lang == "sv"
                    else f"The proposal follows the decision in the matter ({ref})."
                ],
                emphasis="italic",
            )
        )
    return section


def summary_section(ctx: Context) -> Section:
    section = Section(label("sammanfattning", ctx.lang), key="sammanfattning")
    if ctx.case.case.summary.strip():
        section.blocks.extend(_paragraphs(ctx.case.case.summary))
    else:
        section.blocks.append(ph("sammanfattning av ärendet", "summary of the matter", ctx.lang))
    section.blocks.extend(_proposal_summary(ctx))
    return section


def _proposal_summary(ctx: Context) -> list[Block]:
    """What is proposed, in one or two sentences: the alternative (or that the current
    organisation is kept), why, and what it gives against the savings requirement."""
    from oversyn.core.finance import staff_changes

    if ctx.proposed is None:
        return []
    sv = ctx.lang == "sv"
    why = {
        "conclusion": " enligt värderingens slutsats" if sv else " as the assessment concludes",
        "recommended": " som värderingen rangordnar först" if sv else " ranked first",
        "remaining": " som det enda som återstår efter de grundläggande utgångspunkterna"
        if sv
        else " as the only one left after the gates",
    }.get(ctx.proposed_reason, "")
    if ctx.proposed == BASELINE_ID:
        text = (
            f"Förslaget är att behålla nuvarande organisation{why}."
            if sv
            else f"The proposal is to keep the current organisation{why}."
        )
    else:
        text = (
            f"Förslaget är {ctx.heading(ctx.proposed)}{why}."
            if sv
            else f"The proposal is {ctx.heading(ctx.proposed)}{why}."
        )
    sentences = [text]
    change = next(
        (c for c in staff_changes(ctx.case, ctx.lang) if c.alternative == ctx.proposed), None
    )
    if change is not None and change.saving is not None:
        sentences.append(change.comparison(ctx.lang) + ".")
    return [Paragraph([" ".join(sentences)])]


def sources_section(ctx: Context) -> Section:
    section = Section(label("beslutsunderlag", ctx.lang), key="beslutsunderlag")
    items: list[list[Inline]] = []
    for src in ctx.case.case.sources:
        text = src.title
        extra = ", ".join(x for x in (src.author, src.date) if x)
        if extra:
            text += f", {extra}"
        if src.note:
            text += f" ({src.note.rstrip('.')})"
        items.append([text])
    if items:
        section.blocks.append(ItemList(items))
    else:
        section.blocks.append(ph("förteckning över beslutsunderlag", "list of documents", ctx.lang))
    return section


def matter_section(ctx: Context) -> Section:
    """Ärendet: the directive, who ordered it, to whom, and the deadline."""
    lang = ctx.lang
    section = Section(label("arendet", lang), key="arendet")
    background = Section(label("bakgrund", lang), key="bakgrund")
    section.subsections.append(background)
    directive = ctx.case.case.directive
    if directive is None:
        background.blocks.append(
            ph("bakgrund och uppdrag (direktiv)", "background and assignment", lang)
        )
    else:
        background.blocks.extend(_directive_blocks(ctx))
    if ctx.process is not None:
        remiss = process_sections.remiss_section(ctx, ctx.process)
        if remiss is not None:
            section.subsections.append(remiss)
    chain = process_sections.preparation_section(ctx)
    if chain is not None:
        section.subsections.append(chain)
    return section


def _directive_blocks(ctx: Context) -> list[Block]:
    """The directive: title, text, who issued it to whom, its date and deadline (with the
    date range read from it, e.g. "Q1 2025" = 2025-01-01 – 2025-03-31)."""
    from oversyn.core.process.dates import parse_period

    lang = ctx.lang
    directive = ctx.case.case.directive
    assert directive is not None
    background: Section = Section("")
    background.blocks.append(Paragraph([directive.title], emphasis="bold"))
    if directive.text.strip():
        background.blocks.extend(_paragraphs(directive.text))
    facts: list[list[Inline]] = []
    sv = lang == "sv"
    if directive.issued_by:
        facts.append(
            [
                ("Uppdraget gavs av " if sv else "Issued by ")
                + join_words(directive.issued_by, lang)
                + "."
            ]
        )
    if directive.issued_to:
        facts.append(
            [
                ("Uppdraget gavs till " if sv else "Issued to ")
                + join_words(directive.issued_to, lang)
                + "."
            ]
        )
    if directive.date:
        facts.append(
            [("Direktivets datum: " if sv else "Date of the directive: ") + directive.date + "."]
        )
    period = parse_period(directive.deadline) if directive.deadline else None
    span = ""
    if period is not None and period.start != period.end:
        span = f" ({period.start.isoformat()} – {period.end.isoformat()})"
    elif period is not None and period.end.isoformat() not in (directive.deadline or ""):
        span = f" ({period.end.isoformat()})"
    facts.append(
        [("Uppdraget ska redovisas: " if sv else "Deadline: ") + directive.deadline + span + "."]
        if directive.deadline
        else [
            ("Uppdraget ska redovisas: " if sv else "Deadline: "),
            ph("tidpunkt", "deadline", lang),
        ]
    )
    background.blocks.append(ItemList(facts))
    return background.blocks


# -- organisation ----------------------------------------------------------------------------


def _estimated_note(org: Organisation, lang: Lang) -> Paragraph | None:
    estimated = [u for u in org.units if u.estimated]
    if not estimated:
        return None
    if lang == "sv":
        text = (
            f"Årsarbetare för {len(estimated)} av {len(org.units)} enheter är uppskattningar i "
            "ärendefilen, inte uppgifter ur källdokumenten; de ska ersättas med kommunens "
            "egna uppgifter."
        )
    else:
        text = (
            f"FTE for {len(estimated)} of {len(org.units)} units are estimates in the case file, "
            "not figures from the source documents."
        )
    return Paragraph([text], emphasis="italic")


def key_figures_table(ctx: Context, alt_id: str) -> Table:
    lang = ctx.lang
    analysis = ctx.analyses[alt_id]
    sv = lang == "sv"
    rows: list[list[Inline]] = []
    for adm in analysis.details["administrations"]:
        rows.append(
            [
                adm["name"],
                join_words(adm["supports"], lang),
                format_number(adm["units"], 0, lang),
                format_number(adm["fte"], 1, lang),
            ]
        )
    total = analysis.metrics.get("fte_total")
    rows.append(
        [
            "Totalt" if sv else "Total",
            "",
            format_number(analysis.metrics["units"], 0, lang),
            format_number(total, 1, lang),
        ]
    )
    return Table(
        ["Förvaltning", "Stödjer", "Enheter", "Årsarbetare"]
        if sv
        else ["Administration", "Supports", "Units", "FTE"],
        rows,
        caption=(
            "Nyckeltal per förvaltning i nuläget"
            if sv and alt_id == BASELINE_ID
            else f"Nyckeltal per förvaltning, {ctx.heading(alt_id)}"
            if sv
            else f"Key figures per administration, {ctx.heading(alt_id)}"
        ),
        align="llrr",
    )


def chart_figure(ctx: Context, alt_id: str, caption: str) -> Figure:
    chart = ctx.charts[alt_id].result()
    highlights = ctx.highlights[alt_id]
    org = ctx.orgs[alt_id]
    sv = ctx.lang == "sv"
    marked = [org.label("unit", u) for u in highlights.units]
    marked += [org.label("administration", a) for a in highlights.administrations]
    marked += [org.label("committee", c) for c in highlights.committees]
    alt = (
        f"Organisationsschema: {len(org.committees)} nämnder, {len(org.administrations)} "
        f"förvaltningar ({join_words([a.name for a in org.administrations], 'sv')}) och "
        f"{len(org.units)} enheter."
        if sv
        else f"Organisation chart: {len(org.committees)} committees, "
        f"{len(org.administrations)} administrations and {len(org.units)} units."
    )
    if marked:
        alt += (" Markerade: " if sv else " Marked: ") + join_words(marked, ctx.lang) + "."
    return Figure(chart.png, alt, caption, svg=chart.svg)


def current_section(ctx: Context) -> Section:
    lang = ctx.lang
    sv = lang == "sv"
    section = Section(label("nulage", lang), key="nulage")
    base = ctx.orgs[BASELINE_ID]
    caption = "Organisationen i dag." if sv else "The organisation today."
    if not ctx.highlights[BASELINE_ID].empty:
        caption = (
            "Organisationen i dag. Markerat (▶, fet stil, tjock ram): det som berörs av förslaget."
            if sv
            else "The organisation today. Marked (▶, bold, thick border): what the "
            "proposal changes."
        )
    section.blocks.append(chart_figure(ctx, BASELINE_ID, caption))
    section.blocks.append(key_figures_table(ctx, BASELINE_ID))
    note = _estimated_note(base, lang)
    if note:
        section.blocks.append(note)
    return section


def alternatives_section(ctx: Context) -> Section:
    """Each alternative (nuläge first) with its description, chart and changes in words."""
    lang = ctx.lang
    sv = lang == "sv"
    section = Section(label("alternativ", lang), key="alternativ")
    count = len(ctx.case.alternatives)
    section.blocks.append(
        Paragraph(
            [
                f"Utredningen redovisar {count} alternativ till förändring och jämför dem med "
                "nuläget."
                if sv
                else f"The review presents {count} alternatives and compares them with the "
                "baseline."
            ]
        )
    )
    for alt_id in ctx.case.alternative_ids():
        sub = Section(ctx.heading(alt_id), key=f"alt-{alt_id}")
        if alt_id == BASELINE_ID:
            sub.blocks.append(
                Paragraph(
                    [
                        "Organisationen behålls som i dag (se Nuläge). Nuläget är med som "
                        "jämförelse i värderingen."
                        if sv
                        else "The organisation stays as it is (see Baseline); it is kept as the "
                        "reference in the assessment."
                    ]
                )
            )
            section.subsections.append(sub)
            continue
        alt = ctx.case.alternative(alt_id)
        assert alt is not None
        if alt.description.strip():
            sub.blocks.extend(_paragraphs(alt.description))
        diff = ctx.diffs[alt_id]
        sub.blocks.append(
            Paragraph(
                ["Förändringar jämfört med nuläget:" if sv else "Changes from baseline:"],
                emphasis="bold",
            )
        )
        sub.blocks.append(ItemList([[s] for s in diff.sentences(lang)]))
        caption = (
            f"{ctx.heading(alt_id)}. Markerat (▶, fet stil, tjock ram): det som ändras."
            if sv
            else f"{ctx.heading(alt_id)}. Marked (▶, bold, thick border): what changes."
        )
        sub.blocks.append(chart_figure(ctx, alt_id, caption))
        section.subsections.append(sub)
    return section


# -- assessment ------------------------------------------------------------------------------


def metric_table(ctx: Context) -> Table:
    """All metrics with a value, one column per alternative ("Alt N"; names in the note)."""
    lang = ctx.lang
    sv = lang == "sv"
    ids = ctx.case.alternative_ids()
    better = {"lower": "lägre", "higher": "högre"} if sv else {"lower": "lower", "higher": "higher"}
    rows: list[list[Inline]] = []
    for name, info in METRICS.items():
        values = [ctx.analyses[a].metrics.get(name) for a in ids]
        if all(v is None for v in values):
            continue
        cells: list[Inline] = [info.label(lang), better[info.better] if info.better else "–"]
        rows.append(cells + [format_metric(v, info.kind, lang) for v in values])
    short = plots.short_names(ctx.case, lang)
    legend = "; ".join(
        f"{s}: {ctx.name(a)}" for s, a in zip(short, ids, strict=True) if a != BASELINE_ID
    )
    return Table(
        ["Mått" if sv else "Metric", "Bättre" if sv else "Better", *short],
        rows,
        caption="Strukturmått per alternativ" if sv else "Structural metrics",
        align="ll" + "r" * len(ids),
        notes=[legend + "."] if legend else [],
    )


def structure_section(ctx: Context) -> Section:
    lang = ctx.lang
    sv = lang == "sv"
    section = Section(label("strukturanalys", lang), key="strukturanalys")
    section.blocks.append(
        Paragraph(
            [
                "Måtten beräknas ur ärendets organisation, samverkansdata och kedjor. De är "
                "underlag för värderingen, inte en värdering i sig."
                if sv
                else "The metrics are computed from the case's organisation, interactions and "
                "journeys; they inform the assessment but are not one."
            ]
        )
    )
    table = metric_table(ctx)
    section.blocks.append(table)
    figure = ctx.metric_plot.result() if ctx.metric_plot else None
    if figure is not None:
        section.blocks.append(figure)
    level_word = {"error": "Fel", "warning": "Varning", "info": "Notering"}
    if not sv:
        level_word = {"error": "Error", "warning": "Warning", "info": "Note"}
    checks = Section("Kontroller" if sv else "Checks", key="kontroller")
    checks.blocks.append(
        Paragraph(
            [
                "Nuläget redovisas med alla anmärkningar, alternativen med det som skiljer dem "
                "från nuläget."
                if sv
                else "The baseline is listed in full, the alternatives by how they differ."
            ]
        )
    )

    def items(found: list[Check]) -> ItemList:
        return ItemList([[f"{level_word[c.level]}: {c.message}."] for c in found])

    base = ctx.analyses[BASELINE_ID].checks
    base_keys = {(c.code, c.message) for c in base}
    for alt_id in ctx.case.alternative_ids():
        found = ctx.analyses[alt_id].checks
        checks.blocks.append(Paragraph([ctx.heading(alt_id)], emphasis="bold"))
        if alt_id == BASELINE_ID:
            checks.blocks.append(
                items(found)
                if found
                else Paragraph(["Inga anmärkningar." if sv else "No findings."])
            )
            continue
        keys = {(c.code, c.message) for c in found}
        new = [c for c in found if (c.code, c.message) not in base_keys]
        gone = [c for c in base if (c.code, c.message) not in keys]
        if new:
            checks.blocks.append(
                Paragraph(["Nya jämfört med nuläget:" if sv else "New compared with baseline:"])
            )
            checks.blocks.append(items(new))
        if gone:
            checks.blocks.append(
                Paragraph(
                    ["Gäller inte längre (finns i nuläget):" if sv else "Resolved (in baseline):"]
                )
            )
            checks.blocks.append(items(gone))
        if not new and not gone:
            checks.blocks.append(
                Paragraph(["Samma som i nuläget." if sv else "Same as the baseline."])
            )
    section.subsections.append(checks)
    return section


def evaluation_section(ctx: Context) -> Section:
    """Värdering: gates and exclusions, principle matrix with motivations, ranking and
    robustness (from ``oversyn.core.evaluation``), then the structural metrics.

    Without an evaluation in the case the assessment is a placeholder; the structural analysis
    is always there.
    """
    lang = ctx.lang
    section = Section(label("vardering", lang), key="vardering")
    if ctx.evaluation is None:
        section.blocks.append(
            ph(
                "värdering av alternativen (grundläggande utgångspunkter, organisationsprinciper, "
                "rangordning och känslighetsanalys)",
                "assessment of the alternatives (gates, principles, ranking, robustness)",
                lang,
            )
        )
    else:
        blocks, subsections = evaluation_content(ctx.evaluation, lang, ctx.evaluation_plots)
        section.blocks.extend(blocks)
        section.subsections.extend(subsections)
    section.subsections.append(structure_section(ctx))
    return section


# -- consequences and closing ----------------------------------------------------------------


def _affected_fte(ctx: Context) -> tuple[float | None, bool]:
    if not ctx.proposed or ctx.proposed == BASELINE_ID:
        return None, False
    diff = ctx.diffs[ctx.proposed]
    org = ctx.orgs[ctx.proposed]
    ids: set[str] = set()
    for unit_id in diff.moved_units | diff.created_units:
        ids.update(u.id for u in org.subtree(unit_id))
    units = [org.unit(u) for u in ids]
    known = [u for u in units if u is not None and u.fte is not None]
    if not known:
        return None, False
    return sum(u.fte or 0.0 for u in known), any(u.estimated for u in known)


def economy_section(ctx: Context) -> Section:
    section = Section(label("ekonomi", ctx.lang), key="ekonomi")
    from oversyn.documents.finance_section import staff_blocks, transfer_blocks

    blocks = process_sections.economy_blocks(ctx, ctx.process) if ctx.process else []
    section.blocks.extend(blocks)
    staff = staff_blocks(ctx)
    section.blocks.extend(staff)
    transfers = transfer_blocks(ctx)
    section.blocks.extend(transfers)
    if transfers:  # the financing is stated: no "Att fylla i" for it
        return section
    blocks = blocks + staff
    section.blocks.append(
        ph(
            "finansiering och budgetram som flyttas"
            if blocks
            else "ekonomiska konsekvenser (kostnader för genomförande, budgetram som flyttas, "
            "finansiering)",
            "financing and budget frame transferred" if blocks else "financial consequences",
            ctx.lang,
        )
    )
    return section


def consequences_section(ctx: Context) -> Section:
    lang = ctx.lang
    sv = lang == "sv"
    section = Section(label("konsekvenser", lang), key="konsekvenser")
    fte, estimated = _affected_fte(ctx)
    staff = Section(
        "Arbetsmiljö, riskbedömning och samverkan (MBL)"
        if sv
        else "Work environment, risk assessment and consultation (MBL)",
        key="arbetsmiljo",
    )
    if fte is not None:
        staff.blocks.append(
            Paragraph(
                [
                    f"Förslaget berör enheter med sammanlagt {format_number(fte, 1, lang)} "
                    "årsarbetare" + (" (uppskattning i ärendefilen)" if estimated else "") + "."
                    if sv
                    else f"The proposal affects units with {format_number(fte, 1, lang)} FTE"
                    + (" (estimate)" if estimated else "")
                    + "."
                ]
            )
        )
    report = ctx.process

    def item(code: str) -> Any:
        return process_sections.checklist_item(ctx, report, code) if report else None

    for code, (what_sv, what_en) in {
        "risk_assessment": (
            "riskbedömning av arbetsmiljön tillsammans med skyddsombud",
            "work environment risk assessment with the safety representative",
        ),
        "mbl_negotiation": (
            "resultat av förhandling enligt 11 § MBL",
            "outcome of the MBL negotiation",
        ),
    }.items():
        found = item(code)
        if process_sections.recorded(found):
            staff.blocks.append(Paragraph([process_sections.item_sentence(found, lang)]))
        if found is None or found.status != "done":
            staff.blocks.append(ph(what_sv, what_en, lang))
    section.subsections.append(staff)
    impact = item("impact_assessment")
    impact_blocks: list[Block] = (
        [Paragraph([process_sections.item_sentence(impact, lang)])]
        if process_sections.recorded(impact)
        else []
    )
    section.subsections.append(
        Section(
            "Barnperspektiv" if sv else "Children's perspective",
            [
                *impact_blocks,
                ph("konsekvenser för barn (barnkonventionen)", "consequences for children", lang),
            ],
            key="barn",
        )
    )
    section.subsections.append(
        Section(
            "Jämställdhet och miljö" if sv else "Gender equality and environment",
            [
                *impact_blocks,
                ph(
                    "konsekvenser för jämställdheten och miljön",
                    "gender equality and environmental consequences",
                    lang,
                ),
            ],
            key="jamstalldhet",
        )
    )
    legal = Section(
        "Juridik: reglemente och delegation" if sv else "Legal: mandates and delegation",
        key="juridik",
    )
    mandate = (
        _mandate_sentences(ctx.diffs[ctx.proposed], lang)
        if ctx.proposed and ctx.proposed != BASELINE_ID
        else []
    )
    if mandate:
        legal.blocks.append(
            Paragraph(
                [
                    "Förslaget kräver ändrade reglementen:"
                    if sv
                    else "The proposal requires amended mandates:"
                ]
            )
        )
        legal.blocks.append(ItemList([[s] for s in mandate]))
    errors = [
        c.message
        for c in (ctx.analyses[ctx.proposed].checks if ctx.proposed else [])
        if c.level == "error"
    ]
    if errors:
        legal.blocks.append(
            Paragraph(
                [
                    "Strukturanalysen visar juridiska brister i förslaget:"
                    if sv
                    else "The analysis finds legal inconsistencies:"
                ],
                emphasis="bold",
            )
        )
        legal.blocks.append(ItemList([[e + "."] for e in errors]))
    for code in ("deciding_body", "reglemente_update", "delegation_orders"):
        found = item(code)
        if process_sections.recorded(found):
            legal.blocks.append(Paragraph([process_sections.item_sentence(found, lang)]))
    delegation = item("delegation_orders")
    if delegation is None or delegation.status != "done":
        legal.blocks.append(
            ph("ändringar i delegationsordningen", "changes to the delegation rules", lang)
        )
    section.subsections.append(legal)
    if report is not None:
        section.subsections.append(process_sections.checklist_section(ctx, report))
    return section


def implementation_section(ctx: Context) -> Section:
    if ctx.process is not None:
        return process_sections.implementation_section(ctx, ctx.process)
    section = Section(label("genomforande", ctx.lang), key="genomforande")
    section.blocks.append(ph("genomförande och tidplan", "implementation and timetable", ctx.lang))
    return section


def follow_up_section(ctx: Context) -> Section:
    if ctx.process is not None:
        return process_sections.follow_up_section(ctx, ctx.process)
    section = Section(label("uppfoljning", ctx.lang), key="uppfoljning")
    section.blocks.append(
        ph("hur och när beslutet följs upp", "how and when the decision is followed up", ctx.lang)
    )
    return section


def signature_section(ctx: Context) -> Section:
    lang = ctx.lang
    section = Section(label("underskrift", lang), key="underskrift")
    officer = ctx.case.case.officer
    section.blocks.append(
        Paragraph([officer]) if officer else ph("namn och titel", "name and title", lang)
    )
    section.blocks.append(ph("förvaltningschef, namn och titel", "head of administration", lang))
    return section


def recipients_section(ctx: Context) -> Section:
    """Beslutet skickas till: bodies the proposal touches and those the directive names."""
    lang = ctx.lang
    section = Section(label("skickas", lang), key="skickas")
    names: list[str] = []

    def add(name: str) -> None:
        if name and name not in names:
            names.append(name)

    if ctx.proposed and ctx.proposed != BASELINE_ID:
        diff = ctx.diffs[ctx.proposed]
        before, after = ctx.orgs[BASELINE_ID], ctx.orgs[ctx.proposed]
        for com in sorted(diff.changed_committees):
            add(after.label("committee", com))
        adm_a, adm_b = before.unit_administrations(), after.unit_administrations()
        for unit in sorted(diff.moved_units):
            if unit in adm_a:  # a merged unit that moves is new: its parts' are named below
                add(before.label("administration", adm_a.get(unit)))
            add(after.label("administration", adm_b.get(unit)))
        for adm in sorted(diff.created_administrations | diff.removed_administrations):
            add(
                after.label("administration", adm)
                if after.administration(adm)
                else before.label("administration", adm)
            )
    directive = ctx.case.case.directive
    for name in directive.issued_to if directive else []:
        add(name)
    names = [n for n in names if n != "–"]
    decision = process_sections.proposed_decision(ctx)
    if decision is not None and decision.distribution:
        ref = process_sections.decision_reference(decision)
        section.blocks.append(
            Paragraph(
                [f"Enligt protokollet ({ref}) expedieras beslutet till:"]
                if lang == "sv"
                else [f"According to the minutes ({ref}) the decision is sent to:"]
            )
        )
        section.blocks.append(ItemList([[n] for n in decision.distribution]))
        return section
    if names:
        section.blocks.append(ItemList([[n] for n in names]))
    section.blocks.append(ph("övriga mottagare", "other recipients", lang))
    return section


def build_document(
    case: Case, alternative: str | None = None, lang: Lang = DEFAULT_LANG, today: date | None = None
) -> Document:
    """The whole beslutsunderlag for ``case``; ``alternative`` is the proposed alternative;
    ``today`` is the day deadlines are judged on (default: the case's date, else today)."""
    ctx = make_context(case, alternative, lang, today)
    sections = process_sections.place_custom_sections(
        case,
        [
            decision_section(ctx),
            summary_section(ctx),
            sources_section(ctx),
            matter_section(ctx),
            current_section(ctx),
            alternatives_section(ctx),
            evaluation_section(ctx),
            *([swot] if (swot := process_sections.swot_section(ctx)) else []),
            *([risks] if (risks := risk_section(ctx)) else []),
            economy_section(ctx),
            consequences_section(ctx),
            implementation_section(ctx),
            follow_up_section(ctx),
            signature_section(ctx),
            recipients_section(ctx),
        ],
    )
    return Document(
        title=case.case.title,
        header=header_fields(ctx),
        sections=sections,
        municipality=case.case.municipality.name,
        lang=lang,
        meta=case_meta(case, "tjänsteskrivelse" if lang == "sv" else "report", lang),
    )


def document_outline(doc: Document) -> list[dict[str, Any]]:
    """Headings as data (level, title, key): for the web preview and for tests."""
    return [{"level": lvl, "title": s.title, "key": s.key} for lvl, s in doc.all_sections()]
