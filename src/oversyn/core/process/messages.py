"""Messages of the process package (Swedish, English) and the finding type they describe."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from oversyn.core.i18n import DEFAULT_LANG, MESSAGES, Lang, register_messages, t

Level = Literal["error", "warning", "info"]

_MESSAGES: dict[str, tuple[str, str]] = {
    "case_number_no_digits": (
        "Diarienumret {text!r} innehåller inga siffror och kan inte vara ett diarienummer",
        "The case number {text!r} has no digits and cannot be a case number",
    ),
    "deadline_overdue": (
        "{label}: tidsfristen {due} passerades för {days} dagar sedan",
        "{label}: the deadline {due} passed {days} days ago",
    ),
    "deadline_due_soon": (
        "{label}: tidsfristen {due} är om {days} dagar",
        "{label}: the deadline {due} is in {days} days",
    ),
    "deadline_unreadable": (
        "{label}: tidsfristen {text!r} innehåller inget datum som kan läsas",
        "{label}: the deadline {text!r} has no date that can be read",
    ),
    "status_dates_backwards": (
        "Statushistoriken går bakåt i tiden: {status} ({date}) efter {prev} ({prev_date})",
        "The status history goes back in time: {status} ({date}) after {prev} ({prev_date})",
    ),
    "remiss_no_answer": (
        "Remissen {remiss!r}: {party} har inte svarat",
        "Consultation {remiss!r}: {party} has not answered",
    ),
    "remiss_late_answer": (
        "Remissen {remiss!r}: {party} svarade {date}, efter sista svarsdag {due}",
        "Consultation {remiss!r}: {party} answered on {date}, after the deadline {due}",
    ),
    "remiss_answers_unsent": (
        "Remissen {remiss!r} har svar men inget datum då den skickades",
        "Consultation {remiss!r} has answers but no date it was sent",
    ),
    "remiss_unknown_party": (
        "Remissen {remiss!r}: svar från {party!r}, som inte är remissinstans",
        "Consultation {remiss!r}: answer from {party!r}, which is not a consulted party",
    ),
    "remiss_after_decision": (
        "Remisstiden för {remiss!r} går ut {due}, efter beslutet {decision}",
        "The consultation {remiss!r} ends on {due}, after the decision on {decision}",
    ),
    "order_decision_before": (
        "Beslutet ({decision}) är daterat före {item} ({date}); det ska göras före beslutet",
        "The decision ({decision}) is dated before {item} ({date}); it must come first",
    ),
    "order_not_done_before_decision": (
        "{item} är inte genomförd men beslutet är fattat ({decision})",
        "{item} is not done but the decision has been taken ({decision})",
    ),
    "chain_two_decisions": (
        "Flera beslut är markerade som beslut i ärendet: {decisions}",
        "Several decisions are marked as the decision in the matter: {decisions}",
    ),
    "chain_preparation_after_decision": (
        "Beredningssteget {step} är daterat efter beslutet i ärendet ({decision})",
        "The preparation step {step} is dated after the decision in the matter ({decision})",
    ),
    "order_effective_before_decision": (
        "Ikraftträdandet ({effective}) ligger före beslutet ({decision})",
        "The effective date ({effective}) is before the decision ({decision})",
    ),
    "notice_late": (
        "Justeringen tillkännagavs {notice}, mer än två dagar efter justeringen {attested} "
        "(kommunallagen 8 kap. 12 §)",
        "The attestation was announced on {notice}, more than two days after it was attested "
        "on {attested} (Local Government Act ch. 8 s. 12)",
    ),
    "responsibility_none": (
        "Ansvarsområdet {area!r} har ingen ansvarig",
        "Responsibility area {area!r} has no responsible body",
    ),
    "responsibility_many": (
        "Ansvarsområdet {area!r} har flera ansvariga: {bodies}",
        "Responsibility area {area!r} has more than one responsible body: {bodies}",
    ),
    "audit_answer_overdue": (
        "Rekommendation {rec!r}: svaret skulle ha lämnats {due} men inget svar är registrerat",
        "Recommendation {rec!r}: the answer was due {due} but no response is recorded",
    ),
    "audit_action_overdue": (
        "Rekommendation {rec!r}: åtgärden {action!r} skulle vara klar {due}",
        "Recommendation {rec!r}: the action {action!r} was due on {due}",
    ),
}


def ensure_registered() -> None:
    """Register this package's messages once (modules call it at import)."""
    if "deadline_overdue" not in MESSAGES:
        register_messages(_MESSAGES)


ensure_registered()


@dataclass(frozen=True)
class Finding:
    """A warning or note about the case's process: a message code with its parameters."""

    level: Level
    code: str
    params: dict[str, object] = field(default_factory=dict)
    subject: str | None = None

    def text(self, lang: Lang = DEFAULT_LANG) -> str:
        """The message in ``lang``; a parameter given as a (Swedish, English) pair is chosen
        by language (e.g. a checklist item's title)."""
        params = {
            k: (v[0] if lang == "sv" else v[1]) if isinstance(v, tuple) and len(v) == 2 else v
            for k, v in self.params.items()
        }
        return t(self.code, lang, **params)

    def as_dict(self, lang: Lang = DEFAULT_LANG) -> dict[str, object]:
        return {
            "level": self.level,
            "code": self.code,
            "subject": self.subject,
            "message": self.text(lang),
            "text_sv": self.text("sv"),
            "text_en": self.text("en"),
        }
