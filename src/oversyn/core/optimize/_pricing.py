"""Compiled kernels of the branch-and-price pricing problem (:mod:`.branch_price`).

The pricing problem is a quadratic knapsack: over sets ``S`` of items (0/1 vector ``x``)::

    max  F(x) = g·x + ½ xᵀWx − λ |s·x − T|      s.t.  low ≤ s·x ≤ high,  no conflict pair in S

(``W`` symmetric with a zero diagonal, ``g`` the items' own values).  :func:`dfs` solves it
exactly by depth-first branch and bound, :func:`descend` finds local optima fast.  Both are
compiled with numba (``cache=True``: compiled once per machine, then loaded): in Python the
hundreds of thousands of search nodes an exact call needs on a 40-unit graph took seconds each.

Bound of a search node (items ``D`` decided, ``C ⊆ D`` chosen, ``U`` the rest): for any
completion ``R ⊆ U``, ``F(C ∪ R) = F_lin(C) + Σ_{j∈R} (ext_j + w(j, R)/2 ...)`` where
``ext_j = g_j + w(j, C)``; since ``w(R) = ½ Σ_{j∈R} w(j, R) ≤ ½ Σ_{j∈R} w(j, U)``, every item
of ``R`` is worth at most ``h_j = ext_j + ½ w(j, U)``, so the best completion is at most the
fractional knapsack of the positive ``h_j`` in the remaining capacity, less λ times the distance
from ``T`` to the loads the node can still reach.  Since ``−λ|L − T|`` is also at most
``λ(L − T)`` and at most ``λ(T − L)`` (λ ≥ 0), the same knapsack with values ``h_j + λ s_j``
less ``λ(T − load)``, and with ``h_j − λ s_j`` plus ``λ(T − load)``, are bounds too; the node
takes the least of the three (one sort serves all: the ratios differ by the constant ±λ).
The first alone cannot close a node below ``T`` whose best set is the empty one (value −λT,
what the proof at the end of column generation must show): measured on the pricing calls of
three random 40-unit solves, the three bounds search 32–37 % fewer nodes in 15–24 % less time.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numba import njit


@njit(cache=True)
def _fk(idx: Any, sub: Any, cnt: int, hv: Any, s: Any, c: float, cap: float) -> float:
    """Fractional knapsack of the values ``hv_j + c s_j`` of the candidates ``idx[sub]``
    (sorted by ``hv_j / s_j``, largest first: the same order for every ``c``) in ``cap``."""
    left = cap
    total = 0.0
    for q in range(cnt):
        j = idx[sub[q]]
        v = hv[j] + c * s[j]
        if v <= 0:
            break
        if s[j] <= left:
            total += v
            left -= s[j]
        else:
            total += v * left / s[j]
            break
    return total


@njit(cache=True)
def dfs(
    g: Any,
    W: Any,
    s: Any,
    conflict: Any,
    lam: float,
    T: float,
    low: float,
    high: float,
    floor: float,
    collect: float,
    max_nodes: int,
    max_keep: int,
) -> Any:
    """Exact maximum of ``F`` above ``floor``.

    Returns ``(best_x, best, found, done, nodes, kept, n_kept)``: the best set and its value
    (``found`` False when no set beats ``floor``), ``done`` False when ``max_nodes`` ran out
    (then ``best`` is only a value found, not the maximum), and up to ``max_keep`` sets met on
    the way whose value exceeds ``collect`` (more columns per call)."""
    m = g.shape[0]
    # items by weighted degree, heaviest first (measured on the benchmark's pricing calls:
    # 43 % fewer nodes than by g_j + ½ w(j, V), 60 % fewer than by g_j / s_j)
    order = np.argsort(-W.sum(axis=1))
    ext = g.copy()
    rem = np.empty(m)
    for j in range(m):
        rem[j] = 0.5 * W[j].sum()
    chosen = np.zeros(m, np.bool_)
    blocked = np.zeros(m, np.int64)
    best = floor
    best_x = np.zeros(m, np.bool_)
    found = False
    kept = np.zeros((max_keep, m), np.bool_)
    n_kept = 0
    cur = 0.0
    load = 0.0
    state = np.zeros(m + 1, np.int64)  # 0 new, 1 in the include child, 2 in the exclude child
    ratio = np.empty(m)
    idx = np.empty(m, np.int64)
    hv = np.zeros(m)
    d = 0
    nodes = 0
    while d >= 0:
        st = state[d]
        if st == 0:
            nodes += 1
            if nodes > max_nodes:
                return best_x, best, found, False, nodes, kept, n_kept
            fresh = d == 0 or state[d - 1] == 1  # the chosen set is new here
            if fresh and load >= low - 1e-9:
                f = cur - lam * abs(load - T)
                if f > collect and n_kept < max_keep:
                    kept[n_kept, :] = chosen
                    n_kept += 1
                if f > best + 1e-9:
                    best = f
                    best_x[:] = chosen
                    found = True
            prune = d == m
            if not prune:
                cap = high - load
                reach = 0.0
                ub0 = 0.0  # the three linear bounds' sums of positive values (no capacity)
                ubA = 0.0
                ubB = 0.0
                size0 = 0.0
                sizeA = 0.0
                sizeB = 0.0
                cnt = 0
                for t in range(d, m):
                    j = order[t]
                    if blocked[j] > 0 or s[j] > cap + 1e-9:
                        continue
                    reach += s[j]
                    h = ext[j] + rem[j]
                    hv[j] = h
                    ls = lam * s[j]
                    if h + ls > 0:
                        ubA += h + ls
                        sizeA += s[j]
                        if h > 0:
                            ub0 += h
                            size0 += s[j]
                            if h - ls > 0:
                                ubB += h - ls
                                sizeB += s[j]
                        if s[j] > 0:
                            ratio[cnt] = -h / s[j]
                        else:
                            ratio[cnt] = -1e300 if h > 0 else 1e300
                        idx[cnt] = j
                        cnt += 1
                hi_l = min(high, load + reach)
                if hi_l < low - 1e-9:
                    prune = True
                else:
                    lo_l = max(load, low)
                    dist = 0.0
                    if lo_l > T:
                        dist = lo_l - T
                    elif hi_l < T:
                        dist = T - hi_l
                    pen = lam * dist
                    # −λ|L − T| ≤ −λ dist, ≤ λ (L − T) and ≤ λ (T − L): three bounds
                    off = lam * (T - load)
                    u0 = cur + ub0 - pen
                    uA = cur + ubA - off
                    uB = cur + ubB + off
                    if min(u0, min(uA, uB)) <= best + 1e-9:
                        prune = True
                    elif sizeA > cap + 1e-9:
                        sub = np.argsort(ratio[:cnt])
                        if size0 > cap + 1e-9:
                            u0 = cur + _fk(idx, sub, cnt, hv, s, 0.0, cap) - pen
                        uA = cur + _fk(idx, sub, cnt, hv, s, lam, cap) - off
                        if sizeB > cap + 1e-9:
                            uB = cur + _fk(idx, sub, cnt, hv, s, -lam, cap) + off
                        if min(u0, min(uA, uB)) <= best + 1e-9:
                            prune = True
            if prune:
                d -= 1
                continue
            j = order[d]  # decide item j: it leaves the undecided set
            for q in range(m):
                rem[q] -= 0.5 * W[q, j]
            if blocked[j] == 0 and s[j] <= high - load + 1e-9:
                chosen[j] = True
                cur += ext[j]
                load += s[j]
                for q in range(m):
                    ext[q] += W[j, q]
                    if conflict[j, q]:
                        blocked[q] += 1
                state[d] = 1
            else:
                state[d] = 2
            state[d + 1] = 0
            d += 1
        elif st == 1:  # back from including order[d]: undo, then exclude it
            j = order[d]
            chosen[j] = False
            for q in range(m):
                ext[q] -= W[j, q]
                if conflict[j, q]:
                    blocked[q] -= 1
            cur -= ext[j]
            load -= s[j]
            state[d] = 2
            state[d + 1] = 0
            d += 1
        else:  # back from excluding order[d]: it is undecided again
            j = order[d]
            for q in range(m):
                rem[q] += 0.5 * W[q, j]
            d -= 1
    return best_x, best, found, True, nodes, kept, n_kept


@njit(cache=True)
def descend(
    g: Any,
    W: Any,
    s: Any,
    conflict: Any,
    lam: float,
    T: float,
    low: float,
    high: float,
    starts: Any,
) -> Any:
    """Best-improvement 1-flip ascent on ``F`` from each start (rows of ``starts``) within the
    limits; returns the end points and their values (−inf where a start was infeasible)."""
    n_starts, m = starts.shape
    out = starts.copy()
    values = np.full(n_starts, -np.inf)
    for r in range(n_starts):
        x = out[r]
        load = 0.0
        bad = False
        for i in range(m):
            if x[i]:
                load += s[i]
                for j in range(i + 1, m):
                    if x[j] and conflict[i, j]:
                        bad = True
        if bad:
            continue
        inner = np.zeros(m)  # w(i, S)
        for i in range(m):
            if x[i]:
                for j in range(m):
                    inner[j] += W[i, j]
        for _ in range(4 * m + 4):
            dev = abs(load - T)
            best_delta = 1e-9
            best_i = -1
            for i in range(m):
                if x[i]:
                    new = load - s[i]
                    if new < low - 1e-9:
                        continue
                    delta = -(g[i] + inner[i]) - lam * (abs(new - T) - dev)
                else:
                    new = load + s[i]
                    if new > high + 1e-9:
                        continue
                    clash = False
                    for j in range(m):
                        if x[j] and conflict[i, j]:
                            clash = True
                            break
                    if clash:
                        continue
                    delta = g[i] + inner[i] - lam * (abs(new - T) - dev)
                if delta > best_delta:
                    best_delta = delta
                    best_i = i
            if best_i < 0:
                break
            i = best_i
            sign = -1.0 if x[i] else 1.0
            x[i] = not x[i]
            load += sign * s[i]
            for j in range(m):
                inner[j] += sign * W[i, j]
        if low - 1e-9 <= load <= high + 1e-9:
            f = -lam * abs(load - T)
            for i in range(m):
                if x[i]:
                    f += g[i] + 0.5 * inner[i]
            values[r] = f
    return out, values
