"""Remiss summary: who answered what, who has not answered, who answered late — in plain
Swedish (and English) for the beslutsunderlag."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from oversyn.core.i18n import DEFAULT_LANG, Lang, join_words
from oversyn.core.process.messages import Finding
from oversyn.core.process.model import (
    RECEIVED_BY_LABELS,
    STANCE_LABELS,
    ReceivedBy,
    Remiss,
    Stance,
)


def stance_label(stance: Stance | None, lang: Lang = DEFAULT_LANG) -> str:
    if stance is None:
        return "tar inte ställning" if lang == "sv" else "takes no position"
    sv, en = STANCE_LABELS[stance]
    return sv if lang == "sv" else en


def received_label(received_by: ReceivedBy | None, lang: Lang = DEFAULT_LANG) -> str:
    """The label "på papper", "med e-post" …; "" for an answer the party gave itself."""
    if received_by is None:
        return ""
    sv, en = RECEIVED_BY_LABELS[received_by]
    return sv if lang == "sv" else en


@dataclass(frozen=True)
class AnswerView:
    party: str
    party_name: str
    stance: Stance | None
    date: date | None
    late: bool
    received_by: ReceivedBy | None = None  # entered by the utredare on the party's behalf


@dataclass
class RemissSummary:
    remiss: str
    title: str
    due: date | None
    due_text: str | None
    parties: list[str]  # names, in the order sent
    answers: list[AnswerView] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # names
    unknown: list[str] = field(default_factory=list)  # ids that answered but were not sent to
    deadline_passed: bool = False
    sent: date | None = None  # None: a draft, not sent yet (no answer can be overdue)

    @property
    def late(self) -> list[AnswerView]:
        return [a for a in self.answers if a.late]

    def counts(self) -> dict[str, int]:
        out = {s.value: 0 for s in Stance} | {"none": 0}
        for a in self.answers:
            out[a.stance.value if a.stance else "none"] += 1
        return out

    def sentences(self, lang: Lang = DEFAULT_LANG) -> list[str]:
        """The summary as sentences for a document (Swedish first)."""
        sv = lang == "sv"
        n = len(self.parties)
        out: list[str] = []
        if self.sent is None and not self.answers:
            text = (
                f"Remissen är inte skickad; den ska gå till {n} remissinstans"
                f"{'er' if n != 1 else ''}"
                if sv
                else f"The consultation has not been sent; it is to go to {n} "
                f"part{'ies' if n != 1 else 'y'}"
            )
            if self.due_text:
                text += (
                    f" med sista svarsdag {self.due_text}"
                    if sv
                    else f", answers due {self.due_text}"
                )
            return [text + "."]
        sent = (
            f"Remissen skickades till {n} remissinstans{'er' if n != 1 else ''}"
            if sv
            else f"The consultation was sent to {n} part{'ies' if n != 1 else 'y'}"
        )
        if self.due_text:
            sent += (
                f" med sista svarsdag {self.due_text}" if sv else f", answers due {self.due_text}"
            )
        out.append(sent + ".")
        if self.answers:
            groups: dict[Stance | None, list[str]] = {}
            for a in self.answers:
                groups.setdefault(a.stance, []).append(a.party_name)
            parts = []
            for stance, names in groups.items():
                verb = stance_label(stance, lang)
                parts.append(f"{join_words(names, lang)} {verb}")
            head = (
                f"{len(self.answers)} av {n} har svarat: "
                if sv
                else f"{len(self.answers)} of {n} have answered: "
            )
            out.append(head + "; ".join(parts) + ".")
            for a in self.answers:
                if a.received_by is not None:
                    when = f" {a.date.isoformat()}" if a.date else ""
                    out.append(
                        f"Svaret från {a.party_name} kom {received_label(a.received_by, lang)}"
                        f"{when} och fördes in av utredaren."
                        if sv
                        else f"The answer from {a.party_name} came "
                        f"{received_label(a.received_by, lang)}{when} and was entered by the "
                        "investigator."
                    )
        else:
            out.append("Inga svar har kommit in." if sv else "No answers have come in.")
        if self.missing:
            who = join_words(self.missing, lang)
            if sv:
                tail = " trots att svarstiden har gått ut" if self.deadline_passed else " ännu"
                out.append(f"{who} har inte svarat{tail}.")
            else:
                tail = " although the deadline has passed" if self.deadline_passed else " yet"
                out.append(
                    f"{who} {'has' if len(self.missing) == 1 else 'have'} not answered{tail}."
                )
        if self.late:
            late = join_words([a.party_name for a in self.late], lang)
            out.append(
                f"{late} svarade efter sista svarsdag."
                if sv
                else f"{late} answered after the deadline."
            )
        return out

    def as_dict(self, lang: Lang = DEFAULT_LANG) -> dict[str, object]:
        return {
            "remiss": self.remiss,
            "title": self.title,
            "due": self.due.isoformat() if self.due else None,
            "parties": self.parties,
            "answers": [
                {
                    "party": a.party,
                    "name": a.party_name,
                    "stance": a.stance.value if a.stance else None,
                    "stance_label": stance_label(a.stance, lang),
                    "date": a.date.isoformat() if a.date else None,
                    "late": a.late,
                    "received_by": a.received_by.value if a.received_by else None,
                }
                for a in self.answers
            ],
            "missing": self.missing,
            "counts": self.counts(),
            "text": " ".join(self.sentences(lang)),
        }


def _due_text(remiss: Remiss) -> str | None:
    d = remiss.deadline
    if d is None:
        return None
    return d.end.isoformat() if d.end is not None and d.start == d.end else d.text


def summarise_remiss(remiss: Remiss, today: date | None = None) -> RemissSummary:
    """Who answered what and when, who is missing, who was late.

    An answer is late when its date is after the deadline's last day.  ``today`` only decides
    whether a missing answer is past the deadline — and only once the remiss is sent: a draft
    has no overdue answers.
    """
    due = remiss.deadline.end if remiss.deadline else None
    names = {p.id: p.name for p in remiss.parties}
    summary = RemissSummary(
        remiss.id,
        remiss.title,
        due,
        _due_text(remiss),
        [p.name for p in remiss.parties],
        # a draft (not sent, no answers) has nothing overdue; answers show it went out
        deadline_passed=bool((remiss.sent or remiss.responses) and due and today and today > due),
        sent=remiss.sent,
    )
    answered: set[str] = set()
    for r in remiss.responses:
        if r.party not in names:
            summary.unknown.append(r.party)
        answered.add(r.party)
        late = bool(due and r.date and r.date > due)
        summary.answers.append(
            AnswerView(r.party, names.get(r.party, r.party), r.stance, r.date, late, r.received_by)
        )
    summary.missing = [p.name for p in remiss.parties if p.id not in answered]
    return summary


def remiss_findings(summary: RemissSummary) -> list[Finding]:
    out: list[Finding] = []
    if summary.sent is None and summary.answers:
        out.append(Finding("info", "remiss_answers_unsent", {"remiss": summary.remiss}))
    for party in summary.unknown:
        out.append(
            Finding("warning", "remiss_unknown_party", {"remiss": summary.remiss, "party": party})
        )
    if summary.deadline_passed:
        for name in summary.missing:
            out.append(
                Finding("warning", "remiss_no_answer", {"remiss": summary.remiss, "party": name})
            )
    for a in summary.late:
        out.append(
            Finding(
                "info",
                "remiss_late_answer",
                {
                    "remiss": summary.remiss,
                    "party": a.party_name,
                    "date": a.date.isoformat() if a.date else "",
                    "due": summary.due.isoformat() if summary.due else "",
                },
            )
        )
    return out
