"""Case-file types for the case as a municipal matter: lifecycle, remiss, SWOT, costs,
decisions and minutes, audit recommendations, responsibilities, goals and the checklist.

Pure pydantic models (they are part of the case file and its JSON Schema); the functions that
work on them live in the sibling modules.  Vocabulary (shared/DESIGN.md): remiss =
consultation, justering = attestation, expediering = distribution, revisionsrekommendation =
audit recommendation.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated, Any

from pydantic import Field, GetJsonSchemaHandler, model_validator
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema

from oversyn.core.model import Id, Model, Text
from oversyn.core.process.dates import lacks_year, parse_period

# -- dates as written --------------------------------------------------------------------------


class Deadline(Model):
    """A deadline as written ("Q1 2025", "senast den 23 december 2021") and the date range read
    from it.  In a case file it may be given as plain text; ``start``/``end`` are then filled in.
    """

    text: Text = Field(description="Som dokumentet skriver det, t.ex. 'Q1 2025'.")
    start: dt.date | None = Field(default=None, description="Första dag i perioden.")
    end: dt.date | None = Field(default=None, description="Sista dag: tidsfristen.")

    @classmethod
    def __get_pydantic_json_schema__(
        cls, core_schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        schema = handler(core_schema)
        return {"anyOf": [{"type": "string", "minLength": 1}, schema]}

    @model_validator(mode="before")
    @classmethod
    def _from_text(cls, data: Any) -> Any:
        if isinstance(data, dt.date):
            return {"text": data.isoformat(), "start": data, "end": data}
        if isinstance(data, str):
            return {"text": data}
        return data

    @model_validator(mode="after")
    def _fill_range(self) -> Deadline:
        if self.start is None and self.end is None:
            period = parse_period(self.text)
            if period is None and lacks_year(self.text):
                raise ValueError(
                    f"tidsfristen {self.text!r} saknar år; skriv ut året (t.ex. '26/11 2021') "
                    "eller ange start och end"
                )
            if period is None:
                raise ValueError(
                    f"tidsfristen {self.text!r} innehåller inget datum som kan läsas "
                    "(t.ex. '2019-01-26', 'Q1 2025', 'våren 2019')"
                )
            self.start, self.end = period.start, period.end
        elif self.start is None:
            self.start = self.end
        elif self.end is None:
            self.end = self.start
        if self.start is not None and self.end is not None and self.end < self.start:
            raise ValueError("tidsfristens slut ligger före dess början")
        return self


# -- 1. lifecycle ------------------------------------------------------------------------------


class Status(StrEnum):
    """The stages of an organisational review as a municipal case."""

    INITIATED = "initiated"  # initierat (direktiv)
    INVESTIGATION = "investigation"  # utredning
    REMISS = "remiss"  # på remiss
    DECISION = "decision"  # beslut
    IMPLEMENTATION = "implementation"  # genomförande
    FOLLOW_UP = "follow_up"  # uppföljning


STATUS_ORDER: list[Status] = list(Status)
STATUS_LABELS: dict[Status, tuple[str, str]] = {
    Status.INITIATED: ("initierat", "initiated"),
    Status.INVESTIGATION: ("utredning", "investigation"),
    Status.REMISS: ("remiss", "consultation"),
    Status.DECISION: ("beslut", "decision"),
    Status.IMPLEMENTATION: ("genomförande", "implementation"),
    Status.FOLLOW_UP: ("uppföljning", "follow-up"),
}


class StatusChange(Model):
    status: Status
    date: dt.date | None = Field(
        default=None, description="Tomt när dokumentet inte daterar steget."
    )
    by: str | None = Field(default=None, description="Vem som beslutade eller noterade steget.")
    note: str = ""


class CaseDeadline(Model):
    """A named deadline of the case (report to the board, answer to the auditors …)."""

    id: Id
    label: Text
    due: Deadline
    done: dt.date | None = Field(default=None, description="Datum då det blev klart.")
    note: str = ""


class Lifecycle(Model):
    """Where the case stands: dated status history and its deadlines."""

    history: list[StatusChange] = Field(default_factory=list)
    deadlines: list[CaseDeadline] = Field(default_factory=list)


# -- 3. SWOT -----------------------------------------------------------------------------------


class SwotCategory(StrEnum):
    STRENGTH = "strength"  # styrka
    WEAKNESS = "weakness"  # svaghet
    OPPORTUNITY = "opportunity"  # möjlighet
    THREAT = "threat"  # hot


SWOT_LABELS: dict[SwotCategory, tuple[str, str]] = {
    SwotCategory.STRENGTH: ("Styrkor", "Strengths"),
    SwotCategory.WEAKNESS: ("Svagheter", "Weaknesses"),
    SwotCategory.OPPORTUNITY: ("Möjligheter", "Opportunities"),
    SwotCategory.THREAT: ("Hot", "Threats"),
}


class SwotItem(Model):
    category: SwotCategory
    text: Text
    author: str | None = Field(
        default=None, description="Vem som skrev punkten: utredare, konsult eller remissinstans."
    )
    note: str = ""


class Swot(Model):
    """A SWOT analysis of one alternative."""

    alternative: Id
    title: str = ""
    author: str | None = Field(default=None, description="Default author of the items.")
    date: dt.date | None = None
    items: list[SwotItem] = Field(default_factory=list)


# -- 2. remiss ---------------------------------------------------------------------------------


class PartyKind(StrEnum):
    COMMITTEE = "committee"  # nämnd
    UNION = "union"  # facklig organisation
    ADMINISTRATION = "administration"  # förvaltning
    OTHER = "other"


class Stance(StrEnum):
    SUPPORTS = "tillstyrker"
    SUPPORTS_PARTLY = "tillstyrker_delvis"
    OPPOSES = "avstyrker"
    ABSTAINS = "avstar"


STANCE_LABELS: dict[Stance, tuple[str, str]] = {
    Stance.SUPPORTS: ("tillstyrker", "supports"),
    Stance.SUPPORTS_PARTLY: ("tillstyrker delvis", "partly supports"),
    Stance.OPPOSES: ("avstyrker", "opposes"),
    Stance.ABSTAINS: ("avstår", "abstains"),
}


class RemissParty(Model):
    id: Id
    name: Text
    kind: PartyKind = PartyKind.COMMITTEE
    committee: Id | None = Field(default=None, description="Nämndens id i organisationen.")


class SwotAddition(Model):
    """A SWOT item a party adds to an alternative's SWOT in its answer ("förslag tillägg")."""

    alternative: Id
    category: SwotCategory
    text: Text


class ReceivedBy(StrEnum):
    """How an answer the utredare entered on the party's behalf came in."""

    PAPER = "paper"  # brev / papper
    EMAIL = "email"  # e-post
    OTHER = "other"


RECEIVED_BY_LABELS: dict[ReceivedBy, tuple[str, str]] = {
    ReceivedBy.PAPER: ("på papper", "on paper"),
    ReceivedBy.EMAIL: ("med e-post", "by e-mail"),
    ReceivedBy.OTHER: ("på annat sätt", "otherwise"),
}


class RemissResponse(Model):
    party: Id
    stance: Stance | None = Field(
        default=None, description="Ställningstagande; tomt när svaret inte tar ställning."
    )
    date: dt.date | None = Field(default=None, description="Datum då svaret kom in.")
    decided_by: str | None = Field(default=None, description="T.ex. nämndens sammanträde.")
    proposal: str = Field(default="", description="Förslag till beslut.")
    text: str = ""
    swot_additions: list[SwotAddition] = Field(default_factory=list)
    copy_to: list[str] = Field(default_factory=list, description="Kopia till.")
    signed_by: list[str] = Field(default_factory=list)
    received_by: ReceivedBy | None = Field(
        default=None,
        description="Svaret kom på papper eller e-post och fördes in av utredaren för "
        "remissinstansens räkning; tomt = remissinstansen svarade själv.",
    )
    entered_by: str | None = Field(
        default=None, description="Vem som förde in svaret för remissinstansens räkning."
    )


class Remiss(Model):
    """A consultation: the case or a draft sent to parties, with a deadline for answers."""

    id: Id
    title: Text
    sent_by: str | None = None
    sent: dt.date | None = None
    deadline: Deadline | None = None
    document: str = Field(default="", description="Vad som skickades (rapport, utkast …).")
    alternatives: list[Id] = Field(default_factory=list, description="Alternativ som remitteras.")
    parties: list[RemissParty] = Field(default_factory=list)
    responses: list[RemissResponse] = Field(default_factory=list)
    note: str = ""

    @model_validator(mode="before")
    @classmethod
    def _deadline_from_sent(cls, data: Any) -> Any:
        """A deadline without a year ("senast den 26/11") is read against the day sent."""
        if not isinstance(data, dict):
            return data
        text, sent = data.get("deadline"), data.get("sent")
        if isinstance(text, str) and sent is not None:
            try:
                day = sent if isinstance(sent, dt.date) else dt.date.fromisoformat(str(sent))
            except ValueError:
                return data  # the sent field reports its own error
            period = parse_period(text, reference=day)
            if period is not None:
                return {
                    **data,
                    "deadline": {"text": text, "start": period.start, "end": period.end},
                }
        return data


# -- 4. costs ----------------------------------------------------------------------------------


class CostKind(StrEnum):
    ONE_OFF = "one_off"  # engångskostnad
    YEARLY = "yearly"  # årlig kostnad


class CostBasis(StrEnum):
    """What the amount is per."""

    TOTAL = "total"  # the amount itself (one-off) or per year
    PER_YEAR = "per_year"  # kr per år
    PER_MONTH = "per_month"  # kr per månad
    PER_PERSON_PER_YEAR = "per_person_per_year"  # kr per person och år
    PER_PERSON_PER_MONTH = "per_person_per_month"  # kr per person och månad


class CostLine(Model):
    """One cost of an alternative, as a range (low–high) on a basis, over the years given.

    ``volumes`` gives persons per year for per-person bases (the forecast); ``years`` gives the
    years a flat cost applies when it is not per person.
    """

    id: Id
    alternative: Id
    label: Text
    kind: CostKind = CostKind.YEARLY
    basis: CostBasis = CostBasis.PER_YEAR
    low: float = Field(description="Belopp i kronor (lägsta).")
    high: float | None = Field(default=None, description="Högsta belopp; tomt = samma som low.")
    volumes: dict[int, float] = Field(
        default_factory=dict, description="Prognos: antal personer per år (år → antal)."
    )
    years: list[int] = Field(default_factory=list, description="År som kostnaden gäller.")
    estimated: bool = False
    source: str | None = None
    note: str = ""


# -- 4b. risk register ---------------------------------------------------------------------------

RiskGrade = Annotated[int, Field(ge=1, le=5)]


class Risk(Model):
    """One risk of an alternative in the risk register (riskregister).

    Probability (sannolikhet) and consequence (konsekvens) are graded 1–5 on the scales in
    :data:`PROBABILITY_LABELS` and :data:`CONSEQUENCE_LABELS`; the risk value is their product
    (1–25, see :mod:`oversyn.core.process.risks`).  A risk may be recorded before it is graded
    (both grades empty): the document then asks for the grading instead of inventing one.
    """

    id: Id
    alternative: Id = Field(description="Alternativ som risken gäller (nulage = nollalternativet).")
    title: Text = Field(description="Risken i en mening, t.ex. 'Nyckelpersoner slutar'.")
    description: str = Field(default="", description="Orsak och följd.")
    probability: RiskGrade | None = Field(default=None, description="Sannolikhet 1–5.")
    consequence: RiskGrade | None = Field(default=None, description="Konsekvens 1–5.")
    owner: str | None = Field(default=None, description="Riskägare (person, funktion eller nämnd).")
    mitigation: str = Field(default="", description="Åtgärder som minskar risken.")
    source: str | None = Field(default=None, description="Var risken är hämtad, t.ex. riskanalys.")
    note: str = ""

    @model_validator(mode="after")
    def _both_grades_or_none(self) -> Risk:
        if (self.probability is None) != (self.consequence is None):
            raise ValueError("ange både sannolikhet och konsekvens (1–5), eller ingen av dem")
        return self


PROBABILITY_LABELS: dict[int, tuple[str, str]] = {
    1: ("Mycket liten", "Very unlikely"),
    2: ("Liten", "Unlikely"),
    3: ("Möjlig", "Possible"),
    4: ("Stor", "Likely"),
    5: ("Mycket stor", "Very likely"),
}
CONSEQUENCE_LABELS: dict[int, tuple[str, str]] = {
    1: ("Försumbar", "Negligible"),
    2: ("Lindrig", "Minor"),
    3: ("Måttlig", "Moderate"),
    4: ("Allvarlig", "Serious"),
    5: ("Mycket allvarlig", "Severe"),
}


# -- 5. decision and minutes -------------------------------------------------------------------


class Attestation(Model):
    """Justering of the minutes."""

    date: dt.date | None = None
    by: list[str] = Field(default_factory=list, description="Justerare (och ordförande).")


class DecisionStage(StrEnum):
    """A decision's place in the preparation chain (beredningsgång)."""

    PREPARATION = "preparation"  # beredning: arbetsutskott, nämndens yttrande, förslag vidare
    DECISION = "decision"  # beslut i ärendet: the deciding body's decision


DECISION_STAGE_LABELS: dict[DecisionStage, tuple[str, str]] = {
    DecisionStage.PREPARATION: ("beredning", "preparation"),
    DecisionStage.DECISION: ("beslut", "decision"),
}


class Decision(Model):
    """A decision in the minutes (protokoll), with paragraph, attestation and notice.

    The case's decisions form its preparation chain (arbetsutskott §, nämnd §, then the
    deciding body's §), ordered by date; ``stage`` says which is the decision in the matter
    (empty: read from the chain, see :func:`oversyn.core.process.decision.deciding_decision`).
    """

    id: Id
    body: Text = Field(description="Beslutande organ, t.ex. 'Utbildningsnämnden'.")
    stage: DecisionStage | None = Field(
        default=None,
        description="Beredning eller beslut i ärendet; tomt = läses ur beredningsgången.",
    )
    date: dt.date
    paragraph: str | None = Field(default=None, description="Paragraf, t.ex. '§ 13'.")
    case_number: str | None = Field(default=None, description="Diarienummer som i protokollet.")
    title: str = ""
    text: str = Field(default="", description="Beslutet som det står i protokollet.")
    alternative: Id | None = Field(default=None, description="Alternativ som beslutet avser.")
    effective: dt.date | None = Field(default=None, description="Datum då beslutet ska gälla från.")
    attestation: Attestation | None = None
    notice_posted: dt.date | None = Field(
        default=None, description="Anslag: dag då justeringen tillkännagavs på anslagstavlan."
    )
    distribution: list[str] = Field(default_factory=list, description="Expedieras till.")
    note: str = ""


# -- 5b. own sections of the document ----------------------------------------------------------


SECTION_PLACES: dict[str, tuple[str, str]] = {
    "forslag": ("Förslag till beslut", "Proposed decision"),
    "sammanfattning": ("Sammanfattning", "Summary"),
    "beslutsunderlag": ("Beslutsunderlag", "Decision documents"),
    "arendet": ("Ärendet", "The matter"),
    "nulage": ("Nuläge", "Current organisation"),
    "alternativ": ("Alternativ", "Alternatives"),
    "vardering": ("Värdering", "Assessment"),
    "swot": ("SWOT-analys", "SWOT analysis"),
    "risker": ("Riskanalys", "Risk analysis"),
    "ekonomi": ("Ekonomiska konsekvenser", "Financial consequences"),
    "konsekvenser": ("Konsekvenser", "Consequences"),
    "genomforande": ("Genomförande och tidplan", "Implementation and timetable"),
    "uppfoljning": ("Uppföljning", "Follow-up"),
}
"""The customary sections of the beslutsunderlag an own section can follow (key → names)."""


class CustomSection(Model):
    """A section the municipality adds to its beslutsunderlag (Personal, Styrning och ledning,
    Facklig samverkan, …): a heading, text in a small safe markup and its place.

    ``text`` is a Markdown subset (:mod:`oversyn.core.process.markup`): paragraphs separated
    by an empty line, bullet lists (``- `` or ``* ``), ``**fet**`` and ``*kursiv*``; no HTML.
    ``after`` is the key of the customary section it follows (``arendet``, ``ekonomi`` …);
    sections with the same place come in ``order``, then in file order.
    """

    id: Id
    heading: Text = Field(description="Rubrik, t.ex. 'Facklig samverkan'.")
    text: str = Field(default="", description="Texten: stycken, punktlistor, **fet**, *kursiv*.")
    after: str = Field(
        default="konsekvenser",
        description="Nyckeln till avsnittet som det egna avsnittet kommer efter.",
    )
    order: int = Field(default=0, description="Ordning bland avsnitt på samma plats.")
    note: str = Field(default="", description="Anteckning; visas inte i dokumentet.")

    @model_validator(mode="after")
    def _known_place(self) -> CustomSection:
        if self.after not in SECTION_PLACES:
            raise ValueError(
                f"platsen {self.after!r} finns inte; välj ett av avsnitten "
                + ", ".join(SECTION_PLACES)
            )
        return self


# -- 6. audit ----------------------------------------------------------------------------------


class RecommendationStatus(StrEnum):
    OPEN = "open"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    REJECTED = "rejected"


class AuditAction(Model):
    text: Text
    owner: str | None = None
    due: Deadline | None = None
    done: dt.date | None = None


class AuditRecommendation(Model):
    id: Id
    text: Text
    addressed_to: list[str] = Field(default_factory=list, description="Nämnd(er) som avses.")
    auditor: str | None = Field(default=None, description="T.ex. 'Deloitte AB på uppdrag av …'.")
    report: str | None = None
    answer_due: Deadline | None = None
    response: str = Field(default="", description="Nämndens svar.")
    responded: dt.date | None = None
    actions: list[AuditAction] = Field(default_factory=list)
    status: RecommendationStatus = RecommendationStatus.OPEN
    note: str = ""


# -- 7. responsibility matrix ------------------------------------------------------------------


class Role(StrEnum):
    RESPONSIBLE = "ansvarig"
    CONTRIBUTES = "medverkande"
    INFORMED = "informeras"


class RoleAssignment(Model):
    body: Text = Field(description="Nämnd eller förvaltning (id i organisationen eller namn).")
    role: Role


class ResponsibilityArea(Model):
    id: Id
    name: Text
    description: str = ""
    roles: list[RoleAssignment] = Field(default_factory=list)
    note: str = ""


# -- 8. goals and indicators -------------------------------------------------------------------


class IndicatorValue(Model):
    period: str = Field(description="Period, oftast år: '2018'.")
    value: float | None
    gender: str = Field(default="T", description="T = totalt, K = kvinnor, M = män (Kolada).")
    source: str | None = None


class Indicator(Model):
    id: Id
    name: Text
    unit: str = ""
    source: str | None = Field(default=None, description="T.ex. 'Kolada' eller 'eget system'.")
    kolada_kpi: str | None = Field(
        default=None, description="Koladas nyckeltals-id, t.ex. 'N00914'."
    )
    municipality: str | None = Field(default=None, description="Kommunkod för Kolada-värden.")
    baseline: IndicatorValue | None = None
    target: IndicatorValue | None = None
    higher_is_better: bool | None = None
    values: list[IndicatorValue] = Field(default_factory=list)


class Goal(Model):
    id: Id
    text: Text
    source: str | None = Field(default=None, description="Var målet kommer ifrån.")
    owner: str | None = None
    indicators: list[Indicator] = Field(default_factory=list)
    note: str = ""


# -- 9. checklist ------------------------------------------------------------------------------


class ChecklistStatus(StrEnum):
    TODO = "todo"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    NOT_APPLICABLE = "not_applicable"


class ChecklistEntry(Model):
    """What the user recorded for one checklist item (the item itself is generated)."""

    item: str = Field(description="Punktens kod, t.ex. 'mbl_negotiation'.")
    status: ChecklistStatus = ChecklistStatus.TODO
    date: dt.date | None = Field(default=None, description="Datum då punkten genomfördes.")
    responsible: str | None = None
    note: str = ""
