"""The format-upgrade registry (core/upgrade.py): oversyn/1 is today's format."""

from __future__ import annotations

import pytest

from oversyn.core.case import FORMAT_VERSION
from oversyn.core.upgrade import STEPS, UnknownFormat, step, upgrade


def test_an_oversyn_1_case_reads_unchanged_and_a_missing_marker_is_oversyn_1():
    assert FORMAT_VERSION == "oversyn/1" and STEPS == {}
    data = {"format": "oversyn/1", "case": {"id": "x"}}
    assert upgrade(data) == data
    assert upgrade({"case": {"id": "x"}}) == {"case": {"id": "x"}}


def test_steps_run_in_order_up_to_the_current_format():
    steps: dict = {}

    @step("oversyn/1", "oversyn/2", steps)
    def _rename(data):
        data["baseline"] = data.pop("organisation")
        return data

    @step("oversyn/2", "oversyn/3", steps)
    def _default(data):
        return {**data, "journeys": data.get("journeys", [])}

    out = upgrade({"format": "oversyn/1", "organisation": {"units": []}}, steps, "oversyn/3")
    assert out == {"format": "oversyn/3", "baseline": {"units": []}, "journeys": []}
    with pytest.raises(ValueError):
        step("oversyn/1", "oversyn/9", steps)(_rename)


def test_an_unknown_or_newer_format_is_refused_in_swedish():
    with pytest.raises(UnknownFormat) as exc:
        upgrade({"format": "oversyn/7"})
    assert "Okänt ärendeformat 'oversyn/7'" in exc.value.message("sv")
    assert "Unknown case format" in exc.value.message("en")
