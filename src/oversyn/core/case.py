"""The case file's top level: the case as a municipal matter, its evidence and alternatives."""

from __future__ import annotations

import datetime as dt
from typing import Final, Literal

from pydantic import Field

from oversyn.core.evaluation.model import Evaluation
from oversyn.core.finance import Finance
from oversyn.core.model import (
    Id,
    Interaction,
    Journey,
    Model,
    Municipality,
    Organisation,
    Text,
    deep_copy,
)
from oversyn.core.operations import Operation, apply_operations
from oversyn.core.process import model as process


class Directive(Model):
    """Direktiv / uppdrag: who ordered the review, what, and by when."""

    title: Text
    text: str = ""
    issued_by: list[str] = Field(default_factory=list)
    issued_to: list[str] = Field(default_factory=list)
    date: str | None = Field(default=None, description="Datum för direktivet (ÅÅÅÅ-MM-DD).")
    deadline: str | None = Field(
        default=None, description="Som direktivet anger den, t.ex. 'Q1 2025' eller '2019-01-26'."
    )


class SourceDocument(Model):
    """A document the case draws on (listed under Beslutsunderlag)."""

    title: Text
    date: str | None = None
    author: str | None = None
    note: str = ""


class CaseInfo(Model):
    """The case as a municipal matter (ärende)."""

    id: Id
    title: Text
    case_number: str | None = Field(default=None, description="Diarienummer, t.ex. 'KS 2017-515'.")
    municipality: Municipality
    committee: str | None = Field(default=None, description="Nämnd som ärendet bereds för.")
    officer: str | None = Field(default=None, description="Handläggare / utredare.")
    date: str | None = None
    summary: str = ""
    directive: Directive | None = None
    sources: list[SourceDocument] = Field(default_factory=list)
    as_of: dt.date | None = Field(
        default=None,
        description="Dag som tidsfrister och varningar bedöms mot (för ett historiskt eller "
        "vilande ärende); tomt = i dag.",
    )
    note: str = ""


class Alternative(Model):
    """An alternative: the baseline (or another alternative) plus ordered change operations."""

    id: Id
    name: Text
    description: str = ""
    based_on: Id | None = Field(
        default=None,
        description="Id of an earlier alternative whose operations come first; default nuläge.",
    )
    operations: list[Operation] = Field(default_factory=list)
    note: str = ""


BASELINE_ID = "nulage"
BASELINE_NAME = {"sv": "Nuläge", "en": "Baseline (no change)"}

FORMAT_VERSION: Final = "oversyn/1"


class Case(Model):
    """One case file: the case, the baseline organisation, evidence and alternatives."""

    #: Only today's format: older content is upgraded on read (core.upgrade) before it becomes a
    #: Case, so a Case built in code with another marker (a typo, a newer file) is refused here
    #: instead of being stored and then unreadable on every page.
    format: Literal["oversyn/1"] = Field(
        default=FORMAT_VERSION, description="Case-file format version."
    )
    case: CaseInfo
    baseline: Organisation
    interactions: list[Interaction] = Field(default_factory=list)
    journeys: list[Journey] = Field(default_factory=list)
    alternatives: list[Alternative] = Field(default_factory=list)
    lifecycle: process.Lifecycle = Field(default_factory=process.Lifecycle)
    remisses: list[process.Remiss] = Field(default_factory=list)
    swot: list[process.Swot] = Field(default_factory=list)
    costs: list[process.CostLine] = Field(default_factory=list)
    risks: list[process.Risk] = Field(default_factory=list)
    decisions: list[process.Decision] = Field(default_factory=list)
    audit_recommendations: list[process.AuditRecommendation] = Field(default_factory=list)
    responsibilities: list[process.ResponsibilityArea] = Field(default_factory=list)
    goals: list[process.Goal] = Field(default_factory=list)
    checklist: list[process.ChecklistEntry] = Field(default_factory=list)
    sections: list[process.CustomSection] = Field(
        default_factory=list, description="Egna avsnitt i beslutsunderlaget."
    )
    evaluation: Evaluation = Field(default_factory=Evaluation)
    finance: Finance = Field(default_factory=Finance)

    def as_of(self, today: dt.date | None = None) -> dt.date:
        """The day deadlines and warnings are judged on: the case's as-of date when set, else
        ``today`` (the caller's clock; default the system date)."""
        if self.case.as_of is not None:
            return self.case.as_of
        return today if today is not None else dt.date.today()

    def alternative(self, alt_id: str) -> Alternative | None:
        return next((a for a in self.alternatives if a.id == alt_id), None)

    def alternative_ids(self) -> list[str]:
        """Nuläge first, then the alternatives in file order."""
        return [BASELINE_ID, *(a.id for a in self.alternatives)]

    def alternative_name(self, alt_id: str, lang: str = "sv") -> str:
        if alt_id == BASELINE_ID:
            return BASELINE_NAME.get(lang, BASELINE_NAME["sv"])
        alt = self.alternative(alt_id)
        return alt.name if alt is not None else alt_id

    def organisation(self, alt_id: str | None = None) -> Organisation:
        """The full organisation of an alternative (``None`` or ``"nulage"``: the baseline).

        Operations of ``based_on`` alternatives are applied first.  Raises ``KeyError`` for an
        unknown id and :class:`~oversyn.core.errors.AlternativeError` when an operation fails.
        """
        chain: list[Alternative] = []
        current = alt_id
        while current is not None and current != BASELINE_ID:
            alt = self.alternative(current)
            if alt is None:
                raise KeyError(current)
            if alt in chain:  # validation rejects this; guard against an infinite loop
                raise KeyError(current)
            chain.append(alt)
            current = alt.based_on
        org = self.baseline
        for alt in reversed(chain):
            org = apply_operations(org, alt.operations, alt.id)
        return deep_copy(org) if not chain else org
