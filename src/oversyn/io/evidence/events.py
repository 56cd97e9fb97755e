"""Service records → shared persons, hand-offs and journeys, computed in DuckDB (or Spark).

The records are read and checked here (DuckDB); the figures are computed by the SQL of
:mod:`.sql`, which Spark runs unchanged (:mod:`.spark`, ``engine="spark"``).

Input: one row per service episode (insats), CSV or Parquet, with the columns

============  =========================================================  ========
canonical     accepted names (case-insensitive; ``--column`` overrides)  required
============  =========================================================  ========
person        person, person_id, personnyckel, pseudonym, lopnr, ...      yes
unit          unit, unit_id, enhet, enhet_id, enhetsid, verksamhet        yes
start         start, start_date, startdatum, fran, från, from_date, ...   yes
end           end, end_date, slutdatum, tom, till, to_date, ...           no
service       service, service_type, insats, insatstyp, tjanst, ...      no
============  =========================================================  ========

Dates are ISO ``ÅÅÅÅ-MM-DD``.  Without an end column every record is an event on its start date;
with one, an empty end date means the episode is still open.

Definitions (period ``[p0, p1]``; an episode is *in the period* when it overlaps it):

* **shared persons** ``S(a, b)`` = number of distinct persons with at least one episode in the
  period at unit ``a`` and one at unit ``b`` (``a ≠ b``, unordered pair);
* **hand-offs** ``H(a → b)`` = number of distinct persons with an episode at ``a`` that ends in
  the period on day ``e`` and an episode at ``b ≠ a`` that starts on day ``s`` with
  ``0 ≤ s − e ≤ N`` (``--handoff-days``); the unordered ``H(a, b)`` counts persons with a
  hand-off in either direction;
* **journeys**: each person's in-period episodes ordered by start date (then unit), consecutive
  repeats of the same unit collapsed; sequences of at least two units, counted in persons.

Disclosure control (primary cell suppression, as in official statistics): a count below
``min_count`` is replaced by ``None`` inside the SQL, so an exact small count never leaves
the engine; it is written as "< 5" and never used as a weight.  Only counts of persons per unit
pair or sequence leave DuckDB; person keys never do.

Why our own code: the aggregation *is* the product's edge (which persons count, hand-off window,
suppression); the heavy lifting — parsing, joins, grouping over millions of rows — is DuckDB's.
"""

from __future__ import annotations

import logging
import re
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Protocol

import duckdb

from oversyn.core.errors import OversynError
from oversyn.core.i18n import register_messages
from oversyn.io.evidence.sql import UID_BITS, Step, decode_steps, figure_steps, unit_steps
from oversyn.io.spreadsheet import NEEDS_PREFIX

COLUMNS = ("person", "unit", "start", "end", "service")
REQUIRED = ("person", "unit", "start")
log = logging.getLogger(__name__)

ALIASES: dict[str, tuple[str, ...]] = {
    "person": (
        "person",
        "person_id",
        "personid",
        "person_key",
        "personnyckel",
        "person_nyckel",
        "pseudonym",
        "lopnr",
        "löpnr",
        "lopnummer",
        "löpnummer",
        "individ",
        "klient",
        "klient_id",
    ),
    "unit": ("unit", "unit_id", "enhet", "enhet_id", "enhetsid", "enhets_id", "verksamhet"),
    "start": (
        "start",
        "start_date",
        "startdate",
        "startdatum",
        "fran",
        "från",
        "from",
        "from_date",
        "fromdatum",
        "datum_from",
        "datum",
    ),
    "end": (
        "end",
        "end_date",
        "enddate",
        "slut",
        "slutdatum",
        "tom",
        "till",
        "to",
        "to_date",
        "tomdatum",
        "datum_tom",
    ),
    "service": (
        "service",
        "service_type",
        "insats",
        "insatstyp",
        "insats_typ",
        "tjanst",
        "tjänst",
        "bistandstyp",
    ),
}

COLUMN_LABELS_SV = {
    "person": "personnyckel",
    "unit": "enhet",
    "start": "startdatum",
    "end": "slutdatum",
    "service": "insatstyp",
}

register_messages(
    {
        "ev_file_missing": ("Filen finns inte: {path}", "File not found: {path}"),
        "ev_empty": (
            "{path}: filen innehåller inga poster",
            "{path}: the file contains no records",
        ),
        "ev_unreadable": (
            "{path}: filen kan inte läsas som {fmt}: {problem}",
            "{path}: the file cannot be read as {fmt}: {problem}",
        ),
        "ev_missing_column": (
            "{path}: kolumnen för {label} saknas (godtagna namn: {accepted}; finns: {found}). "
            "Ange namnet med --column {col}=NAMN",
            "{path}: the column for {col} is missing (accepted names: {accepted}; found: "
            "{found}). Give its name with --column {col}=NAME",
        ),
        "ev_column_not_found": (
            "{path}: kolumnen {name!r} som angavs för {label} finns inte (finns: {found})",
            "{path}: the column {name!r} given for {col} does not exist (found: {found})",
        ),
        "ev_bad_date": (
            "{where}: ogiltigt datum {value!r} i kolumnen {column} (väntat ÅÅÅÅ-MM-DD); "
            "{count} rader har ogiltiga datum",
            "{where}: invalid date {value!r} in column {column} (expected YYYY-MM-DD); "
            "{count} rows have invalid dates",
        ),
        "ev_empty_value": (
            "{where}: tomt värde i kolumnen {column}; {count} rader saknar värde",
            "{where}: empty value in column {column}; {count} rows have no value",
        ),
        "ev_end_before_start": (
            "{where}: slutdatum {end} är före startdatum {start}; {count} rader har det felet",
            "{where}: end date {end} is before start date {start}; {count} rows have this error",
        ),
        "ev_bad_period": (
            "Ogiltig period {period!r}: ange t.ex. 2024, 2024-03 eller 2024-01/2024-06",
            "Invalid period {period!r}: give e.g. 2024, 2024-03 or 2024-01/2024-06",
        ),
        "ev_bad_min_count": (
            "Minsta cellstorlek måste vara minst 1, inte {value}",
            "The minimum cell size must be at least 1, not {value}",
        ),
        "ev_bad_column_option": (
            "Ogiltigt --column {value!r}: skriv t.ex. person=lopnr",
            "Invalid --column {value!r}: write e.g. person=lopnr",
        ),
    }
)


class EvidenceError(OversynError):
    """Problem with a records file or an option; the message says where (file:line, column)."""


# -- periods ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    label: str
    start: date
    end: date


def _month_end(year: int, month: int) -> date:
    if month == 12:
        return date(year, 12, 31)
    return date.fromordinal(date(year, month + 1, 1).toordinal() - 1)


def _period_bound(text: str, *, upper: bool) -> date:
    text = text.strip()
    if re.fullmatch(r"\d{4}", text):
        return date(int(text), 12, 31) if upper else date(int(text), 1, 1)
    if m := re.fullmatch(r"(\d{4})-(\d{2})", text):
        year, month = int(m[1]), int(m[2])
        return _month_end(year, month) if upper else date(year, month, 1)
    return date.fromisoformat(text)


def parse_period(text: str) -> Period:
    """``2024`` → 2024-01-01..2024-12-31; ``2024-03`` → March; ``A/B`` → from A's start to B's
    end (each a year, month or date)."""
    try:
        first, _, last = text.partition("/")
        start = _period_bound(first, upper=False)
        end = _period_bound(last or first, upper=True)
    except ValueError as exc:
        raise EvidenceError("ev_bad_period", period=text) from exc
    if end < start:
        raise EvidenceError("ev_bad_period", period=text)
    return Period(text, start, end)


# -- column mapping -----------------------------------------------------------------------------


def parse_column_options(values: list[str]) -> dict[str, str]:
    """``["person=lopnr", "unit=enhetskod"]`` → ``{"person": "lopnr", "unit": "enhetskod"}``."""
    mapping: dict[str, str] = {}
    for value in values:
        key, sep, name = value.partition("=")
        key = key.strip().lower()
        if not sep or key not in COLUMNS or not name.strip():
            raise EvidenceError("ev_bad_column_option", value=value)
        mapping[key] = name.strip()
    return mapping


def resolve_columns(
    found: list[str], overrides: dict[str, str] | None = None, path: str = ""
) -> dict[str, str]:
    """Map canonical column → the file's column name (absent optional columns are left out)."""
    overrides = overrides or {}
    by_lower = {name.strip().lower(): name for name in found}
    result: dict[str, str] = {}
    for col in COLUMNS:
        if col in overrides:
            wanted = overrides[col]
            if wanted.lower() not in by_lower:
                raise EvidenceError(
                    "ev_column_not_found",
                    path=path,
                    name=wanted,
                    col=col,
                    label=COLUMN_LABELS_SV[col],
                    found=", ".join(found),
                )
            result[col] = by_lower[wanted.lower()]
            continue
        match = next((by_lower[a] for a in ALIASES[col] if a in by_lower), None)
        if match is not None:
            result[col] = match
        elif col in REQUIRED:
            raise EvidenceError(
                "ev_missing_column",
                path=path,
                col=col,
                label=COLUMN_LABELS_SV[col],
                accepted=", ".join(ALIASES[col][:6]),
                found=", ".join(found) or "–",
            )
    return result


# -- results ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PairCount:
    """An aggregate cell: ``count`` is ``None`` when suppressed (fewer than ``min_count``)."""

    a: str
    b: str
    kind: str  # "shared_clients" or "handoffs"
    count: int | None
    a_to_b: int | None = None  # hand-offs only: directed counts (also suppressed)
    b_to_a: int | None = None


@dataclass(frozen=True)
class SequenceCount:
    steps: tuple[str, ...]
    count: int | None


@dataclass
class EvidenceResult:
    """Everything computed from one records file; only aggregates, already suppressed."""

    source: str
    period: Period
    min_count: int
    handoff_days: int
    records: int
    records_in_period: int
    persons_in_period: int
    units: list[str]
    pairs: list[PairCount] = field(default_factory=list)
    journeys: list[SequenceCount] = field(default_factory=list)
    unknown_units: list[tuple[str, int | None]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "period": {
                "label": self.period.label,
                "start": self.period.start.isoformat(),
                "end": self.period.end.isoformat(),
            },
            "min_count": self.min_count,
            "handoff_days": self.handoff_days,
            "records": self.records,
            "records_in_period": self.records_in_period,
            "persons_in_period": self.persons_in_period,
            "pairs": [p.__dict__ for p in self.pairs],
            "journeys": [{"steps": list(j.steps), "count": j.count} for j in self.journeys],
            "unknown_units": [{"unit": u, "records": n} for u, n in self.unknown_units],
        }


# -- reading ------------------------------------------------------------------------------------


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _source_sql(path: Path, dates: list[str] | None = None) -> tuple[str, str]:
    """The DuckDB table function for the file and a word for its format; for CSV, the columns
    ``dates`` are parsed as dates by the reader (fails on a bad date), the rest read as text."""
    literal = "'" + str(path).replace("'", "''") + "'"
    if path.suffix.lower() in (".parquet", ".pq"):
        return f"read_parquet({literal})", "Parquet"
    types = ""
    if dates:
        types = ", types = {" + ", ".join(f"{_literal(d)}: 'DATE'" for d in dates) + "}"
    return f"read_csv({literal}, header = true, all_varchar = true{types})", "CSV"


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def open_events(
    path: str | Path,
    columns: dict[str, str] | None = None,
    con: duckdb.DuckDBPyConnection | None = None,
) -> tuple[duckdb.DuckDBPyConnection, dict[str, str]]:
    """Load and check the records into the DuckDB table ``ev(person, unit, sday, eday)`` (days
    since 1970-01-01, as :mod:`.sql` expects); raise :class:`EvidenceError` with file, line
    and column for bad data.

    The file is read once: each row is parsed into typed columns plus a flag ``bad`` (empty
    key, invalid date, end before start), so raw text never stays in memory.  Only when a row
    is bad is the file read again, in order, to say which line and what is wrong
    (:func:`_locate_errors`).  The ``service`` column is recognised but not loaded: no figure
    uses it.
    """
    path = Path(path)
    if not path.is_file():
        raise EvidenceError("ev_file_missing", path=str(path))
    if path.stat().st_size == 0:
        raise EvidenceError("ev_empty", path=str(path))
    con = con or duckdb.connect()
    con.execute("SET enable_progress_bar = false")
    source, fmt = _source_sql(path)
    try:
        found = [row[0] for row in con.execute(f"DESCRIBE SELECT * FROM {source}").fetchall()]
    except duckdb.Error as exc:
        problem = str(exc).splitlines()[0]
        raise EvidenceError("ev_unreadable", path=str(path), fmt=fmt, problem=problem) from exc
    mapping = resolve_columns(found, columns, str(path))
    is_csv = fmt == "CSV"
    bad = " OR ".join(f"({c})" for c in _checks(mapping, is_csv=is_csv).values())
    # row order is irrelevant for the figures; not keeping it saves memory and time
    con.execute("SET preserve_insertion_order = false")
    date_cols = [mapping[c] for c in ("start", "end") if c in mapping]
    # Fast path: dates parsed by the reader (CSV) or already DATE (Parquet), not cast from
    # text.  A CSV with any bad date makes the reader fail: then the text path below, which
    # flags each bad row, is taken.
    if is_csv:
        attempts = [(_source_sql(path, date_cols)[0], set(date_cols)), (source, set())]
    else:
        types = dict(
            con.execute(
                f"SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM {source})"
            ).fetchall()
        )
        attempts = [(source, {c for c in date_cols if types.get(c) == "DATE"})]
    for number, (read, typed) in enumerate(attempts, start=1):
        parsed = _parsed_columns(mapping, is_csv=is_csv, typed=typed)
        try:
            _timed(
                con,
                "load",
                f"""CREATE OR REPLACE TEMP TABLE ev AS
                    SELECT person, unit,
                           CAST(start - DATE '1970-01-01' AS INTEGER) AS sday,
                           CAST("end" - DATE '1970-01-01' AS INTEGER) AS eday,
                           ({bad}) AS bad
                    FROM (SELECT {parsed} FROM {read})""",
            )
            break
        except duckdb.Error:
            if number == len(attempts):
                raise
    row = _timed(con, "check", "SELECT count(*), count_if(bad) FROM ev").fetchone()
    assert row is not None
    if row[0] == 0:
        raise EvidenceError("ev_empty", path=str(path))
    if row[1]:
        _locate_errors(con, path, source, mapping, is_csv=fmt == "CSV")
    return con, mapping


def _parsed_columns(mapping: dict[str, str], *, is_csv: bool, typed: set[str] | None = None) -> str:
    """SELECT list: typed person, unit, start, end, and the raw date texts for the checks.
    Columns in ``typed`` are dates already (then a missing value is NULL and never bad)."""
    typed = typed or set()

    def text(col: str) -> str:
        if is_csv:  # and undo the apostrophe of oversyn.io.spreadsheet.csv_text
            return (
                f"regexp_replace(trim({_quote(mapping[col])}), "
                f"{_literal('^' + chr(39) + '(' + NEEDS_PREFIX[1:] + ')')}, '\\1')"
            )
        return f"CAST({_quote(mapping[col])} AS VARCHAR)"

    def as_date(col: str) -> str:
        if mapping[col] in typed:
            return _quote(mapping[col])
        return f"try_cast({text(col)} AS DATE)"

    person = text("person") if is_csv else _quote(mapping["person"])
    end_sql = as_date("end") if "end" in mapping else as_date("start")
    end_raw = "NULL" if "end" not in mapping or mapping["end"] in typed else text("end")
    return (
        f"{person} AS person, {text('unit')} AS unit, {as_date('start')} AS start, "
        f'{end_sql} AS "end", {text("start")} AS start_raw, {end_raw} AS end_raw'
    )


def _checks(mapping: dict[str, str], *, is_csv: bool) -> dict[str, str]:
    """Conditions that make a row bad, in the order they are reported."""
    person_empty = "person IS NULL" + (" OR person = ''" if is_csv else "")
    end_bad = "end_raw IS NOT NULL AND end_raw <> '' AND \"end\" IS NULL"
    return {
        "person": person_empty,
        "unit": "unit IS NULL OR unit = ''",
        "start": "start IS NULL",
        "end": end_bad if "end" in mapping else "false",
        "order": '"end" < start',
    }


def _locate_errors(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    source: str,
    mapping: dict[str, str],
    *,
    is_csv: bool,
) -> None:
    """Read the file again in order and raise the first error kind, with its first line."""
    con.execute("SET preserve_insertion_order = true")
    parsed = _parsed_columns(mapping, is_csv=is_csv)
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE ev_raw AS
            SELECT row_number() OVER () AS rn, * FROM (SELECT {parsed} FROM {source})"""
    )
    checks = _checks(mapping, is_csv=is_csv)
    row0 = con.execute(
        "SELECT " + ", ".join(f"count_if({c})" for c in checks.values()) + " FROM ev_raw"
    ).fetchone()
    assert row0 is not None
    bad = dict(zip(checks, row0, strict=True))

    def where(kind: str) -> tuple[int, str, dict[str, Any]] | None:
        count = int(bad[kind])
        if not count:
            return None
        row = con.execute(
            f"SELECT rn, start_raw, end_raw FROM ev_raw WHERE {checks[kind]} ORDER BY rn LIMIT 1"
        ).fetchone()
        assert row is not None
        line = int(row[0]) + 1 if is_csv else int(row[0])
        label = f"{path}:{line}" if is_csv else f"{path} (rad {line})"
        return count, label, {"start": row[1], "end": row[2]}

    for col in ("person", "unit"):
        hit = where(col)
        if hit:
            raise EvidenceError("ev_empty_value", where=hit[1], column=mapping[col], count=hit[0])
    hit = where("start")
    if hit:
        raise EvidenceError(
            "ev_bad_date",
            where=hit[1],
            value=hit[2]["start"] or "",
            column=mapping["start"],
            count=hit[0],
        )
    hit = where("end")
    if hit:
        raise EvidenceError(
            "ev_bad_date", where=hit[1], value=hit[2]["end"], column=mapping["end"], count=hit[0]
        )
    hit = where("order")
    if hit:
        raise EvidenceError(
            "ev_end_before_start",
            where=hit[1],
            start=hit[2]["start"],
            end=hit[2]["end"],
            count=hit[0],
        )
    raise AssertionError("a bad row was flagged but no check found it")  # pragma: no cover


def _timed(
    con: duckdb.DuckDBPyConnection, label: str, sql: str, params: list[Any] | None = None
) -> duckdb.DuckDBPyConnection:
    """Run one statement and log its wall time (``logging`` DEBUG; the benchmark shows it)."""
    started = time.perf_counter()
    result = con.execute(sql, params or [])
    log.debug("%-10s %6.2f s", label, time.perf_counter() - started)
    return result


def compute_evidence(
    path: str | Path,
    *,
    period: str | None = None,
    min_count: int = 5,
    handoff_days: int = 30,
    columns: dict[str, str] | None = None,
    known_units: set[str] | None = None,
    max_journeys: int = 20,
    source: str | None = None,
    engine: str = "duckdb",
    master: str | None = None,
    progress: Progress | None = None,
) -> EvidenceResult:
    """Shared persons, hand-offs and journeys from a records file (see module docstring),
    computed by the statements of :mod:`.sql` on ``engine``: "duckdb" (this process) or
    "spark" (PySpark, ``master`` e.g. ``local[2]`` or ``spark://host:7077``; see
    docs/evidence.md for when to choose which).

    Hand example (tests/io/test_events.py): persons P1 at A and B, P2 at A, B and C, P3 at A
    only → S(A, B) = 2, S(A, C) = S(B, C) = 1.
    """
    if min_count < 1:
        raise EvidenceError("ev_bad_min_count", value=min_count)
    if engine == "spark":
        from oversyn.io.evidence.spark import compute_evidence_spark

        return compute_evidence_spark(
            path,
            period=period,
            min_count=min_count,
            handoff_days=handoff_days,
            columns=columns,
            known_units=known_units,
            max_journeys=max_journeys,
            source=source,
            master=master,
        )
    if engine != "duckdb":
        raise ValueError(f"unknown engine {engine!r}")
    if progress is not None:
        progress(0.0, "load")
    con, _mapping = open_events(path, columns)
    try:
        return evidence_from_table(
            DuckDBRunner(con),
            progress=progress,
            period=period,
            min_count=min_count,
            handoff_days=handoff_days,
            known_units=known_units,
            max_journeys=max_journeys,
            source=source or Path(path).name,
        )
    finally:
        con.close()


EPOCH = date(1970, 1, 1)


def _day(d: date) -> int:
    return (d - EPOCH).days


def _date(day: int) -> date:
    return date.fromordinal(EPOCH.toordinal() + int(day))


class DuckDBRunner:
    """Runs :class:`~oversyn.io.evidence.sql.Step` s on a DuckDB connection (temp tables)."""

    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self.con = con

    def run(self, step: Step) -> list[tuple[Any, ...]]:
        if step.fetch:
            return _timed(self.con, step.name, step.sql).fetchall()
        _timed(self.con, step.name, f"CREATE OR REPLACE TEMP TABLE {step.name} AS {step.sql}")
        return []

    def drop(self, name: str) -> None:
        self.con.execute(f"DROP TABLE IF EXISTS {name}")


class Progress(Protocol):
    def __call__(self, fraction: float, step: str) -> None: ...


class Runner(Protocol):
    def run(self, step: Step) -> list[tuple[Any, ...]]: ...

    def drop(self, name: str) -> None: ...


def evidence_from_table(
    runner: Runner,
    *,
    period: str | None,
    min_count: int,
    handoff_days: int,
    known_units: set[str] | None,
    max_journeys: int,
    source: str,
    progress: Progress | None = None,
) -> EvidenceResult:
    """The figures from the engine's table ``ev(person, unit, sday, eday)``, by the statements
    of :mod:`.sql` — the same for every engine.  ``progress(fraction, step)`` is called before
    each step (0.3 after loading, up to 1.0); it may raise to stop the computation."""
    if progress is not None:
        progress(0.3, "units")
    row = runner.run(
        Step("span", "SELECT count(*), min(sday), max(coalesce(eday, sday)) FROM ev", True)
    )[0]
    records = int(row[0])
    if period is None:
        first, last = _date(row[1]), _date(row[2])
        p = Period(f"{first.isoformat()}/{last.isoformat()}", first, last)
    else:
        p = parse_period(period)
    p0, p1 = _day(p.start), _day(p.end)
    steps = {step.name: step for step in unit_steps(p0, p1, min_count)}
    runner.run(steps["un"])
    unit_rows = runner.run(steps["units"])
    if len(unit_rows) >= UID_BITS:  # the journey arrays pack uid in 20 bits
        raise ValueError("more than a million distinct units")
    names = {int(uid): unit for uid, unit, _n, _np in unit_rows}
    units = [unit for _uid, unit, _n, np_ in unit_rows if np_]
    # min <> max over the units' hashes is much cheaper than over strings; exact unless two
    # unit names share a hash, which is checked (then the names are compared)
    hash_key = int(runner.run(steps["hashes"])[0][0]) == len(unit_rows)
    figures = figure_steps(
        p0,
        p1,
        min_count=min_count,
        handoff_days=handoff_days,
        max_journeys=max_journeys,
        hash_key=hash_key,
    )
    fetched: dict[str, list[tuple[Any, ...]]] = {}
    for number, step in enumerate(figures):
        if progress is not None:
            progress(0.35 + 0.6 * number / len(figures), step.name)
        fetched[step.name] = runner.run(step)
        if step.name == "em":
            runner.drop("pp")
    persons, in_period_records = (int(v) for v in fetched["totals"][0])
    pairs = [
        PairCount(names[int(a)], names[int(b)], "shared_clients", _int(n))
        for a, b, n in fetched["shared"]
    ]
    pairs += [
        PairCount(names[int(a)], names[int(b)], "handoffs", _int(n), _int(ab), _int(ba))
        for a, b, n, ab, ba in fetched["handoffs"]
    ]
    journeys = [
        SequenceCount(tuple(names[u] for u in decode_steps(list(steps_))), _int(n))
        for steps_, n in fetched["journeys"]
    ]
    unknown: list[tuple[str, int | None]] = []
    if known_units is not None:
        unknown = [(unit, _int(n)) for _uid, unit, n, _np in unit_rows if unit not in known_units]
    return EvidenceResult(
        source=source,
        period=p,
        min_count=min_count,
        handoff_days=handoff_days,
        records=records,
        records_in_period=in_period_records,
        persons_in_period=persons,
        units=units,
        pairs=pairs,
        journeys=journeys,
        unknown_units=unknown,
    )


def _int(value: Any) -> int | None:
    return None if value is None else int(value)


def file_columns(path: str | Path) -> list[str]:
    """The column names of a records file (CSV header or Parquet schema), read without
    loading the rows; :class:`EvidenceError` if the file cannot be read."""
    path = Path(path)
    if not path.is_file():
        raise EvidenceError("ev_file_missing", path=str(path))
    if path.stat().st_size == 0:
        raise EvidenceError("ev_empty", path=str(path))
    source, fmt = _source_sql(path)
    con = duckdb.connect()
    try:
        return [row[0] for row in con.execute(f"DESCRIBE SELECT * FROM {source}").fetchall()]
    except duckdb.Error as exc:
        problem = str(exc).splitlines()[0]
        raise EvidenceError("ev_unreadable", path=str(path), fmt=fmt, problem=problem) from exc
    finally:
        con.close()


def suggest_columns(found: list[str]) -> dict[str, str]:
    """The likely column for each canonical name (by the accepted names), without failing."""
    by_lower = {name.strip().lower(): name for name in found}
    suggestion: dict[str, str] = {}
    for col in COLUMNS:
        match = next((by_lower[a] for a in ALIASES[col] if a in by_lower), None)
        if match is not None:
            suggestion[col] = match
    return suggestion
