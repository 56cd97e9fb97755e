"""validate, analyze, diff, schema: the case file and its structural analysis."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.table import Table

from oversyn.cli.common import err, fail, load_or_exit, out, print_finding, print_json, state
from oversyn.core.analysis import METRICS, analyze_case
from oversyn.core.case import BASELINE_ID
from oversyn.core.diff import diff_organisations
from oversyn.core.errors import AlternativeError
from oversyn.core.fmt import format_metric
from oversyn.io.casefile import CaseFileError, load_case
from oversyn.io.schema import case_json_schema_text


def validate(
    files: list[Path] = typer.Argument(..., help="Ärendefiler (YAML)."),
    as_json: bool = typer.Option(False, "--json", help="Skriv resultatet som JSON."),
) -> None:
    """Kontrollera ärendefiler: exit 0 om alla är giltiga, annars 1 med rad och fält."""
    results = []
    any_errors = False
    for path in files:
        try:
            load_case(path)
            results.append({"file": str(path), "valid": True, "errors": []})
            if not as_json:
                ok = "giltig" if state.lang == "sv" else "valid"
                out.print(f"[green]✓[/green] {path}: {ok}", highlight=False)
        except CaseFileError as exc:
            any_errors = True
            results.append(
                {
                    "file": str(path),
                    "valid": False,
                    "errors": [e.as_dict(state.lang) for e in exc.errors],
                }
            )
            if not as_json:
                for error in exc.errors:
                    err.print(f"[red]✗[/red] {error.format(state.lang)}", highlight=False)
    if as_json:
        print_json({"files": results})
    raise typer.Exit(1 if any_errors else 0)


def analyze(
    file: Path = typer.Argument(..., help="Ärendefil (YAML)."),
    as_json: bool = typer.Option(False, "--json", help="Skriv resultatet som JSON."),
) -> None:
    """Strukturanalys av nuläge och varje alternativ: mått och kontroller."""
    case = load_or_exit(file)
    results = analyze_case(case, state.lang)
    if as_json:
        print_json({"case": case.case.id, "alternatives": [r.as_dict() for r in results]})
        return
    lang = state.lang
    table = Table(title=case.case.title, show_lines=False)
    table.add_column("Mått" if lang == "sv" else "Metric")
    for result in results:  # ids keep the table narrow; the legend below names them
        table.add_column(result.id, justify="right")
    for name, info in METRICS.items():
        values = [r.metrics.get(name) for r in results]
        if all(v is None for v in values):
            continue
        table.add_row(info.label(lang), *(format_metric(v, info.kind, lang) for v in values))
    out.print(table)
    for result in results:
        out.print(f"  [bold]{result.id}[/bold]: {result.name}", highlight=False)
    for result in results:
        if not result.checks:
            continue
        out.print(f"\n[bold]{result.name}[/bold]")
        for check in result.checks:
            print_finding(check.level, check.message, check.code)


def diff(
    file: Path = typer.Argument(..., help="Ärendefil (YAML)."),
    alt_a: str = typer.Argument(..., help=f"Alternativ att jämföra från (t.ex. {BASELINE_ID})."),
    alt_b: str = typer.Argument(..., help="Alternativ att jämföra till."),
    as_json: bool = typer.Option(False, "--json", help="Skriv resultatet som JSON."),
) -> None:
    """Skillnaden mellan två alternativ, i ord."""
    case = load_or_exit(file)
    orgs = []
    for alt in (alt_a, alt_b):
        try:
            orgs.append(case.organisation(alt))
        except KeyError:
            known = ", ".join(case.alternative_ids())
            msg = (
                f"Alternativet {alt!r} finns inte; finns: {known}"
                if state.lang == "sv"
                else f"Alternative {alt!r} does not exist; known: {known}"
            )
            fail([msg])
        except AlternativeError as exc:
            fail([exc.message(state.lang)])
    result = diff_organisations(orgs[0], orgs[1])
    sentences = result.sentences(state.lang)
    if as_json:
        print_json(
            {
                "from": alt_a,
                "to": alt_b,
                "changes": [
                    {"code": c.code, "text": c.text(state.lang), "subjects": list(c.subjects)}
                    for c in result.changes
                ],
            }
        )
        return
    out.print(
        f"[bold]{case.alternative_name(alt_a, state.lang)} → "
        f"{case.alternative_name(alt_b, state.lang)}[/bold]"
    )
    for sentence in sentences:
        out.print(f"• {sentence}", highlight=False)


def schema() -> None:
    """Skriv ärendefilens JSON Schema till standard ut."""
    out.file.write(case_json_schema_text())


def register(app: typer.Typer) -> None:
    app.command()(validate)
    app.command()(analyze)
    app.command()(diff)
    app.command()(schema)
