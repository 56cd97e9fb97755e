"""Deadlines as written, diarienummer formats and the appeal period (seeds 000, 002, 003, 004)."""

from __future__ import annotations

from datetime import date

import pytest

from oversyn.core.errors import OversynError
from oversyn.core.process.casenumber import parse_case_number
from oversyn.core.process.dates import (
    DateRange,
    appeal_last_day,
    deadline_state,
    lacks_year,
    parse_period,
)
from oversyn.core.process.model import Deadline, Remiss


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("Q1 2025", date(2025, 1, 1), date(2025, 3, 31)),  # seed 000
        ("2019-01-26", date(2019, 1, 26), date(2019, 1, 26)),
        ("senast den 23 december 2021", date(2021, 12, 23), date(2021, 12, 23)),  # seed 002
        ("senast den 26 januari 2019", date(2019, 1, 26), date(2019, 1, 26)),  # seed 004
        ("våren 2019", date(2019, 1, 1), date(2019, 6, 30)),  # seed 004
        ("januari 2019", date(2019, 1, 1), date(2019, 1, 31)),
        ("februari 2024", date(2024, 2, 1), date(2024, 2, 29)),  # leap year
        ("2025", date(2025, 1, 1), date(2025, 12, 31)),
        ("H1 2025", date(2025, 1, 1), date(2025, 6, 30)),
        ("andra halvåret 2025", date(2025, 7, 1), date(2025, 12, 31)),
        ("vecka 12 2025", date(2025, 3, 17), date(2025, 3, 23)),
        ("före 1 mars 2025", date(2025, 2, 28), date(2025, 2, 28)),
        (
            "Organisationsförändringen ska vara klar för formellt beslut under Q1 2025.",
            date(2025, 1, 1),
            date(2025, 3, 31),
        ),
    ],
)
def test_parse_period(text: str, start: date, end: date) -> None:
    assert parse_period(text) == DateRange(start, end)


def test_parse_period_without_a_date() -> None:
    assert parse_period("snarast") is None


def test_deadline_state_relative_to_today() -> None:
    q1 = DateRange(date(2025, 1, 1), date(2025, 3, 31))
    assert deadline_state(q1, date(2025, 4, 1)) == "overdue"
    assert deadline_state(q1, date(2025, 3, 20), within_days=14) == "due_soon"
    assert deadline_state(q1, date(2025, 1, 10), within_days=14) == "ok"
    assert deadline_state(q1, date(2025, 4, 1), done=date(2025, 3, 1)) == "done"


@pytest.mark.parametrize(
    ("raw", "body", "year", "serial", "cls"),
    [
        ("KS 2018/14", "KS", 2018, "14", None),
        ("SN 18/0098", "SN", 2018, "0098", None),
        ("KS/2018:144", "KS", 2018, "144", None),
        ("Dnr 1.2.3-214-2010", None, 2010, "214", "1.2.3"),
        ("18/KS 0257", "KS", 2018, "0257", None),  # seed 004
        ("Diarienummer 18/KS 0257", "KS", 2018, "0257", None),  # seed 004 as printed
        ("KS 2017-515", "KS", 2017, "515", None),
        ("2018.030 UN", "UN", 2018, "030", None),  # seed 003
    ],
)
def test_case_number_formats(
    raw: str, body: str | None, year: int, serial: str, cls: str | None
) -> None:
    number = parse_case_number(raw)
    assert (number.raw, number.body, number.year, number.serial, number.classification) == (
        raw,
        body,
        year,
        serial,
        cls,
    )


def test_case_number_unknown_shape_keeps_raw_and_no_digits_is_rejected() -> None:
    odd = parse_case_number("Ärende X9-B")
    assert odd.raw == "Ärende X9-B" and not odd.understood
    with pytest.raises(OversynError) as exc:
        parse_case_number("KS utan nummer")
    assert "inga siffror" in exc.value.message("sv")
    assert "no digits" in exc.value.message("en")


def test_appeal_last_day_three_weeks_from_notice() -> None:
    # Thursday 2018-03-01 + 21 days = Thursday 2018-03-22, a working day
    assert appeal_last_day(date(2018, 3, 1)) == date(2018, 3, 22)


def test_appeal_last_day_moves_past_christmas() -> None:
    # 2018-12-03 + 21 = Monday 2018-12-24 (julafton); 25–26 Dec holidays → Thursday 27 Dec
    assert appeal_last_day(date(2018, 12, 3)) == date(2018, 12, 27)


def test_appeal_last_day_moves_past_weekend_and_midsummer() -> None:
    # 2025-05-30 + 21 = Friday 2025-06-20, midsommarafton → Monday 2025-06-23
    assert appeal_last_day(date(2025, 5, 30)) == date(2025, 6, 23)


@pytest.mark.parametrize(
    ("text", "written", "day"),
    [
        # seed 002: feedback "senast den 26/11" before the December meeting (written in 2021)
        ("senast den 26/11", date(2021, 11, 10), date(2021, 11, 26)),
        ("senast den 26/11", date(2021, 11, 26), date(2021, 11, 26)),
        ("senast den 26/11", date(2021, 12, 20), date(2022, 11, 26)),  # next time it comes
        ("den 3 december", date(2021, 11, 1), date(2021, 12, 3)),
        ("senast 3:e december", date(2021, 11, 1), date(2021, 12, 3)),
        ("före 1 mars", date(2025, 1, 1), date(2025, 2, 28)),
        ("29/2", date(2023, 3, 1), date(2024, 2, 29)),  # the next 29 February
    ],
)
def test_day_and_month_without_year_read_against_when_written(
    text: str, written: date, day: date
) -> None:
    assert parse_period(text, reference=written) == DateRange(day, day)
    assert parse_period(text) is None
    assert lacks_year(text)


def test_a_year_in_the_text_wins_over_the_reference() -> None:
    assert parse_period("26/11 2021", reference=date(2030, 1, 1)) == DateRange(
        date(2021, 11, 26), date(2021, 11, 26)
    )
    assert not lacks_year("Q1 2025") and not lacks_year("inget datum")


def test_remiss_deadline_without_year_uses_the_day_sent() -> None:
    remiss = Remiss(id="r", title="Remiss", sent=date(2021, 11, 10), deadline="senast den 26/11")
    assert remiss.deadline is not None
    assert (remiss.deadline.text, remiss.deadline.end) == ("senast den 26/11", date(2021, 11, 26))


def test_deadline_without_year_and_no_reference_says_what_is_missing() -> None:
    with pytest.raises(ValueError, match="saknar år; skriv ut året"):
        Deadline.model_validate("senast den 26/11")
    with pytest.raises(ValueError, match="saknar år"):
        Remiss(id="r", title="Remiss", deadline="senast den 26/11")  # not sent yet
