"""The same interaction and journey computation on Apache Spark (``--engine spark``).

Spark reads the records (Parquet or CSV, a file or a directory of part files, on local disk
or wherever the cluster reads: ``hdfs://``, ``s3a://`` …), makes the table
``ev(person, unit, sday, eday)`` and runs the statements of :mod:`.sql` — the very ones DuckDB
runs — as Spark SQL; every intermediate table is a cached temporary view.  Only the
aggregates (already suppressed) come back to the driver.

PySpark is an optional dependency (``pip install oversyn[spark]``) and needs Java 17.  A
session is made per call unless one is passed (tests share one per module); ``master`` is
e.g. ``local[2]`` (this machine, two cores) or ``spark://host:7077``.

Checks: the same columns are recognised (:func:`~.events.resolve_columns`) and a bad row
(empty key, invalid date, end before start) is an :class:`EvidenceError`; a local file is then
read again by DuckDB to say which line (Spark's reading is distributed and has no line
numbers), otherwise the message gives the first bad value and the count.
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from oversyn.core.i18n import register_messages
from oversyn.io.evidence.events import (
    EvidenceError,
    EvidenceResult,
    evidence_from_table,
    log,
    open_events,
    resolve_columns,
)
from oversyn.io.evidence.sql import Step

if TYPE_CHECKING:
    from pyspark.sql import DataFrame, SparkSession

register_messages(
    {
        "ev_no_spark": (
            "Spark saknas: installera det med pip install 'oversyn[spark]' (kräver Java 17)",
            "Spark is missing: install it with pip install 'oversyn[spark]' (needs Java 17)",
        ),
    }
)


def spark_session(master: str | None = None, app: str = "oversyn-interactions") -> SparkSession:
    """A Spark session for the computation (quiet, no web UI; few shuffle partitions on a
    local master, where Spark's default of 200 only adds overhead)."""
    try:
        from pyspark.sql import SparkSession
    except ImportError as exc:  # pragma: no cover - depends on the installation
        raise EvidenceError("ev_no_spark") from exc
    builder = SparkSession.builder.appName(app).config("spark.ui.enabled", "false")
    builder = builder.config("spark.sql.ansi.enabled", "false")  # bad dates → NULL, then checked
    builder = builder.config("spark.sql.session.timeZone", "UTC")
    master = master or "local[*]"
    builder = builder.master(master)
    if master.startswith("local"):
        # one shuffle partition per core: more only adds tasks on one machine
        cores = master[len("local[") : -1] if master.startswith("local[") else ""
        partitions = int(cores) if cores.isdigit() else (os.cpu_count() or 2)
        builder = builder.config("spark.sql.shuffle.partitions", str(max(2, partitions)))
        builder = builder.config("spark.driver.memory", "2g")
    session = builder.getOrCreate()
    session.sparkContext.setLogLevel("ERROR")
    return session


class SparkRunner:
    """Runs :class:`~oversyn.io.evidence.sql.Step` s as Spark SQL (cached temp views)."""

    def __init__(self, spark: SparkSession) -> None:
        self.spark = spark
        self.cached: dict[str, DataFrame] = {}

    def run(self, step: Step) -> list[tuple[Any, ...]]:
        started = time.perf_counter()
        frame = self.spark.sql(step.sql)
        if step.fetch:
            rows = [tuple(row) for row in frame.collect()]
        else:
            frame = frame.cache()
            frame.count()  # materialise now: the next steps read the cache, the log is per step
            frame.createOrReplaceTempView(step.name)
            self.cached[step.name] = frame
            rows = []
        log.debug("%-10s %6.2f s (spark)", step.name, time.perf_counter() - started)
        return rows

    def drop(self, name: str) -> None:
        frame = self.cached.pop(name, None)
        if frame is not None:
            frame.unpersist()
        self.spark.catalog.dropTempView(name)

    def close(self) -> None:
        for name in list(self.cached):
            self.drop(name)
        self.spark.catalog.dropTempView("ev")


def _read(spark: SparkSession, path: str) -> DataFrame:
    lower = path.lower().rstrip("/")
    if lower.endswith((".csv", ".csv.gz", ".txt")):
        return spark.read.option("header", "true").option("inferSchema", "false").csv(path)
    return spark.read.parquet(path)


def _quote(name: str) -> str:
    return "`" + name.replace("`", "``") + "`"


def load_events_spark(
    spark: SparkSession, path: str | Path, columns: dict[str, str] | None = None
) -> None:
    """Make the temp view ``ev(person, unit, sday, eday)`` from the records; raise
    :class:`EvidenceError` for missing columns and bad rows (module docstring)."""
    text = str(path)
    local = Path(text)
    if "://" not in text and not local.exists():
        raise EvidenceError("ev_file_missing", path=text)
    try:
        raw = _read(spark, text)
    except Exception as exc:  # Spark raises AnalysisException and Java errors alike
        problem = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        fmt = "CSV" if text.lower().endswith(".csv") else "Parquet"
        raise EvidenceError("ev_unreadable", path=text, fmt=fmt, problem=problem) from exc
    mapping = resolve_columns(list(raw.columns), columns, text)
    raw.createOrReplaceTempView("ev_source")

    def as_text(col: str) -> str:
        return f"trim(CAST({_quote(mapping[col])} AS STRING))"

    def as_day(col: str) -> str:
        return f"datediff(to_date({_quote(mapping[col])}), DATE '1970-01-01')"

    end_day = as_day("end") if "end" in mapping else as_day("start")
    end_text = as_text("end") if "end" in mapping else "NULL"
    typed = spark.sql(
        f"""SELECT {as_text("person")} AS person, {as_text("unit")} AS unit,
                   {as_day("start")} AS sday, {end_day} AS eday, {end_text} AS end_raw,
                   {as_text("start")} AS start_raw
            FROM ev_source"""
    )
    typed.createOrReplaceTempView("ev_typed")
    checks = {
        "person": "person IS NULL OR person = ''",
        "unit": "unit IS NULL OR unit = ''",
        "start": "sday IS NULL",
        "end": "end_raw IS NOT NULL AND end_raw <> '' AND eday IS NULL",
        "order": "eday < sday",
    }
    counts = spark.sql(
        "SELECT count(*), "
        + ", ".join(f"sum(CASE WHEN {c} THEN 1 ELSE 0 END)" for c in checks.values())
        + " FROM ev_typed"
    ).collect()[0]
    if int(counts[0]) == 0:
        raise EvidenceError("ev_empty", path=text)
    bad = dict(zip(checks, (int(v or 0) for v in counts[1:]), strict=True))
    if any(bad.values()):
        if local.is_file():  # DuckDB reads it again in order and says which line
            con, _ = open_events(local, columns)
            con.close()
        _raise_first(spark, text, checks, bad, mapping)
    # an empty end date is NULL already (to_date('') is NULL): the episode is open
    spark.sql("SELECT person, unit, sday, eday FROM ev_typed").cache().createOrReplaceTempView("ev")


def _raise_first(
    spark: SparkSession,
    where: str,
    checks: dict[str, str],
    bad: dict[str, int],
    mapping: dict[str, str],
) -> None:
    for kind in ("person", "unit"):
        if bad[kind]:
            raise EvidenceError(
                "ev_empty_value", where=where, column=mapping[kind], count=bad[kind]
            )
    for kind in ("start", "end", "order"):
        if not bad[kind]:
            continue
        row = spark.sql(
            f"SELECT start_raw, end_raw FROM ev_typed WHERE {checks[kind]} LIMIT 1"
        ).collect()[0]
        if kind == "order":
            raise EvidenceError(
                "ev_end_before_start", where=where, start=row[0], end=row[1], count=bad[kind]
            )
        value = row[0] if kind == "start" else row[1]
        raise EvidenceError(
            "ev_bad_date", where=where, value=value or "", column=mapping[kind], count=bad[kind]
        )


def compute_evidence_spark(
    path: str | Path,
    *,
    period: str | None = None,
    min_count: int = 5,
    handoff_days: int = 30,
    columns: dict[str, str] | None = None,
    known_units: set[str] | None = None,
    max_journeys: int = 20,
    source: str | None = None,
    master: str | None = None,
    spark: SparkSession | None = None,
) -> EvidenceResult:
    """:func:`~oversyn.io.evidence.events.compute_evidence` on Spark (module docstring)."""
    own = spark is None
    session = spark or spark_session(master)
    runner = SparkRunner(session)
    try:
        load_events_spark(session, path, columns)
        return evidence_from_table(
            runner,
            period=period,
            min_count=min_count,
            handoff_days=handoff_days,
            known_units=known_units,
            max_journeys=max_journeys,
            source=source or Path(str(path)).name,
        )
    finally:
        runner.close()
        if own:
            session.stop()
