"""Goals and indicators: time series, progress from baseline towards target, and merging
imported values (e.g. from Kolada) into a case's indicators."""

from __future__ import annotations

from dataclasses import dataclass

from oversyn.core.process.model import Goal, Indicator, IndicatorValue


def indicator_series(indicator: Indicator, gender: str = "T") -> list[tuple[str, float | None]]:
    """(period, value) sorted by period, for one gender (T = total)."""
    values = {v.period: v.value for v in indicator.values if v.gender == gender}
    return sorted(values.items())


@dataclass(frozen=True)
class Progress:
    indicator: str
    latest_period: str | None
    latest: float | None
    baseline: float | None
    target: float | None
    share_of_way: float | None  # (latest - baseline) / (target - baseline)


def indicator_progress(indicator: Indicator, gender: str = "T") -> Progress:
    """How far the latest value has moved from the baseline towards the target.

    Hand-worked: baseline 40, target 50, latest 45 → 0.5 of the way.
    """
    series = [(p, v) for p, v in indicator_series(indicator, gender) if v is not None]
    latest_period, latest = series[-1] if series else (None, None)
    base = indicator.baseline.value if indicator.baseline else None
    target = indicator.target.value if indicator.target else None
    share = None
    if latest is not None and base is not None and target is not None and target != base:
        share = (latest - base) / (target - base)
    return Progress(indicator.id, latest_period, latest, base, target, share)


def merge_values(
    goals: list[Goal], kpi: str, municipality: str, values: list[IndicatorValue]
) -> tuple[list[Goal], list[str]]:
    """New goals where every indicator for ``kpi`` (and ``municipality``, when it names one)
    has ``values`` merged in: a value for an existing (period, gender) is replaced.  Returns the
    goals and the ids of the indicators that were updated."""
    updated: list[str] = []
    result: list[Goal] = []
    for goal in goals:
        indicators = []
        for ind in goal.indicators:
            if ind.kolada_kpi == kpi and ind.municipality in (None, municipality):
                merged = {(v.period, v.gender): v for v in ind.values}
                for v in values:
                    merged[(v.period, v.gender)] = v
                ind = ind.model_copy(
                    update={
                        "values": sorted(merged.values(), key=lambda v: (v.period, v.gender)),
                        "municipality": municipality,
                    }
                )
                updated.append(ind.id)
            indicators.append(ind)
        result.append(goal.model_copy(update={"indicators": indicators}))
    return result, updated
