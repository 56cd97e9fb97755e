"""Fixtures: Linköping 2017 (seed 001) evaluation, written from the document by hand.

Utvärderingsmatris 1 (grundläggande utgångspunkter, alternatives 1–4) and Utvärderingsmatris 2
(organisationsprinciper, scale 0–3, alternatives 2 and 3) as the document has them; the
exclusions of alternatives 1 and 4 with the document's reasons; the recommendation of
alternative 3.  The organisation itself is a stub: the evaluation does not depend on it.
"""

from __future__ import annotations

import pytest

from oversyn.core.case import Case
from oversyn.io.casefile import parse_case

LINKOPING_YAML = """\
format: oversyn/1
case:
  id: linkoping-test
  title: Översyn av den sociala sektorn (testfixtur)
  municipality: {name: Linköpings kommun, code: "0580"}
baseline: {}
alternatives:
  - {id: alt1, name: Alternativ 1}
  - {id: alt2, name: Alternativ 2}
  - {id: alt3, name: Alternativ 3}
  - {id: alt4, name: Alternativ 4}
evaluation:
  scale:
    min: 0
    max: 3
    meaning: 0 motsvarar inga organisatoriska förutsättningar och 3 goda förutsättningar
  gates:
    - id: u1
      name: Utformningen ska stödja nämndernas uppdrag 2019 – helhetsansvar
      level: ska
      results:
        - {alternative: alt1, answer: nej}
        - {alternative: alt2, answer: ja}
        - {alternative: alt3, answer: ja}
        - {alternative: alt4, answer: delvis, note: Ja exkl. 1}
    - id: u2
      name: Utformningen ska ge ökad genomförandekraft
      level: ska
      results:
        - {alternative: alt1, answer: nej}
        - {alternative: alt2, answer: ja}
        - {alternative: alt3, answer: ja}
        - {alternative: alt4, answer: delvis, note: Ja exkl. 1}
    - id: u3
      name: Utformningen ska överensstämja med övrig förvaltningsstruktur
      level: ska
      results:
        - {alternative: alt1, answer: nej}
        - {alternative: alt2, answer: nej}
        - {alternative: alt3, answer: ja}
        - {alternative: alt4, answer: nej}
    - id: u4
      name: Förvaltningsorganisationen ska kunna innefatta ett utföraruppdrag
      level: ska
      results:
        - {alternative: alt1, answer: ja}
        - {alternative: alt2, answer: ja}
        - {alternative: alt3, answer: ja}
        - {alternative: alt4, answer: ja}
  principles:
    - {id: p1, name: Helhetsansvar per verksamhetsområde}
    - {id: p2, name: Förutsättningar för samverkan}
    - {id: p3, name: Förutsättningar för organisatorisk effektivitet}
    - {id: p4, name: Förmågan att ta ett helhetsansvar för sektorn}
    - id: p5
      name: Möjlighet till anpassning utifrån förändringar i omvärld och politisk inriktning
  assessors:
    - {id: styrgruppen, name: Styrgruppen}
  assessments:
    - {assessor: styrgruppen, alternative: alt2, criterion: p1, score: 3, motivation: Något svagare}
    - {assessor: styrgruppen, alternative: alt2, criterion: p2, score: 2, motivation: Svagare}
    - {assessor: styrgruppen, alternative: alt2, criterion: p3, score: 1, motivation: Betydligt}
    - {assessor: styrgruppen, alternative: alt2, criterion: p4, score: 0, motivation: Betydligt}
    - {assessor: styrgruppen, alternative: alt2, criterion: p5, score: 2, motivation: Svagare}
    - {assessor: styrgruppen, alternative: alt3, criterion: p1, score: 3}
    - {assessor: styrgruppen, alternative: alt3, criterion: p2, score: 3}
    - {assessor: styrgruppen, alternative: alt3, criterion: p3, score: 3}
    - {assessor: styrgruppen, alternative: alt3, criterion: p4, score: 3}
    - {assessor: styrgruppen, alternative: alt3, criterion: p5, score: 3}
  decisions:
    - alternative: alt1
      action: exclude
      by: styrgruppen
      motivation: De har exkluderats eftersom de på avgörande punkter inte stödjer utgångspunkterna.
      reasons:
        - Bidra till ökad genomförandekraft.
    - alternative: alt2
      action: keep
      by: styrgruppen
      motivation: Går vidare till värdering utifrån organisationsprinciperna.
    - alternative: alt4
      action: exclude
      by: styrgruppen
      motivation: De har exkluderats eftersom de på avgörande punkter inte stödjer utgångspunkterna.
  conclusion:
    alternative: alt3
    by: styrgruppen
    text: En Social-, omsorgs- och äldreförvaltning.
"""


@pytest.fixture
def linkoping() -> Case:
    return parse_case(LINKOPING_YAML, "linkoping-test.yaml")


def with_evaluation(evaluation_yaml: str, alternatives: str = "[a, b, c]") -> Case:
    """A stub case with alternatives ``a``, ``b``, ``c`` and the given evaluation section."""
    alts = "\n".join(
        f"  - {{id: {x}, name: Alt {x.upper()}}}" for x in alternatives.strip("[]").split(", ")
    )
    text = (
        "format: oversyn/1\n"
        "case: {id: t, title: T, municipality: {name: Testby kommun}}\n"
        "baseline: {}\n"
        f"alternatives:\n{alts}\n"
        "evaluation:\n" + "\n".join("  " + line for line in evaluation_yaml.splitlines())
    )
    return parse_case(text, "t.yaml")
