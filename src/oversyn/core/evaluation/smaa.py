"""SMAA-2: Stochastic Multicriteria Acceptability Analysis (Lahdelma & Salminen 2001).

Given the alternatives' scores (each known only within ``[low, high]``) and what is known about
the weights (nothing, an order of importance, intervals, or exact values), SMAA-2 samples
weight vectors and scores and reports, for a weighted-sum model:

* **rank acceptability** ``b[i, r]``: the share of samples in which alternative i takes rank
  r + 1.  Each row and each column sums to 1 (ties are shared: an alternative tied with e−1
  others for ranks g+1 … g+e takes each of them with 1/e).
* **central weight vector** ``wc[i]``: the mean of the weights under which i ranks first —
  "the typical weighting that makes i the winner".
* **confidence factor** ``p[i]``: the share of score samples in which i ranks first when the
  weights are fixed at its central weight vector.
* **pairwise winning index** ``c[i, j]``: the share of samples in which i beats j (ties ½).

Why we write this ourselves: robustness of the recommendation is the product's edge (the
documents we replace never could say whether the winner still wins when the weights are only
roughly known), and there is no maintained, vectorised SMAA library for Python; JSMAA (Java)
and the R package ``smaa`` are per-sample loops.  The sampler here is vectorised NumPy over
chunks of samples, with no Python loop per sample, and seeded by a ``numpy.random.Generator``
so a run is reproducible.

Number types: **float64** by default, chosen by measurement rather than habit.  float32
would be precise enough (the sampled values are uncertain by whole score points, far above
its 10⁻⁷ relative precision) and halves memory traffic, but NumPy's float32 random
generators are *slower* than its float64 ones (on the 2-core build machine: 106 vs 56 ns for
10 exponentials, 49 vs 30 ns for 10 uniforms), and random generation dominates the cost.
Measured on 10⁶ samples, 10 criteria, 6 alternatives: weights only 3.9 M samples/s in
float32 against 6.6 M/s in float64; weights and all scores uncertain 1.7 M/s against 1.6 M/s
— a wash.  float64 also keeps the tie tolerance tiny: utilities closer than
``8·n·ε·max|score|`` (the rounding bound of an n-term dot product, with margin) count as ties.
``dtype=np.float32`` remains available.  Chunks of 8192 samples keep the sampled (k, m, n)
score block in cache; the same seed and chunk size give the same result.

Cost per sample is a handful of BLAS products and one vector operation per *pair* of
alternatives (see :func:`_rank_counts`); ``benchmarks/smaa_bench.py`` compares it with a
per-sample loop.

Weight sampling (uniform over the admissible set, as SMAA-2 prescribes):

* no information: Dirichlet(1) = normalised standard exponentials (uniform on the simplex);
* order w_{o1} ≥ w_{o2} ≥ …: a uniform simplex sample sorted descending and assigned in that
  order (the sorted sample is uniform on the ordered region, by symmetry);
* intervals lo_j ≤ w_j ≤ hi_j: uniform simplex samples, rejecting those outside (exact, since
  the accepted ones are uniform on the intersection).  The acceptance rate is reported; below
  :data:`MIN_ACCEPTANCE` the intervals are too narrow for rejection and an error is raised.
* exact: the given weights (only the scores vary).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
from numpy.typing import NDArray

FloatArray = NDArray[np.float64]
WeightMode = Literal["simplex", "order", "intervals", "exact"]

DEFAULT_CHUNK = 1 << 13  # 8192 samples: the (k, m, n) score block stays in cache
MIN_ACCEPTANCE = 1e-4

#: ``progress(done, total)``: called after each chunk of samples (and of confidence samples);
#: it may raise to stop the run (a cancelled job).  It does not change the result.
SmaaProgress = Callable[[int, int], None]


@dataclass(frozen=True)
class SmaaProblem:
    """Scores within ``[low, high]`` (alternatives × criteria) and the weight information."""

    low: FloatArray
    high: FloatArray
    mode: WeightMode = "simplex"
    order: tuple[int, ...] = ()  # criterion indices, most important first (mode "order")
    intervals: FloatArray | None = None  # (n, 2) shares 0–1 (mode "intervals")
    exact: FloatArray | None = None  # (n,) (mode "exact")

    @property
    def shape(self) -> tuple[int, int]:
        m, n = np.shape(self.low)
        return int(m), int(n)

    @property
    def uncertain_scores(self) -> bool:
        return bool(np.any(np.asarray(self.high) > np.asarray(self.low)))


@dataclass
class SmaaResult:
    samples: int
    rank_acceptability: FloatArray  # (m, m)
    central_weights: FloatArray  # (m, n); NaN for an alternative that never ranks first
    confidence: FloatArray  # (m,); NaN for an alternative that never ranks first
    pairwise_winning: FloatArray  # (m, m)
    acceptance_rate: float = 1.0
    seed: int | None = None
    extra: dict[str, float] = field(default_factory=dict)


class SmaaError(ValueError):
    """The weight information admits (almost) no weight vector."""


def _exponentials(rng: np.random.Generator, k: int, n: int, dtype: type) -> NDArray[np.floating]:
    """Unnormalised Dirichlet(1): rows divided by their sums are uniform on the simplex."""
    return rng.standard_exponential((k, n), dtype=dtype)


def sample_weights(
    problem: SmaaProblem,
    rng: np.random.Generator,
    k: int,
    dtype: type = np.float64,
    normalised: bool = True,
) -> tuple[NDArray[np.floating], float]:
    """``k`` weight vectors (k × n) from the admissible set, and the acceptance rate.

    With ``normalised=False`` the rows are positive multiples of admissible weight vectors
    (the ranking does not change under scaling; the sampler saves a division per element).
    """
    _, n = problem.shape
    if problem.mode == "exact":
        assert problem.exact is not None
        w: NDArray[np.floating] = np.asarray(problem.exact, dtype=dtype)
        return np.broadcast_to(w / w.sum(), (k, n)).copy(), 1.0
    if problem.mode in ("simplex", "order"):
        w = _exponentials(rng, k, n, dtype)
        if problem.mode == "order":
            w = -np.sort(-w, axis=1)  # descending
            out = np.empty_like(w)
            out[:, list(problem.order)] = w
            w = out
        if normalised:
            w /= (w @ np.ones(n, dtype=dtype))[:, None]
        return w, 1.0
    if problem.mode == "intervals":
        assert problem.intervals is not None
        lo: NDArray[np.floating] = np.asarray(problem.intervals[:, 0], dtype=dtype)
        hi: NDArray[np.floating] = np.asarray(problem.intervals[:, 1], dtype=dtype)
        parts: list[NDArray[np.floating]] = []
        got = drawn = 0
        rate = 1.0
        while got < k:
            batch = max(k - got, 1024) if drawn == 0 else int(min((k - got) / rate * 1.2, 1 << 20))
            cand = _exponentials(rng, batch, n, dtype)
            cand /= (cand @ np.ones(n, dtype=dtype))[:, None]
            ok = np.all((cand >= lo) & (cand <= hi), axis=1)
            drawn += batch
            parts.append(cand[ok])
            got += int(ok.sum())
            rate = got / drawn
            if rate < MIN_ACCEPTANCE:
                raise SmaaError(f"acceptance rate {rate:.2g} too low")
        return np.concatenate(parts)[:k], got / drawn
    raise ValueError(f"unknown weight mode {problem.mode!r}")


def _sample_scores(
    problem: SmaaProblem, rng: np.random.Generator, k: int, dtype: type
) -> NDArray[np.floating]:
    """(k, m, n) scores, uniform within [low, high] per cell."""
    lo: NDArray[np.floating] = np.asarray(problem.low, dtype=dtype)
    width = np.asarray(problem.high, dtype=dtype) - lo
    u = rng.random((k, *lo.shape), dtype=dtype)
    u *= width
    u += lo
    return u


def _utilities(scores: NDArray[np.floating], weights: NDArray[np.floating]) -> NDArray[np.floating]:
    """(m, k) utilities: fixed scores (m, n) or sampled (k, m, n), times weights (k, n)."""
    if scores.ndim == 2:
        return np.ascontiguousarray((weights @ scores.T).T)
    return np.ascontiguousarray(np.matmul(scores, weights[:, :, None])[:, :, 0].T)


def _rank_counts(
    u: NDArray[np.floating], tol: float, wins: FloatArray
) -> tuple[NDArray[np.uint8], NDArray[np.uint8], bool]:
    """Per alternative and sample: how many beat it (g) and how many tie with it incl. itself
    (e), from ``u`` (m, k).  Adds the pairwise wins (ties ½) to ``wins``.

    One vector operation per *pair* of alternatives over all k samples (m(m−1)/2 of them),
    which for the handful of alternatives a case has is cheaper than sorting each sample.
    """
    m, k = u.shape
    g = np.zeros((m, k), dtype=np.uint8)
    e = np.ones((m, k), dtype=np.uint8)
    any_tie = False
    for i in range(m):
        for j in range(i + 1, m):
            d = u[i] - u[j]
            i_wins = d > tol
            j_wins = d < -tol
            g[j] += i_wins
            g[i] += j_wins
            n_i = int(np.count_nonzero(i_wins))
            n_j = int(np.count_nonzero(j_wins))
            n_tie = k - n_i - n_j
            wins[i, j] += n_i + 0.5 * n_tie
            wins[j, i] += n_j + 0.5 * n_tie
            if n_tie:
                any_tie = True
                tie = ~(i_wins | j_wins)
                e[i] += tie
                e[j] += tie
    return g, e, any_tie


def smaa2(
    problem: SmaaProblem,
    samples: int = 100_000,
    seed: int | None = 0,
    chunk: int = DEFAULT_CHUNK,
    dtype: type = np.float64,
    confidence_samples: int = 100_000,
    progress: SmaaProgress | None = None,
) -> SmaaResult:
    """Run SMAA-2 with ``samples`` samples; the same ``seed`` gives the same result.

    Confidence factors need their own score samples (weights fixed at the central weight
    vectors); ``min(samples, confidence_samples)`` are drawn, enough for ±0.3 percentage point.

    ``progress(done, total)`` is called after every chunk: ``total`` is the rank samples plus
    the confidence samples drawn after them, ``done`` how many of them are done.  The callback
    only observes: with or without it, the same seed and chunk give the same result.
    """
    m, n = problem.shape
    if m > 255:
        raise ValueError("SMAA is limited to 255 alternatives")
    rng = np.random.default_rng(seed)
    eps = float(np.finfo(dtype).eps)
    scale = max(float(np.nanmax(np.abs(problem.high))), 1.0)
    uncertain = problem.uncertain_scores
    tol = 8 * n * eps * scale
    fixed: NDArray[np.floating] = np.asarray(problem.low, dtype=dtype)

    acc = np.zeros((m, m))
    first_weights = np.zeros((m, n))
    first_share = np.zeros(m)
    wins = np.zeros((m, m))
    accepted = drawn = 0.0

    ones: NDArray[np.floating] = np.ones(n, dtype=dtype)
    n_confidence = min(samples, confidence_samples) if uncertain else 0
    total_work = samples + n_confidence
    done = 0
    while done < samples:
        k = min(chunk, samples - done)
        w, rate = sample_weights(problem, rng, k, dtype, normalised=False)
        accepted += k
        drawn += k / rate
        if uncertain:
            x = _sample_scores(problem, rng, k, dtype)
            total = w @ ones
            u = _utilities(x, w)
            u /= total  # utilities under the normalised weights, (m, k)
        else:
            total = w @ ones  # BLAS products: far faster than w.sum(axis=1) and x @ w.T
            u = np.ascontiguousarray((w @ fixed.T / total[:, None]).T)
        g, e, any_tie = _rank_counts(u, tol, wins)
        if not any_tie:
            for i in range(m):
                acc[i] += np.bincount(g[i], minlength=m)[:m]
            first = (g == 0).astype(dtype)
        else:  # alternative i takes ranks g … g+e−1, each with 1/e
            share = 1.0 / e.astype(np.float64)
            end = g + e
            for r in range(m):
                acc[:, r] += np.sum(np.where((g <= r) & (r < end), share, 0.0), axis=1)
            first = np.where(g == 0, share, 0.0).astype(dtype)
        first_share += first @ np.ones(k, dtype=dtype)
        first /= total
        first_weights += first @ w
        done += k
        if progress is not None:
            progress(done, total_work)

    acc /= samples
    with np.errstate(invalid="ignore", divide="ignore"):
        central = first_weights / first_share[:, None]
    central[first_share == 0] = np.nan
    report: Callable[[int], None] | None = None
    if progress is not None:
        callback = progress

        def report(n_done: int) -> None:
            callback(samples + n_done, total_work)

    confidence = _confidence(
        problem, central, min(samples, confidence_samples), rng, chunk, dtype, tol, fixed, report
    )
    return SmaaResult(
        samples=samples,
        rank_acceptability=acc,
        central_weights=central,
        confidence=confidence,
        pairwise_winning=wins / samples,
        acceptance_rate=accepted / drawn if drawn else 1.0,
        seed=seed,
    )


def _confidence(
    problem: SmaaProblem,
    central: FloatArray,
    samples: int,
    rng: np.random.Generator,
    chunk: int,
    dtype: type,
    tol: float,
    fixed: NDArray[np.floating],
    report: Callable[[int], None] | None = None,
) -> FloatArray:
    """Share of score samples in which i ranks first under its central weights
    (``report(done)`` after each chunk of score samples)."""
    m, _ = problem.shape
    has = np.asarray(~np.isnan(central).any(axis=1), dtype=bool)
    cw: NDArray[np.floating] = np.where(has[:, None], central, 0.0).astype(dtype)  # (m, n)
    out = np.zeros(m)
    if not problem.uncertain_scores:
        u = fixed @ cw.T  # (m alternatives, m weight vectors)
        for i in range(m):
            col = u[:, i]
            better = np.sum(col > col[i] + tol)
            tied = np.sum(np.abs(col - col[i]) <= tol)
            out[i] = 1.0 / tied if better == 0 else 0.0
    else:
        done = 0
        while done < samples:
            k = min(chunk, samples - done)
            x = _sample_scores(problem, rng, k, dtype)  # (k, m, n)
            u = x @ cw.T  # (k, m alternatives, m weight vectors)
            for i in range(m):  # one pass per alternative, not per sample
                col = u[:, :, i]
                better = np.sum(col > col[:, i : i + 1] + tol, axis=1)
                tied = np.sum(np.abs(col - col[:, i : i + 1]) <= tol, axis=1)
                out[i] += np.sum(np.where(better == 0, 1.0 / tied, 0.0))
            done += k
            if report is not None:
                report(done)
        out /= samples
    out[~has] = np.nan
    return out
