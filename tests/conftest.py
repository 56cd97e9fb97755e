"""Shared fixtures: a small organisation worked by hand (see tests/core/test_analysis.py)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from oversyn.core.case import Case
from oversyn.io.casefile import parse_case

# pytest-xdist's workers inherit COLUMNS/LINES set to the controller's terminal (80 when
# there is none); the CLI's rich console reads COLUMNS once, when it is created, so it would keep
# that width and ignore the CliRunner(env={"COLUMNS": "200"}) of the CLI tests.  The suite runs
# as it does in one process.
for _name in ("COLUMNS", "LINES"):
    os.environ.pop(_name, None)

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"

SMALL_CASE_YAML = """\
format: oversyn/1
case:
  id: smastad
  title: Handräknat exempel
  municipality: {name: Småstads kommun, code: "9999"}
baseline:
  service_areas:
    - {id: ifo, name: Individ- och familjeomsorg, laws: [SoL]}
    - {id: lss, name: Funktionsstöd, laws: [LSS]}
    - {id: skola, name: Skola, laws: [Skollagen]}
  committees:
    - {id: kf, name: Kommunfullmäktige, kind: council}
    - id: sn
      name: Socialnämnden
      appointed_by: kf
      mandate: {service_areas: [ifo, lss], laws: [SoL, LSS]}
    - id: bun
      name: Barn- och utbildningsnämnden
      appointed_by: kf
      mandate: {service_areas: [skola], laws: [Skollagen]}
  administrations:
    - {id: sof, name: Socialförvaltningen, supports: [sn], head: Socialchef}
    - {id: buf, name: Barn- och utbildningsförvaltningen, supports: [bun], head: Skolchef}
  units:
    - {id: ifo-myn, name: IFO myndighet, administration: sof, functions: [authority],
       service_areas: [ifo], fte: 10, manager: Verksamhetschef IFO}
    - {id: ifo-ek, name: Ekonomiskt bistånd, parent: ifo-myn, functions: [authority],
       service_areas: [ifo], fte: 5, manager: Enhetschef}
    - {id: ifo-adm, name: Administration IFO, parent: ifo-myn, functions: [support], fte: 2}
    - {id: lss, name: LSS, administration: sof, functions: [authority, delivery],
       service_areas: [lss], fte: 20, manager: Verksamhetschef LSS}
    - {id: skola, name: Skolor, administration: buf, functions: [delivery],
       service_areas: [skola], fte: 50, manager: Verksamhetschef skola}
    - {id: sof-hr, name: HR socialförvaltningen, administration: sof, functions: [support],
       category: HR, fte: 3}
    - {id: buf-hr, name: HR barn- och utbildning, administration: buf, functions: [support],
       category: HR, fte: 2}
interactions:
  - {a: ifo-myn, b: ifo-ek, weight: 3}
  - {a: ifo-ek, b: skola, weight: 1, estimated: true}
journeys:
  - {id: j1, name: Kedja 1, steps: [ifo-ek, ifo-myn, skola, ifo-myn], volume: 10}
  - {id: j2, name: Kedja 2, steps: [lss, skola], volume: 30}
alternatives:
  - id: lss-till-buf
    name: LSS till barn och utbildning
    operations:
      - {op: move_unit, unit: lss, to_administration: buf}
  - id: en-forvaltning
    name: En förvaltning
    operations:
      - op: merge_administrations
        administrations: [sof, buf]
        into: valf
        name: Välfärdsförvaltningen
"""


@pytest.fixture
def small_case() -> Case:
    return parse_case(SMALL_CASE_YAML, "smastad.yaml")


@pytest.fixture
def small_yaml() -> str:
    return SMALL_CASE_YAML
