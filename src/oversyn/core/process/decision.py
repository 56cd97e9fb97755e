"""Decisions in the minutes: the preparation chain (beredningsgång) and its deciding decision,
the appeal period and the checks on attestation and notice."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from oversyn.core.i18n import DEFAULT_LANG, Lang
from oversyn.core.process.dates import appeal_last_day
from oversyn.core.process.messages import Finding
from oversyn.core.process.model import DECISION_STAGE_LABELS, Decision, DecisionStage

NOTICE_WITHIN = timedelta(days=2)  # kommunallagen 8 kap. 12 §


@dataclass(frozen=True)
class AppealPeriod:
    """The period for laglighetsprövning (kommunallagen 13 kap. 5 §)."""

    notice_posted: date
    last_day: date

    def text(self, lang: Lang = DEFAULT_LANG) -> str:
        if lang == "sv":
            return (
                f"Anslaget om justering sattes upp {self.notice_posted.isoformat()}; "
                f"beslutet kan överklagas till och med {self.last_day.isoformat()}."
            )
        return (
            f"The notice of attestation was posted on {self.notice_posted.isoformat()}; "
            f"the decision can be appealed up to and including {self.last_day.isoformat()}."
        )


def preparation_chain(decisions: list[Decision]) -> list[Decision]:
    """The decisions in the order the matter went through them: by date, then as written
    (an arbetsutskott and its nämnd on the same day keep the file's order)."""
    return sorted(decisions, key=lambda d: d.date)


def deciding_decision(decisions: list[Decision]) -> Decision | None:
    """The decision in the matter: the latest one marked as the decision (``stage``);
    otherwise, among those not marked as preparation, the latest naming an alternative and an
    effective date, else the latest naming an alternative.  ``None`` when no decision has
    decided the matter (only preparation, or nothing names an alternative)."""
    chain = preparation_chain(decisions)
    marked = [d for d in chain if d.stage == DecisionStage.DECISION]
    if marked:
        return marked[-1]
    open_ = [d for d in chain if d.stage is None]
    full = [d for d in open_ if d.alternative is not None and d.effective is not None]
    if full:
        return full[-1]
    named = [d for d in open_ if d.alternative is not None]
    return named[-1] if named else None


def stage_label(decision: Decision, deciding: Decision | None, lang: Lang = DEFAULT_LANG) -> str:
    """The label "beredning" or "beslut" (an unmarked decision: by its place in the chain)."""
    stage = decision.stage or (
        DecisionStage.DECISION if decision is deciding else DecisionStage.PREPARATION
    )
    sv, en = DECISION_STAGE_LABELS[stage]
    return sv if lang == "sv" else en


def chain_findings(decisions: list[Decision]) -> list[Finding]:
    """A preparation step dated after the decision in the matter; two decisions marked as the
    decision in the matter."""
    out: list[Finding] = []
    deciding = deciding_decision(decisions)
    marked = [d for d in decisions if d.stage == DecisionStage.DECISION]
    if len(marked) > 1:
        out.append(
            Finding(
                "warning",
                "chain_two_decisions",
                {"decisions": ", ".join(f"{d.body} {d.date.isoformat()}" for d in marked)},
                marked[-1].id,
            )
        )
    if deciding is not None:
        for d in decisions:
            if d is not deciding and d.stage != DecisionStage.DECISION and d.date > deciding.date:
                out.append(
                    Finding(
                        "warning",
                        "chain_preparation_after_decision",
                        {
                            "step": f"{d.body} {d.date.isoformat()}",
                            "decision": f"{deciding.body} {deciding.date.isoformat()}",
                        },
                        d.id,
                    )
                )
    return out


def appeal_period(decision: Decision) -> AppealPeriod | None:
    """The appeal period, or ``None`` while the notice date is unknown."""
    if decision.notice_posted is None:
        return None
    return AppealPeriod(decision.notice_posted, appeal_last_day(decision.notice_posted))


def decision_findings(decision: Decision) -> list[Finding]:
    """The notice must go up within two days of the attestation; effective date not before."""
    out: list[Finding] = []
    att = decision.attestation
    if (
        att is not None
        and att.date is not None
        and decision.notice_posted is not None
        and decision.notice_posted - att.date > NOTICE_WITHIN
    ):
        out.append(
            Finding(
                "warning",
                "notice_late",
                {
                    "notice": decision.notice_posted.isoformat(),
                    "attested": att.date.isoformat(),
                },
                decision.id,
            )
        )
    if decision.effective is not None and decision.effective < decision.date:
        out.append(
            Finding(
                "warning",
                "order_effective_before_decision",
                {
                    "effective": decision.effective.isoformat(),
                    "decision": decision.date.isoformat(),
                },
                decision.id,
            )
        )
    return out


def extract_lines(decision: Decision, lang: Lang = DEFAULT_LANG) -> list[tuple[str, str]]:
    """The protokollsutdrag as (label, value) rows, for a document or a page."""
    sv = lang == "sv"
    rows: list[tuple[str, str]] = [
        ("Organ" if sv else "Body", decision.body),
        ("Datum" if sv else "Date", decision.date.isoformat()),
    ]
    if decision.paragraph:
        rows.append(("Paragraf" if sv else "Paragraph", decision.paragraph))
    if decision.case_number:
        rows.append(("Diarienummer" if sv else "Case number", decision.case_number))
    if decision.title:
        rows.append(("Ärende" if sv else "Matter", decision.title))
    rows.append(("Beslut" if sv else "Decision", decision.text))
    att = decision.attestation
    if att is not None and (att.date or att.by):
        who = ", ".join(att.by)
        when = att.date.isoformat() if att.date else ""
        rows.append(("Justering" if sv else "Attestation", " ".join(x for x in (when, who) if x)))
    period = appeal_period(decision)
    if period is not None:
        rows.append(("Överklagande" if sv else "Appeal", period.text(lang)))
    if decision.distribution:
        rows.append(("Expedieras till" if sv else "Distribution", ", ".join(decision.distribution)))
    return rows
