"""Benchmark of ``oversyn interactions`` (issue 6): 10,000,000 synthetic records → matrix.

Generates synthetic records from examples/ia-till-ifo.yaml (``synth_events``, not timed), writes
them as Parquet and CSV, and times :func:`compute_evidence` (shared persons, hand-offs, journeys)
on each, with the peak resident memory of the process.  Target: under 10 s on this 2-core
machine.  Run: ``PYTHONPATH=src python benchmarks/interactions_bench.py [--records N]``.
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

from oversyn.io.casefile import load_case
from oversyn.io.evidence.events import compute_evidence
from oversyn.io.evidence.synth import synth_events, write_events

TARGET_SECONDS = 10.0
ROOT = Path(__file__).resolve().parents[1]


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--records", type=int, default=10_000_000)
    args = parser.parse_args()
    case = load_case(ROOT / "examples" / "ia-till-ifo.yaml")
    persons = int(args.records / 1.7)
    started = time.perf_counter()
    table = synth_events(case, persons, seed=1)
    print(
        f"generated {table.num_rows:,} records for {persons:,} persons "
        f"in {time.perf_counter() - started:.1f} s (not part of the target)"
    )
    with tempfile.TemporaryDirectory() as tmp:
        files = [Path(tmp) / "events.parquet", Path(tmp) / "events.csv"]
        for path in files:
            write_events(table, path)
        del table
        base = peak_mb()
        print(f"peak memory after generation: {base:,.0f} MB")
        for path in files:
            started = time.perf_counter()
            result = compute_evidence(path, period="2024", min_count=5, handoff_days=30)
            seconds = time.perf_counter() - started
            verdict = "OK" if seconds < TARGET_SECONDS else "OVER TARGET"
            print(
                f"{path.suffix[1:]:>8}: {seconds:5.1f} s for {result.records:,} records "
                f"({result.persons_in_period:,} persons in 2024, {len(result.pairs)} cells, "
                f"{len(result.journeys)} journeys); target < {TARGET_SECONDS:.0f} s: {verdict}; "
                f"process peak memory {peak_mb():,.0f} MB"
            )
            sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
