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


def test_a_case_built_in_code_only_takes_todays_format():
    """A Case holds only today's format: another marker is refused when the Case is made,
    not stored and found unreadable later (older content goes through ``upgrade`` first)."""
    from pathlib import Path
    from typing import get_args

    from pydantic import ValidationError

    from oversyn.core.case import Case
    from oversyn.io.casefile import load_case

    assert get_args(Case.model_fields["format"].annotation) == (FORMAT_VERSION,)
    example = Path(__file__).parents[2] / "examples" / "linkoping-2017.yaml"
    data = load_case(example).model_dump(mode="json")
    with pytest.raises(ValidationError) as err:
        Case.model_validate({**data, "format": "oversyn/9"})
    assert err.value.errors()[0]["loc"] == ("format",)
