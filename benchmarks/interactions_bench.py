"""Benchmark of ``oversyn interactions`` (issue 6): 10,000,000 synthetic records → matrix.

Generates synthetic records from examples/ia-till-ifo.yaml (``synth_events``, not timed), writes
them as Parquet and CSV, and times :func:`compute_evidence` (shared persons, hand-offs, journeys,
unknown units) on each in a fresh child process, so that the peak resident memory printed is
that of the computation alone (not of the generation).  Each DuckDB step's time is printed too.
Target: under 10 s on this 2-core machine.

Run: ``PYTHONPATH=src python benchmarks/interactions_bench.py [--records N]``.
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


def child(path: str) -> int:
    """Time one computation and print a JSON line with the figures (run in a fresh process)."""
    steps: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            steps.append(record.getMessage())

    log = logging.getLogger("oversyn.io.evidence.events")
    log.setLevel(logging.DEBUG)
    log.addHandler(Collect())
    from oversyn.io.evidence.events import compute_evidence

    started = time.perf_counter()
    result = compute_evidence(path, period="2024", min_count=5, handoff_days=30, known_units=set())
    seconds = time.perf_counter() - started
    peak = peak_mb()
    print(
        json.dumps(
            {
                "seconds": seconds,
                "peak_mb": peak,
                "records": result.records,
                "persons": result.persons_in_period,
                "cells": len(result.pairs),
                "journeys": len(result.journeys),
                "steps": steps,
            }
        )
    )
    return 0


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--records", type=int, default=10_000_000)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return child(args.child)

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
        files = [Path(tmp) / "events.parquet", Path(tmp) / "events.csv"]
        for path in files:
            write_events(table, path)
        del table
        for path in files:
            size = path.stat().st_size / 1e6
            out = subprocess.run(
                [sys.executable, __file__, "--child", str(path)],
                capture_output=True,
                text=True,
                env=env,
                check=True,
            ).stdout
            r = json.loads(out.strip().splitlines()[-1])
            ok = r["seconds"] < TARGET_SECONDS
            verdicts.append(ok)
            print(
                f"{path.suffix[1:]:>8} ({size:,.0f} MB): {r['seconds']:5.2f} s for "
                f"{r['records']:,} records ({r['persons']:,} persons in 2024, {r['cells']} cells, "
                f"{r['journeys']} journeys); peak memory {r['peak_mb']:,.0f} MB; "
                f"target < {TARGET_SECONDS:.0f} s: {'OK' if ok else 'OVER TARGET'}"
            )
            print("          steps: " + "; ".join(" ".join(s.split()) for s in r["steps"]))
            sys.stdout.flush()
    return 0 if all(verdicts) else 1


if __name__ == "__main__":
    sys.exit(main())
