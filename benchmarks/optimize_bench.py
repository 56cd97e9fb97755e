"""Benchmark of the design search (issue 6): exact back ends and the heuristic.

Instances: weighted graphs with ``n`` units and ``K`` administrations, sizes 5–50 FTE, and a
balance constraint (no administration above 1.15 × the even share) plus a balance penalty
λ = 0.05 per FTE.  Two families:

* *clustered*: K planted groups (edges within a group with probability 0.35, weight 1–10;
  across with probability 0.04, weight 1–3) — what municipal interaction data looks like;
* *random*: every pair with probability 0.15, weight 1–10 (no structure; the hard case).

Run: ``PYTHONPATH=src python benchmarks/optimize_bench.py [--quick]``.  Prints, per instance,
time to proven optimum for HiGHS and CP-SAT (or the gap at the time limit) and the heuristic's
gap to the best exact cost, then the heuristic's time on 1,000 units, and compares each figure
with its target (40 units < 10 s, gap ≤ 1 %, 1,000 units < 10 s).
"""

from __future__ import annotations

import argparse
import random
import sys
import time

from oversyn.core.optimize.exact import solve_exact
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


def fmt_time(solution_seconds: float, optimal: bool, gap: float | None) -> str:
    if optimal:
        return f"{solution_seconds:6.2f} s"
    return f"gap {gap:.1%}" if gap is not None else "no solution"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="20 and 40 units only, short limits")
    parser.add_argument("--time-limit", type=float, default=60.0)
    parser.add_argument("--backends", default="highs,cpsat")
    args = parser.parse_args()
    sizes = (20, 40) if args.quick else (20, 40, 60)
    backends = args.backends.split(",")
    limit = 20.0 if args.quick else args.time_limit
    print(f"Exact back ends {backends}, time limit {limit:.0f} s, 2 threads")
    print(f"{'instance':<22}" + "".join(f"{b:>14}" for b in backends) + f"{'heuristic gap':>16}")
    worst_gap = 0.0
    forty_times: list[float] = []
    for family in ("clustered", "random"):
        for n in sizes:
            for k in (3, 4, 5):
                problem = instance(n, k, clustered=family == "clustered", seed=n * 10 + k)
                heur = solve_heuristic(problem, time_limit=1.0, seed=1)
                cells = []
                best = None
                for backend in backends:
                    sol = solve_exact(problem, time_limit=limit, backend=backend)
                    cells.append(fmt_time(sol.seconds, sol.optimal, sol.gap))
                    if sol.optimal and (best is None or sol.cost < best):
                        best = sol.cost
                    if n == 40 and family == "clustered" and backend == backends[0]:
                        forty_times.append(sol.seconds if sol.optimal else float("inf"))
                if best is not None:
                    gap = (heur.cost - best) / best if best else 0.0
                    worst_gap = max(worst_gap, gap)
                    gap_text = f"{gap:.2%} ({heur.seconds:.1f} s)"
                else:
                    gap_text = "(no optimum)"
                label = f"{family} n={n} K={k}"
                print(f"{label:<22}" + "".join(f"{c:>14}" for c in cells) + f"{gap_text:>16}")
                sys.stdout.flush()

    big = instance(1000, 5, clustered=True, seed=1000)
    started = time.perf_counter()
    heur = solve_heuristic(big, time_limit=8.0, seed=1)
    big_seconds = time.perf_counter() - started
    print(
        f"heuristic, 1,000 units K=5: {big_seconds:.1f} s (budget 8 s), cost {heur.cost:.0f}, "
        f"{heur.status}"
    )
    print()
    print("Against the targets:")
    worst_forty = max(forty_times) if forty_times else float("inf")
    print(f"  exact, clustered 40 units, K=3-5: worst {worst_forty:.2f} s (target < 10 s)")
    print(f"  heuristic gap to proven optimum: worst {worst_gap:.2%} (target <= 1 %)")
    print(f"  heuristic 1,000 units: {big_seconds:.1f} s (target < 10 s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
