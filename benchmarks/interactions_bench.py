"""Benchmark of ``oversyn interactions`` (issues 6, 13): 10,000,000 synthetic records → matrix.

Generates synthetic records from examples/ia-till-ifo.yaml (``synth_events``, not timed), writes
them as Parquet and CSV, and times :func:`compute_evidence` (shared persons, hand-offs, journeys,
unknown units) on each with each engine in a fresh child process, so that the peak resident
memory printed is that of the computation alone (not of the generation).  Each step's time is
printed too.  DuckDB's target: under 10 s on this 2-core machine.  Spark runs the same SQL on
``local[2]`` (``--master``); its time includes starting the session (JVM), printed apart, and
its memory is the JVM's peak (VmHWM of the Java process) beside the Python driver's.

Run: ``PYTHONPATH=src python benchmarks/interactions_bench.py [--records N]
[--engines duckdb,spark] [--master local[2]] [--formats parquet,csv]``.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TARGET_SECONDS = 10.0
ROOT = Path(__file__).resolve().parents[1]


def peak_mb() -> float:
    """This process's peak resident memory: VmHWM, which starts afresh at exec (ru_maxrss can
    carry over the parent's peak into a child on Linux)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _vm_hwm(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def child(path: str, engine: str, master: str) -> int:
    """Time one computation and print a JSON line with the figures (run in a fresh process)."""
    steps: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            steps.append(record.getMessage())

    log = logging.getLogger("oversyn.io.evidence.events")
    log.setLevel(logging.DEBUG)
    log.addHandler(Collect())
    from oversyn.io.evidence.events import compute_evidence

    options = {"period": "2024", "min_count": 5, "handoff_days": 30, "known_units": set()}
    startup = 0.0
    jvm_mb = 0.0
    if engine == "spark":
        from oversyn.io.evidence.spark import compute_evidence_spark, spark_session

        began = time.perf_counter()
        session = spark_session(master)
        startup = time.perf_counter() - began
        started = time.perf_counter()
        result = compute_evidence_spark(path, spark=session, **options)  # type: ignore[arg-type]
        seconds = time.perf_counter() - started
        proc = getattr(session.sparkContext._gateway, "proc", None)  # the JVM py4j started
        jvm_mb = _vm_hwm(proc.pid) if proc is not None else 0.0
        session.stop()
    else:
        started = time.perf_counter()
        result = compute_evidence(path, **options)  # type: ignore[arg-type]
        seconds = time.perf_counter() - started
    peak = peak_mb()
    print(
        json.dumps(
            {
                "seconds": seconds,
                "startup": startup,
                "peak_mb": peak,
                "jvm_mb": jvm_mb,
                "records": result.records,
                "persons": result.persons_in_period,
                "cells": len(result.pairs),
                "journeys": len(result.journeys),
                "figures": {k: v for k, v in result.as_dict().items() if k != "source"},
                "steps": steps,
            }
        )
    )
    return 0


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--records", type=int, default=10_000_000)
    parser.add_argument("--engines", default="duckdb,spark")
    parser.add_argument("--master", default="local[2]")
    parser.add_argument("--formats", default="parquet,csv")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--engine", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return child(args.child, args.engine, args.master)

    from oversyn.io.casefile import load_case
    from oversyn.io.evidence.synth import synth_events, write_events

    case = load_case(ROOT / "examples" / "ia-till-ifo.yaml")
    persons = int(args.records / 1.7)
    started = time.perf_counter()
    table = synth_events(case, persons, seed=1)
    print(
        f"generated {table.num_rows:,} records for {persons:,} persons "
        f"in {time.perf_counter() - started:.1f} s (not part of the target)"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    verdicts = []
    with tempfile.TemporaryDirectory() as tmp:
        files = [Path(tmp) / f"events.{fmt}" for fmt in args.formats.split(",")]
        for path in files:
            write_events(table, path)
        del table
        for path in files:
            size = path.stat().st_size / 1e6
            figures = {}
            for engine in args.engines.split(","):
                command = [sys.executable, __file__, "--child", str(path), "--engine", engine]
                out = subprocess.run(
                    [*command, "--master", args.master],
                    capture_output=True,
                    text=True,
                    env=env,
                    check=True,
                ).stdout
                r = json.loads(out.strip().splitlines()[-1])
                figures[engine] = r.pop("figures")
                label = f"{path.suffix[1:]} {engine}"
                if engine == "duckdb":
                    ok = r["seconds"] < TARGET_SECONDS
                    verdicts.append(ok)
                    verdict = f"target < {TARGET_SECONDS:.0f} s: {'OK' if ok else 'OVER TARGET'}"
                    memory = f"peak memory {r['peak_mb']:,.0f} MB"
                else:
                    verdict = f"(+ {r['startup']:.1f} s to start the session, {args.master})"
                    memory = f"peak memory JVM {r['jvm_mb']:,.0f} MB, driver {r['peak_mb']:,.0f} MB"
                print(
                    f"{label:>15} ({size:,.0f} MB): {r['seconds']:6.2f} s for "
                    f"{r['records']:,} records ({r['persons']:,} persons in 2024, "
                    f"{r['cells']} cells, {r['journeys']} journeys); {memory}; {verdict}"
                )
                print("          steps: " + "; ".join(" ".join(s.split()) for s in r["steps"]))
                sys.stdout.flush()
            if len(figures) > 1:
                same = all(f == figures["duckdb"] for f in figures.values())
                print(f"          identical figures on every engine: {same}")
                verdicts.append(same)
    return 0 if all(verdicts) else 1


if __name__ == "__main__":
    sys.exit(main())
