"""Semantic validation of the process lists: references to alternatives and parties, ids.

Worked example: seed 002 (examples/enkoping-2021.yaml): the remiss to Socialnämnden (``sn``)
about the alternative ``gemensam-forvaltning``, answered with SWOT additions.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from oversyn.core.validate import validate_case
from oversyn.io.casefile import load_case

ENKOPING = Path(__file__).resolve().parents[2] / "examples" / "enkoping-2021.yaml"


@pytest.fixture(scope="module")
def case():
    return load_case(ENKOPING)


def _codes(case):
    return [(p.loc, p.code, p.message()) for p in validate_case(case)]


def test_the_seed_is_valid(case):
    assert validate_case(case) == []


def test_answer_from_a_party_the_remiss_was_not_sent_to(case):
    remiss = case.remisses[0]
    answer = remiss.responses[0].model_copy(update={"party": "von"})
    broken = case.model_copy(
        update={"remisses": [remiss.model_copy(update={"responses": [answer]})]}
    )
    assert _codes(broken) == [
        (
            ("remisses", 0, "responses", 0, "party"),
            "unknown_party",
            "'von' är inte en av remissens instanser",
        )
    ]


def test_swot_addition_and_cost_for_an_unknown_alternative(case):
    remiss = case.remisses[0]
    answer = remiss.responses[0]
    addition = answer.swot_additions[0].model_copy(update={"alternative": "alt-x"})
    answer = answer.model_copy(update={"swot_additions": [addition]})
    broken = case.model_copy(
        update={"remisses": [remiss.model_copy(update={"responses": [answer]})]}
    )
    [(loc, _code, message)] = _codes(broken)
    assert loc == ("remisses", 0, "responses", 0, "swot_additions", 0, "alternative")
    assert message == "Alternativet 'alt-x' finns inte i ärendet"


def test_duplicate_ids_and_unknown_checklist_item(case):
    data = case.model_dump(mode="json")
    data["remisses"] = data["remisses"] * 2
    data["checklist"] = [{"item": "mbl_negotiation"}, {"item": "fika"}]
    broken = type(case).model_validate(data)
    found = {(p.loc, p.code) for p in validate_case(broken)}
    assert (("remisses", 1, "id"), "duplicate_id") in found
    assert (("checklist", 1, "item"), "unknown_checklist_item") in found
    message = next(p for p in validate_case(broken) if p.code == "duplicate_id").message()
    assert message == "Id 'remiss-ks-2021' används mer än en gång bland remisser"
