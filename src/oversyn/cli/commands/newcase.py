"""`oversyn new`: a new case file from nothing, as the web's "Nytt ärende" (core.newcase)."""

from __future__ import annotations

from pathlib import Path

import typer

from oversyn.cli.common import fail, load_or_exit, out, state
from oversyn.core.newcase import START_CHOICES, NewCase, NewCaseError, build_new_case
from oversyn.io.casefile import dump_case
from oversyn.io.municipalities import MUNICIPALITIES, official_name


def new(
    output: Path = typer.Option(..., "-o", "--output", help="Ny ärendefil (YAML)."),
    title: str = typer.Option(..., "--title", help="Ärendets titel."),
    municipality: str = typer.Option(
        ..., "--municipality", help="Kommunkod (SCB), t.ex. 0580 för Linköping."
    ),
    start: str = typer.Option(
        "skeleton",
        "--start",
        help="Organisationen att börja från: skeleton (typisk kommun), empty, copy (--from).",
    ),
    source: Path | None = typer.Option(
        None, "--from", help="Ärendefil vars nuläge kopieras (med --start copy)."
    ),
    committee: str = typer.Option("", "--committee", help="Nämnd som ärendet bereds för."),
    case_number: str = typer.Option("", "--case-number", help="Diarienummer."),
    directive_by: str = typer.Option("", "--directive-by", help="Vem som gav uppdraget."),
    directive_to: str = typer.Option("", "--directive-to", help="Till vem (kommaseparerat)."),
    deadline: str = typer.Option("", "--deadline", help="Tidsfrist, t.ex. 'Q1 2025'."),
    text: str = typer.Option("", "--directive-text", help="Direktivets text."),
) -> None:
    """Skapa en ny ärendefil: titel, kommun, direktiv och en organisation att börja från."""
    if start not in START_CHOICES or start == "excel":
        fail([f"--start {start!r}: skeleton, empty, copy"])
    if output.exists():
        fail(
            [
                f"{output}: filen finns redan"
                if state.lang == "sv"
                else f"{output}: the file already exists"
            ]
        )
    baseline = load_or_exit(source).baseline if source is not None else None
    spec = NewCase(
        title=title,
        municipality_code=municipality,
        municipality_name=official_name(municipality) or "",
        committee=committee,
        case_number=case_number,
        directive_by=directive_by,
        directive_to=directive_to,
        directive_deadline=deadline,
        directive_text=text,
        start=start,  # type: ignore[arg-type]
    )
    try:
        case = build_new_case(spec, baseline, known_codes=MUNICIPALITIES)
    except NewCaseError as exc:
        fail([f"--{p.field.replace('_', '-')}: {p.message(state.lang)}" for p in exc.problems])
    output.write_text(dump_case(case), encoding="utf-8")
    out.print(
        f"{output}: {case.case.title} ({case.case.municipality.name}), "
        f"{len(case.baseline.committees)} nämnder, {len(case.baseline.units)} enheter",
        highlight=False,
    )


def register(app: typer.Typer) -> None:
    app.command()(new)
