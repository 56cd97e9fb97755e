"""interactions, import-evidence, synth-events, optimize: evidence from data and design search."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.table import Table

from oversyn.cli.common import fail, load_or_exit, out, print_json, state
from oversyn.core.case import Case
from oversyn.core.fmt import format_number
from oversyn.core.optimize.design import (
    Constraints,
    DesignError,
    build_design,
    solve_design,
    to_alternative,
)
from oversyn.io.casefile import write_case
from oversyn.io.evidence.aggregate import (
    read_interactions_csv,
    read_journeys_csv,
    suppressed_text,
    with_evidence,
    write_interactions_csv,
    write_journeys_csv,
)
from oversyn.io.evidence.events import EvidenceError, compute_evidence, parse_column_options
from oversyn.io.evidence.synth import synth_events, write_events

SV = {"sv": True, "en": False}


def _say(sv: str, en: str) -> str:
    return sv if state.lang == "sv" else en


def _import_into(
    case: Case,
    interactions_csv: Path | None,
    journeys_csv: Path | None,
    kinds: list[str],
    target: Path,
) -> None:
    interactions = journeys = None
    notes = []
    if interactions_csv is not None:
        interactions, skipped = read_interactions_csv(interactions_csv, kinds)
        if skipped:
            notes.append(
                _say(
                    f"{skipped} undertryckta celler lästes inte in som vikter.",
                    f"{skipped} suppressed cells were not read as weights.",
                )
            )
    if journeys_csv is not None:
        journeys, skipped = read_journeys_csv(journeys_csv)
        if skipped:
            notes.append(
                _say(
                    f"{skipped} undertryckta kedjor lästes inte in.",
                    f"{skipped} suppressed journeys were not read.",
                )
            )
    new_case, unknown = with_evidence(case, interactions, journeys)
    if unknown:
        notes.append(
            _say(
                "Lämnades utanför eftersom ärendet inte känner enheterna: ",
                "Left out because the case does not know the units: ",
            )
            + ", ".join(unknown)
        )
    write_case(new_case, target)
    for note in notes:
        out.print(note, highlight=False)
    out.print(
        _say(
            f"Skrev {target}: {len(new_case.interactions)} samverkansposter, "
            f"{len(new_case.journeys)} kedjor.",
            f"Wrote {target}: {len(new_case.interactions)} interactions, "
            f"{len(new_case.journeys)} journeys.",
        ),
        highlight=False,
    )


def interactions(
    events: Path = typer.Argument(..., help="Insatsposter (CSV eller Parquet)."),
    output: Path = typer.Option(..., "-o", "--output", help="Aggregerad samverkans-CSV."),
    min_count: int = typer.Option(5, "--min-count", help="Minsta cellstorlek (röjandeskydd)."),
    period: str | None = typer.Option(None, "--period", help="T.ex. 2024 eller 2024-01/2024-06."),
    handoff_days: int = typer.Option(
        30, "--handoff-days", help="Överlämning: ny insats inom så många dagar."
    ),
    column: list[str] = typer.Option(
        [], "--column", help="Kolumnnamn, t.ex. --column person=lopnr (upprepas)."
    ),
    case_file: Path | None = typer.Option(
        None, "--case", help="Ärendefil: rapportera enheter som ärendet inte känner."
    ),
    journeys_out: Path | None = typer.Option(
        None, "--journeys-out", help="Skriv de vanligaste kedjorna till denna CSV."
    ),
    max_journeys: int = typer.Option(20, "--max-journeys", help="Antal kedjor att skriva."),
    source: str | None = typer.Option(None, "--source", help="Källa, t.ex. 'Treserva 2024'."),
    estimated: bool = typer.Option(
        False, "--estimated", help="Markera siffrorna som uppskattade (t.ex. syntetiska data)."
    ),
    write_case_to: Path | None = typer.Option(
        None, "--write-case", help="Skriv ärendet (--case) med de nya siffrorna hit."
    ),
    kinds: list[str] = typer.Option(
        ["shared_clients"], "--kind", help="Slag som läses in i ärendet (shared_clients, handoffs)."
    ),
    engine: str = typer.Option(
        "duckdb", "--engine", help="duckdb (denna dator) eller spark (kluster; kräver [spark])."
    ),
    master: str | None = typer.Option(
        None, "--master", help="Spark-master, t.ex. local[4] eller spark://värd:7077."
    ),
    as_json: bool = typer.Option(False, "--json", help="Skriv resultatet som JSON."),
) -> None:
    """Samverkan mellan enheter ur insatsposter: gemensamma personer och överlämningar."""
    case = load_or_exit(case_file) if case_file else None
    if write_case_to is not None and case is None:
        fail([_say("--write-case kräver --case", "--write-case needs --case")])
    if engine not in ("duckdb", "spark"):
        fail([_say(f"Okänd motor {engine!r} (duckdb, spark)", f"Unknown engine {engine!r}")])
    if master is not None and engine != "spark":
        fail([_say("--master kräver --engine spark", "--master needs --engine spark")])
    try:
        result = compute_evidence(
            events,
            period=period,
            min_count=min_count,
            handoff_days=handoff_days,
            columns=parse_column_options(column),
            known_units={u.id for u in case.baseline.units} if case else None,
            max_journeys=max_journeys,
            source=source,
            engine=engine,
            master=master,
        )
    except EvidenceError as exc:
        fail([exc.message(state.lang)])
    label = source or f"registerdata ({events.name})"
    write_interactions_csv(result, output, source=label, estimated=estimated)
    names = {u.id: u.name for u in case.baseline.units} if case else None
    if journeys_out is not None:
        write_journeys_csv(result, journeys_out, source=label, estimated=estimated, names=names)
    if as_json:
        print_json({**result.as_dict(), "output": str(output)})
    else:
        table = Table(title=_say("Samverkan ur insatsposter", "Interactions from records"))
        for head in ("A", "B", _say("Slag", "Kind"), _say("Personer", "Persons")):
            table.add_column(head)
        for pair in result.pairs[:30]:
            count = (
                suppressed_text(min_count)
                if pair.count is None
                else format_number(pair.count, 0, state.lang)
            )
            table.add_row(pair.a, pair.b, pair.kind, count)
        out.print(table)
        out.print(
            _say(
                f"{result.records} poster, {result.records_in_period} i perioden "
                f"{result.period.label}, {result.persons_in_period} personer. "
                f"Celler under {min_count} är undertryckta. Skrev {output}.",
                f"{result.records} records, {result.records_in_period} in the period "
                f"{result.period.label}, {result.persons_in_period} persons. "
                f"Cells below {min_count} are suppressed. Wrote {output}.",
            ),
            highlight=False,
        )
    if result.unknown_units:
        listed = ", ".join(
            f"{u} ({suppressed_text(min_count) if n is None else n})"
            for u, n in result.unknown_units
        )
        out.print(
            _say(
                f"[yellow]VARNING[/] Enheter i data som ärendet inte känner (poster): {listed}",
                f"[yellow]WARNING[/] Units in the data unknown to the case (records): {listed}",
            ),
            highlight=False,
        )
    if case is not None and write_case_to is not None:
        _import_into(case, output, journeys_out, kinds, write_case_to)


def import_evidence(
    file: Path = typer.Argument(..., help="Ärendefil (YAML)."),
    interactions_csv: Path | None = typer.Option(
        None, "--interactions", help="Aggregerad samverkans-CSV."
    ),
    journeys_csv: Path | None = typer.Option(None, "--journeys", help="Kedje-CSV."),
    kinds: list[str] = typer.Option(["shared_clients"], "--kind", help="Slag att läsa in."),
    output: Path = typer.Option(..., "-o", "--output", help="Ny ärendefil."),
) -> None:
    """Läs in aggregerad samverkan och kedjor (CSV) i en ärendefil; ersätter de gamla."""
    case = load_or_exit(file)
    try:
        _import_into(case, interactions_csv, journeys_csv, kinds, output)
    except EvidenceError as exc:
        fail([exc.message(state.lang)])


def synth_events_command(
    file: Path = typer.Argument(..., help="Ärendefil (YAML) vars enheter och kedjor används."),
    persons: int = typer.Option(1000, "--persons", help="Antal syntetiska personer."),
    seed: int = typer.Option(1, "--seed", help="Slumpfrö."),
    year: int = typer.Option(2024, "--year", help="År som posterna gäller."),
    output: Path = typer.Option(..., "-o", "--output", help="Fil (.csv eller .parquet)."),
) -> None:
    """Syntetiska insatsposter för test och demonstration (inga verkliga data)."""
    case = load_or_exit(file)
    table = synth_events(case, persons, seed, year)
    write_events(table, output)
    out.print(
        _say(
            f"Skrev {table.num_rows} syntetiska poster för {persons} personer till {output}.",
            f"Wrote {table.num_rows} synthetic records for {persons} persons to {output}.",
        ),
        highlight=False,
    )


def _pairs(values: list[str], what: str) -> list[list[str]]:
    groups = [[v.strip() for v in value.split(",") if v.strip()] for value in values]
    for group in groups:
        if len(group) < 2:
            fail([_say(f"{what} kräver minst två enheter: a,b", f"{what} needs two units: a,b")])
    return groups


def _mapping(values: list[str], what: str, number: bool) -> dict[str, str | float]:
    result: dict[str, str | float] = {}
    for value in values:
        key, sep, val = value.partition("=")
        if not sep:
            fail(
                [_say(f"{what} skrivs NYCKEL=VÄRDE: {value!r}", f"{what} is KEY=VALUE: {value!r}")]
            )
        try:
            result[key.strip()] = float(val.replace(",", ".")) if number else val.strip()
        except ValueError:
            fail([_say(f"{what}: {val!r} är inte ett tal", f"{what}: {val!r} is not a number")])
    return result


def optimize(
    file: Path = typer.Argument(..., help="Ärendefil (YAML)."),
    administrations: int | None = typer.Option(
        None,
        "--administrations",
        help="Antal förvaltningar (standard: som i nuläget; färre slår ihop, fler delar).",
    ),
    level: int = typer.Option(1, "--level", help="Enhetsnivå som flyttas (1 = högsta)."),
    time_limit: float = typer.Option(10.0, "--time-limit", help="Tidsgräns i sekunder."),
    max_moves: int | None = typer.Option(None, "--max-moves", help="Högst så många flyttar."),
    together: list[str] = typer.Option([], "--together", help="Enheter som ska vara i samma."),
    apart: list[str] = typer.Option([], "--apart", help="Enheter som ska vara åtskilda: a,b."),
    fix: list[str] = typer.Option([], "--fix", help="Låst enhet: enhet=förvaltning."),
    min_fte: list[str] = typer.Option([], "--min-fte", help="förvaltning=minsta årsarbetare."),
    max_fte: list[str] = typer.Option([], "--max-fte", help="förvaltning=högsta årsarbetare."),
    no_legal: bool = typer.Option(
        False, "--no-legal", help="Kräv inte att myndighetsutövning täcks av reglementet."
    ),
    balance_weight: float = typer.Option(
        0.05, "--balance-weight", help="Straff per årsarbetare ökad obalans."
    ),
    move_cost: float = typer.Option(1.0, "--move-cost", help="Kostnad per flyttad enhet."),
    method: str = typer.Option("auto", "--method", help="auto, exact, cpsat eller heuristic."),
    write_case_to: Path | None = typer.Option(
        None, "--write-case", help="Skriv ärendet med förslaget som alternativ hit."
    ),
    as_json: bool = typer.Option(False, "--json", help="Skriv resultatet som JSON."),
) -> None:
    """Föreslå en fördelning av enheter på förvaltningar som minskar samverkan över gränserna."""
    case = load_or_exit(file)
    if method not in ("auto", "exact", "cpsat", "heuristic"):
        fail([_say(f"Okänd metod {method!r}", f"Unknown method {method!r}")])
    apart_pairs = _pairs(apart, "--apart")
    constraints = Constraints(
        together=_pairs(together, "--together"),
        apart=[(g[0], g[1]) for g in apart_pairs],
        fixed={k: str(v) for k, v in _mapping(fix, "--fix", False).items()},
        min_fte={k: float(v) for k, v in _mapping(min_fte, "--min-fte", True).items()},
        max_fte={k: float(v) for k, v in _mapping(max_fte, "--max-fte", True).items()},
        max_moves=max_moves,
        legal=not no_legal,
        balance_weight=balance_weight,
        move_cost=move_cost,
    )
    try:
        design = build_design(case, administrations, level, constraints)
        solution = solve_design(design, time_limit=time_limit, method=method)
    except DesignError as exc:
        fail([exc.message(state.lang)])
    except ValueError as exc:
        fail([_say(f"Villkoren går inte ihop: {exc}", f"The constraints conflict: {exc}")])
    if not solution.assignment:
        fail([_say("Ingen lösning uppfyller villkoren.", "No solution satisfies the constraints.")])
    alternative, summary = to_alternative(case, design, solution)
    if not summary["feasible"]:
        fail(
            [
                _say(
                    "Ingen lösning som uppfyller alla villkor hittades: ",
                    "No solution meeting every constraint was found: ",
                )
                + ", ".join(str(v) for v in summary["violations"])  # type: ignore[attr-defined]
            ]
        )
    if as_json:
        print_json(
            {
                "alternative": alternative.model_dump(mode="json", exclude_defaults=True),
                "summary": summary,
            }
        )
    else:
        out.print(f"[bold]{alternative.name}[/bold]")
        out.print(alternative.description, highlight=False)
    if write_case_to is not None:
        existing = [a for a in case.alternatives if a.id != alternative.id]
        new_case = case.model_copy(update={"alternatives": [*existing, alternative]})
        write_case(new_case, write_case_to)
        if not as_json:
            out.print(_say(f"Skrev {write_case_to}.", f"Wrote {write_case_to}."))


def register(app: typer.Typer) -> None:
    app.command()(interactions)
    app.command("import-evidence")(import_evidence)
    app.command("synth-events")(synth_events_command)
    app.command()(optimize)
