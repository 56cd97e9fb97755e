"""Dates as people write them in municipal documents, and the dates the law computes.

* :func:`parse_period` reads a deadline as written ("Q1 2025", "2019-01-26", "senast den 23
  december 2021", "våren 2019", "januari 2019", "2025", "H1 2025", "vecka 12 2025") into a
  :class:`DateRange` (first and last day).  Hand-written because no library reads Swedish
  municipal period words (dateutil's parser reads English month names and single dates only);
  this is part of the product's edge.
* :func:`appeal_last_day` computes the last day to appeal a decision (laglighetsprövning):
  three weeks from the day the notice that the minutes are attested was posted on the
  municipality's notice board (kommunallagen 2017:725, 13 kap. 5 §), moved to the next weekday
  when it falls on a Saturday, Sunday, public holiday, midsommarafton, julafton or nyårsafton
  (lagen 1930:173 om beräkning av lagstadgad tid, 2 §).  Public holidays come from the
  ``holidays`` package (instead of our own Easter and midsummer arithmetic).
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Literal

import holidays

MONTHS_SV = {
    "januari": 1, "februari": 2, "mars": 3, "april": 4, "maj": 5, "juni": 6, "juli": 7,
    "augusti": 8, "september": 9, "oktober": 10, "november": 11, "december": 12,
}  # fmt: skip
MONTHS_EN = {
    "january": 1, "february": 2, "march": 3, "may": 5, "june": 6, "july": 7,
    "august": 8, "october": 10,
}  # fmt: skip
_ABBR = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "sept": 9, "okt": 10, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
MONTHS: dict[str, int] = {**MONTHS_SV, **MONTHS_EN, **_ABBR}

# Seasons as Swedish municipal planning uses them: "under våren" means the spring term
# (January–June), "under hösten" the autumn term (August–December).
SEASONS: dict[str, tuple[int, int]] = {
    "våren": (1, 6), "vår": (1, 6), "spring": (1, 6),
    "sommaren": (6, 8), "sommar": (6, 8), "summer": (6, 8),
    "hösten": (8, 12), "höst": (8, 12), "autumn": (8, 12), "fall": (8, 12),
}  # fmt: skip

_ORDINALS = {"första": 1, "andra": 2, "tredje": 3, "fjärde": 4, "first": 1, "second": 2,
             "third": 3, "fourth": 4}  # fmt: skip


@dataclass(frozen=True)
class DateRange:
    """A period from ``start`` to ``end`` (both inclusive); one day when they are equal."""

    start: date
    end: date

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError(f"end {self.end} before start {self.start}")

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end

    @property
    def single_day(self) -> bool:
        return self.start == self.end


def _month_range(year: int, first: int, last: int) -> DateRange:
    return DateRange(date(year, first, 1), date(year, last, calendar.monthrange(year, last)[1]))


_MONTH_WORDS = "|".join(sorted(MONTHS, key=len, reverse=True))
_SEASON_WORDS = "|".join(sorted(SEASONS, key=len, reverse=True))
_ORD_WORDS = "|".join(_ORDINALS)
_YEAR = r"((?:19|20)\d\d)"

_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("iso", re.compile(rf"\b{_YEAR}-(\d\d?)-(\d\d?)\b")),
    ("day_month", re.compile(rf"\b(\d{{1,2}})(?:\s*:?[ae])?\s+({_MONTH_WORDS})\.?,?\s+{_YEAR}\b")),
    ("month_day", re.compile(rf"\b({_MONTH_WORDS})\s+(\d{{1,2}}),?\s+{_YEAR}\b")),
    ("slash", re.compile(rf"\b(\d{{1,2}})/(\d{{1,2}})[\s/-]+{_YEAR}\b")),
    ("quarter", re.compile(rf"\b(?:q|kv\.?|kvartal)\s*([1-4])[\s/-]*{_YEAR}\b")),
    ("quarter_rev", re.compile(rf"\b{_YEAR}[\s/-]*(?:q|kv\.?|kvartal)\s*([1-4])\b")),
    ("quarter_word", re.compile(rf"\b({_ORD_WORDS})\s+(?:kvartalet|quarter)(?:\s+of)?\s+{_YEAR}")),
    ("half", re.compile(rf"\b(?:h|halvår)\s*([12])[\s/-]*{_YEAR}\b")),
    ("half_rev", re.compile(rf"\b{_YEAR}[\s/-]*h([12])\b")),
    ("half_word", re.compile(rf"\b({_ORD_WORDS})\s+(?:halvåret|half)(?:\s+of)?\s+{_YEAR}")),
    ("tertial", re.compile(rf"\b(?:t|tertial)\s*([1-3])[\s/-]*{_YEAR}\b")),
    ("week", re.compile(rf"\b(?:vecka|v\.?|week)\s*(\d{{1,2}})[\s,]+{_YEAR}\b")),
    ("season", re.compile(rf"\b({_SEASON_WORDS})\s+{_YEAR}\b")),
    ("month", re.compile(rf"\b({_MONTH_WORDS})\.?\s+{_YEAR}\b")),
    ("year", re.compile(rf"(?<![\d/.-]){_YEAR}(?![\d/.-])")),
]

# A day and a month with no year ("senast den 26/11", "den 3 december"): read only against a
# reference date (the day the text was written, e.g. when a remiss was sent).
_NO_YEAR: list[tuple[str, re.Pattern[str]]] = [
    ("slash", re.compile(r"(?<![\d/.-])(\d{1,2})/(\d{1,2})(?![\d/])")),
    ("day_month", re.compile(rf"\b(\d{{1,2}})(?:\s*:?[ae])?\s+({_MONTH_WORDS})\b\.?")),
]

_BEFORE = re.compile(r"\b(före|innan|before)\b")


def _normal(text: str) -> str:
    return " ".join(text.lower().replace("\u00a0", " ").split())


def _before(low: str, m: re.Match[str], result: DateRange) -> DateRange:
    if _BEFORE.search(low[: m.start()]):
        end = result.start - timedelta(days=1)
        return DateRange(end, end)
    return result


def parse_period(text: str, reference: date | None = None) -> DateRange | None:
    """The period a written deadline names, or ``None`` if no date can be read.

    "före 1 mars 2025" / "before …" ends the day before.  Worked examples (seeds 000, 002,
    004): "Q1 2025" → 2025-01-01..2025-03-31; "senast den 23 december 2021" → 2021-12-23;
    "våren 2019" → 2019-01-01..2019-06-30; "senast den 26 januari 2019" → 2019-01-26.

    A day and month without a year (seed 002: "senast den 26/11") is read only when
    ``reference`` (the day the text was written) is given: it is the first such day on or
    after the reference — written 2021-11-10, "26/11" is 2021-11-26; written 2021-12-20,
    it is 2022-11-26.
    """
    low = _normal(text)
    for kind, pattern in _PATTERNS:
        m = pattern.search(low)
        if m is None:
            continue
        try:
            result = _from_match(kind, m.groups())
        except ValueError:
            continue
        if result is not None:
            return _before(low, m, result)
        return result
    if reference is None:
        return None
    for kind, pattern in _NO_YEAR:
        m = pattern.search(low)
        if m is None:
            continue
        day_, month_ = m.group(1), m.group(2)
        month = int(month_) if kind == "slash" else MONTHS[month_]
        found = _next_day_month(reference, month, int(day_))
        if found is not None:
            return _before(low, m, DateRange(found, found))
    return None


def _next_day_month(reference: date, month: int, day: int) -> date | None:
    """The first ``day``/``month`` on or after ``reference`` (29/2 waits for a leap year)."""
    for year in range(reference.year, reference.year + 9):
        try:
            found = date(year, month, day)
        except ValueError:
            continue
        if found >= reference:
            return found
    return None


def lacks_year(text: str) -> bool:
    """True when ``text`` names a day and month but no year ("senast den 26/11")."""
    low = _normal(text)
    return parse_period(low) is None and any(p.search(low) for _k, p in _NO_YEAR)


def _from_match(kind: str, g: tuple[str | Any, ...]) -> DateRange | None:
    if kind == "iso":
        d = date(int(g[0]), int(g[1]), int(g[2]))
        return DateRange(d, d)
    if kind == "day_month":
        d = date(int(g[2]), MONTHS[g[1]], int(g[0]))
        return DateRange(d, d)
    if kind == "month_day":
        d = date(int(g[2]), MONTHS[g[0]], int(g[1]))
        return DateRange(d, d)
    if kind == "slash":
        d = date(int(g[2]), int(g[1]), int(g[0]))
        return DateRange(d, d)
    if kind in ("quarter", "quarter_rev", "quarter_word"):
        year, q = (int(g[0]), int(g[1])) if kind == "quarter_rev" else (int(g[1]), 0)
        if kind == "quarter":
            q = int(g[0])
        elif kind == "quarter_word":
            q = _ORDINALS[g[0]]
        return _month_range(year, 3 * q - 2, 3 * q)
    if kind in ("half", "half_rev", "half_word"):
        if kind == "half":
            h, year = int(g[0]), int(g[1])
        elif kind == "half_rev":
            year, h = int(g[0]), int(g[1])
        else:
            h, year = _ORDINALS[g[0]], int(g[1])
        if h not in (1, 2):
            raise ValueError("half")
        return _month_range(year, 6 * h - 5, 6 * h)
    if kind == "tertial":
        t_ = int(g[0])
        return _month_range(int(g[1]), 4 * t_ - 3, 4 * t_)
    if kind == "week":
        week, year = int(g[0]), int(g[1])
        monday = date.fromisocalendar(year, week, 1)
        return DateRange(monday, monday + timedelta(days=6))
    if kind == "season":
        first, last = SEASONS[g[0]]
        return _month_range(int(g[1]), first, last)
    if kind == "month":
        month = MONTHS[g[0]]
        return _month_range(int(g[1]), month, month)
    if kind == "year":
        return _month_range(int(g[0]), 1, 12)
    return None  # pragma: no cover


# -- deadline status ---------------------------------------------------------------------------

DeadlineState = Literal["done", "overdue", "due_soon", "ok"]


def deadline_state(
    period: DateRange, today: date, within_days: int = 14, done: date | None = None
) -> DeadlineState:
    """Where a deadline stands on ``today``: met, overdue, due within ``within_days``, or ok.

    The deadline is the *last* day of the period ("Q1 2025" is met on 2025-03-31).
    """
    if done is not None:
        return "done"
    if today > period.end:
        return "overdue"
    if (period.end - today).days <= within_days:
        return "due_soon"
    return "ok"


# -- the law's time limits ---------------------------------------------------------------------

APPEAL_PERIOD = timedelta(weeks=3)  # kommunallagen 13 kap. 5 §


def _swedish_days_off(year: int) -> set[date]:
    days = set(holidays.country_holidays("SE", years=year).keys())
    days.add(date(year, 12, 24))  # julafton
    days.add(date(year, 12, 31))  # nyårsafton
    days.update(  # midsommarafton: the Friday between 19 and 25 June
        date(year, 6, d) for d in range(19, 26) if date(year, 6, d).weekday() == 4
    )
    return days


def is_day_off(day: date) -> bool:
    """Saturday, Sunday, public holiday, midsommarafton, julafton or nyårsafton."""
    return day.weekday() >= 5 or day in _swedish_days_off(day.year)


def next_working_day(day: date) -> date:
    """``day`` itself, or the next day that is not a day off (lagen 1930:173, 2 §)."""
    while is_day_off(day):
        day += timedelta(days=1)
    return day


def appeal_last_day(notice_posted: date) -> date:
    """Last day an appeal can reach the administrative court (förvaltningsrätten).

    Three weeks from the day the notice of the attested minutes was posted: posted Thursday
    2018-03-01 → Thursday 2018-03-22.  When that day is a day off it moves to the next
    working day: posted Monday 2018-12-03 → 2018-12-24 is julafton, 25–26 December are
    holidays, so the last day is Thursday 2018-12-27.
    """
    return next_working_day(notice_posted + APPEAL_PERIOD)
