"""Every change operation: what it does, and each way it can fail (with a reason)."""

from __future__ import annotations

import pytest
from pydantic import TypeAdapter

from oversyn.core.case import Case
from oversyn.core.errors import AlternativeError
from oversyn.core.model import Function, Organisation
from oversyn.core.operations import OPERATION_NAMES, Operation, apply_operations

OPS: TypeAdapter[Operation] = TypeAdapter(Operation)


def apply(org: Organisation, *ops: dict[str, object]) -> Organisation:
    return apply_operations(org, [OPS.validate_python(op) for op in ops], "test")


def fails(org: Organisation, op: dict[str, object], fragment: str, lang: str = "sv") -> None:
    with pytest.raises(AlternativeError) as info:
        apply(org, op)
    message = info.value.message(lang)  # type: ignore[arg-type]
    assert fragment in message, message
    assert f"({op['op']})" in message and "'test'" in message


@pytest.fixture
def org(small_case: Case) -> Organisation:
    return small_case.organisation()


def adm_of(org: Organisation, unit: str) -> str | None:
    return org.unit_administrations()[unit]


def test_every_operation_kind_is_tested() -> None:
    tested = {name.removeprefix("test_") for name in globals() if name.startswith("test_")}
    for name in OPERATION_NAMES:
        assert any(t.startswith(name) for t in tested), f"no test for {name}"


def test_apply_never_changes_its_input(org: Organisation) -> None:
    before = org.model_copy(deep=True)
    apply(org, {"op": "move_unit", "unit": "lss", "to_administration": "buf"})
    assert org == before


def test_move_unit_to_administration_takes_subtree(org: Organisation) -> None:
    new = apply(org, {"op": "move_unit", "unit": "ifo-myn", "to_administration": "buf"})
    assert adm_of(new, "ifo-myn") == "buf"
    assert adm_of(new, "ifo-ek") == "buf"  # the subtree follows
    assert adm_of(new, "ifo-adm") == "buf"


def test_move_unit_under_parent(org: Organisation) -> None:
    new = apply(org, {"op": "move_unit", "unit": "lss", "to_parent": "skola"})
    moved = new.unit("lss")
    assert moved is not None and moved.parent == "skola" and moved.administration is None
    assert adm_of(new, "lss") == "buf"


def test_move_unit_failures(org: Organisation) -> None:
    fails(
        org,
        {"op": "move_unit", "unit": "nope", "to_administration": "buf"},
        "enheten 'nope' finns inte",
    )
    fails(
        org,
        {"op": "move_unit", "unit": "lss", "to_administration": "nope"},
        "förvaltningen 'nope' finns inte",
    )
    fails(org, {"op": "move_unit", "unit": "lss"}, "to_administration och to_parent")
    fails(org, {"op": "move_unit", "unit": "ifo-myn", "to_parent": "ifo-ek"}, "under sig själv")
    fails(org, {"op": "move_unit", "unit": "ifo-myn", "to_parent": "ifo-myn"}, "under itself", "en")


def test_create_unit(org: Organisation) -> None:
    new = apply(
        org,
        {"op": "create_unit", "unit": {"id": "ny", "name": "Ny enhet", "parent": "lss", "fte": 4}},
    )
    assert adm_of(new, "ny") == "sof"
    fails(
        org,
        {"op": "create_unit", "unit": {"id": "lss", "name": "Dubblett", "administration": "sof"}},
        "finns redan",
    )
    fails(org, {"op": "create_unit", "unit": {"id": "x", "name": "X"}}, "to_administration")
    fails(
        org,
        {
            "op": "create_unit",
            "unit": {"id": "x", "name": "X", "administration": "sof", "service_areas": ["okänt"]},
        },
        "verksamhetsområdet 'okänt'",
    )


def test_abolish_unit(org: Organisation) -> None:
    new = apply(org, {"op": "abolish_unit", "unit": "lss"})
    assert new.unit("lss") is None
    fails(org, {"op": "abolish_unit", "unit": "ifo-myn"}, "har underenheter ifo-ek, ifo-adm")
    kept = apply(org, {"op": "abolish_unit", "unit": "ifo-myn", "keep_children": True})
    assert adm_of(kept, "ifo-ek") == "sof"
    child = kept.unit("ifo-ek")
    assert child is not None and child.parent is None and child.administration == "sof"


def test_rename_unit(org: Organisation) -> None:
    new = apply(org, {"op": "rename_unit", "unit": "lss", "name": "Funktionsstöd"})
    assert new.label("unit", "lss") == "Funktionsstöd"
    fails(org, {"op": "rename_unit", "unit": "nope", "name": "X"}, "finns inte")


def test_update_unit(org: Organisation) -> None:
    new = apply(org, {"op": "update_unit", "unit": "lss", "fte": 25, "functions": ["delivery"]})
    unit = new.unit("lss")
    assert unit is not None and unit.fte == 25 and [str(f) for f in unit.functions] == ["delivery"]
    assert unit.manager == "Verksamhetschef LSS"  # untouched
    fails(org, {"op": "update_unit", "unit": "lss", "service_areas": ["x"]}, "'x' finns inte")


def test_create_administration(org: Organisation) -> None:
    new = apply(
        org,
        {
            "op": "create_administration",
            "id": "amf",
            "name": "Arbetsmarknadsförvaltningen",
            "supports": ["sn"],
        },
    )
    assert new.label("administration", "amf") == "Arbetsmarknadsförvaltningen"
    fails(org, {"op": "create_administration", "id": "sof", "name": "X"}, "finns redan")
    fails(
        org,
        {"op": "create_administration", "id": "x", "name": "X", "supports": ["nope"]},
        "nämnden 'nope' finns inte",
    )


def test_abolish_administration(org: Organisation) -> None:
    fails(
        org,
        {"op": "abolish_administration", "administration": "buf"},
        "har fortfarande enheter: skola, buf-hr",
    )
    new = apply(
        org,
        {"op": "move_unit", "unit": "skola", "to_administration": "sof"},
        {"op": "move_unit", "unit": "buf-hr", "to_administration": "sof"},
        {"op": "abolish_administration", "administration": "buf"},
    )
    assert new.administration("buf") is None


def test_rename_administration(org: Organisation) -> None:
    new = apply(org, {"op": "rename_administration", "administration": "sof", "name": "Välfärd"})
    assert new.label("administration", "sof") == "Välfärd"


def test_merge_administrations_into_new(org: Organisation) -> None:
    new = apply(
        org,
        {
            "op": "merge_administrations",
            "administrations": ["sof", "buf"],
            "into": "valf",
            "name": "Välfärdsförvaltningen",
        },
    )
    assert [a.id for a in new.administrations] == ["valf"]
    assert new.administrations[0].supports == ["sn", "bun"]
    assert set(new.unit_administrations().values()) == {"valf"}


def test_merge_administrations_into_existing(org: Organisation) -> None:
    new = apply(
        org, {"op": "merge_administrations", "administrations": ["sof", "buf"], "into": "sof"}
    )
    assert [a.id for a in new.administrations] == ["sof"]
    assert set(new.unit_administrations().values()) == {"sof"}
    fails(
        org, {"op": "merge_administrations", "administrations": ["sof"], "into": "x"}, "minst två"
    )
    fails(
        org,
        {"op": "merge_administrations", "administrations": ["sof", "nope"], "into": "x"},
        "'nope' finns inte",
    )


def test_split_administration(org: Organisation) -> None:
    new = apply(
        org,
        {
            "op": "split_administration",
            "administration": "sof",
            "parts": [
                {"id": "sof", "name": "Socialförvaltningen", "units": ["ifo-myn", "sof-hr"]},
                {"id": "fsf", "name": "Funktionsstödsförvaltningen", "units": ["lss"]},
            ],
        },
    )
    assert adm_of(new, "lss") == "fsf" and adm_of(new, "ifo-ek") == "sof"
    fsf = new.administration("fsf")
    assert fsf is not None and fsf.supports == ["sn"]
    fails(
        org,
        {
            "op": "split_administration",
            "administration": "sof",
            "parts": [
                {"id": "a", "name": "A", "units": ["ifo-myn"]},
                {"id": "b", "name": "B", "units": ["lss"]},
            ],
        },
        "sof-hr",
    )
    fails(
        org,
        {
            "op": "split_administration",
            "administration": "sof",
            "parts": [
                {"id": "a", "name": "A", "units": ["ifo-myn", "ifo-ek"]},
                {"id": "b", "name": "B", "units": ["lss", "sof-hr"]},
            ],
        },
        "inte en enhet direkt under",
    )
    fails(
        org,
        {
            "op": "split_administration",
            "administration": "sof",
            "parts": [
                {"id": "a", "name": "A", "units": ["ifo-myn", "lss", "sof-hr"]},
            ],
        },
        "minst två delar",
    )
    fails(
        org,
        {
            "op": "split_administration",
            "administration": "sof",
            "parts": [
                {"id": "a", "name": "A", "units": ["ifo-myn", "lss"]},
                {"id": "b", "name": "B", "units": ["lss", "sof-hr"]},
            ],
        },
        "mer än en del",
    )


def test_change_support(org: Organisation) -> None:
    new = apply(org, {"op": "change_support", "administration": "sof", "add": ["bun"]})
    sof = new.administration("sof")
    assert sof is not None and sof.supports == ["sn", "bun"]
    new = apply(org, {"op": "change_support", "administration": "sof", "set": ["bun"]})
    sof = new.administration("sof")
    assert sof is not None and sof.supports == ["bun"]
    fails(
        org,
        {"op": "change_support", "administration": "sof", "remove": ["bun"]},
        "stödjer inte nämnden 'bun'",
    )


def test_create_committee(org: Organisation) -> None:
    new = apply(
        org,
        {
            "op": "create_committee",
            "id": "amn",
            "name": "Arbetsmarknadsnämnden",
            "appointed_by": "kf",
            "mandate": {"service_areas": ["ifo"]},
        },
    )
    assert new.committee("amn") is not None
    fails(org, {"op": "create_committee", "id": "sn", "name": "X"}, "finns redan")
    fails(
        org,
        {"op": "create_committee", "id": "x", "name": "X", "mandate": {"service_areas": ["nope"]}},
        "'nope' finns inte",
    )


def test_abolish_committee_transfers_mandate_and_support(org: Organisation) -> None:
    new = apply(org, {"op": "abolish_committee", "committee": "bun", "transfer_to": "sn"})
    assert new.committee("bun") is None
    sn = new.committee("sn")
    assert sn is not None and "skola" in sn.mandate.service_areas
    assert "Skollagen" in sn.mandate.laws
    buf = new.administration("buf")
    assert buf is not None and buf.supports == ["sn"]
    plain = apply(org, {"op": "abolish_committee", "committee": "bun"})
    buf = plain.administration("buf")
    assert buf is not None and buf.supports == []
    fails(org, {"op": "abolish_committee", "committee": "nope"}, "nämnden 'nope' finns inte")


def test_rename_committee(org: Organisation) -> None:
    new = apply(org, {"op": "rename_committee", "committee": "sn", "name": "Välfärdsnämnden"})
    assert new.label("committee", "sn") == "Välfärdsnämnden"


def test_change_mandate(org: Organisation) -> None:
    new = apply(
        org,
        {
            "op": "change_mandate",
            "committee": "bun",
            "add_service_areas": ["lss"],
            "add_laws": ["LSS"],
            "remove_laws": ["Skollagen"],
            "functions": ["commissioning"],
            "text": "Ny lydelse",
        },
    )
    bun = new.committee("bun")
    assert bun is not None
    assert bun.mandate.service_areas == ["skola", "lss"]
    assert bun.mandate.laws == ["LSS"]
    assert [str(f) for f in bun.mandate.functions] == ["commissioning"]
    assert bun.mandate.text == "Ny lydelse"
    fails(
        org,
        {"op": "change_mandate", "committee": "bun", "add_service_areas": ["x"]},
        "'x' finns inte",
    )


def test_error_names_alternative_and_position(small_case: Case) -> None:
    org = small_case.organisation()
    ops = [
        OPS.validate_python({"op": "rename_unit", "unit": "lss", "name": "A"}),
        OPS.validate_python({"op": "rename_unit", "unit": "nope", "name": "B"}),
    ]
    with pytest.raises(AlternativeError) as info:
        apply_operations(org, ops, "alt-x")
    assert info.value.index == 1 and info.value.alternative == "alt-x"
    assert info.value.message("sv") == (
        "Alternativ 'alt-x', operation 1 (rename_unit): enheten 'nope' finns inte"
    )


def test_based_on_chains_operations(small_case: Case) -> None:
    data = small_case.model_dump()
    data["alternatives"].append(
        {
            "id": "kedja",
            "name": "Kedja",
            "based_on": "lss-till-buf",
            "operations": [{"op": "rename_unit", "unit": "lss", "name": "LSS i BUF"}],
        }
    )
    case = Case.model_validate(data)
    org = case.organisation("kedja")
    assert org.unit_administrations()["lss"] == "buf"
    assert org.label("unit", "lss") == "LSS i BUF"
    with pytest.raises(KeyError):
        case.organisation("finns-inte")


def test_abolish_committee_keeps_functions_per_area(org: Organisation) -> None:
    """A provider committee's areas pass to the heir as delivery only (no new owner)."""
    new = apply(
        org,
        {
            "op": "create_committee",
            "id": "utf",
            "name": "Utförarnämnden",
            "mandate": {"service_areas": ["ifo", "skola"], "functions": ["delivery"]},
        },
        {"op": "abolish_committee", "committee": "utf", "transfer_to": "bun"},
    )
    bun = new.committee("bun")
    assert bun is not None
    assert bun.mandate.service_areas == ["skola", "ifo"]
    assert bun.mandate.covers_function(Function.AUTHORITY, "skola")  # its own area: all
    assert not bun.mandate.covers_function(Function.AUTHORITY, "ifo")  # inherited: delivery
    assert bun.mandate.covers_function(Function.DELIVERY, "ifo")


def test_merge_units_sums_and_redirects(small_case: Case) -> None:
    org = small_case.organisation()
    new = apply(
        org,
        {"op": "merge_units", "units": ["ifo-myn", "lss"], "into": "soc", "name": "Socialtjänst"},
    )
    merged = new.unit("soc")
    assert merged is not None and merged.administration == "sof"
    assert merged.fte == 30 and merged.manager == "Verksamhetschef IFO"
    assert [str(f) for f in merged.functions] == ["authority", "delivery"]
    assert merged.service_areas == ["ifo", "lss"]
    assert new.unit("lss") is None and new.unit("ifo-myn") is None
    assert {u.id for u in new.children("soc")} == {"ifo-ek", "ifo-adm"}
    assert new.resolve_unit("lss") == "soc" and new.resolve_unit("ifo-myn") == "soc"
    # merging into an existing unit keeps its id; chains of merges resolve
    again = apply(new, {"op": "merge_units", "units": ["soc", "skola"], "into": "skola"})
    assert again.resolve_unit("lss") == "skola"
    assert again.unit_administrations()["ifo-ek"] == "buf"


def test_merge_units_failures(org: Organisation) -> None:
    fails(org, {"op": "merge_units", "units": ["lss"], "into": "x"}, "minst två enheter")
    fails(org, {"op": "merge_units", "units": ["lss", "nope"], "into": "x"}, "'nope' finns inte")
    fails(org, {"op": "merge_units", "units": ["lss", "skola"], "into": "sof-hr"}, "finns redan")
    fails(
        org, {"op": "merge_units", "units": ["ifo-myn", "ifo-ek"], "into": "x"}, "under sig själv"
    )
