"""The interactions as a heat map, grouped by administration, light enough for 2 000 units.

* :func:`administration_matrix` — administration × administration (summed weights; the
  diagonal is the work *inside* an administration), for an HTML table whose cells carry a
  CSS class ``heat-0`` … ``heat-5`` (a few dozen cells whatever the number of units);
* :func:`unit_heatmap_png` — unit × unit as a PNG made here with numpy and Pillow (one square
  of ``scale`` pixels per pair, units ordered by administration, lines between the
  administrations): a 2 000-unit case is a 2 000 × 2 000 image of some tens of kB, not four
  million table cells.
"""

from __future__ import annotations

import io
import math
from typing import Any

import numpy as np
from PIL import Image

from oversyn.core.case import Case

LEVELS = 5


def unit_order(case: Case) -> tuple[list[str], list[tuple[str, int, int]]]:
    """Unit ids ordered by administration (in the case's order, then name) and the blocks
    ``(administration id, first index, end index)``."""
    adm_order = {a.id: n for n, a in enumerate(case.baseline.administrations)}
    adm_of = {u: a or "" for u, a in case.baseline.unit_administrations().items()}
    units = sorted(
        case.baseline.units,
        key=lambda u: (adm_order.get(adm_of.get(u.id, ""), len(adm_order)), u.name, u.id),
    )
    ids = [u.id for u in units]
    blocks: list[tuple[str, int, int]] = []
    for index, unit in enumerate(units):
        adm = adm_of.get(unit.id, "")
        if blocks and blocks[-1][0] == adm:
            blocks[-1] = (adm, blocks[-1][1], index + 1)
        else:
            blocks.append((adm, index, index + 1))
    return ids, blocks


def _level(value: float, top: float) -> int:
    if value <= 0 or top <= 0:
        return 0
    return max(1, min(LEVELS, math.ceil(LEVELS * math.log1p(value) / math.log1p(top))))


def administration_matrix(case: Case) -> dict[str, Any]:
    """Administration × administration: summed interaction weights and their heat level."""
    adm_of = {u: a or "" for u, a in case.baseline.unit_administrations().items()}
    adms = [a.id for a in case.baseline.administrations]
    if any(v == "" for v in adm_of.values()):
        adms.append("")
    index = {a: n for n, a in enumerate(adms)}
    sums = np.zeros((len(adms), len(adms)))
    for inter in case.interactions:
        i, j = index.get(adm_of.get(inter.a, "")), index.get(adm_of.get(inter.b, ""))
        if i is None or j is None:
            continue
        sums[i, j] += inter.weight
        if i != j:
            sums[j, i] += inter.weight
    top = float(sums.max()) if sums.size else 0.0
    labels = [case.baseline.label("administration", a) if a else "–" for a in adms]
    rows = [
        {
            "label": labels[i],
            "cells": [
                {"value": float(sums[i, j]), "level": _level(float(sums[i, j]), top)}
                for j in range(len(adms))
            ],
        }
        for i in range(len(adms))
    ]
    inside = float(np.trace(sums))
    total = float(np.triu(sums).sum())
    return {"labels": labels, "rows": rows, "inside": inside, "total": total}


# light to dark blue, level 0 white (the CSS heat-N classes use the same colours)
PALETTE = np.array(
    [
        (255, 255, 255),
        (222, 235, 247),
        (158, 202, 225),
        (107, 174, 214),
        (33, 113, 181),
        (8, 48, 107),
    ],
    dtype=np.uint8,
)
LINE = np.array((200, 80, 40), dtype=np.uint8)


def unit_heatmap_png(case: Case, max_pixels: int = 2400) -> bytes:
    """Unit × unit heat map (PNG): units ordered by administration, lines between them.

    A palette image (one byte per pixel: the heat level, or the line's colour) from the pairs
    that have a weight: for 2,000 units and 5,000 pairs about 60 ms and 50 kB, where the same
    picture as RGB from an n × n float matrix took 630 ms and 71 kB (benchmarks/
    web_large_case.py)."""
    ids, blocks = unit_order(case)
    n = max(1, len(ids))
    scale = max(1, min(12, max_pixels // n))
    # the pairs that have a weight, summed (a few thousand), not n × n floats: the levels of
    # those pairs only, into an n × n byte image that is otherwise level 0
    index = {u: k for k, u in enumerate(ids)}
    sums: dict[tuple[int, int], float] = {}
    for inter in case.interactions:
        i, j = index.get(inter.a), index.get(inter.b)
        if i is None or j is None or i == j:
            continue
        key = (min(i, j), max(i, j))
        sums[key] = sums.get(key, 0.0) + inter.weight
    levels = np.zeros((n, n), dtype=np.uint8)
    if sums:
        rows = np.fromiter((k[0] for k in sums), dtype=np.int64, count=len(sums))
        cols = np.fromiter((k[1] for k in sums), dtype=np.int64, count=len(sums))
        weights = np.fromiter(sums.values(), dtype=np.float64, count=len(sums))
        top = float(weights.max())
        if top > 0:
            heat = np.ceil(LEVELS * np.log1p(weights) / math.log1p(top))
            heat = np.where(weights > 0, np.clip(heat, 1, LEVELS), 0).astype(np.uint8)
            levels[rows, cols] = heat
            levels[cols, rows] = heat
    pixels = np.repeat(np.repeat(levels, scale, axis=0), scale, axis=1)
    line = len(PALETTE)  # the palette index of the administration borders
    for _adm, start, end in blocks:
        for edge in (start * scale, min(end * scale, pixels.shape[0] - 1)):
            pixels[edge, :] = line
            pixels[:, edge] = line
    image = Image.fromarray(pixels, "P")
    image.putpalette(np.vstack([PALETTE, LINE]).flatten().tolist())
    out = io.BytesIO()
    image.save(out, format="PNG", compress_level=6)
    return out.getvalue()
