"""Benchmark of the design search (issue 6): exact back ends and the heuristic.

Instances: weighted graphs with ``n`` units and ``K`` administrations, sizes 5–50 FTE, and a
balance constraint (no administration above 1.15 × the even share) plus a balance penalty
λ = 0.05 per FTE.  Two families:

* *clustered*: K planted groups (edges within a group with probability 0.35, weight 1–10;
  across with probability 0.04, weight 1–3) — what municipal interaction data looks like;
* *random*: every pair with probability 0.15, weight 1–10 (no structure; the hard case).

Run: ``PYTHONPATH=src python benchmarks/optimize_bench.py [--quick]
[--backends highs,highs-portfolio,cpsat] [--threads 1] [--families clustered,random]
[--sizes 20,40,60]``.
``highs`` is the current method ("auto": branch-and-price when the parts are interchangeable,
as on every instance here), ``highs-portfolio`` the method before it (tv then clique model),
``highs-bp``, ``highs-clique`` and ``highs-tv`` one formulation each, so one run prints the
before/after figures side by side (``--backends highs,highs-portfolio``).  Solver threads:
``--threads`` (default 1).  The exact times include a 0.5 s heuristic run that gives
the solver its start (as ``oversyn optimize`` does).  Each exact back end runs in its own child
process (highspy and ortools cannot share one), interleaved instance by instance.  Prints, per
instance, the time to proven optimum of each back end (or the gap at the time limit) and the
heuristic's gap to the best proven optimum (2 s per instance), then the heuristic's time on
1,000 units, and compares each figure with its target (40 units < 10 s, gap ≤ 1 %, 1,000
units < 10 s).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from oversyn.core.optimize.heuristic import solve_heuristic
from oversyn.core.optimize.problem import Problem


def instance(n: int, k: int, *, clustered: bool, seed: int) -> Problem:
    rng = random.Random(seed)
    sizes = [float(rng.randint(5, 50)) for _ in range(n)]
    group = [rng.randrange(k) for _ in range(n)]
    edges = []
    for i in range(n):
        for j in range(i + 1, n):
            if clustered:
                same = group[i] == group[j]
                if rng.random() < (0.35 if same else 0.04):
                    edges.append((i, j, float(rng.randint(1, 10) if same else rng.randint(1, 3))))
            elif rng.random() < 0.15:
                edges.append((i, j, float(rng.randint(1, 10))))
    target = sum(sizes) / k
    return Problem(
        sizes=sizes,
        k=k,
        edges=edges,
        max_size=[1.15 * target] * k,
        balance_weight=0.05,
    )


WARM_START_SECONDS = 0.5


def fmt_time(solution_seconds: float, optimal: bool, gap: float | None) -> str:
    if optimal:
        return f"{solution_seconds:6.2f} s"
    return f"gap {gap:.1%}" if gap is not None else "no solution"


FAMILIES = ("clustered", "random")
SIZES = (20, 40, 60)
KS = (3, 4, 5)


def instances(quick: bool) -> list[tuple[str, int, int]]:
    sizes = tuple(n for n in SIZES if n <= 40) if quick else SIZES
    return [(f, n, k) for f in FAMILIES for n in sizes for k in KS]


def child(backend: str, quick: bool, limit: float, threads: int) -> int:
    """Solve every instance with one exact back end; one JSON line per instance.

    Runs in its own process: the ortools wheel bundles a HiGHS build that clashes with
    highspy's, so the two back ends cannot be loaded together (see core/optimize/exact.py)."""
    from oversyn.core.optimize.exact import solve_exact

    for family, n, k in instances(quick):
        problem = instance(n, k, clustered=family == "clustered", seed=n * 10 + k)
        # as `oversyn optimize` does: a short heuristic run gives the solver its start
        warm = solve_heuristic(problem, time_limit=WARM_START_SECONDS, seed=1, max_rounds=10**9)
        engine, _, formulation = backend.partition("-")
        sol = solve_exact(
            problem,
            time_limit=limit - warm.seconds,
            backend=engine,
            start=warm.assignment,
            formulation=formulation or "auto",
            threads=threads,
        )
        seconds = warm.seconds + sol.seconds
        row = {"key": [family, n, k], "seconds": seconds, "optimal": sol.optimal}
        row |= {"gap": sol.gap, "cost": sol.cost if sol.assignment else None}
        print(json.dumps(row), flush=True)
    return 0


def main() -> int:
    global FAMILIES, SIZES, KS
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="20 and 40 units only, short limits")
    parser.add_argument("--time-limit", type=float, default=60.0)
    parser.add_argument("--heuristic-time", type=float, default=2.0)
    parser.add_argument("--backends", default="highs,highs-portfolio,cpsat")
    parser.add_argument("--families", default=",".join(FAMILIES))
    parser.add_argument("--sizes", default=",".join(str(n) for n in SIZES))
    parser.add_argument("--ks", default=",".join(str(k) for k in KS))
    parser.add_argument("--threads", type=int, default=1, help="solver threads (default 1)")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    FAMILIES = tuple(args.families.split(","))
    SIZES = tuple(int(n) for n in args.sizes.split(","))
    KS = tuple(int(k) for k in args.ks.split(","))
    limit = 20.0 if args.quick else args.time_limit
    if args.child:
        return child(args.child, args.quick, limit, args.threads)
    backends = args.backends.split(",")
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1] / "src")}
    results: dict[str, dict[tuple[str, int, int], dict[str, Any]]] = {b: {} for b in backends}
    # one process per back end and instance, the back ends interleaved instance by instance,
    # so that a change of load on the shared machine hits both figures of a row alike
    for family, n, k in instances(args.quick):
        for backend in backends:
            command = [sys.executable, __file__, "--child", backend, "--time-limit", str(limit)]
            command += ["--threads", str(args.threads)]
            command += ["--families", family, "--sizes", str(n), "--ks", str(k)]
            out = subprocess.run(
                command + (["--quick"] if args.quick else []),
                capture_output=True,
                text=True,
                env=env,
                check=True,
            ).stdout
            rows = [json.loads(line) for line in out.splitlines() if line.startswith("{")]
            results[backend] |= {tuple(r["key"]): r for r in rows}
    print(
        f"Exact back ends {backends} (each in its own process, interleaved), "
        f"time limit {limit:.0f} s, "
        f"{args.threads} thread(s); heuristic {args.heuristic_time:.0f} s per instance"
    )
    print(f"{'instance':<22}" + "".join(f"{b:>18}" for b in backends) + f"{'heuristic gap':>16}")
    worst_gap = 0.0
    forty_times: dict[str, list[float]] = {family: [] for family in FAMILIES}
    for key in instances(args.quick):
        family, n, k = key
        problem = instance(n, k, clustered=family == "clustered", seed=n * 10 + k)
        heur = solve_heuristic(problem, time_limit=args.heuristic_time, seed=1, max_rounds=10**9)
        cells = []
        best = None
        for backend in backends:
            r = results[backend][key]
            cells.append(fmt_time(float(r["seconds"]), bool(r["optimal"]), r["gap"]))
            cost = r["cost"]
            if r["optimal"] and isinstance(cost, float) and (best is None or cost < best):
                best = cost
            if n == 40 and backend == backends[0]:
                seconds = float(r["seconds"]) if r["optimal"] else float("inf")
                forty_times[family].append(seconds)
        if best is not None:
            gap = (heur.cost - best) / best if best else 0.0
            worst_gap = max(worst_gap, gap)
            gap_text = f"{gap:.2%}"
        else:
            gap_text = "(no optimum)"
        proven = [float(results[b][key]["cost"]) for b in backends if results[b][key]["optimal"]]
        if proven and max(proven) - min(proven) > 1e-6 * max(1.0, abs(min(proven))):
            gap_text += "  DIFFERENT OPTIMA"
        label = f"{family} n={n} K={k}"
        print(f"{label:<22}" + "".join(f"{c:>18}" for c in cells) + f"{gap_text:>16}")
        sys.stdout.flush()

    if "clustered" not in FAMILIES:
        big_seconds = float("nan")
        print("(heuristic on 1,000 units: with --families clustered)")
    else:
        big = instance(1000, 5, clustered=True, seed=1000)
        started = time.perf_counter()
        heur = solve_heuristic(big, time_limit=8.0, seed=1, max_rounds=10**9)
        big_seconds = time.perf_counter() - started
        print(
            f"heuristic, 1,000 units K=5: {big_seconds:.1f} s (budget 8 s), "
            f"cost {heur.cost:.0f}, {heur.status}"
        )
    print()
    print("Against the targets:")
    for family, times in forty_times.items():
        worst_forty = max(times) if times else float("inf")
        print(
            f"  exact ({backends[0]}), 40 units, K=3-5, {family}: worst {worst_forty:.2f} s "
            f"(target < 10 s): {'OK' if worst_forty < 10 else 'MISSED'}"
        )
    print(
        f"  heuristic gap to proven optimum: worst {worst_gap:.2%} (target <= 1 %): "
        f"{'OK' if worst_gap <= 0.01 else 'MISSED'}"
    )
    print(
        f"  heuristic 1,000 units: {big_seconds:.1f} s (target < 10 s): "
        f"{'OK' if big_seconds < 10 else 'MISSED'}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
