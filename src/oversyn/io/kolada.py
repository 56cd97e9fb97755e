"""Kolada (RKA's municipal key figures) in the v3 API's JSON shape → indicator values.

The reader takes the response of ``GET /v3/data/kpi/{kpi}/municipality/{id}``::

    {"count": 2, "values": [
        {"kpi": "N00914", "municipality": "0583", "period": 2018,
         "values": [{"gender": "T", "count": 1, "status": null, "value": 48.2}, …]}, …],
     "next_page": null}

(the same nesting as v2: one entry per kpi × municipality × period, each with values per
gender T/K/M; ``value`` may be null and ``status`` may mark it).  Paging keys (``next_page``,
``next_url``, ``previous_page``) are ignored.  :func:`fetch_kpi` fetches the same response with
the standard library; it is only called behind an explicit CLI flag, never in tests.
"""

from __future__ import annotations

import math
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from oversyn.core.process.model import IndicatorValue
from oversyn.io.limits import DEFAULT_LIMITS, BoundError, Limits, load_json, size_text

KOLADA_V3 = "https://api.kolada.se/v3"


class KoladaFormatError(ValueError):
    """The JSON is not in Kolada's data shape; the message says where (in Swedish)."""


@dataclass(frozen=True)
class KoladaSeries:
    kpi: str
    municipality: str
    values: list[IndicatorValue]


def parse_kolada(data: Any, source: str = "Kolada") -> list[KoladaSeries]:
    """One series per (kpi, municipality) in the response, values sorted by period/gender."""
    if not isinstance(data, dict) or not isinstance(data.get("values"), list):
        raise KoladaFormatError("Kolada-svaret saknar listan 'values' på översta nivån")
    series: dict[tuple[str, str], list[IndicatorValue]] = {}
    for i, entry in enumerate(data["values"]):
        if not isinstance(entry, dict):
            raise KoladaFormatError(f"values[{i}] är inte ett objekt")
        try:
            kpi, muni, period = str(entry["kpi"]), str(entry["municipality"]), entry["period"]
            inner = entry["values"]
        except KeyError as exc:
            raise KoladaFormatError(f"values[{i}] saknar fältet {exc.args[0]!r}") from exc
        if not isinstance(inner, list):
            raise KoladaFormatError(f"values[{i}].values är inte en lista")
        for j, v in enumerate(inner):
            if not isinstance(v, dict) or "value" not in v:
                raise KoladaFormatError(f"values[{i}].values[{j}] saknar fältet 'value'")
            value = v["value"]
            where = f"values[{i}].values[{j}]"
            if value is not None and (
                isinstance(value, bool)
                or not isinstance(value, int | float)
                or not math.isfinite(_as_float(value))
            ):
                shown = repr(value) if len(repr(value)) <= 40 else repr(value)[:40] + "…"
                raise KoladaFormatError(f"{where}.value är inte ett tal: {shown}")
            if isinstance(period, dict | list) or isinstance(v.get("gender"), dict | list):
                raise KoladaFormatError(f"{where}: period och kön ska vara text eller tal")
            try:
                item = IndicatorValue(
                    period=str(period)[:40],
                    value=None if value is None else float(value),
                    gender=str(v.get("gender") or "T")[:10],
                    source=f"{source} {kpi}"[:200],
                )
            except ValidationError as exc:  # pragma: no cover - the checks above cover the types
                raise KoladaFormatError(f"{where}: {exc.errors()[0]['msg']}") from exc
            series.setdefault((kpi, muni), []).append(item)
    return [
        KoladaSeries(k, m, sorted(vals, key=lambda v: (v.period, v.gender)))
        for (k, m), vals in series.items()
    ]


def _as_float(value: int | float) -> float:
    try:
        return float(value)
    except OverflowError:  # an integer beyond float range
        return math.inf


def read_kolada_file(path: str | Path, limits: Limits = DEFAULT_LIMITS) -> list[KoladaSeries]:
    """Read a saved Kolada response (bounded: size, depth; see :func:`load_json`)."""
    path = Path(path)
    size = path.stat().st_size
    if size > limits.json_bytes:
        bound = BoundError("too_large", size=size_text(size), limit=size_text(limits.json_bytes))
        raise KoladaFormatError(bound.message())
    try:
        data = load_json(path.read_bytes(), limits)
    except BoundError as exc:  # the caller names the file; the line is part of the message
        where = f"rad {exc.line}: " if exc.line else ""
        raise KoladaFormatError(where + exc.message()) from exc
    return parse_kolada(data, f"Kolada ({path.name})")


def kpi_url(kpi: str, municipality: str, years: list[int] | None = None) -> str:
    url = f"{KOLADA_V3}/data/kpi/{kpi}/municipality/{municipality}"
    return url + (f"/year/{','.join(str(y) for y in years)}" if years else "")


def fetch_kpi(kpi: str, municipality: str, timeout: float = 20.0) -> list[KoladaSeries]:
    """Fetch live from Kolada (needs internet; only behind the CLI's ``--fetch`` flag)."""
    request = urllib.request.Request(
        kpi_url(kpi, municipality), headers={"Accept": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=timeout) as response:
        raw = response.read(DEFAULT_LIMITS.json_bytes + 1)
    try:
        data = load_json(raw)
    except BoundError as exc:
        raise KoladaFormatError(exc.message()) from exc
    return parse_kolada(data, "Kolada (api.kolada.se)")
