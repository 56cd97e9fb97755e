"""Benchmark of the design search (issue 6): exact back ends and the heuristic.

Instances: weighted graphs with ``n`` units and ``K`` administrations, sizes 5–50 FTE, and a
balance constraint (no administration above 1.15 × the even share) plus a balance penalty
λ = 0.05 per FTE.  Two families:

* *clustered*: K planted groups (edges within a group with probability 0.35, weight 1–10;
  across with probability 0.04, weight 1–3) — what municipal interaction data looks like;
* *random*: every pair with probability 0.15, weight 1–10 (no structure; the hard case).

Run: ``PYTHONPATH=src python benchmarks/optimize_bench.py [--quick]
[--backends highs,highs-portfolio,cpsat] [--threads 1] [--families clustered,random]
[--sizes 20,40,60] [--seeds 3]``.
``--seeds S`` (default 3) solves S instances per family, size and K: seed 0 is the instance
every earlier run of this benchmark used (random seed ``10 n + K``), seed s the one with random
seed ``10 n + K + 1000 s``; the summary gives the worst and the median per K, wall time and
CPU time (``time.process_time`` in the child, which runs one instance), and compares the
worst of the 40-unit instances with the 10 s target.
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
import statistics
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


def fmt_time(
    solution_seconds: float, optimal: bool, gap: float | None, bound: float | None = None
) -> str:
    if optimal:
        return f"{solution_seconds:6.2f} s"
    if gap is None:
        return "no bound" if bound is None else "no solution"
    return f"gap {gap:.1%}" + (f" ≥{bound:.1f}" if bound is not None else "")


FAMILIES = ("clustered", "random")
SIZES = (20, 40, 60)
KS = (3, 4, 5)


SEEDS = 3


def instances(quick: bool) -> list[tuple[str, int, int, int]]:
    sizes = tuple(n for n in SIZES if n <= 40) if quick else SIZES
    return [(f, n, k, s) for f in FAMILIES for n in sizes for k in KS for s in range(SEEDS)]


def seed_of(n: int, k: int, s: int) -> int:
    """Random seed of instance ``s`` of a size and K (s = 0: the single instance of before)."""
    return n * 10 + k + 1000 * s


def child(backend: str, quick: bool, limit: float, threads: int, seed: int | None) -> int:
    """Solve every instance with one exact back end; one JSON line per instance.

    Runs in its own process: the ortools wheel bundles a HiGHS build that clashes with
    highspy's, so the two back ends cannot be loaded together (see core/optimize/exact.py)."""
    from oversyn.core.optimize.exact import solve_exact

    for family, n, k, s in instances(quick):
        if seed is not None and s != seed:
            continue
        problem = instance(n, k, clustered=family == "clustered", seed=seed_of(n, k, s))
        cpu = time.process_time()
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
        row = {"key": [family, n, k, s], "seconds": seconds, "optimal": sol.optimal}
        row |= {"cpu": time.process_time() - cpu, "bound": sol.bound}
        row |= {"gap": sol.gap, "cost": sol.cost if sol.assignment else None}
        print(json.dumps(row), flush=True)
    return 0


def summary(
    results: dict[tuple[str, int, int, int], dict[str, Any]],
) -> dict[tuple[str, int, int], tuple[float, float, float, float, int]]:
    """Per family, size and K: worst and median wall time, worst and median CPU time, and
    the number of seeds proven (an unproven instance counts as infinitely slow)."""
    out: dict[tuple[str, int, int], tuple[float, float, float, float, int]] = {}
    for family in FAMILIES:
        for n in SIZES:
            for k in KS:
                rows = [r for key, r in results.items() if key[:3] == (family, n, k)]
                if not rows:
                    continue
                inf = float("inf")
                wall = [float(r["seconds"]) if r["optimal"] else inf for r in rows]
                cpu = [float(r["cpu"]) if r["optimal"] else inf for r in rows]
                proven = sum(1 for r in rows if r["optimal"])
                out[family, n, k] = (
                    max(wall),
                    statistics.median(wall),
                    max(cpu),
                    statistics.median(cpu),
                    proven,
                )
    return out


def fmt_seconds(value: float) -> str:
    return f"{value:6.2f} s" if value < float("inf") else "unproven"


def main() -> int:
    global FAMILIES, SIZES, KS, SEEDS
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="20 and 40 units only, short limits")
    parser.add_argument("--time-limit", type=float, default=60.0)
    parser.add_argument("--heuristic-time", type=float, default=2.0)
    parser.add_argument("--backends", default="highs,highs-portfolio,cpsat")
    parser.add_argument("--families", default=",".join(FAMILIES))
    parser.add_argument("--sizes", default=",".join(str(n) for n in SIZES))
    parser.add_argument("--ks", default=",".join(str(k) for k in KS))
    parser.add_argument("--seeds", type=int, default=SEEDS, help="instances per K (default 3)")
    parser.add_argument("--seed", type=int, help=argparse.SUPPRESS)  # a child's one seed
    parser.add_argument("--threads", type=int, default=1, help="solver threads (default 1)")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    FAMILIES = tuple(args.families.split(","))
    SIZES = tuple(int(n) for n in args.sizes.split(","))
    KS = tuple(int(k) for k in args.ks.split(","))
    SEEDS = args.seeds
    limit = 20.0 if args.quick else args.time_limit
    if args.child:
        return child(args.child, args.quick, limit, args.threads, args.seed)
    backends = args.backends.split(",")
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1] / "src")}
    results: dict[str, dict[tuple[str, int, int, int], dict[str, Any]]] = {b: {} for b in backends}
    print(
        f"Exact back ends {backends} (each in its own process, interleaved), "
        f"time limit {limit:.0f} s, {args.threads} thread(s), {SEEDS} seed(s) per K; "
        f"heuristic {args.heuristic_time:.0f} s per instance; load {os.getloadavg()[0]:.1f}"
    )
    print(
        f"{'instance':<28}"
        + "".join(f"{b:>26}{'CPU':>9}" for b in backends)
        + f"{'heuristic gap':>16}"
    )
    worst_gap = 0.0
    # one process per back end and instance, the back ends interleaved instance by instance,
    # so that a change of load on the shared machine hits both figures of a row alike
    for key in instances(args.quick):
        family, n, k, s = key
        for backend in backends:
            command = [sys.executable, __file__, "--child", backend, "--time-limit", str(limit)]
            command += ["--threads", str(args.threads), "--seeds", str(SEEDS), "--seed", str(s)]
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
        problem = instance(n, k, clustered=family == "clustered", seed=seed_of(n, k, s))
        heur = solve_heuristic(problem, time_limit=args.heuristic_time, seed=1, max_rounds=10**9)
        cells = []
        best = None
        for backend in backends:
            r = results[backend][key]
            cells.append(
                fmt_time(float(r["seconds"]), bool(r["optimal"]), r["gap"], r.get("bound"))
            )
            if not r["optimal"] and r["cost"] is not None:
                cells[-1] += f" ({float(r['cost']):.1f})"
            cells.append(f"{float(r['cpu']):7.2f} s")
            cost = r["cost"]
            if r["optimal"] and isinstance(cost, float) and (best is None or cost < best):
                best = cost
        if best is not None:
            gap = (heur.cost - best) / best if best else 0.0
            worst_gap = max(worst_gap, gap)
            gap_text = f"{gap:.2%}"
        else:
            gap_text = "(no optimum)"
        proven = [float(results[b][key]["cost"]) for b in backends if results[b][key]["optimal"]]
        if proven and max(proven) - min(proven) > 1e-6 * max(1.0, abs(min(proven))):
            gap_text += "  DIFFERENT OPTIMA"
        label = f"{family} n={n} K={k} seed={s}"
        print(
            f"{label:<28}"
            + "".join(f"{c:>26}" if i % 2 == 0 else f"{c:>9}" for i, c in enumerate(cells))
            + f"{gap_text:>16}"
        )
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
    print(f"Per K over {SEEDS} seed(s) (unproven counts as infinitely slow):")
    print(
        f"{'':<22}"
        + "".join(f"{b + ' wall worst/median':>30}{'CPU worst/median':>22}" for b in backends)
    )
    tables = {b: summary(results[b]) for b in backends}
    for family, n, k in tables[backends[0]]:
        cells = []
        for b in backends:
            wall_max, wall_med, cpu_max, cpu_med, proven = tables[b][family, n, k]
            cells.append(
                f"{fmt_seconds(wall_max):>10} /{fmt_seconds(wall_med):>10} ({proven}/{SEEDS})"
            )
            cells.append(f"{fmt_seconds(cpu_max):>10} /{fmt_seconds(cpu_med):>10}")
        label = f"{family} n={n} K={k}"
        print(
            f"{label:<22}"
            + "".join(f"{c:>30}" if i % 2 == 0 else f"{c:>22}" for i, c in enumerate(cells))
        )
    print()
    print(f"Against the targets (load now {os.getloadavg()[0]:.1f}):")
    for family in FAMILIES:
        rows = [v for key, v in tables[backends[0]].items() if key[0] == family and key[1] == 40]
        if not rows:
            continue
        worst_wall = max(v[0] for v in rows)
        worst_cpu = max(v[2] for v in rows)
        print(
            f"  exact ({backends[0]}), 40 units, K={min(KS)}-{max(KS)}, {family}, {SEEDS} "
            f"seed(s): worst {fmt_seconds(worst_wall).strip()} wall, "
            f"{fmt_seconds(worst_cpu).strip()} CPU (target < 10 s): "
            f"{'OK' if worst_wall < 10 else 'MISSED'}"
        )
    print(
        f"  heuristic gap to proven optimum: worst {worst_gap:.2%} (target <= 1 %): "
        f"{'OK' if worst_gap <= 0.01 else 'MISSED'}"
    )
    if big_seconds == big_seconds:  # not NaN: it ran
        print(
            f"  heuristic 1,000 units: {big_seconds:.1f} s (target < 10 s): "
            f"{'OK' if big_seconds < 10 else 'MISSED'}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
