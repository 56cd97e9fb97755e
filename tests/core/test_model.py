"""The organisation model's helpers: the fast deep copy and adm(u) for every unit."""

from __future__ import annotations

import datetime as dt

from oversyn.core.case import Case
from oversyn.core.model import Function, Organisation, Unit, deep_copy


def test_deep_copy_equals_pydantic_copy_and_shares_nothing_mutable(small_case: Case) -> None:
    org = small_case.baseline
    copied = deep_copy(org)
    assert copied == org.model_copy(deep=True) == org
    assert copied.model_dump() == org.model_dump()
    assert copied.model_fields_set == org.model_fields_set
    assert copied.units is not org.units
    assert all(a is not b for a, b in zip(copied.units, org.units, strict=True))
    assert copied.units[0].functions is not org.units[0].functions
    assert copied.committees[0].mandate is not org.committees[0].mandate
    # changing the copy in place leaves the original as it was
    before = org.model_dump()
    copied.units[0].functions.append(Function.SUPPORT)
    copied.units[0].name = "Ändrad"
    copied.merged_units["x"] = "y"
    copied.committees[0].mandate.service_areas.append("ny")
    copied.units.pop()
    assert org.model_dump() == before


def test_deep_copy_of_a_whole_case_round_trips(small_case: Case) -> None:
    copied = deep_copy(small_case)
    assert copied == small_case
    assert copied.model_dump(mode="json") == small_case.model_dump(mode="json")
    assert type(copied.case.as_of) is type(small_case.case.as_of)  # dates are shared as is


def test_deep_copy_copies_other_mutable_values_the_general_way() -> None:
    from oversyn.core.model import _copy_value

    values = {"a", "b"}
    copied = _copy_value(values)
    assert copied == values and copied is not values
    stamp = dt.date(2025, 1, 1)
    assert _copy_value(stamp) is stamp
    assert _copy_value(Function.AUTHORITY) is Function.AUTHORITY
    nested = ([1, [2]], {"k": [3]})
    out = _copy_value(nested)
    assert out == nested and out[0][1] is not nested[0][1] and out[1]["k"] is not nested[1]["k"]


def _org(*units: Unit) -> Organisation:
    return Organisation(units=list(units))


def test_unit_administrations_inherits_through_any_depth_in_any_order() -> None:
    org = _org(
        Unit(id="c", name="C", parent="b"),  # listed before its parents
        Unit(id="b", name="B", parent="a"),
        Unit(id="a", name="A", administration="x"),
        Unit(id="d", name="D", parent="a"),
        Unit(id="e", name="E", administration="y"),
    )
    assert org.unit_administrations() == {"c": "x", "b": "x", "a": "x", "d": "x", "e": "y"}
    assert list(org.unit_administrations()) == ["c", "b", "a", "d", "e"]  # units' order


def test_unit_administrations_orphans_missing_parents_and_cycles_are_none() -> None:
    org = _org(
        Unit(id="o", name="O"),  # neither administration nor parent
        Unit(id="m", name="M", parent="saknas"),  # parent does not exist
        Unit(id="p", name="P", parent="q"),  # p → q → p: a cycle (validation rejects it)
        Unit(id="q", name="Q", parent="p"),
        Unit(id="r", name="R", parent="p"),  # below the cycle
        Unit(id="s", name="S", administration="x"),
    )
    assert org.unit_administrations() == {
        "o": None,
        "m": None,
        "p": None,
        "q": None,
        "r": None,
        "s": "x",
    }


def test_unit_administrations_is_linear_on_a_deep_chain() -> None:
    """A chain of 3,000 units (deeper than Python's recursion limit) is answered at once."""
    units = [Unit(id="u0", name="U0", administration="x")]
    units += [Unit(id=f"u{i}", name=f"U{i}", parent=f"u{i - 1}") for i in range(1, 3000)]
    result = _org(*reversed(units)).unit_administrations()
    assert len(result) == 3000 and set(result.values()) == {"x"}
