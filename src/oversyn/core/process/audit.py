"""Audit recommendations (revision) and the body's responses and actions (seed 004)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from oversyn.core.process.messages import Finding
from oversyn.core.process.model import AuditRecommendation, RecommendationStatus

STATUS_LABELS: dict[RecommendationStatus, tuple[str, str]] = {
    RecommendationStatus.OPEN: ("öppen", "open"),
    RecommendationStatus.IN_PROGRESS: ("pågår", "in progress"),
    RecommendationStatus.DONE: ("genomförd", "done"),
    RecommendationStatus.REJECTED: ("avvisad", "rejected"),
}


@dataclass(frozen=True)
class AuditOverview:
    total: int
    by_status: dict[str, int]
    answered: int
    actions: int
    actions_done: int
    overdue_actions: int


def audit_overview(recs: list[AuditRecommendation], today: date) -> AuditOverview:
    by_status = {s.value: 0 for s in RecommendationStatus}
    actions = done = overdue = 0
    for rec in recs:
        by_status[rec.status.value] += 1
        for action in rec.actions:
            actions += 1
            if action.done is not None:
                done += 1
            elif action.due is not None and action.due.end is not None and action.due.end < today:
                overdue += 1
    return AuditOverview(
        len(recs), by_status, sum(1 for r in recs if r.response), actions, done, overdue
    )


def audit_findings(recs: list[AuditRecommendation], today: date) -> list[Finding]:
    """Warnings for ``today``: the answer to a recommendation is past its due date and no
    response is recorded (``audit_answer_overdue``), and an action is past its due date and
    not done (``audit_action_overdue``)."""
    out: list[Finding] = []
    for rec in recs:
        answer = rec.answer_due
        if (
            not rec.response.strip()
            and rec.responded is None
            and rec.status != RecommendationStatus.REJECTED
            and answer is not None
            and answer.end is not None
            and answer.end < today
        ):
            out.append(
                Finding(
                    "warning", "audit_answer_overdue", {"rec": rec.id, "due": answer.text}, rec.id
                )
            )
        for action in rec.actions:
            due = action.due
            if action.done is None and due is not None and due.end is not None and due.end < today:
                out.append(
                    Finding(
                        "warning",
                        "audit_action_overdue",
                        {"rec": rec.id, "action": action.text, "due": due.text},
                        rec.id,
                    )
                )
    return out
