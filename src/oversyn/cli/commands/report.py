"""`oversyn report`: the beslutsunderlag as DOCX, PDF or HTML."""

from __future__ import annotations

import time
from datetime import date, datetime
from pathlib import Path

import typer

from oversyn.cli.common import fail, load_or_exit, out, print_json, state
from oversyn.core.case import Case
from oversyn.core.errors import AlternativeError
from oversyn.documents.model import Document
from oversyn.documents.render_pdf import PDF_VARIANTS

FORMATS = {".docx": "docx", ".pdf": "pdf", ".html": "html", ".htm": "html"}


def report(
    file: Path = typer.Argument(..., help="Ärendefil (YAML)."),
    output: Path = typer.Option(
        ..., "-o", "--output", help="Utfil: .docx, .pdf eller .html (formatet väljs av ändelsen)."
    ),
    template: Path | None = typer.Option(
        None, "--template", help="Kommunens Word-mall (.docx) vars formatmallar används."
    ),
    alternative: str | None = typer.Option(
        None, "--alternative", help="Id för alternativet som föreslås i Förslag till beslut."
    ),
    extract: bool = typer.Option(
        False,
        "--extract",
        help="Skriv protokollsutdraget för ett beslut i ärendet i stället för beslutsunderlaget.",
    ),
    decision: str | None = typer.Option(
        None, "--decision", help="Id för beslutet som utdraget gäller (med --extract)."
    ),
    answer: str | None = typer.Option(
        None,
        "--answer",
        help="Remissinstansens id: skriv dess remissvar som egen tjänsteskrivelse.",
    ),
    remiss: str | None = typer.Option(
        None, "--remiss", help="Id för remissen som svaret gäller (med --answer)."
    ),
    pdf_variant: str = typer.Option(
        "ua",
        "--pdf-variant",
        help="PDF: ua = PDF/UA-1 (tillgänglig, standard), a2 = PDF/A-2a (arkiv), "
        "a3 = PDF/A-3a med Word-filen bifogad.",
    ),
    today: datetime | None = typer.Option(
        None,
        "--today",
        formats=["%Y-%m-%d"],
        help="Dagen tidsfrister bedöms mot (ÅÅÅÅ-MM-DD); standard: as_of, ärendets datum, i dag.",
    ),
    as_json: bool = typer.Option(False, "--json", help="Skriv resultatet som JSON."),
) -> None:
    """Skapa beslutsunderlaget (tjänsteskrivelse) som Word, PDF eller HTML; med --extract
    protokollsutdraget för ett beslut, med --answer en remissinstans remissvar."""
    sv = state.lang == "sv"
    kind = FORMATS.get(output.suffix.lower())
    if kind is None:
        fail(
            [
                f"{output}: okänd filändelse {output.suffix!r}; använd .docx, .pdf eller .html"
                if sv
                else f"{output}: unknown extension {output.suffix!r}; use .docx, .pdf or .html"
            ]
        )
    if pdf_variant not in PDF_VARIANTS:
        fail(
            [
                f"--pdf-variant {pdf_variant!r}: använd ua, a2 eller a3"
                if sv
                else f"--pdf-variant {pdf_variant!r}: use ua, a2 or a3"
            ]
        )
    if template is not None:
        if kind != "docx" and not (kind == "pdf" and pdf_variant == "a3"):
            fail(
                [
                    "--template gäller bara Word-utdata (.docx, och Word-filen i --pdf-variant a3)"
                    if sv
                    else "--template applies to Word output (.docx, and the Word file in "
                    "--pdf-variant a3) only"
                ]
            )
        if not template.is_file():
            fail([f"{template}: mallen finns inte" if sv else f"{template}: no such template"])
    case = load_or_exit(file)
    started = time.perf_counter()
    if answer is not None or remiss is not None:
        doc = _answer(file, case, answer, remiss, sv)
    elif extract or decision is not None:
        from oversyn.documents.process_sections import build_extract

        try:
            doc = build_extract(case, decision, alternative, state.lang)
        except KeyError:
            known = ", ".join(d.id for d in case.decisions)
            fail(
                [
                    (
                        f"{file}: beslutet {decision!r} finns inte; finns: {known}"
                        if decision is not None
                        else f"{file}: ärendet har inget beslut (decisions) att göra utdrag ur"
                    )
                    if sv
                    else (
                        f"{file}: decision {decision!r} does not exist; known: {known}"
                        if decision is not None
                        else f"{file}: the case has no decision (decisions) to extract"
                    )
                ]
            )
    else:
        doc = _build(file, case, alternative, sv, today.date() if today else None)
    _write(doc, output, kind, template, sv, pdf_variant)
    seconds = time.perf_counter() - started
    if as_json:
        print_json({"file": str(output), "format": kind, "seconds": round(seconds, 3)})
    else:
        done = "skapad" if sv else "written"
        out.print(f"[green]✓[/green] {output} {done} ({seconds:.1f} s)", highlight=False)


def _build(
    file: Path, case: Case, alternative: str | None, sv: bool, today: date | None
) -> Document:
    from oversyn.documents.build import build_document

    try:
        return build_document(case, alternative, state.lang, today)
    except KeyError:
        known = ", ".join(case.alternative_ids())
        fail(
            [
                f"{file}: alternativet {alternative!r} finns inte; finns: {known}"
                if sv
                else f"{file}: alternative {alternative!r} does not exist; known: {known}"
            ]
        )
    except AlternativeError as exc:
        fail([f"{file}: {exc.message(state.lang)}"])


def _answer(file: Path, case: Case, party: str | None, remiss: str | None, sv: bool) -> Document:
    from oversyn.documents.remiss_answer import answers, build_remiss_answer

    known = ", ".join(f"{p.id} ({r.id})" for r, p, _ in answers(case)) or "–"
    if party is None:
        fail(
            [
                f"--remiss kräver --answer REMISSINSTANS; svar finns från: {known}"
                if sv
                else f"--remiss needs --answer PARTY; answers exist from: {known}"
            ]
        )
    try:
        return build_remiss_answer(case, party, remiss, state.lang)
    except KeyError:
        fail(
            [
                f"{file}: inget remissvar från {party!r}"
                + (f" på remissen {remiss!r}" if remiss else "")
                + f"; svar finns från: {known}"
                if sv
                else f"{file}: no answer from {party!r}"
                + (f" to remiss {remiss!r}" if remiss else "")
                + f"; answers exist from: {known}"
            ]
        )


def _write(
    doc: Document,
    output: Path,
    kind: str,
    template: Path | None,
    sv: bool,
    pdf_variant: str = "ua",
) -> None:
    try:
        if kind == "docx":
            from oversyn.documents.render_docx import render_docx

            render_docx(doc, output, template)
        elif kind == "pdf":
            from oversyn.documents.render_pdf import render_pdf

            source = None
            if pdf_variant == "a3":  # the Word file goes inside the PDF/A-3 as its source
                from oversyn.documents.render_docx import render_docx

                source = render_docx(doc, None, template)
            render_pdf(
                doc,
                output,
                variant=pdf_variant,  # type: ignore[arg-type]
                docx=source,
                docx_name=output.with_suffix(".docx").name,
            )
        else:
            from oversyn.documents.render_html import render_html

            output.write_text(render_html(doc), encoding="utf-8")
    except OSError as exc:
        fail([f"{output}: {exc.strerror or exc}"])
    except Exception as exc:  # a broken template is the user's file: say so, do not trace
        if template is not None and kind in {"docx", "pdf"}:
            fail(
                [
                    f"{template}: kan inte användas som Word-mall ({exc})"
                    if sv
                    else f"{template}: cannot be used as a Word template ({exc})"
                ]
            )
        raise


def register(app: typer.Typer) -> None:
    app.command()(report)
