"""process, kolada-import: the case as a municipal case on a given day; Kolada values in."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import typer
from rich.table import Table

from oversyn.cli.common import fail, load_or_exit, out, print_finding, print_json, state
from oversyn.core.errors import AlternativeError
from oversyn.core.fmt import format_kr
from oversyn.core.process.goals import merge_values
from oversyn.core.process.lifecycle import status_label
from oversyn.core.process.review import process_report
from oversyn.io.casefile import write_case
from oversyn.io.kolada import KoladaFormatError, fetch_kpi, read_kolada_file

STATUS_SV = {
    "todo": "att göra",
    "in_progress": "pågår",
    "done": "klar",
    "not_applicable": "ej aktuell",
}
STATE_STYLE = {
    "overdue": "bold red",
    "due_soon": "yellow",
    "done": "green",
    "ok": "",
    "unreadable": "red",
}


def _parse_day(text: str | None, default: date | None = None) -> date:
    """``--today`` as a date; without it ``default`` (the case's as-of date), else today."""
    if text is None:
        return default or date.today()
    try:
        return date.fromisoformat(text)
    except ValueError:
        fail(
            [
                f"--today måste vara ett datum ÅÅÅÅ-MM-DD, inte {text!r}"
                if state.lang == "sv"
                else f"--today must be a date YYYY-MM-DD, not {text!r}"
            ]
        )


def process(
    file: Path = typer.Argument(..., help="Ärendefil (YAML)."),
    today: str | None = typer.Option(
        None,
        "--today",
        help="Dagens datum ÅÅÅÅ-MM-DD (standard: ärendets as_of-datum, annars i dag).",
    ),
    within: int = typer.Option(14, "--within", help="Varna för tidsfrister inom så många dagar."),
    as_json: bool = typer.Option(False, "--json", help="Skriv resultatet som JSON."),
) -> None:
    """Ärendets process: status, tidsfrister, remissvar, kostnader och checklista med varningar."""
    case = load_or_exit(file)
    day = _parse_day(today, case.case.as_of)
    lang = state.lang
    try:
        report = process_report(case, day, within)
    except AlternativeError as exc:
        fail([exc.message(lang)])
    if as_json:
        print_json(report.as_dict(lang))
        return
    sv = lang == "sv"
    out.print(f"[bold]{case.case.title}[/bold]", highlight=False)
    if report.case_number:
        n = report.case_number
        parts = ", ".join(
            f"{k} {v}" for k, v in (("organ", n.body), ("år", n.year), ("löpnummer", n.serial)) if v
        )
        out.print(
            f"{'Diarienummer' if sv else 'Case number'}: {n.raw}"
            + (f" ({parts})" if parts else ""),
            highlight=False,
        )
    out.print(f"Status: {status_label(report.status, lang)} ({day.isoformat()})", highlight=False)

    if report.deadlines:
        table = Table(title="Tidsfrister" if sv else "Deadlines")
        for col in (
            ("Vad", "Som skrivet", "Sista dag", "Läge")
            if sv
            else ("What", "As written", "Last day", "State")
        ):
            table.add_column(col)
        for d in report.deadlines:
            table.add_row(
                d.label(lang),
                d.text,
                d.period.end.isoformat() if d.period else "–",
                f"[{STATE_STYLE[d.state]}]{d.state}[/]" if STATE_STYLE[d.state] else d.state,
            )
        out.print(table)
    for summary in report.remisses:
        out.print(
            f"\n[bold]{'Remiss' if sv else 'Consultation'}: {summary.title}[/bold]", highlight=False
        )
        for sentence in summary.sentences(lang):
            out.print(f"  {sentence}", highlight=False)
    if report.costs.rows:
        table = Table(title="Kostnader per år (lägst–högst)" if sv else "Costs per year (low–high)")
        table.add_column("Alternativ" if sv else "Alternative")
        for year in report.costs.years:
            table.add_column(str(year), justify="right")
        table.add_column("Engång" if sv else "One-off", justify="right")

        def rng(r: tuple[float, float]) -> str:
            lo, hi = format_kr(r[0], lang), format_kr(r[1], lang)
            return lo if lo == hi else f"{lo}–{hi}"

        for row in report.costs.rows:
            table.add_row(
                row.name,
                *(rng(row.per_year.get(y, (0.0, 0.0))) for y in report.costs.years),
                rng(row.one_off),
            )
        out.print(table)
    for alt_id, items in report.checklists.items():
        table = Table(
            title=f"{'Checklista' if sv else 'Checklist'}: {case.alternative_name(alt_id, lang)}"
        )
        for col in (
            ("Punkt", "Status", "Datum", "Varför") if sv else ("Item", "Status", "Date", "Why")
        ):
            table.add_column(col)
        for item in items:
            if not item.applies:
                continue
            table.add_row(
                item.title(lang),
                STATUS_SV.get(item.status.value, item.status.value) if sv else item.status.value,
                item.date.isoformat() if item.date else "–",
                item.reason(lang),
            )
        out.print(table)
    if report.findings:
        out.print(f"\n[bold]{'Varningar' if sv else 'Warnings'}[/bold]")
        seen: set[tuple[str, str]] = set()
        for f in report.findings:  # the same finding can come from several alternatives
            if (f.code, f.text(lang)) not in seen:
                seen.add((f.code, f.text(lang)))
                print_finding(f.level, f.text(lang), f.code)


def kolada_import(
    file: Path = typer.Argument(..., help="Kolada-svar (JSON, API v3:s form)."),
    case_file: Path = typer.Option(..., "--case", help="Ärendefil vars indikatorer ska fyllas på."),
    output: Path = typer.Option(..., "-o", "--output", help="Ny ärendefil (YAML)."),
    fetch: bool = typer.Option(
        False,
        "--fetch",
        help="Hämta från Kolada via internet i stället; FILE är då 'KPI:KOMMUNKOD'.",
    ),
) -> None:
    """Lägg in Kolada-värden i ärendets indikatorer (de med samma kolada_kpi)."""
    case = load_or_exit(case_file)
    sv = state.lang == "sv"
    try:
        if fetch:
            kpi, _, muni = str(file).partition(":")
            series = fetch_kpi(kpi, muni)
        else:
            series = read_kolada_file(file)
    except FileNotFoundError:
        fail([f"Filen finns inte: {file}" if sv else f"File not found: {file}"])
    except KoladaFormatError as exc:
        fail([f"{file}: {exc}"])
    except OSError as exc:
        fail([f"Kolada kunde inte nås: {exc}" if sv else f"Kolada could not be reached: {exc}"])
    goals = case.goals
    updated: list[str] = []
    for s in series:
        goals, ids = merge_values(goals, s.kpi, s.municipality, s.values)
        updated += ids
    if not updated:
        kpis = ", ".join(sorted({s.kpi for s in series}))
        fail(
            [
                f"Ingen indikator i {case_file} har kolada_kpi {kpis}"
                if sv
                else f"No indicator in {case_file} has kolada_kpi {kpis}"
            ]
        )
    write_case(case.model_copy(update={"goals": goals}), output)
    count = sum(len(s.values) for s in series)
    out.print(
        f"{count} värden till {', '.join(updated)} → {output}"
        if sv
        else f"{count} values into {', '.join(updated)} → {output}",
        highlight=False,
    )


def register(app: typer.Typer) -> None:
    app.command()(process)
    app.command("kolada-import")(kolada_import)
