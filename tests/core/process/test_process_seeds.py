"""Process parts against the seed examples and small hand-worked cases."""

from __future__ import annotations

from datetime import date

import pytest

from oversyn.core.case import Case
from oversyn.core.process.audit import audit_findings, audit_overview
from oversyn.core.process.checklist import generate_checklist, order_findings
from oversyn.core.process.costs import compare_costs, yearly_cost_metric
from oversyn.core.process.decision import appeal_period, decision_findings, extract_lines
from oversyn.core.process.lifecycle import case_deadlines, current_status
from oversyn.core.process.model import (
    ChecklistEntry,
    ChecklistStatus,
    Decision,
    Remiss,
    ResponsibilityArea,
    Status,
    SwotCategory,
)
from oversyn.core.process.remiss import summarise_remiss
from oversyn.core.process.responsibility import responsibility_findings, responsibility_matrix
from oversyn.core.process.review import process_report
from oversyn.core.process.swot import swot_table
from oversyn.io.casefile import dump_case, load_case, parse_case
from tests.conftest import EXAMPLES


@pytest.fixture(scope="module")
def refugee() -> Case:
    return load_case(EXAMPLES / "flyktingverksamhet-2018.yaml")


@pytest.fixture(scope="module")
def enkoping() -> Case:
    return load_case(EXAMPLES / "enkoping-2021.yaml")


@pytest.fixture(scope="module")
def motala() -> Case:
    return load_case(EXAMPLES / "motala-2018.yaml")


def test_seed_003_costs_worked_by_hand(refugee: Case) -> None:
    """42 857 kr/månad is read as per placed child and month; 150 000–320 000 kr/månad as the
    whole own HVB per month.  By hand: 4 × 42 857 × 12 = 2 057 136 (2018), 2 × 42 857 × 12 =
    1 028 568 (2019); own HVB 12 × 150 000 = 1 800 000 to 12 × 320 000 = 3 840 000 a year."""
    table = compare_costs(refugee)
    assert table.years == [2018, 2019]
    keep = table.row("behall-och-integrera-hvb")
    own = table.row("samla-under-un")
    assert keep is not None and own is not None
    assert keep.per_year == {2018: (2_057_136, 2_057_136), 2019: (1_028_568, 1_028_568)}
    assert own.per_year == {2018: (1_800_000, 3_840_000), 2019: (1_800_000, 3_840_000)}
    assert keep.total == (3_085_704, 3_085_704)
    assert own.total == (3_600_000, 7_680_000)
    metric = yearly_cost_metric(refugee)
    assert metric == {
        "samla-under-un": (1_800_000, 3_840_000),
        "behall-och-integrera-hvb": (1_542_852, 1_542_852),
    }
    assert yearly_cost_metric(refugee, 2019)["behall-och-integrera-hvb"] == (1_028_568, 1_028_568)


def test_seed_003_decision_paragraph_and_distribution(refugee: Case) -> None:
    decision = refugee.decisions[0]
    assert (decision.body, decision.paragraph, decision.case_number) == (
        "Utbildningsnämnden",
        "§ 13",
        "2018.030 UN",
    )
    assert decision.date == date(2018, 2, 21)
    assert decision.distribution == [
        "Kommunledningskontoret",
        "Karin Alvermalm",
        "Anneli Schwartz",
        "Julia Mårtensson",
    ]
    assert appeal_period(decision) is None  # the extract gives no notice date
    rows = dict(extract_lines(decision))
    assert rows["Beslut"] == "Utbildningsnämnden godkänner utbildningsförvaltningens utredning."


def test_appeal_period_and_late_notice() -> None:
    decision = Decision.model_validate(
        {
            "id": "d",
            "body": "KF",
            "date": "2018-02-21",
            "attestation": {"date": "2018-02-26", "by": ["A", "B"]},
            "notice_posted": "2018-03-01",
        }
    )
    period = appeal_period(decision)
    assert period is not None and period.last_day == date(2018, 3, 22)
    assert [f.code for f in decision_findings(decision)] == ["notice_late"]  # 3 days > 2


def test_seed_002_remiss_summary_and_swot(enkoping: Case) -> None:
    summary = summarise_remiss(enkoping.remisses[0], today=date(2021, 12, 30))
    assert summary.due == date(2021, 12, 23)
    assert [a.party_name for a in summary.answers] == ["Socialnämnden"]
    assert summary.missing == [] and summary.late == []
    text = " ".join(summary.sentences("sv"))
    assert "1 remissinstans med sista svarsdag 2021-12-23" in text
    assert "Socialnämnden tar inte ställning" in text
    table = swot_table(enkoping, "gemensam-forvaltning")
    by_cat = table.by_category()
    assert len(by_cat[SwotCategory.STRENGTH]) == 3 + 2  # consultant's 3, Socialnämnden's 2
    assert len(by_cat[SwotCategory.WEAKNESS]) == 3 + 4
    assert len(by_cat[SwotCategory.THREAT]) == 2 + 1
    assert len(by_cat[SwotCategory.OPPORTUNITY]) == 4 + 2
    additions = [e for e in table.entries if e.addition]
    assert {e.author for e in additions} == {"Socialnämnden"}
    assert "En väg in för invånaren" in [e.text for e in additions]


def test_remiss_missing_and_late_answers() -> None:
    remiss = Remiss.model_validate(
        {
            "id": "r",
            "title": "Utkast",
            "deadline": "2025-02-14",
            "parties": [
                {"id": "sn", "name": "Socialnämnden"},
                {"id": "bun", "name": "Barn- och utbildningsnämnden"},
                {"id": "vision", "name": "Vision", "kind": "union"},
            ],
            "responses": [
                {"party": "sn", "stance": "tillstyrker", "date": "2025-02-10"},
                {"party": "bun", "stance": "avstyrker", "date": "2025-02-20"},
            ],
        }
    )
    summary = summarise_remiss(remiss, today=date(2025, 3, 1))
    assert summary.missing == ["Vision"]
    assert [a.party for a in summary.late] == ["bun"]
    sentences = summary.sentences("sv")
    assert "Socialnämnden tillstyrker; Barn- och utbildningsnämnden avstyrker" in sentences[1]
    assert sentences[2] == "Vision har inte svarat trots att svarstiden har gått ut."
    assert sentences[3] == "Barn- och utbildningsnämnden svarade efter sista svarsdag."
    assert summary.counts()["avstyrker"] == 1


def test_seed_004_focus_areas_have_no_responsible_body(motala: Case) -> None:
    findings = responsibility_findings(motala.responsibilities)
    assert [f.code for f in findings] == ["responsibility_none"] * 5
    assert [a.name for a in motala.responsibilities] == [
        "Arbetsmarknad",
        "Utbildning",
        "Bostad och samhällsservice",
        "Brottslighet",
        "Demokrati och civilsamhälle",
    ]
    assert responsibility_matrix(motala.responsibilities).bodies == ["ks"]


def test_responsibility_more_than_one() -> None:
    areas = [
        ResponsibilityArea.model_validate(
            {
                "id": "a",
                "name": "Arbetsmarknad",
                "roles": [
                    {"body": "sn", "role": "ansvarig"},
                    {"body": "bn", "role": "ansvarig"},
                    {"body": "ks", "role": "informeras"},
                ],
            }
        ),
        ResponsibilityArea.model_validate(
            {"id": "b", "name": "Bostad", "roles": [{"body": "ks", "role": "ansvarig"}]}
        ),
    ]
    findings = responsibility_findings(areas)
    assert [(f.code, f.subject) for f in findings] == [("responsibility_many", "a")]
    assert responsibility_matrix(areas).responsible("a") == ["sn", "bn"]


def test_seed_004_audit_and_deadlines(motala: Case) -> None:
    recs = motala.audit_recommendations
    assert [r.addressed_to for r in recs] == [["Kommunstyrelsen"], ["Kommunstyrelsen"]]
    assert recs[0].answer_due is not None and recs[0].answer_due.end == date(2019, 1, 26)
    views = {v.id: v for v in case_deadlines(motala, date(2019, 7, 1))}
    assert views["audit:mal-riktlinjer:1"].state == "overdue"  # "våren 2019" ended 30 June
    assert views["audit:mal-riktlinjer:0"].period.end == date(2019, 3, 26)  # type: ignore[union-attr]
    assert next(g.text for g in motala.goals) == "Meningsfull sysselsättning"
    assert len(motala.goals) == 5


def test_seed_004_audit_findings_and_overview(motala: Case) -> None:
    recs = motala.audit_recommendations
    # 2019-07-01: both answers were given; "2019-03-26" and "våren 2019" (30 June) have passed
    findings = audit_findings(recs, date(2019, 7, 1))
    assert [(f.code, f.params["due"]) for f in findings] == [
        ("audit_action_overdue", "2019-03-26"),
        ("audit_action_overdue", "våren 2019"),
    ]
    overview = audit_overview(recs, date(2019, 7, 1))
    assert (overview.total, overview.answered, overview.actions, overview.overdue_actions) == (
        2,
        2,
        3,
        2,
    )
    assert overview.by_status["in_progress"] == 2
    # without a response the answer is overdue after 26 January 2019, not on it
    unanswered = [recs[0].model_copy(update={"response": "", "actions": []})]
    assert audit_findings(unanswered, date(2019, 1, 26)) == []
    (late,) = audit_findings(unanswered, date(2019, 1, 27))
    assert late.code == "audit_answer_overdue"
    assert "inget svar är registrerat" in late.text("sv")


def test_seed_000_directive_deadline_and_status() -> None:
    case = load_case(EXAMPLES / "ia-till-ifo.yaml")
    assert current_status(case.lifecycle) == Status.INVESTIGATION
    report = process_report(case, date(2025, 4, 2))
    directive = next(d for d in report.deadlines if d.id == "directive")
    assert (directive.period.start, directive.period.end) == (date(2025, 1, 1), date(2025, 3, 31))  # type: ignore[union-attr]
    assert directive.state == "overdue"
    assert "deadline_overdue" in [f.code for f in report.findings]


def _with(case: Case, **update: object) -> Case:
    return parse_case(dump_case(case.model_copy(update=update)), "x.yaml")


def test_checklist_items_for_a_move_between_committees() -> None:
    case = load_case(EXAMPLES / "ia-till-ifo.yaml")
    items = {i.code: i for i in generate_checklist(case, "ia-till-ifo")}
    assert items["deciding_body"].reason_sv.startswith("Kommunfullmäktige")
    assert items["reglemente_update"].applies
    assert "Barn- och utbildningsnämnden" in items["reglemente_update"].reason_sv
    assert items["confidentiality"].applies and items["personal_data_controller"].applies
    assert not items["sol_lss_authority"].applies  # IA does not exercise SoL authority
    assert items["mbl_negotiation"].applies and items["risk_assessment"].applies


def test_checklist_order_warnings() -> None:
    case = load_case(EXAMPLES / "ia-till-ifo.yaml")
    decision = Decision.model_validate(
        {
            "id": "ks-beslut",
            "body": "Kommunfullmäktige",
            "date": "2025-03-10",
            "alternative": "ia-till-ifo",
            "effective": "2025-03-01",
        }
    )
    checklist = [
        ChecklistEntry(item="mbl_negotiation", status=ChecklistStatus.DONE, date=date(2025, 3, 12)),
        ChecklistEntry(item="risk_assessment", status=ChecklistStatus.TODO),
    ]
    remiss = Remiss.model_validate(
        {"id": "r", "title": "Remiss", "deadline": "2025-03-20", "parties": []}
    )
    case = _with(case, decisions=[decision], checklist=checklist, remisses=[remiss])
    items = generate_checklist(case, "ia-till-ifo")
    codes = [(f.code, f.subject) for f in order_findings(case, items, "ia-till-ifo")]
    assert codes == [
        ("order_decision_before", "mbl_negotiation"),
        ("order_not_done_before_decision", "risk_assessment"),
        ("order_effective_before_decision", "effective_date"),
        ("remiss_after_decision", "r"),
    ]


def test_checklist_in_order_has_no_warnings() -> None:
    case = load_case(EXAMPLES / "ia-till-ifo.yaml")
    decision = Decision.model_validate(
        {"id": "d", "body": "KF", "date": "2025-03-10", "effective": "2025-05-01"}
    )
    checklist = [
        ChecklistEntry(item="mbl_negotiation", status=ChecklistStatus.DONE, date=date(2025, 2, 20)),
        ChecklistEntry(item="risk_assessment", status=ChecklistStatus.DONE, date=date(2025, 2, 12)),
    ]
    case = _with(case, decisions=[decision], checklist=checklist)
    items = generate_checklist(case, "ia-till-ifo")
    assert order_findings(case, items, "ia-till-ifo") == []


@pytest.mark.parametrize(
    "name", ["enkoping-2021", "flyktingverksamhet-2018", "motala-2018", "ia-till-ifo"]
)
def test_process_parts_round_trip(name: str) -> None:
    case = load_case(EXAMPLES / f"{name}.yaml")
    assert parse_case(dump_case(case), "again.yaml") == case
