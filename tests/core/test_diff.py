"""The diff in words: moves, merges, splits, creations, committee and mandate changes."""

from __future__ import annotations

from pydantic import TypeAdapter

from oversyn.core.case import Case
from oversyn.core.diff import diff_organisations
from oversyn.core.operations import Operation, apply_operations

OPS: TypeAdapter[Operation] = TypeAdapter(Operation)


def test_no_change(small_case: Case) -> None:
    org = small_case.organisation()
    d = diff_organisations(org, org)
    assert d.empty
    assert d.sentences() == ["Inga skillnader i organisationen."]
    assert d.sentences("en") == ["No differences in the organisation."]


def test_move_between_administrations(small_case: Case) -> None:
    d = diff_organisations(small_case.organisation(), small_case.organisation("lss-till-buf"))
    assert d.sentences() == [
        "LSS flyttas från Socialförvaltningen till Barn- och utbildningsförvaltningen."
    ]
    assert d.moved_units == {"lss"}


def test_move_under_parent_names_both_administrations(small_case: Case) -> None:
    before = small_case.organisation()
    after = apply_operations(
        before, [OPS.validate_python({"op": "move_unit", "unit": "ifo-ek", "to_parent": "skola"})]
    )
    assert diff_organisations(before, after).sentences() == [
        "Ekonomiskt bistånd flyttas från IFO myndighet (Socialförvaltningen) till Skolor "
        "(Barn- och utbildningsförvaltningen)."
    ]


def test_merge_is_said_once(small_case: Case) -> None:
    d = diff_organisations(small_case.organisation(), small_case.organisation("en-forvaltning"))
    text = d.sentences()
    assert text[0] == (
        "Förvaltningarna Socialförvaltningen och Barn- och utbildningsförvaltningen "
        "slås samman till Välfärdsförvaltningen."
    )
    assert not any("flyttas" in s for s in text)  # the unit moves are explained by the merge
    assert d.merged_administrations == {"valf"}
    assert d.removed_administrations == {"sof", "buf"}
    assert "The administrations Socialförvaltningen and" in d.sentences("en")[0]


def test_split_is_said_once(small_case: Case) -> None:
    before = small_case.organisation()
    after = apply_operations(
        before,
        [
            OPS.validate_python(
                {
                    "op": "split_administration",
                    "administration": "sof",
                    "parts": [
                        {
                            "id": "sof",
                            "name": "Socialförvaltningen",
                            "units": ["ifo-myn", "sof-hr"],
                        },
                        {"id": "fsf", "name": "Funktionsstödsförvaltningen", "units": ["lss"]},
                    ],
                }
            )
        ],
    )
    text = diff_organisations(before, after).sentences()
    assert text == [
        "Socialförvaltningen delas i Socialförvaltningen och Funktionsstödsförvaltningen."
    ]


def test_committees_units_and_support(small_case: Case) -> None:
    before = small_case.organisation()
    ops = [
        {"op": "create_committee", "id": "amn", "name": "Arbetsmarknadsnämnden"},
        {"op": "rename_committee", "committee": "sn", "name": "Välfärdsnämnden"},
        {
            "op": "change_mandate",
            "committee": "bun",
            "add_service_areas": ["lss"],
            "remove_laws": ["Skollagen"],
        },
        {"op": "change_support", "administration": "buf", "add": ["amn"]},
        {"op": "create_unit", "unit": {"id": "ny", "name": "Nystart", "administration": "buf"}},
        {"op": "abolish_unit", "unit": "buf-hr"},
        {"op": "rename_unit", "unit": "skola", "name": "Grundskolor"},
        {"op": "rename_administration", "administration": "sof", "name": "Socialtjänsten"},
        {"op": "abolish_committee", "committee": "kf"},
    ]
    after = apply_operations(before, [OPS.validate_python(op) for op in ops])
    text = diff_organisations(before, after).sentences()
    assert "Ny nämnd: Arbetsmarknadsnämnden." in text
    assert "Nämnden Socialnämnden byter namn till Välfärdsnämnden." in text
    assert "Barn- och utbildningsnämnden får ansvar för Funktionsstöd." in text
    assert "Barn- och utbildningsnämnden har inte längre ansvar enligt Skollagen." in text
    assert (
        "Barn- och utbildningsförvaltningen stödjer Barn- och utbildningsnämnden och "
        "Arbetsmarknadsnämnden (tidigare Barn- och utbildningsnämnden)."
    ) in text
    assert "Ny enhet: Nystart i Barn- och utbildningsförvaltningen." in text
    assert "Enheten HR barn- och utbildning avvecklas." in text
    assert "Enheten Skolor byter namn till Grundskolor." in text
    assert "Förvaltningen Socialförvaltningen byter namn till Socialtjänsten." in text
    assert "Nämnden Kommunfullmäktige avvecklas." in text


def test_created_and_removed_administration(small_case: Case) -> None:
    before = small_case.organisation()
    after = apply_operations(
        before,
        [
            OPS.validate_python(op)
            for op in [
                {"op": "create_administration", "id": "amf", "name": "Arbetsmarknadsförvaltningen"},
                {"op": "move_unit", "unit": "buf-hr", "to_administration": "sof"},
                {"op": "move_unit", "unit": "skola", "to_administration": "sof"},
                {"op": "abolish_administration", "administration": "buf"},
            ]
        ],
    )
    d = diff_organisations(before, after)
    text = d.sentences()
    assert "Ny förvaltning: Arbetsmarknadsförvaltningen." in text
    assert d.created_administrations == {"amf"}
    # buf's units all went to sof, which existed: a merge into sof
    assert text[0].startswith("Förvaltningarna Socialförvaltningen och Barn- och")


def test_merged_units_are_said_once(small_case: Case) -> None:
    before = small_case.organisation()
    after = apply_operations(
        before,
        [
            OPS.validate_python(
                {
                    "op": "merge_units",
                    "units": ["ifo-ek", "ifo-adm"],
                    "into": "ifo-ek",
                    "name": "Ekonomi och administration",
                }
            )
        ],
    )
    d = diff_organisations(before, after)
    assert d.sentences() == [
        "Enheterna Ekonomiskt bistånd och Administration IFO slås samman till "
        "Ekonomi och administration.",
        "Enheten Ekonomiskt bistånd byter namn till Ekonomi och administration.",
    ]
    assert d.merged_units == {"ifo-ek"} and not d.removed_units
