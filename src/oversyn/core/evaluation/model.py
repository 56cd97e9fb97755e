"""The evaluation part of a case file: criteria, assessors, scores, decisions and weights.

Three kinds of criteria (issue 3):

* **gates** (grundläggande utgångspunkter): ``ska`` (must) or ``bör`` (should); each
  alternative gets ``ja`` / ``nej`` / ``delvis`` with a note.  Linköping's "Ja exkl. 1" is
  ``delvis`` with the note "Ja exkl. 1".
* **principles**: scored by assessors on a declared scale (default 0–3, with its meaning),
  each score with a motivation.
* **metrics**: a value from the structural analysis (a name in
  :data:`oversyn.core.analysis.METRICS`) or entered per alternative, with a direction and a
  value function that maps it onto the principle scale.

Principles and metrics are the *weighted* criteria; gates decide exclusion.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Literal

from pydantic import Field

from oversyn.core.model import Id, Model, Text


class GateLevel(StrEnum):
    """How binding a gate is: ``ska`` (must; Nej excludes by rule) or ``bör`` (should)."""

    SKA = "ska"
    BOR = "bör"


class GateAnswer(StrEnum):
    JA = "ja"
    NEJ = "nej"
    DELVIS = "delvis"


class GateResult(Model):
    alternative: Id
    answer: GateAnswer
    note: str = Field(default="", description="T.ex. 'Ja exkl. 1' för ett delvis uppfyllt krav.")


class Gate(Model):
    """A grundläggande utgångspunkt: must/should, answered per alternative."""

    id: Id
    name: Text = Field(description="Kort lydelse, som i utvärderingsmatrisen.")
    description: str = Field(default="", description="Full lydelse.")
    level: GateLevel = GateLevel.SKA
    results: list[GateResult] = Field(default_factory=list)


class Scale(Model):
    """A score scale: ``min``..``max`` and what the numbers mean, in the document's words."""

    min: float = 0.0
    max: float = 3.0
    meaning: str = Field(
        default="",
        description="T.ex. '0 motsvarar inga organisatoriska förutsättningar och 3 goda "
        "förutsättningar'.",
    )


class Principle(Model):
    """A principle scored by assessors on ``scale`` (default: the evaluation's scale)."""

    id: Id
    name: Text
    description: str = ""
    scale: Scale | None = None


class ValueFunction(Model):
    """Maps a metric value onto the principle scale.

    Piecewise linear through ``points`` (value, score), sorted by value; outside the points the
    end scores hold.  Without points: linear from the worst to the best value among the
    evaluated alternatives (``worst``/``best`` override them), following ``direction``.
    """

    worst: float | None = None
    best: float | None = None
    points: list[tuple[float, float]] = Field(default_factory=list)


class Metric(Model):
    """A measured criterion: from the structural analysis (``metric``) or entered (``values``)."""

    id: Id
    name: Text
    description: str = ""
    metric: str | None = Field(
        default=None, description="Namn på ett mått i strukturanalysen (oversyn analyze)."
    )
    values: dict[Id, float] = Field(
        default_factory=dict, description="Inmatade värden per alternativ (t.ex. kostnad)."
    )
    unit: str = ""
    direction: Literal["higher", "lower"] | None = Field(
        default=None, description="Vilket håll som är bättre; för analysmått från måttet."
    )
    value_function: ValueFunction = Field(default_factory=ValueFunction)


class Assessor(Model):
    id: Id
    name: Text
    note: str = ""


class Assessment(Model):
    """One assessor's score of one alternative on one principle, with the motivation."""

    assessor: Id
    alternative: Id
    criterion: Id
    score: float
    uncertainty: float | None = Field(
        default=None, ge=0, description="± osäkerhet i poäng (för robusthetsanalysen)."
    )
    motivation: str = ""


class Decision(Model):
    """An explicit decision to exclude or keep an alternative, with the recorded reasons."""

    alternative: Id
    action: Literal["exclude", "keep"]
    by: Id | None = Field(default=None, description="Bedömare (assessor) som fattat beslutet.")
    motivation: str = ""
    reasons_heading: str = Field(
        default="",
        description="Inledningen till skälen, t.ex. 'Organisationsalternativ 1 bedöms inte:'.",
    )
    reasons: list[str] = Field(default_factory=list)


class Weights(Model):
    """Weights of the principles and metrics.

    ``equal`` (default), ``exact`` (``values``), ``order`` (``order``: most important first,
    w1 ≥ w2 ≥ …) or ``intervals`` (``intervals``: share of the total, 0–1).
    """

    mode: Literal["equal", "exact", "order", "intervals"] = "equal"
    values: dict[Id, float] = Field(default_factory=dict)
    order: list[Id] = Field(default_factory=list)
    intervals: dict[Id, tuple[float, float]] = Field(default_factory=dict)


class Conclusion(Model):
    """The recommendation as the document (or the steering group) states it."""

    alternative: Id | None = None
    by: Id | None = None
    text: str = ""


class Evaluation(Model):
    """Everything needed to judge the alternatives against each other."""

    alternatives: list[Id] = Field(
        default_factory=list,
        description="Alternativ som värderas; standard: ärendets alternativ (och nuläget om "
        "det nämns i värderingen).",
    )
    scale: Scale = Field(default_factory=Scale)
    gates: list[Gate] = Field(default_factory=list)
    principles: list[Principle] = Field(default_factory=list)
    metrics: list[Metric] = Field(default_factory=list)
    assessors: list[Assessor] = Field(default_factory=list)
    assessments: list[Assessment] = Field(default_factory=list)
    decisions: list[Decision] = Field(default_factory=list)
    weights: Weights = Field(default_factory=Weights)
    aggregation: Literal["mean", "median"] = "mean"
    score_uncertainty: float = Field(
        default=0.0, ge=0, description="± osäkerhet för alla poäng i robusthetsanalysen."
    )
    conclusion: Conclusion | None = None
    note: str = ""

    def is_empty(self) -> bool:
        return self == Evaluation()

    def criterion_ids(self) -> list[str]:
        """The weighted criteria: principles, then metrics, in file order."""
        return [p.id for p in self.principles] + [m.id for m in self.metrics]

    def criterion_name(self, crit_id: str) -> str:
        names = {g.id: g.name for g in self.gates}
        names.update({m.id: m.name for m in self.metrics})
        names.update({p.id: p.name for p in self.principles})
        return names.get(crit_id, crit_id)

    def principle_scale(self, principle: Principle) -> Scale:
        return principle.scale or self.scale
