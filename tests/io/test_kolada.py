"""Kolada v3 JSON → indicator values (recorded-shape file, no network)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from oversyn.core.process.goals import indicator_progress, indicator_series, merge_values
from oversyn.core.process.model import Goal
from oversyn.io.kolada import KoladaFormatError, kpi_url, parse_kolada, read_kolada_file

DATA = Path(__file__).parent / "data" / "kolada_v3_N00000_0583.json"


def test_read_kolada_file() -> None:
    (series,) = read_kolada_file(DATA)
    assert (series.kpi, series.municipality) == ("N00000", "0583")
    totals = [(v.period, v.value) for v in series.values if v.gender == "T"]
    assert totals == [("2017", 44.1), ("2018", 46.3), ("2019", None)]
    assert len(series.values) == 7


def test_merge_into_indicator_and_progress() -> None:
    goal = Goal.model_validate(
        {
            "id": "g",
            "text": "Meningsfull sysselsättning",
            "indicators": [
                {
                    "id": "i",
                    "name": "Andel i arbete",
                    "unit": "%",
                    "kolada_kpi": "N00000",
                    "baseline": {"period": "2017", "value": 44.1},
                    "target": {"period": "2022", "value": 50.1},
                }
            ],
        }
    )
    (series,) = read_kolada_file(DATA)
    goals, updated = merge_values([goal], series.kpi, series.municipality, series.values)
    assert updated == ["i"]
    indicator = goals[0].indicators[0]
    assert indicator.municipality == "0583"
    assert indicator_series(indicator) == [("2017", 44.1), ("2018", 46.3), ("2019", None)]
    progress = indicator_progress(indicator)
    # by hand: (46.3 − 44.1) / (50.1 − 44.1) = 2.2 / 6 ≈ 0.367
    assert progress.latest_period == "2018"
    assert progress.share_of_way == pytest.approx(2.2 / 6)


def test_bad_shapes_are_reported_in_swedish(tmp_path: Path) -> None:
    with pytest.raises(KoladaFormatError, match="saknar listan 'values'"):
        parse_kolada({"count": 0})
    with pytest.raises(KoladaFormatError, match=r"values\[0\] saknar fältet 'period'"):
        parse_kolada({"values": [{"kpi": "N1", "municipality": "0583", "values": []}]})
    bad = tmp_path / "bad.json"
    bad.write_text("{", encoding="utf-8")
    with pytest.raises(KoladaFormatError, match="ogiltig JSON"):
        read_kolada_file(bad)


def test_kpi_url() -> None:
    assert kpi_url("N00000", "0583", [2017, 2018]).endswith(
        "/v3/data/kpi/N00000/municipality/0583/year/2017,2018"
    )
    assert json.loads(DATA.read_text(encoding="utf-8"))["count"] == 3
