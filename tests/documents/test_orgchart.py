"""Org charts: what is marked, and that Graphviz renders them."""

from __future__ import annotations

from oversyn.core.case import Case
from oversyn.core.diff import diff_organisations
from oversyn.core.model import Administration
from oversyn.documents.orgchart import Highlights, org_chart, render_chart


def test_ia_marked_before_and_after(ia_case: Case) -> None:
    before, after = ia_case.organisation(), ia_case.organisation("ia-till-ifo")
    diff = diff_organisations(before, after)
    assert Highlights.before(diff).units == {"ia": "flyttas"}
    marks = Highlights.after(diff, org=after)
    assert marks.units == {"ia": "flyttad"}
    assert marks.committees == {"bun": "ändrat reglemente", "sn": "ändrat reglemente"}
    source = org_chart(after, marks).source
    # marked by more than colour: a marker, bold text and a word
    assert "<B>▶ Integration och<BR/>arbetsmarknad (flyttad)</B>" in source
    assert source.count("penwidth=3") == 2  # the two committees with changed mandates
    for unit in after.units:
        assert unit.name.split()[0] in source


def test_merge_marks_the_administration_not_each_unit(small_case: Case) -> None:
    before, after = small_case.organisation(), small_case.organisation("en-forvaltning")
    diff = diff_organisations(before, after)
    marks = Highlights.after(diff, org=after)
    assert marks.administrations == {"valf": "sammanslagen"}
    assert marks.units == {}  # every unit only followed its administration
    assert Highlights.after(diff).units  # without the organisation they would all be marked


def test_wide_organisation_turns_sideways(small_case: Case) -> None:
    org = small_case.organisation()
    assert "rankdir=TB" in org_chart(org).source
    extra = [Administration(id=f"x{i}", name=f"Förvaltning {i}") for i in range(4)]
    wide = org.model_copy(update={"administrations": [*org.administrations, *extra]})
    assert "rankdir=LR" in org_chart(wide).source


def test_render_png_and_svg(small_case: Case) -> None:
    chart = render_chart(small_case.organisation())
    assert chart.png.startswith(b"\x89PNG")
    svg = chart.svg()
    assert b"<svg" in svg and "Socialförvaltningen".encode() in svg


def test_before_a_merge_marks_the_administrations(small_case: Case) -> None:
    before, after = small_case.organisation(), small_case.organisation("en-forvaltning")
    marks = Highlights.before(diff_organisations(before, after), org=before)
    assert marks.administrations == {"sof": "slås samman", "buf": "slås samman"}
    assert marks.units == {}
