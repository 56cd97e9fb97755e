"""The diff in words: moves, merges, splits, creations, committee and mandate changes."""

from __future__ import annotations

from pathlib import Path

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


# -- numeric deltas (issue 12 item 2), worked on seed 001: Myndighetsutövning IFO has 130
# årsarbetare and 110 000 000 kr; a staff cut to 119 and a budget of 100 500 000 kr is −11
# and −9,5 mnkr, and the whole organisation's 4 070 årsarbetare become 4 059.


def _linkoping_cut():
    from oversyn.core.operations import UpdateUnit, apply_operations
    from oversyn.io.casefile import load_case

    case = load_case(Path(__file__).resolve().parents[2] / "examples" / "linkoping-2017.yaml")
    after = apply_operations(
        case.baseline,
        [UpdateUnit(unit="sof-ifo", fte=119, budget=100_500_000, manager="Anna Ek")],
    )
    return case.baseline, after


def test_staff_and_budget_changes_are_said_with_their_delta():
    before, after = _linkoping_cut()
    assert diff_organisations(before, after).sentences("sv") == [
        "Årsarbetare i Myndighetsutövning individ- och familjeomsorg: 130 → 119 (−11).",
        "Budget för Myndighetsutövning individ- och familjeomsorg: 110,0 → 100,5 mnkr (−9,5).",
        "Chef för Myndighetsutövning individ- och familjeomsorg: – → Anna Ek.",
    ]
    assert diff_organisations(before, after).sentences("en")[1] == (
        "Budget of Myndighetsutövning individ- och familjeomsorg: 110.0 → 100.5 MSEK (−9.5)."
    )


def test_totals_of_the_whole_organisation():
    from oversyn.core.diff import totals_sentences

    before, after = _linkoping_cut()
    assert totals_sentences(before, after, "sv") == [
        "Årsarbetare totalt: 4\u00a0070 → 4\u00a0059 (−11).",
        "Budget totalt: 3\u00a0450,0 → 3\u00a0440,5 mnkr (−9,5).",
    ]
    assert totals_sentences(before, before, "sv") == []


def test_figures_with_decimals_and_an_increase():
    from oversyn.core.diff import format_figure

    assert format_figure(12.5, 1, "sv") == "12,5"
    assert format_figure(2.5, 1, "sv", signed=True) == "+2,5"
    assert format_figure(-11, 0, "sv", signed=True) == "−11"
    assert format_figure(0.0, 1, "sv", signed=True) == "0,0"
    assert format_figure(None, 1, "sv") == "–"
