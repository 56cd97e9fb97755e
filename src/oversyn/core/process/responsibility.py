"""Responsibility matrix: areas × bodies with a role; flags areas with no responsible body and
with more than one (seed 004's five focus areas for integration)."""

from __future__ import annotations

from dataclasses import dataclass

from oversyn.core.process.messages import Finding
from oversyn.core.process.model import ResponsibilityArea, Role


@dataclass
class ResponsibilityMatrix:
    bodies: list[str]  # columns, in first-mentioned order
    areas: list[str]  # row ids
    area_names: dict[str, str]
    cells: dict[tuple[str, str], Role]  # (area id, body) -> role

    def role(self, area: str, body: str) -> Role | None:
        return self.cells.get((area, body))

    def responsible(self, area: str) -> list[str]:
        return [b for b in self.bodies if self.cells.get((area, b)) == Role.RESPONSIBLE]

    def as_dict(self) -> dict[str, object]:
        return {
            "bodies": self.bodies,
            "areas": [
                {
                    "id": a,
                    "name": self.area_names[a],
                    "roles": {
                        b: self.cells[(a, b)].value for b in self.bodies if (a, b) in self.cells
                    },
                }
                for a in self.areas
            ],
        }


def responsibility_matrix(areas: list[ResponsibilityArea]) -> ResponsibilityMatrix:
    bodies: list[str] = []
    cells: dict[tuple[str, str], Role] = {}
    for area in areas:
        for assignment in area.roles:
            if assignment.body not in bodies:
                bodies.append(assignment.body)
            cells[(area.id, assignment.body)] = assignment.role
    return ResponsibilityMatrix(bodies, [a.id for a in areas], {a.id: a.name for a in areas}, cells)


def responsibility_findings(areas: list[ResponsibilityArea]) -> list[Finding]:
    """One warning per area without a responsible body or with more than one."""
    out: list[Finding] = []
    for area in areas:
        responsible = [r.body for r in area.roles if r.role == Role.RESPONSIBLE]
        if not responsible:
            out.append(Finding("warning", "responsibility_none", {"area": area.name}, area.id))
        elif len(set(responsible)) > 1:
            out.append(
                Finding(
                    "warning",
                    "responsibility_many",
                    {"area": area.name, "bodies": ", ".join(responsible)},
                    area.id,
                )
            )
    return out
