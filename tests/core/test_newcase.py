"""A new case from nothing (core.newcase) and the municipal skeleton (core.skeleton)."""

from __future__ import annotations

from pathlib import Path

import pytest

from oversyn.core.analysis import analyze_case
from oversyn.core.model import CommitteeKind, Organisation
from oversyn.core.newcase import NewCase, NewCaseError, build_new_case, check_new_case
from oversyn.core.process.dates import parse_period
from oversyn.core.skeleton import municipal_skeleton
from oversyn.core.validate import validate_case
from oversyn.io.casefile import load_case
from oversyn.io.municipalities import MUNICIPALITIES, choices, official_name

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"

SPEC = NewCase(
    title="Översyn av socialförvaltningen",
    municipality_code="0580",
    municipality_name="Linköpings kommun",
    committee="Kommunstyrelsen",
    case_number="KS 2025/0123",
    directive_by="Kommunstyrelsen",
    directive_to="Kommundirektören, Socialnämnden",
    directive_deadline="Q1 2025",
    directive_text="Utred.",
    start="skeleton",
)


def test_skeleton_is_a_valid_typical_municipality():
    org = municipal_skeleton()
    kinds = {c.id: c.kind for c in org.committees}
    assert kinds["kommunfullmaktige"] == CommitteeKind.COUNCIL
    assert kinds["kommunstyrelsen"] == CommitteeKind.EXECUTIVE_BOARD
    assert all(c.appointed_by == "kommunfullmaktige" for c in org.committees[1:])
    assert org.administration("kommunledningsforvaltningen").supports == ["kommunstyrelsen"]
    social = org.committee("socialnamnden")
    assert set(social.mandate.laws) == {"SoL", "LVU", "LVM", "LSS"}
    # every unit sits in an administration, no figures are invented
    assert all(u.administration and u.fte is None and u.budget is None for u in org.units)
    assert municipal_skeleton() == org  # stable ids


def test_new_case_from_the_skeleton_validates_and_analyses():
    case = build_new_case(SPEC)
    assert case.case.id == "oversyn-av-socialforvaltningen"
    assert case.case.municipality.code == "0580"
    assert case.case.directive.issued_to == ["Kommundirektören", "Socialnämnden"]
    assert case.case.directive.title == SPEC.title
    assert validate_case(case) == []
    errors = [c for a in analyze_case(case) for c in a.checks if c.level == "error"]
    assert errors == []  # authority stays under committees whose mandate covers it


def test_the_id_is_unique_among_taken_ones():
    case = build_new_case(SPEC, taken_ids={"oversyn-av-socialforvaltningen"})
    assert case.case.id == "oversyn-av-socialforvaltningen-2"


def test_copy_takes_the_given_baseline_and_empty_is_empty():
    seed_case = load_case(EXAMPLES / "ia-till-ifo.yaml")
    copied = build_new_case(SPEC.model_copy(update={"start": "copy"}), seed_case.baseline)
    assert copied.baseline == seed_case.baseline
    assert copied.baseline is not seed_case.baseline
    empty = build_new_case(SPEC.model_copy(update={"start": "empty"}))
    assert empty.baseline == Organisation()


@pytest.mark.parametrize("deadline", ["Q1 2025", "våren 2026", "2025-03-31"])
def test_deadlines_as_written_are_read(deadline):
    case = build_new_case(SPEC.model_copy(update={"directive_deadline": deadline}))
    assert case.case.directive.deadline == deadline
    assert parse_period(deadline) is not None


def test_every_problem_is_located():
    bad = NewCase(
        title=" ",
        municipality_code="9999",
        municipality_name="X",
        directive_deadline="någon gång",
        directive_date="15/1",
        start="copy",
    )
    with pytest.raises(NewCaseError) as exc:
        build_new_case(bad, known_codes=MUNICIPALITIES)
    fields = {p.field: p.message("sv") for p in exc.value.problems}
    assert set(fields) == {"title", "municipality", "directive_deadline", "directive_date", "start"}
    assert "'9999'" in fields["municipality"] and "290" in fields["municipality"]
    assert "Q1 2025" in fields["directive_deadline"]
    assert check_new_case(SPEC, known_codes=MUNICIPALITIES) == []
    english = {p.field: p.message("en") for p in exc.value.problems}
    assert english["title"] == "Give the case a title"


def test_official_names_and_choices():
    assert len(MUNICIPALITIES) == 290
    assert official_name("0580") == "Linköpings kommun"
    assert official_name("0583") == "Motala kommun"
    assert official_name("1490") == "Borås kommun"
    assert official_name("0000") is None
    labels = [label for _code, label in choices()]
    assert len(labels) == 290 and labels[0].startswith("Ale ")
    assert labels[-1].startswith("Östra Göinge") or labels[-1].startswith("Övertorneå")
