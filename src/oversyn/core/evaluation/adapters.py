"""Second opinions from established MCDA methods, through ``pymcdm`` behind a small adapter.

The weighted sum is what Swedish documents use; a second, differently built method shows
whether the ranking is an artefact of adding points.  We offer TOPSIS (Hwang & Yoon 1981;
distance to the ideal and anti-ideal alternative, min–max normalised) and PROMETHEE II
(Brans & Vincke 1985; net outranking flow, "usual" preference function).  ``pymcdm`` is a
maintained, tested implementation of both; this module is the only place that imports it,
so a different library can be swapped in here.  pymcdm imports matplotlib and pandas at
import time (about 3 s), so it is imported lazily, and it is an optional dependency
(``pip install oversyn[mcdm]``); without it the second opinion is simply not given.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
from numpy.typing import NDArray

from oversyn.core.evaluation.methods import normalise, rank_with_ties

Method = Literal["topsis", "promethee2"]
METHOD_NAMES: dict[str, str] = {"topsis": "TOPSIS", "promethee2": "PROMETHEE II"}


@dataclass(frozen=True)
class SecondOpinion:
    method: str  # "TOPSIS" / "PROMETHEE II"
    values: NDArray[np.float64]  # preference value per alternative (higher is better)
    ranks: NDArray[np.int64]  # competition ranking, 1 = best


def available() -> bool:
    try:
        import pymcdm  # noqa: F401
    except ImportError:
        return False
    return True


def second_opinion(
    scores: NDArray[np.float64], weights: NDArray[np.float64], method: Method = "topsis"
) -> SecondOpinion | None:
    """Rank the alternatives (rows of ``scores``, all criteria benefit-type) with ``method``.

    Columns on which every alternative scores the same do not discriminate and are left out
    (min–max normalisation is undefined on them).  Returns ``None`` when pymcdm is missing;
    with fewer than two alternatives or no discriminating column all alternatives tie.
    """
    s = np.asarray(scores, dtype=np.float64)
    w = normalise(np.asarray(weights, dtype=np.float64))
    m = s.shape[0]
    name = METHOD_NAMES[method]
    varying = np.ptp(s, axis=0) > 0 if m else np.zeros(s.shape[1], dtype=bool)
    if m < 2 or not varying.any() or w[varying].sum() <= 0:
        zeros = np.zeros(m)
        return SecondOpinion(name, zeros, rank_with_ties(zeros))
    try:
        from pymcdm import methods as pm
    except ImportError:
        return None
    matrix = s[:, varying]
    wv = normalise(w[varying])
    types = np.ones(matrix.shape[1])
    body: Any = pm.TOPSIS() if method == "topsis" else pm.PROMETHEE_II("usual")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # pymcdm warns about dominated alternatives
        values = np.asarray(body(matrix, wv, types, validation=False), dtype=np.float64)
    return SecondOpinion(name, values, rank_with_ties(values))
