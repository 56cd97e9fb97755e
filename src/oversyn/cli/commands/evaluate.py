"""evaluate: gates, exclusions, scores per assessor and combined, ranking and SMAA."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import typer
from rich.table import Table

from oversyn.cli.common import fail, load_or_exit, out, print_json, state
from oversyn.core.evaluation.engine import DEFAULT_SAMPLES, EvaluationResult, evaluate_case
from oversyn.core.evaluation.model import GateAnswer
from oversyn.core.fmt import format_number, format_share

WORDS = {
    "sv": {
        "gates": "Grundläggande utgångspunkter (krav)",
        "gate": "Krav",
        "level": "Nivå",
        "exclusion": "Uteslutning",
        "alternative": "Alternativ",
        "rule": "Regel (Nej på ska-krav)",
        "decision": "Beslut",
        "status": "Status",
        "excluded": "utesluts",
        "goes_on": "går vidare",
        "exclude": "utesluts",
        "keep": "behålls",
        "conflict": "avviker från regeln",
        "principles": "Principer",
        "combined": "sammanvägt",
        "sum": "Summa (viktad)",
        "weight": "Vikt",
        "ranking": "Rangordning",
        "rank": "Rang",
        "points": "Poäng",
        "smaa": "Robusthet (SMAA-2, {n} viktningar, frö {seed})",
        "first": "Först",
        "confidence": "Konfidens",
        "central": "Typiska vikter när alternativet vinner",
        "summary": "Sammanfattning",
        "yes": "Ja",
        "no": "Nej",
        "partly": "Delvis",
        "none": "Ingen värdering i ärendefilen (avsnittet evaluation saknas).",
        "samples": "--samples måste vara 0 eller större",
        "motivations": "Motiveringar",
        "reasons": "Skäl",
    },
    "en": {
        "gates": "Basic requirements (gates)",
        "gate": "Gate",
        "level": "Level",
        "exclusion": "Exclusion",
        "alternative": "Alternative",
        "rule": "Rule (No on a must gate)",
        "decision": "Decision",
        "status": "Status",
        "excluded": "excluded",
        "goes_on": "goes on",
        "exclude": "excluded",
        "keep": "kept",
        "conflict": "differs from the rule",
        "principles": "Principles",
        "combined": "combined",
        "sum": "Sum (weighted)",
        "weight": "Weight",
        "ranking": "Ranking",
        "rank": "Rank",
        "points": "Points",
        "smaa": "Robustness (SMAA-2, {n} weightings, seed {seed})",
        "first": "First",
        "confidence": "Confidence",
        "central": "Typical weights when the alternative wins",
        "summary": "Summary",
        "yes": "Yes",
        "no": "No",
        "partly": "Partly",
        "none": "No evaluation in the case file (the evaluation section is missing).",
        "samples": "--samples must be 0 or more",
        "motivations": "Motivations",
        "reasons": "Reasons",
    },
}


def _answer(answer: GateAnswer, note: str, w: dict[str, str]) -> str:
    word = {GateAnswer.JA: w["yes"], GateAnswer.NEJ: w["no"], GateAnswer.DELVIS: w["partly"]}
    style = {GateAnswer.JA: "green", GateAnswer.NEJ: "red", GateAnswer.DELVIS: "yellow"}
    text = note if (answer == GateAnswer.DELVIS and note) else word[answer]
    return f"[{style[answer]}]{text}[/]"


def _short(name: str) -> str:
    """Column header: "Alternativ 3 – Social-, omsorgs- …" → "Alternativ 3"."""
    return name.split(" – ")[0]


def _score(value: float) -> str:
    return "–" if np.isnan(value) else format_number(float(value), 1, state.lang)


def _principle_table(result: EvaluationResult, title: str, matrix: np.ndarray) -> Table:
    lang = state.lang
    w = WORDS[lang]
    ev = result.evaluation
    ids = [a for a in result.active]
    rows = [result.index(a) for a in ids]
    table = Table(title=title)
    table.add_column(w["principles"], min_width=30)
    table.add_column(w["weight"], justify="right")
    for a in ids:
        table.add_column(_short(result.name(a)), justify="right")
    for j, c in enumerate(result.criteria):
        table.add_row(
            ev.criterion_name(c),
            format_share(float(result.weights[j]), 0, lang),
            *(_score(matrix[i, j]) for i in rows),
        )
    sums = matrix[rows] @ (result.weights * len(result.criteria)) if result.criteria else []
    table.add_row(f"[bold]{w['sum']}[/bold]", "", *(f"[bold]{_score(s)}[/bold]" for s in sums))
    return table


def _print_motivations(result: EvaluationResult) -> None:
    """Each decision with its reasons and each score with its motivation, as recorded."""
    w = WORDS[state.lang]
    ev = result.evaluation
    names = {p.id: p.name for p in ev.assessors}
    out.print(f"\n[bold]{w['motivations']}[/bold]")
    for d in ev.decisions:
        who = f" ({names.get(d.by, d.by)})" if d.by else ""
        out.print(
            f"\n[bold]{result.name(d.alternative)}: {w[d.action]}{who}[/bold]", highlight=False
        )
        if d.motivation:
            out.print(d.motivation, highlight=False, markup=False)
        if d.reasons_heading:
            out.print(d.reasons_heading, highlight=False, markup=False)
        for reason in d.reasons:
            out.print(f"  – {reason}", highlight=False, markup=False)
    for a in ev.assessments:
        if not a.motivation:
            continue
        head = (
            f"{result.name(a.alternative)} · {ev.criterion_name(a.criterion)} · "
            f"{names.get(a.assessor, a.assessor)}: {format_number(a.score, 1, state.lang)}"
        )
        out.print(f"\n[bold]{head}[/bold]", highlight=False)
        out.print(a.motivation, highlight=False, markup=False)


def _print_human(result: EvaluationResult, motivations: bool = False) -> None:
    lang = state.lang
    w = WORDS[lang]
    ev = result.evaluation
    alts = result.alternatives
    if ev.gates:
        table = Table(title=w["gates"])
        table.add_column(w["gate"], min_width=30)
        table.add_column(w["level"])
        for a in alts:
            table.add_column(_short(a.name), justify="center")
        for gate in ev.gates:
            answers = {r.alternative: r for r in gate.results}
            cells = [
                _answer(answers[a.id].answer, answers[a.id].note, w) if a.id in answers else "–"
                for a in alts
            ]
            table.add_row(gate.name, gate.level.value, *cells)
        out.print(table)

    if ev.gates or ev.decisions:
        table = Table(title=w["exclusion"])
        for col in ("alternative", "rule", "decision", "status"):
            table.add_column(w[col])
        for a in alts:
            rule = w["excluded"] if a.rule_excludes else w["goes_on"]
            decision = "–"
            if a.decision is not None:
                decision = w[a.decision.action]
                if a.conflict:
                    decision += f" [yellow]({w['conflict']})[/yellow]"
            status = (
                f"[red]{w['excluded']}[/red]" if a.excluded else f"[green]{w['goes_on']}[/green]"
            )
            table.add_row(a.name, rule, decision, status)
        out.print(table)

    if result.criteria and result.active:
        if len(result.per_assessor) > 1:
            names = {p.id: p.name for p in ev.assessors}
            for who, matrix in result.per_assessor.items():
                out.print(_principle_table(result, f"{w['principles']}: {names[who]}", matrix))
            out.print(
                _principle_table(
                    result,
                    f"{w['principles']}: {w['combined']} ({ev.aggregation})",
                    result.combined.value,
                )
            )
        else:
            title = w["principles"]
            if ev.assessors:
                title += f": {ev.assessors[0].name}"
            out.print(_principle_table(result, title, result.combined.value))

    ranked = sorted((a for a in alts if a.rank is not None), key=lambda a: a.rank or 0)
    if ranked:
        table = Table(title=w["ranking"])
        table.add_column(w["rank"], justify="right")
        table.add_column(w["alternative"])
        table.add_column(w["points"], justify="right")
        if result.second is not None:
            table.add_column(result.second.method, justify="right")
            second = dict(zip(result.active_scored, result.second.ranks, strict=True))
        for a in ranked:
            row = [str(a.rank), a.name, _score(a.score if a.score is not None else np.nan)]
            if result.second is not None:
                row.append(str(second[a.id]))
            table.add_row(*row)
        out.print(table)

    if result.smaa is not None:
        r = result.smaa
        ids = result.smaa_alternatives
        table = Table(title=w["smaa"].format(n=format_number(r.samples, 0, lang), seed=r.seed))
        table.add_column(w["alternative"])
        for k in range(len(ids)):
            table.add_column(f"{w['rank']} {k + 1}", justify="right")
        table.add_column(w["confidence"], justify="right")
        for i, a in enumerate(ids):
            conf = r.confidence[i]
            table.add_row(
                result.name(a),
                *(format_share(float(x), 1, lang) for x in r.rank_acceptability[i]),
                "–" if np.isnan(conf) else format_share(float(conf), 1, lang),
            )
        out.print(table)
        winners = [i for i in range(len(ids)) if not np.isnan(r.central_weights[i]).any()]
        table = Table(title=w["central"])
        table.add_column(w["principles"], min_width=30)
        for i in winners:
            table.add_column(_short(result.name(ids[i])), justify="right")
        for j, c in enumerate(result.criteria):
            table.add_row(
                ev.criterion_name(c),
                *(format_share(float(r.central_weights[i, j]), 0, lang) for i in winners),
            )
        out.print(table)

    if motivations:
        _print_motivations(result)

    out.print(f"\n[bold]{w['summary']}[/bold]")
    for sentence in result.sentences(lang):
        out.print(f"• {sentence}", highlight=False, markup=False)


def evaluate(
    file: Path = typer.Argument(..., help="Ärendefil (YAML)."),
    as_json: bool = typer.Option(False, "--json", help="Skriv resultatet som JSON."),
    samples: int = typer.Option(
        DEFAULT_SAMPLES, "--samples", help="Antal viktningar i robusthetsanalysen (0 = ingen)."
    ),
    seed: int = typer.Option(0, "--seed", help="Slumpfrö: samma frö ger samma resultat."),
    method: str = typer.Option(
        "topsis", "--method", help="Andra metod för jämförelse: topsis eller promethee2."
    ),
    motivations: bool = typer.Option(
        False, "--motivations", help="Visa beslutens skäl och varje poängs motivering."
    ),
) -> None:
    """Värdera alternativen: krav, uteslutning, poäng, rangordning och robusthet (SMAA)."""
    if samples < 0:
        fail([WORDS[state.lang]["samples"]])
    if method not in ("topsis", "promethee2"):
        fail(["--method: topsis | promethee2"])
    case = load_or_exit(file)
    if case.evaluation.is_empty() and not as_json:
        out.print(WORDS[state.lang]["none"])
        return
    result = evaluate_case(case, state.lang, samples=samples, seed=seed, method=method)  # type: ignore[arg-type]
    if as_json:
        print_json({"case": case.case.id, **result.as_dict(state.lang)})
        return
    _print_human(result, motivations)


def register(app: typer.Typer) -> None:
    app.command()(evaluate)
