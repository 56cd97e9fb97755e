"""Case status and deadlines: where the case stands on a given day and what is late."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from oversyn.core.i18n import DEFAULT_LANG, Lang
from oversyn.core.process.dates import DateRange, deadline_state, parse_period
from oversyn.core.process.messages import Finding
from oversyn.core.process.model import STATUS_LABELS, Deadline, Lifecycle, Status

if TYPE_CHECKING:
    from oversyn.core.case import Case


def current_status(lifecycle: Lifecycle, today: date | None = None) -> Status:
    """The latest status in the history (up to ``today``); ``initiated`` when there is none."""
    entries = [h for h in lifecycle.history if today is None or h.date is None or h.date <= today]
    return entries[-1].status if entries else Status.INITIATED


def status_label(status: Status, lang: Lang = DEFAULT_LANG) -> str:
    sv, en = STATUS_LABELS[status]
    return sv if lang == "sv" else en


def history_findings(lifecycle: Lifecycle) -> list[Finding]:
    """Warn when the history, in file order, goes back in time."""
    out: list[Finding] = []
    dated = [h for h in lifecycle.history if h.date is not None]
    for prev, cur in itertools.pairwise(dated):
        if cur.date is not None and prev.date is not None and cur.date < prev.date:
            out.append(
                Finding(
                    "warning",
                    "status_dates_backwards",
                    {
                        "status": cur.status.value,
                        "date": str(cur.date),
                        "prev": prev.status.value,
                        "prev_date": str(prev.date),
                    },
                )
            )
    return out


@dataclass(frozen=True)
class DeadlineView:
    """One deadline of the case with its state on ``today``."""

    id: str
    label_sv: str
    label_en: str
    text: str
    period: DateRange | None
    state: str  # done / overdue / due_soon / ok / unreadable
    days: int | None  # days left (negative: overdue)
    done: date | None = None

    def label(self, lang: Lang = DEFAULT_LANG) -> str:
        return self.label_sv if lang == "sv" else self.label_en

    def as_dict(self, lang: Lang = DEFAULT_LANG) -> dict[str, object]:
        return {
            "id": self.id,
            "label": self.label(lang),
            "text": self.text,
            "start": self.period.start.isoformat() if self.period else None,
            "end": self.period.end.isoformat() if self.period else None,
            "state": self.state,
            "days_left": self.days,
            "done": self.done.isoformat() if self.done else None,
        }


def _view(
    ident: str,
    labels: tuple[str, str],
    text: str,
    period: DateRange | None,
    today: date,
    within_days: int,
    done: date | None = None,
) -> DeadlineView:
    if period is None:
        return DeadlineView(ident, labels[0], labels[1], text, None, "unreadable", None, done)
    state = deadline_state(period, today, within_days, done)
    return DeadlineView(
        ident, labels[0], labels[1], text, period, state, (period.end - today).days, done
    )


def _range(deadline: Deadline) -> DateRange | None:
    if deadline.start is None or deadline.end is None:
        return None
    return DateRange(deadline.start, deadline.end)


def case_deadlines(case: Case, today: date, within_days: int = 14) -> list[DeadlineView]:
    """Every deadline of the case: the directive's (its free text parsed), the lifecycle's,
    each remiss's answer deadline and each audit recommendation's answer and actions; sorted
    by last day.  The directive counts as done once the case has reached ``decision``.
    """
    views: list[DeadlineView] = []
    directive = case.case.directive
    if directive is not None and directive.deadline:
        reached = [
            h.date
            for h in case.lifecycle.history
            if h.date is not None
            and list(Status).index(h.status) >= list(Status).index(Status.DECISION)
        ]
        views.append(
            _view(
                "directive",
                (f"Direktiv: {directive.title}", f"Directive: {directive.title}"),
                directive.deadline,
                parse_period(directive.deadline),
                today,
                within_days,
                min(reached) if reached else None,
            )
        )
    for d in case.lifecycle.deadlines:
        views.append(
            _view(d.id, (d.label, d.label), d.due.text, _range(d.due), today, within_days, d.done)
        )
    for remiss in case.remisses:
        if remiss.deadline is None:
            continue
        answered = {r.party for r in remiss.responses}
        all_in = bool(remiss.parties) and all(p.id in answered for p in remiss.parties)
        last = max((r.date for r in remiss.responses if r.date), default=None)
        views.append(
            _view(
                f"remiss:{remiss.id}",
                (f"Remissvar: {remiss.title}", f"Consultation answers: {remiss.title}"),
                remiss.deadline.text,
                _range(remiss.deadline),
                today,
                within_days,
                last if all_in else None,
            )
        )
    for rec in case.audit_recommendations:
        if rec.answer_due is not None:
            views.append(
                _view(
                    f"audit:{rec.id}",
                    (f"Svar till revisionen: {rec.id}", f"Answer to the auditors: {rec.id}"),
                    rec.answer_due.text,
                    _range(rec.answer_due),
                    today,
                    within_days,
                    rec.responded,
                )
            )
        for i, action in enumerate(rec.actions):
            if action.due is None:
                continue
            views.append(
                _view(
                    f"audit:{rec.id}:{i}",
                    (f"Åtgärd: {action.text}", f"Action: {action.text}"),
                    action.due.text,
                    _range(action.due),
                    today,
                    within_days,
                    action.done,
                )
            )
    return sorted(views, key=lambda v: (v.period.end if v.period else date.max, v.id))


def deadline_findings(views: list[DeadlineView]) -> list[Finding]:
    """Warnings for overdue, soon due and unreadable deadlines."""
    out: list[Finding] = []
    for v in views:
        due = v.text
        if v.state == "overdue":
            out.append(
                Finding(
                    "warning",
                    "deadline_overdue",
                    {"label": v.label_sv, "due": due, "days": -(v.days or 0)},
                    v.id,
                )
            )
        elif v.state == "due_soon":
            out.append(
                Finding(
                    "info",
                    "deadline_due_soon",
                    {"label": v.label_sv, "due": due, "days": v.days},
                    v.id,
                )
            )
        elif v.state == "unreadable":
            out.append(
                Finding(
                    "warning", "deadline_unreadable", {"label": v.label_sv, "text": v.text}, v.id
                )
            )
    return out
