"""Each metric against the hand-worked example in tests/conftest.py (figures worked by hand)."""

from __future__ import annotations

import math

import pytest

from oversyn.core.analysis import (
    METRICS,
    analyze_case,
    coefficient_of_variation,
    cross_boundary_interaction_share,
    journey_handoffs,
    journey_metrics,
    management_structure,
    service_area_administrations,
    service_area_owners,
    structural_checks,
    support_duplication,
    unit_committees,
)
from oversyn.core.case import Case
from oversyn.core.model import Function


def test_cross_boundary_share_by_hand(small_case: Case) -> None:
    org = small_case.organisation()
    # ifo-myn–ifo-ek (3, both sof) + ifo-ek–skola (1, sof/buf): 1 / 4
    assert cross_boundary_interaction_share(org, small_case.interactions) == pytest.approx(0.25)
    assert cross_boundary_interaction_share(org, small_case.interactions, "committee") == (
        pytest.approx(0.25)
    )
    merged = small_case.organisation("en-forvaltning")
    assert cross_boundary_interaction_share(merged, small_case.interactions) == 0.0
    # one administration, but still two committees: sn and bun are disjoint responsibilities
    assert cross_boundary_interaction_share(merged, small_case.interactions, "committee") == (
        pytest.approx(0.25)
    )


def test_cross_boundary_share_without_data_is_none(small_case: Case) -> None:
    assert cross_boundary_interaction_share(small_case.organisation(), []) is None


def test_unit_committees_follow_mandate(small_case: Case) -> None:
    merged = small_case.organisation("en-forvaltning")
    committees = unit_committees(merged)
    assert committees["skola"] == {"bun"}
    assert committees["ifo-ek"] == {"sn"}
    assert committees["sof-hr"] == {"sn", "bun"}  # no areas: all supported committees


def test_journey_handoffs_by_hand(small_case: Case) -> None:
    org = small_case.organisation()
    j1, j2 = small_case.journeys
    assert journey_handoffs(org, j1) == 2  # sof → sof → buf → sof
    assert journey_handoffs(org, j2) == 1
    per_person, per_year = journey_metrics(org, small_case.journeys)
    assert per_person == pytest.approx((10 * 2 + 30 * 1) / 40)
    assert per_year == pytest.approx(50)
    moved = small_case.organisation("lss-till-buf")
    assert journey_handoffs(moved, j2) == 0


def test_service_area_owners_and_split(small_case: Case) -> None:
    org = small_case.organisation()
    assert service_area_owners(org) == {"ifo": ["sn"], "lss": ["sn"], "skola": ["bun"]}
    assert service_area_administrations(org) == {"ifo": ["sof"], "lss": ["sof"], "skola": []}


def test_provider_committee_is_not_an_owner(small_case: Case) -> None:
    org = small_case.organisation()
    provider = org.committee("bun")
    assert provider is not None
    provider.mandate.service_areas.append("lss")
    provider.mandate.functions = [Function.DELIVERY]
    assert service_area_owners(org)["lss"] == ["sn"]
    provider.mandate.functions = [Function.COMMISSIONING]
    assert service_area_owners(org)["lss"] == ["sn", "bun"]


def test_coefficient_of_variation_by_hand() -> None:
    assert coefficient_of_variation([10, 30]) == pytest.approx(0.5)
    assert coefficient_of_variation([5]) is None
    assert coefficient_of_variation([0, 0]) is None


def test_management_structure_by_hand(small_case: Case) -> None:
    mgmt = management_structure(small_case.organisation())
    assert mgmt.spans == {"administration:sof": 2, "ifo-myn": 1, "administration:buf": 1}
    # ifo-ek 5; lss 20; skola 50 (the HR units have no manager and no managed parent)
    assert mgmt.first_line_fte == {"ifo-ek": 5, "lss": 20, "skola": 50}
    assert mgmt.layers == 3  # head → ifo-myn → ifo-ek
    assert mgmt.managers == 6  # four unit managers and two heads


def test_management_looks_through_unmanaged_levels(small_case: Case) -> None:
    org = small_case.organisation()
    unit = org.unit("ifo-ek")
    assert unit is not None
    unit.manager = None  # now ifo-myn is first-line for itself? no: it manages ifo-ek's staff
    mgmt = management_structure(org)
    assert "ifo-myn" not in mgmt.spans
    assert mgmt.first_line_fte["ifo-myn"] == 10 + 5 + 2


def test_support_duplication_by_hand(small_case: Case) -> None:
    duplicated, surplus = support_duplication(small_case.organisation())
    assert duplicated == {"HR": ["buf", "sof"]}
    assert surplus == pytest.approx(2.0)
    _, merged_surplus = support_duplication(small_case.organisation("en-forvaltning"))
    assert merged_surplus == 0


def test_all_metrics_of_baseline_by_hand(small_case: Case) -> None:
    baseline, moved, merged = analyze_case(small_case)
    m = baseline.metrics
    assert set(m) == set(METRICS)
    assert m["fte_total"] == 92
    assert m["fte_per_administration_max"] == 52
    assert m["fte_per_administration_min"] == 40
    assert m["size_balance_cv"] == pytest.approx(6 / 46)
    assert m["span_of_control_mean"] == pytest.approx(4 / 3)
    assert m["span_of_control_max"] == 2
    assert m["fte_per_first_line_manager_mean"] == pytest.approx(25)
    assert m["fte_per_first_line_manager_max"] == 50
    assert m["management_layers_max"] == 3
    assert m["managers_per_100_fte"] == pytest.approx(600 / 92)
    assert m["support_fte_share"] == pytest.approx(7 / 92)
    assert m["duplicated_support_categories"] == 1
    assert m["committees"] == 3 and m["administrations"] == 2 and m["units"] == 7
    assert m["committees_per_administration_max"] == 1
    assert m["administrations_per_committee_max"] == 1
    assert m["service_areas_split_administrations"] == 0
    assert m["service_areas_split_committees"] == 0
    assert m["service_areas_without_owner"] == 0
    assert merged.metrics["administrations"] == 1
    assert merged.metrics["committees_per_administration_max"] == 2
    assert merged.metrics["size_balance_cv"] is None  # one administration: no balance to speak of
    assert moved.metrics["fte_per_administration_max"] == 72
    assert math.isclose(moved.metrics["journey_cross_handoffs_per_person"] or 0, 20 / 40)


def test_legal_check_flags_authority_outside_mandate(small_case: Case) -> None:
    baseline, moved, _ = analyze_case(small_case)
    assert not [c for c in baseline.checks if c.level == "error"]
    errors = [c for c in moved.checks if c.code == "authority_law_not_in_mandate"]
    assert len(errors) == 1
    assert errors[0].level == "error" and errors[0].subject == "lss"
    assert "LSS" in errors[0].message and "Barn- och utbildningsförvaltningen" in errors[0].message


def test_checks_owner_orphan_empty(small_case: Case) -> None:
    org = small_case.organisation()
    sn = org.committee("sn")
    bun = org.committee("bun")
    assert sn is not None and bun is not None
    bun.mandate.service_areas.append("ifo")  # two owners of IFO
    sn.mandate.service_areas.remove("lss")  # LSS has units but no owner
    unit = org.unit("buf-hr")
    assert unit is not None
    unit.administration = None  # orphan
    org.administrations[1].supports = []
    codes = {(c.code, c.subject) for c in structural_checks(org, [], "en")}
    assert ("service_area_several_owners", "ifo") in codes
    assert ("service_area_no_owner", "lss") in codes
    assert ("orphan_unit", "buf-hr") in codes
    assert ("administration_without_committee", "buf") in codes
    assert ("committee_without_administration", "bun") in codes
    assert ("no_interaction_data", None) in codes


def test_empty_administration_and_split_area_checks(small_case: Case) -> None:
    org = small_case.organisation("lss-till-buf")
    org.units = [u for u in org.units if u.id != "skola" and u.id != "buf-hr"]
    unit = org.unit("lss")
    assert unit is not None
    unit.administration = "sof"
    second = org.unit("ifo-ek")
    assert second is not None
    second.parent, second.administration = None, "buf"
    codes = {(c.code, c.subject) for c in structural_checks(org, None)}
    assert ("service_area_split_administrations", "ifo") in codes
    assert ("empty_administration", "buf") not in codes
    org.units = [u for u in org.units if u.id != "ifo-ek"]
    codes = {(c.code, c.subject) for c in structural_checks(org, None)}
    assert ("empty_administration", "buf") in codes


def test_estimated_interaction_share_is_reported(small_case: Case) -> None:
    checks = structural_checks(small_case.organisation(), small_case.interactions)
    notes = [c for c in checks if c.code == "interaction_data_estimated"]
    assert len(notes) == 1 and "25" in notes[0].message


def test_analysis_messages_in_english(small_case: Case) -> None:
    moved = analyze_case(small_case, "en")[1]
    error = next(c for c in moved.checks if c.level == "error")
    assert "exercises authority under LSS" in error.message
    assert moved.name == "LSS till barn och utbildning"
    assert analyze_case(small_case, "en")[0].name == "Baseline (no change)"


def test_owner_by_area_functions(small_case: Case) -> None:
    org = small_case.organisation()
    bun = org.committee("bun")
    assert bun is not None
    bun.mandate.service_areas.append("lss")
    bun.mandate.area_functions["lss"] = [Function.DELIVERY]
    owners = service_area_owners(org)
    assert owners["lss"] == ["sn"] and owners["skola"] == ["bun"]


def test_merged_units_keep_their_interactions_and_journeys(small_case: Case) -> None:
    data = small_case.model_dump()
    data["alternatives"].append(
        {
            "id": "sammanslagen",
            "name": "Sammanslagen",
            "operations": [
                {
                    "op": "merge_units",
                    "units": ["ifo-ek", "skola"],
                    "into": "ny",
                    "name": "Ny enhet",
                }
            ],
        }
    )
    case = Case.model_validate(data)
    org = case.organisation("sammanslagen")
    # ifo-ek takes the place of the first unit (sof, under ifo-myn): 3 inside sof, and the
    # ifo-ek–skola link (1) is now inside one unit.  Nothing crosses.
    assert cross_boundary_interaction_share(org, case.interactions) == 0.0
    j1, j2 = case.journeys
    assert journey_handoffs(org, j1) == 0  # ny, ifo-myn, ny, ifo-myn: all in sof
    assert journey_handoffs(org, j2) == 0  # lss → ny, both sof


def test_one_analysis_computes_adm_of_once(small_case: Case, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """adm(u) is computed once per organisation, not once per metric and journey (on 2,000
    units and 40 journeys the repeated walk was most of the overview's time), and the
    results are those of each function computing it itself."""
    from oversyn.core import analysis
    from oversyn.core.model import Organisation

    org = small_case.organisation()  # nuläge: its journeys cross administrations
    journeys = small_case.journeys * 20
    expected = analysis.analyze_organisation(org, small_case.interactions, journeys)
    assert expected[0]["journey_cross_handoffs_total"] == 20 * (10 * 2 + 30 * 1)
    calls = 0
    original = Organisation.unit_administrations

    def counting(self: Organisation) -> dict[str, str | None]:
        nonlocal calls
        calls += 1
        return original(self)

    monkeypatch.setattr(Organisation, "unit_administrations", counting)
    result = analysis.analyze_organisation(org, small_case.interactions, journeys)
    assert calls == 1
    assert result == expected
    adm_of = original(org)
    assert journey_handoffs(org, small_case.journeys[0], adm_of) == journey_handoffs(
        org, small_case.journeys[0]
    )
    assert support_duplication(org, adm_of) == support_duplication(org)
    assert service_area_administrations(org, adm_of) == service_area_administrations(org)
