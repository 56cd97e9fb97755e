"""Costs per alternative: one-off and yearly cost lines with low/high ranges and volume
forecasts → yearly totals with ranges, a comparison table and a metric for the evaluation.

How a line becomes a yearly amount (the years are the union of all years named by the case's
cost lines, its *horizon*):

* ``per_person_per_month``: amount × 12 × persons that year (``volumes``);
* ``per_person_per_year``: amount × persons that year;
* ``per_month``: amount × 12, in each of the line's ``years`` (all horizon years if none);
* ``per_year`` / ``total``: the amount, in each of the line's years (horizon if none).

A one-off line counts once: its amount (× all persons for a per-person basis), in its first
year.  Worked example (seed 003, hand-worked in tests/core/process/test_costs.py): a place on
the social administration's HVB costs 42 857 kr per month per child, four children in 2018 and
two in 2019 → 2 057 136 kr (2018) and 1 028 568 kr (2019); running an own HVB costs
150 000–320 000 kr per month → 1 800 000–3 840 000 kr in each year.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from oversyn.core.process.model import CostBasis, CostKind, CostLine

if TYPE_CHECKING:
    from oversyn.core.case import Case

Range = tuple[float, float]


def _add(a: Range, b: Range) -> Range:
    return (a[0] + b[0], a[1] + b[1])


def horizon(lines: list[CostLine]) -> list[int]:
    years: set[int] = set()
    for line in lines:
        years.update(line.volumes)
        years.update(line.years)
    return sorted(years)


def line_per_year(line: CostLine, years: list[int]) -> dict[int, Range]:
    """A yearly line's (low, high) per year over ``years``."""
    low, high = line.low, line.high if line.high is not None else line.low
    out: dict[int, Range] = {}
    active = line.years or years
    for year in years:
        if line.basis in (CostBasis.PER_PERSON_PER_MONTH, CostBasis.PER_PERSON_PER_YEAR):
            persons = line.volumes.get(year, 0.0)
            factor = persons * (12 if line.basis == CostBasis.PER_PERSON_PER_MONTH else 1)
        elif year in active:
            factor = 12 if line.basis == CostBasis.PER_MONTH else 1
        else:
            factor = 0
        if factor:
            out[year] = (low * factor, high * factor)
    return out


def line_one_off(line: CostLine) -> Range:
    low, high = line.low, line.high if line.high is not None else line.low
    if line.basis in (CostBasis.PER_PERSON_PER_MONTH, CostBasis.PER_PERSON_PER_YEAR):
        persons = sum(line.volumes.values())
        return (low * persons, high * persons)
    return (low, high)


@dataclass
class AlternativeCosts:
    alternative: str
    name: str
    per_year: dict[int, Range] = field(default_factory=dict)
    one_off: Range = (0.0, 0.0)
    lines: list[str] = field(default_factory=list)

    @property
    def yearly_total(self) -> Range:
        """Sum of the yearly costs over the horizon."""
        total: Range = (0.0, 0.0)
        for value in self.per_year.values():
            total = _add(total, value)
        return total

    @property
    def total(self) -> Range:
        return _add(self.yearly_total, self.one_off)

    def yearly_average(self, years: list[int]) -> Range:
        if not years:
            return (0.0, 0.0)
        low, high = self.yearly_total
        return (low / len(years), high / len(years))


@dataclass
class CostComparison:
    years: list[int]
    rows: list[AlternativeCosts]

    def row(self, alternative: str) -> AlternativeCosts | None:
        return next((r for r in self.rows if r.alternative == alternative), None)

    def as_dict(self) -> dict[str, object]:
        return {
            "years": self.years,
            "alternatives": [
                {
                    "alternative": r.alternative,
                    "name": r.name,
                    "per_year": {str(y): list(v) for y, v in r.per_year.items()},
                    "one_off": list(r.one_off),
                    "yearly_total": list(r.yearly_total),
                    "yearly_average": list(r.yearly_average(self.years)),
                    "total": list(r.total),
                    "lines": r.lines,
                }
                for r in self.rows
            ],
        }


def compare_costs(case: Case, lang: str = "sv") -> CostComparison:
    """Per-year and total cost ranges for every alternative that has cost lines (nuläge first
    when it has any), in the case's alternative order."""
    years = horizon(case.costs)
    rows: list[AlternativeCosts] = []
    for alt_id in case.alternative_ids():
        lines = [c for c in case.costs if c.alternative == alt_id]
        if not lines:
            continue
        row = AlternativeCosts(
            alt_id, case.alternative_name(alt_id, "sv" if lang == "sv" else "en")
        )
        for line in lines:
            row.lines.append(line.id)
            if line.kind == CostKind.ONE_OFF:
                row.one_off = _add(row.one_off, line_one_off(line))
                continue
            for year, value in line_per_year(line, years).items():
                row.per_year[year] = _add(row.per_year.get(year, (0.0, 0.0)), value)
        row.per_year = dict(sorted(row.per_year.items()))
        rows.append(row)
    return CostComparison(years, rows)


def yearly_cost_metric(case: Case, year: int | None = None) -> dict[str, Range]:
    """``{alternative_id: (low, high)}`` yearly cost, for the evaluation's metric criteria.

    With ``year``: that year's cost.  Without: the average yearly cost over the case's cost
    horizon (one-off costs left out, as they do not recur).  Alternatives without cost lines
    are absent.
    """
    comparison = compare_costs(case)
    if year is not None:
        return {r.alternative: r.per_year.get(year, (0.0, 0.0)) for r in comparison.rows}
    return {r.alternative: r.yearly_average(comparison.years) for r in comparison.rows}
