"""A large municipality as a case, for the web-page benchmark (issue 11, item 6).

``large_case()`` builds, deterministically from a seed, a case of 2,000 units (in a hierarchy
of departments, sections and groups) in 30 administrations supporting 12 committees, 5,000
interactions between units and 6 alternatives besides nuläge (moves, a merge of two
administrations, renames and FTE changes), plus 40 journeys.  It is valid by
:func:`oversyn.core.validate.validate_case`.

    PYTHONPATH=src python benchmarks/large_case.py -o /tmp/large.yaml   # write it as a case file
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

from oversyn.core.case import Alternative, Case, CaseInfo, Directive
from oversyn.core.model import (
    Administration,
    Committee,
    Function,
    Interaction,
    Journey,
    Mandate,
    Municipality,
    Organisation,
    ServiceArea,
    Unit,
)

AREAS = [
    ("ifo", "Individ- och familjeomsorg", ["SoL", "LVU", "LVM"]),
    ("lss", "Funktionsstöd", ["LSS", "SoL"]),
    ("aldre", "Äldreomsorg", ["SoL", "HSL"]),
    ("arbete", "Arbetsmarknad", []),
    ("vux", "Vuxenutbildning", ["Skollagen"]),
    ("grund", "Grundskola", ["Skollagen"]),
    ("forskola", "Förskola", ["Skollagen"]),
    ("kultur", "Kultur och fritid", []),
    ("miljo", "Miljö och hälsoskydd", ["Miljöbalken"]),
    ("bygg", "Plan och bygg", ["PBL"]),
    ("teknik", "Teknik och gata", []),
    ("stod", "Gemensamt stöd", []),
]


def random_journeys(
    rng: random.Random, ids: list[str], n: int = 40, prefix: str = "kedja-", name: str = "Kedja"
) -> list[Journey]:
    """``n`` journeys of 2–5 random units each (ids ``<prefix><k>``, names ``<name> <k+1>``)."""
    return [
        Journey(
            id=f"{prefix}{j}",
            name=f"{name} {j + 1}",
            steps=rng.sample(ids, rng.randint(2, 5)),
            volume=float(rng.randint(10, 500)),
        )
        for j in range(n)
    ]


def large_case(
    units: int = 2000,
    administrations: int = 30,
    interactions: int = 5000,
    alternatives: int = 6,
    seed: int = 2024,
) -> Case:
    rng = random.Random(seed)
    areas = [ServiceArea(id=a, name=n, laws=laws) for a, n, laws in AREAS]
    committees = [
        Committee(
            id=f"n{i:02d}",
            name=f"{AREAS[i][1]}snämnden",
            mandate=Mandate(
                service_areas=[AREAS[i][0]],
                laws=list(AREAS[i][2]),
                functions=[Function.AUTHORITY, Function.COMMISSIONING, Function.DELIVERY],
            ),
        )
        for i in range(len(AREAS))
    ]
    adms = [
        Administration(
            id=f"f{i:02d}",
            name=f"Förvaltning {i + 1}",
            supports=[committees[i % len(committees)].id],
        )
        for i in range(administrations)
    ]
    unit_list: list[Unit] = []
    # Each administration gets a share of the units: departments, sections under them, groups.
    per_adm = [units // administrations] * administrations
    for i in range(units - sum(per_adm)):
        per_adm[i] += 1
    for a_index, (adm, count) in enumerate(zip(adms, per_adm, strict=True)):
        area_index = a_index % len(committees)
        area, area_name, laws = AREAS[area_index]
        parents: list[str] = []
        for k in range(count):
            uid = f"{adm.id}-e{k:03d}"
            parent = rng.choice(parents) if parents and k % 5 else None
            functions = [rng.choice(list(Function))]
            unit_list.append(
                Unit(
                    id=uid,
                    name=f"{area_name} enhet {a_index + 1}.{k + 1}",
                    administration=adm.id if parent is None else None,
                    parent=parent,
                    functions=functions,
                    service_areas=[area],
                    laws=[rng.choice(laws)] if laws and Function.AUTHORITY in functions else [],
                    fte=round(rng.uniform(3, 40), 1),
                    budget=float(rng.randrange(2_000_000, 40_000_000, 100_000)),
                    manager=f"Enhetschef {a_index + 1}.{k + 1}",
                )
            )
            if k < count // 4:
                parents.append(uid)
    ids = [u.id for u in unit_list]
    seen: set[tuple[str, str]] = set()
    inter: list[Interaction] = []
    while len(inter) < interactions:
        a, b = rng.sample(ids, 2)
        if rng.random() < 0.7:  # most collaboration is near: same administration
            prefix = a.split("-")[0]
            near = [u for u in ids if u.startswith(prefix + "-") and u != a]
            b = rng.choice(near)
        key = (min(a, b), max(a, b))
        if key in seen:
            continue
        seen.add(key)
        inter.append(Interaction(a=a, b=b, weight=float(rng.randint(1, 120)), period="2024"))
    journeys = random_journeys(rng, ids)
    alts: list[Alternative] = []
    tops = [u for u in unit_list if u.parent is None]
    for n in range(alternatives):
        ops: list[dict[str, object]] = []
        for u in rng.sample(tops, 15):
            target = rng.choice([a for a in adms if a.id != u.administration])
            ops.append({"op": "move_unit", "unit": u.id, "to_administration": target.id})
        if n % 2 == 0:
            ops.append(
                {
                    "op": "merge_administrations",
                    "administrations": [adms[2 * n].id, adms[2 * n + 1].id],
                    "into": adms[2 * n].id,
                    "name": f"Sammanslagen förvaltning {n + 1}",
                }
            )
        ops.append({"op": "rename_unit", "unit": unit_list[n].id, "name": f"Nytt namn {n + 1}"})
        ops.append({"op": "update_unit", "unit": unit_list[n + 100].id, "fte": 12.5})
        alts.append(
            Alternative.model_validate(
                {"id": f"alt-{n + 1}", "name": f"Alternativ {n + 1}", "operations": ops}
            )
        )
    return Case(
        case=CaseInfo(
            id="storkommun",
            title="Översyn av en stor kommuns organisation",
            municipality=Municipality(name="Storstads kommun", code="9999"),
            case_number="KS 2026/1",
            directive=Directive(title="Översyn av förvaltningsorganisationen", deadline="Q4 2027"),
        ),
        baseline=Organisation(
            service_areas=areas, committees=committees, administrations=adms, units=unit_list
        ),
        interactions=inter,
        journeys=journeys,
        alternatives=alts,
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("-o", "--output", type=Path, required=True)
    args = parser.parse_args()
    from oversyn.io.casefile import dump_case

    args.output.write_text(dump_case(large_case()), encoding="utf-8")


if __name__ == "__main__":
    main()
