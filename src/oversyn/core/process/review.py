"""Everything about a case's process on a given day, in one object for the CLI, the web app
and documents: status, deadlines, remiss summaries, costs, decisions, audit, responsibilities,
checklist per alternative, and all warnings."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from oversyn.core.errors import OversynError
from oversyn.core.i18n import DEFAULT_LANG, Lang
from oversyn.core.process.audit import audit_findings
from oversyn.core.process.casenumber import CaseNumber, parse_case_number
from oversyn.core.process.checklist import ChecklistItem, generate_checklist, order_findings
from oversyn.core.process.costs import CostComparison, compare_costs
from oversyn.core.process.decision import appeal_period, chain_findings, decision_findings
from oversyn.core.process.lifecycle import (
    DeadlineView,
    case_deadlines,
    current_status,
    deadline_findings,
    history_findings,
    status_label,
)
from oversyn.core.process.messages import Finding
from oversyn.core.process.model import Status
from oversyn.core.process.remiss import RemissSummary, remiss_findings, summarise_remiss
from oversyn.core.process.responsibility import responsibility_findings

if TYPE_CHECKING:
    from oversyn.core.case import Case


@dataclass
class ProcessReport:
    case_id: str
    today: date
    case_number: CaseNumber | None
    status: Status
    deadlines: list[DeadlineView]
    remisses: list[RemissSummary]
    costs: CostComparison
    checklists: dict[str, list[ChecklistItem]]
    findings: list[Finding] = field(default_factory=list)

    def as_dict(self, lang: Lang = DEFAULT_LANG) -> dict[str, object]:
        return {
            "case": self.case_id,
            "today": self.today.isoformat(),
            "case_number": self.case_number.as_dict() if self.case_number else None,
            "status": self.status.value,
            "status_label": status_label(self.status, lang),
            "deadlines": [d.as_dict(lang) for d in self.deadlines],
            "remisses": [r.as_dict(lang) for r in self.remisses],
            "costs": self.costs.as_dict(),
            "checklists": {
                alt: [i.as_dict(lang) for i in items] for alt, items in self.checklists.items()
            },
            "findings": [f.as_dict(lang) for f in self.findings],
        }


def process_report(case: Case, today: date, within_days: int = 14) -> ProcessReport:
    """The case's process on ``today``; pure (no clock, no I/O)."""
    findings: list[Finding] = []
    number: CaseNumber | None = None
    if case.case.case_number:
        try:
            number = parse_case_number(case.case.case_number)
        except OversynError as exc:
            findings.append(Finding("warning", exc.code, dict(exc.params), "case_number"))
    findings += history_findings(case.lifecycle)
    deadlines = case_deadlines(case, today, within_days)
    findings += deadline_findings(deadlines)
    summaries = [summarise_remiss(r, today) for r in case.remisses]
    for s in summaries:
        findings += remiss_findings(s)
    for d in case.decisions:
        findings += decision_findings(d)
    findings += chain_findings(case.decisions)
    findings += audit_findings(case.audit_recommendations, today)
    findings += responsibility_findings(case.responsibilities)
    checklists: dict[str, list[ChecklistItem]] = {}
    for alt in case.alternatives:
        items = generate_checklist(case, alt.id)
        checklists[alt.id] = items
        findings += [
            Finding(f.level, f.code, f.params, f"{alt.id}:{f.subject}")
            for f in order_findings(case, items, alt.id)
        ]
    return ProcessReport(
        case.case.id,
        today,
        number,
        current_status(case.lifecycle, today),
        deadlines,
        summaries,
        compare_costs(case),
        checklists,
        findings,
    )


__all__ = ["ProcessReport", "appeal_period", "process_report"]
