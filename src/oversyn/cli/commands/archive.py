"""`oversyn archive`: the case for the e-archive (E-ARK SIP) or the diarium (plain ZIP), and
`oversyn template`: what a municipality's Word template offers and lacks."""

from __future__ import annotations

import time
from pathlib import Path

import typer

from oversyn.cli.common import fail, load_or_exit, out, print_json, state


def archive(
    file: Path = typer.Argument(..., help="Ärendefil (YAML)."),
    output: Path = typer.Option(..., "-o", "--output", help="Utfil (.zip)."),
    plain: bool = typer.Option(
        False,
        "--plain",
        help="En enkel ZIP med dokumenten och manifest.json/manifest.csv (för diarier som "
        "bara importerar filer) i stället för ett E-ARK-paket.",
    ),
    as_json: bool = typer.Option(False, "--json", help="Skriv resultatet som JSON."),
) -> None:
    """Paketera ärendet för e-arkivet: ett E-ARK SIP enligt FGS Paketstruktur 2.0 (METS,
    PREMIS) med beskrivning enligt FGS Ärendehantering 2.0 (CITS ERMS); beslutsunderlag,
    remissvar och protokollsutdrag som PDF/A och ärendefilen."""
    sv = state.lang == "sv"
    if output.suffix.lower() != ".zip":
        fail(
            [
                f"{output}: paketet skrivs som .zip"
                if sv
                else f"{output}: the package is written as .zip"
            ]
        )
    case = load_or_exit(file)
    started = time.perf_counter()
    from oversyn.documents.archive.contents import case_documents
    from oversyn.documents.archive.package import build_plain_zip, build_sip

    documents = case_documents(case, state.lang)
    data = (
        build_plain_zip(case, state.lang, documents)
        if plain
        else build_sip(case, state.lang, documents=documents)
    )
    try:
        output.write_bytes(data)
    except OSError as exc:
        fail([f"{output}: {exc.strerror or exc}"])
    seconds = time.perf_counter() - started
    kind = "zip" if plain else "e-ark-sip"
    if as_json:
        print_json(
            {
                "file": str(output),
                "format": kind,
                "documents": [
                    {
                        "name": d.name,
                        "type": d.kind,
                        "date": d.day.isoformat() if d.day else None,
                        "direction": d.direction,
                    }
                    for d in documents
                ],
                "seconds": round(seconds, 3),
            }
        )
        return
    what = (
        ("ZIP med manifest" if plain else "E-ARK SIP")
        if sv
        else ("ZIP with manifest" if plain else "E-ARK SIP")
    )
    done = "skapad" if sv else "written"
    out.print(
        f"[green]✓[/green] {output} {done}: {what}, {len(documents)} "
        f"{'dokument' if sv else 'documents'} ({seconds:.1f} s)",
        highlight=False,
    )
    for d in documents:
        out.print(f"  {d.name} ({d.kind})", highlight=False)


def template(
    file: Path = typer.Argument(..., help="Kommunens Word-mall (.docx)."),
    as_json: bool = typer.Option(False, "--json", help="Skriv resultatet som JSON."),
) -> None:
    """Visa vilka fält (innehållskontroller: dnr, datum, handlaggare, namnd, titel) en
    Word-mall har och vilka formatmallar som saknas och läggs till."""
    from oversyn.documents.word_template import inspect_template

    sv = state.lang == "sv"
    if not file.is_file():
        fail([f"{file}: mallen finns inte" if sv else f"{file}: no such template"])
    try:
        report = inspect_template(file)
    except ValueError as exc:
        fail(
            [
                f"{file}: kan inte läsas som Word-mall ({exc})"
                if sv
                else f"{file}: cannot be read as a Word template ({exc})"
            ]
        )
    if as_json:
        print_json(
            {
                "placeholders": report.placeholders,
                "controls": [
                    {"field": c.key, "name": c.name, "where": c.where} for c in report.controls
                ],
                "missing_styles": report.missing_styles,
                "font": report.font,
                "page_cm": report.page,
            }
        )
        return
    for line in report.lines(state.lang):
        out.print(line, highlight=False)


def register(app: typer.Typer) -> None:
    app.command()(archive)
    app.command()(template)
