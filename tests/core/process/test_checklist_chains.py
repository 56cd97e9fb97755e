"""Checks through chains of operations (issue 12 item 9), worked on seed 001 (Linköping 2017).

In nuläge the two ordering units ``oaf-bestallning-ifo`` (IFO) and ``oaf-bestallning-lss``
(LSS) are in Omsorgs- och äldreförvaltningen, which supports Omsorgsnämnden and Äldrenämnden;
by the mandates' areas (IFO, LSS) both answer to Omsorgsnämnden.  The alternative merges them
into a new unit "Beställning IFO och LSS" and then moves that unit to Socialförvaltningen
(supports Socialnämnden).  Both parts therefore change committee (Omsorgsnämnden →
Socialnämnden): the confidentiality and personal-data items apply and name both, and the
alternative's text says the merge and the move.
"""

from __future__ import annotations

from pathlib import Path

from oversyn.core.case import Alternative
from oversyn.core.diff import diff_organisations
from oversyn.core.operations import MergeUnits, MoveUnit
from oversyn.core.process.checklist import generate_checklist
from oversyn.io.casefile import load_case

LINKOPING = Path(__file__).resolve().parents[3] / "examples" / "linkoping-2017.yaml"
PARTS = "Beställning LSS, Beställning individ- och familjeomsorg"


def _case(operations):
    case = load_case(LINKOPING)
    alt = Alternative(id="kedja", name="Sammanslagning och flytt", operations=operations)
    return case.model_copy(update={"alternatives": [*case.alternatives, alt]})


MERGE = MergeUnits(
    units=["oaf-bestallning-ifo", "oaf-bestallning-lss"],
    into="bestallning-ifo-lss",
    name="Beställning IFO och LSS",
)
MOVE = MoveUnit(unit="bestallning-ifo-lss", to_administration="sof")


def test_merge_then_move_triggers_the_committee_change_items():
    items = {i.code: i for i in generate_checklist(_case([MERGE, MOVE]), "kedja")}
    for code in ("confidentiality", "personal_data_controller"):
        assert items[code].applies, code
        assert items[code].reason_sv == f"Enheter byter nämnd: {PARTS}."
    assert items["delegation_orders"].reason_sv == f"Enheter som flyttas: {PARTS}."
    assert items["budget_frame"].applies
    assert items["remiss_committees"].reason_sv == (
        "Berörda nämnder: Omsorgsnämnden, Socialnämnden."
    )


def test_a_merge_alone_within_the_administration_changes_no_committee():
    items = {i.code: i for i in generate_checklist(_case([MERGE]), "kedja")}
    assert not items["confidentiality"].applies
    assert items["confidentiality"].status.value == "not_applicable"
    assert not items["delegation_orders"].applies


def test_the_alternative_text_names_the_merge_and_the_move():
    case = _case([MERGE, MOVE])
    sentences = diff_organisations(case.baseline, case.organisation("kedja")).sentences("sv")
    assert sentences == [
        "Enheterna Beställning individ- och familjeomsorg och Beställning LSS slås samman till "
        "Beställning IFO och LSS.",
        "Beställning IFO och LSS flyttas från Omsorgs- och äldreförvaltningen till "
        "Socialförvaltningen.",
    ]
