"""The deterministic methods: aggregation across assessors, weighted sum, ranking, sensitivity.

Pure NumPy functions on plain arrays (alternatives × criteria), so that they can be tested
against hand-worked examples and reused by the SMAA sampler.  Conventions:

* ``scores``: shape ``(m, n)`` (alternatives × criteria), on the principle scale;
  ``NaN`` where nobody scored the cell.
* ``weights``: shape ``(n,)``, non-negative; normalised where needed.

The **weighted sum** is reported in *points*: the weights are rescaled to mean 1 (sum ``n``),
so that equal weights give the plain sum of the scores, which is what municipal documents
write (Linköping 2017, Utvärderingsmatris 2: 3+2+1+0+2 = 8 and 3+3+3+3+3 = 15).  The ranking
does not depend on this scale.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

FloatArray = NDArray[np.float64]

#: Two weighted sums closer than this (in points) are a tie.
TIE_TOLERANCE = 1e-9


def normalise(weights: FloatArray) -> FloatArray:
    """Weights rescaled to sum 1 (all equal if they sum to zero)."""
    w = np.asarray(weights, dtype=np.float64)
    total = w.sum()
    if total <= 0:
        return np.full(w.shape, 1.0 / w.size)
    out: FloatArray = w / total
    return out


def rank_order_centroid(n: int) -> FloatArray:
    """Rank-order-centroid weights (Barron & Barrett 1996) for n criteria ordered w1 ≥ … ≥ wn.

    The centroid of the region {w1 ≥ w2 ≥ … ≥ wn ≥ 0, Σw = 1}: ``w_i = (1/n) Σ_{k=i..n} 1/k``.
    For n = 3: (11/18, 5/18, 2/18).
    """
    inv = 1.0 / np.arange(1, n + 1, dtype=np.float64)
    return np.cumsum(inv[::-1])[::-1] / n


@dataclass(frozen=True)
class Aggregate:
    """Scores combined across assessors, and how much the assessors disagree."""

    value: FloatArray  # (m, n): mean or median; NaN where nobody scored
    low: FloatArray  # (m, n): lowest score given
    high: FloatArray  # (m, n): highest score given
    count: NDArray[np.int64]  # (m, n): number of assessors who scored the cell

    @property
    def spread(self) -> FloatArray:
        """Highest minus lowest score per cell (0 with a single assessor)."""
        return self.high - self.low


def aggregate(per_assessor: FloatArray, how: str = "mean") -> Aggregate:
    """Combine scores of shape ``(k, m, n)`` (assessors × alternatives × criteria).

    ``NaN`` marks a cell an assessor did not score; it is left out of that cell.
    """
    arr = np.asarray(per_assessor, dtype=np.float64)
    count = np.sum(~np.isnan(arr), axis=0).astype(np.int64)
    filled = count > 0
    safe = np.where(np.isnan(arr), 0.0, arr)
    value = np.full(arr.shape[1:], np.nan)
    low = np.full(arr.shape[1:], np.nan)
    high = np.full(arr.shape[1:], np.nan)
    if arr.shape[0] and filled.any():
        if how == "median":
            with np.errstate(all="ignore"):
                med = np.nanmedian(np.where(filled, arr, 0.0), axis=0)
            value = np.where(filled, med, np.nan)
        elif how == "mean":
            value = np.where(filled, safe.sum(axis=0) / np.maximum(count, 1), np.nan)
        else:
            raise ValueError(f"unknown aggregation {how!r}")
        low = np.where(filled, np.nanmin(np.where(np.isnan(arr), np.inf, arr), axis=0), np.nan)
        high = np.where(filled, np.nanmax(np.where(np.isnan(arr), -np.inf, arr), axis=0), np.nan)
    return Aggregate(value, low, high, count)


def weighted_sum(scores: FloatArray, weights: FloatArray) -> FloatArray:
    """Weighted sum in points (weights rescaled to sum n); ``NaN`` if a row has a ``NaN``."""
    s = np.asarray(scores, dtype=np.float64)
    w = normalise(weights) * s.shape[1]
    out: FloatArray = s @ w
    return out


def rank_with_ties(values: FloatArray, tolerance: float = TIE_TOLERANCE) -> NDArray[np.int64]:
    """Competition ranking, higher is better: tied values share a rank ("1, 1, 3").

    ``NaN`` gets rank 0 (= not ranked).  Example: (8, 15, 15, nan) → (3, 1, 1, 0).
    """
    v = np.asarray(values, dtype=np.float64)
    valid = ~np.isnan(v)
    safe = np.where(valid, v, -np.inf)
    better = (safe[None, :] > safe[:, None] + tolerance) & valid[None, :]
    ranks = 1 + better.sum(axis=1)
    return np.where(valid, ranks, 0).astype(np.int64)


@dataclass(frozen=True)
class WeightInterval:
    """Where one criterion's weight can go while the winner stays the winner."""

    criterion: int
    current: float  # share of the total, 0–1
    low: float
    high: float


def one_criterion_sensitivity(
    scores: FloatArray, weights: FloatArray, winner: int
) -> list[WeightInterval]:
    """For each criterion j: the interval of its weight share in which ``winner`` still wins.

    The other weights are rescaled proportionally: ``w_k(t) = w_k (1 − t) / (1 − w_j)``.  Each
    alternative's weighted sum is then linear in t, ``u_i(t) = t·a_i + (1 − t)·b_i`` with
    ``a_i = s_ij`` and ``b_i = Σ_{k≠j} w_k s_ik / (1 − w_j)``, so the interval is exact:
    the intersection over i of ``{t : u_winner(t) ≥ u_i(t)}`` within [0, 1] (ties count as
    still winning).  A criterion that carries all the weight is reported as [1, 1].
    """
    s = np.asarray(scores, dtype=np.float64)
    w = normalise(weights)
    out: list[WeightInterval] = []
    for j in range(s.shape[1]):
        wj = float(w[j])
        if wj >= 1.0 - 1e-12:
            out.append(WeightInterval(j, wj, 1.0, 1.0))
            continue
        rest = np.delete(w, j) / (1.0 - wj)
        a = s[:, j]
        b = np.delete(s, j, axis=1) @ rest
        lo, hi = 0.0, 1.0
        for i in range(s.shape[0]):
            if i == winner:
                continue
            # (a_w - a_i - b_w + b_i) t >= b_i - b_w
            slope = (a[winner] - a[i]) - (b[winner] - b[i])
            rhs = b[i] - b[winner]
            if abs(slope) <= TIE_TOLERANCE:
                if rhs > TIE_TOLERANCE:
                    lo, hi = 1.0, 0.0  # never wins (cannot happen for the current winner)
                continue
            bound = rhs / slope
            if slope > 0:
                lo = max(lo, bound)
            else:
                hi = min(hi, bound)
        out.append(WeightInterval(j, wj, max(0.0, lo), min(1.0, hi)))
    return out
