"""A typical Swedish municipality's political and administrative skeleton, to start a case from.

Most of Sweden's 290 municipalities are organised alike (Kommunallagen 3 kap.; SKR's
"Kommunernas organisation"): kommunfullmäktige appoints kommunstyrelsen and the committees
(facknämnder), a kommunledningsförvaltning supports kommunstyrelsen, and each committee has an
administration.  The skeleton holds the usual ones — barn och utbildning, socialtjänst (with
IFO, äldreomsorg and LSS), samhällsbyggnad, bygg och miljö, kultur och fritid — with their
service areas and laws, so the structural analysis has something to check from the first
minute.  It has no FTE and no budgets: those are the municipality's own figures and are never
invented.  Everything is an ordinary baseline and is edited like any other.

>>> org = municipal_skeleton()
>>> [c.name for c in org.committees][:2]
['Kommunfullmäktige', 'Kommunstyrelsen']
>>> org.administration("kommunledningsforvaltningen").supports
['kommunstyrelsen']
"""

from __future__ import annotations

from oversyn.core.ids import slugify
from oversyn.core.model import (
    Administration,
    Committee,
    CommitteeKind,
    Function,
    Mandate,
    Organisation,
    ServiceArea,
    Unit,
)

A, D, S = Function.AUTHORITY, Function.DELIVERY, Function.SUPPORT

#: service area name → laws of its authority decisions
_AREAS: list[tuple[str, list[str]]] = [
    ("Förskola", ["Skollagen"]),
    ("Grundskola", ["Skollagen"]),
    ("Gymnasieskola", ["Skollagen"]),
    ("Individ- och familjeomsorg", ["SoL", "LVU", "LVM"]),
    ("Äldreomsorg", ["SoL"]),
    ("Funktionsstöd (LSS)", ["LSS"]),
    ("Plan och bygg", ["PBL"]),
    ("Miljö och hälsoskydd", ["Miljöbalken", "Livsmedelslagen"]),
    ("Gata, park och trafik", []),
    ("Kultur och fritid", []),
]

#: committee name, kind, service areas of its mandate
_COMMITTEES: list[tuple[str, CommitteeKind, list[str]]] = [
    ("Kommunfullmäktige", CommitteeKind.COUNCIL, []),
    ("Kommunstyrelsen", CommitteeKind.EXECUTIVE_BOARD, []),
    (
        "Barn- och utbildningsnämnden",
        CommitteeKind.COMMITTEE,
        ["Förskola", "Grundskola", "Gymnasieskola"],
    ),
    (
        "Socialnämnden",
        CommitteeKind.COMMITTEE,
        ["Individ- och familjeomsorg", "Äldreomsorg", "Funktionsstöd (LSS)"],
    ),
    ("Samhällsbyggnadsnämnden", CommitteeKind.COMMITTEE, ["Gata, park och trafik"]),
    ("Bygg- och miljönämnden", CommitteeKind.COMMITTEE, ["Plan och bygg", "Miljö och hälsoskydd"]),
    ("Kultur- och fritidsnämnden", CommitteeKind.COMMITTEE, ["Kultur och fritid"]),
]

#: administration name, committees it supports, units (name, functions, areas, category)
_ADMINISTRATIONS: list[
    tuple[str, list[str], list[tuple[str, list[Function], list[str], str | None]]]
] = [
    (
        "Kommunledningsförvaltningen",
        ["Kommunstyrelsen"],
        [
            ("Kansli", [S], [], "stab"),
            ("Ekonomi", [S], [], "ekonomi"),
            ("HR", [S], [], "HR"),
            ("Kommunikation", [S], [], "kommunikation"),
            ("IT", [S], [], "IT"),
        ],
    ),
    (
        "Barn- och utbildningsförvaltningen",
        ["Barn- och utbildningsnämnden"],
        [
            ("Förskola", [D], ["Förskola"], None),
            ("Grundskola", [D], ["Grundskola"], None),
            ("Gymnasieskola", [D], ["Gymnasieskola"], None),
            ("Elevhälsa", [D], ["Grundskola", "Gymnasieskola"], None),
        ],
    ),
    (
        "Socialförvaltningen",
        ["Socialnämnden"],
        [
            ("Myndighet IFO", [A], ["Individ- och familjeomsorg"], None),
            ("Myndighet äldre och LSS", [A], ["Äldreomsorg", "Funktionsstöd (LSS)"], None),
            ("Hemtjänst", [D], ["Äldreomsorg"], None),
            ("Särskilt boende", [D], ["Äldreomsorg"], None),
            ("Funktionsstöd", [D], ["Funktionsstöd (LSS)"], None),
        ],
    ),
    (
        "Samhällsbyggnadsförvaltningen",
        ["Samhällsbyggnadsnämnden", "Bygg- och miljönämnden"],
        [
            ("Bygglov", [A], ["Plan och bygg"], None),
            ("Miljö- och hälsoskydd", [A], ["Miljö och hälsoskydd"], None),
            ("Gata och park", [D], ["Gata, park och trafik"], None),
        ],
    ),
    (
        "Kultur- och fritidsförvaltningen",
        ["Kultur- och fritidsnämnden"],
        [
            ("Bibliotek", [D], ["Kultur och fritid"], None),
            ("Fritid", [D], ["Kultur och fritid"], None),
        ],
    ),
]


def municipal_skeleton() -> Organisation:
    """A typical municipal organisation with ids made from the names (``core.ids``)."""
    area_id = {name: slugify(name) for name, _laws in _AREAS}
    com_id = {name: slugify(name) for name, _kind, _areas in _COMMITTEES}
    council = com_id["Kommunfullmäktige"]
    areas = [ServiceArea(id=area_id[n], name=n, laws=laws) for n, laws in _AREAS]
    committees = [
        Committee(
            id=com_id[name],
            name=name,
            kind=kind,
            appointed_by=None if kind == CommitteeKind.COUNCIL else council,
            mandate=Mandate(
                service_areas=[area_id[a] for a in mandate_areas],
                laws=sorted({law for a, laws in _AREAS if a in mandate_areas for law in laws}),
            ),
        )
        for name, kind, mandate_areas in _COMMITTEES
    ]
    administrations: list[Administration] = []
    units: list[Unit] = []
    for adm_name, supports, adm_units in _ADMINISTRATIONS:
        adm_id = slugify(adm_name)
        administrations.append(
            Administration(id=adm_id, name=adm_name, supports=[com_id[c] for c in supports])
        )
        for unit_name, functions, unit_areas, category in adm_units:
            units.append(
                Unit(
                    id=slugify(unit_name),
                    name=unit_name,
                    administration=adm_id,
                    functions=functions,
                    service_areas=[area_id[a] for a in unit_areas],
                    category=category,
                )
            )
    return Organisation(
        service_areas=areas, committees=committees, administrations=administrations, units=units
    )
