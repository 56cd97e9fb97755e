"""The identity provider's groups → roles: one function, :func:`grants_from_claims`.

The mapping is the setting ``OVERSYN_SSO_GROUP_ROLES`` (JSON in the environment), a group name
→ a list of grants written ``<scope kind>:<where>:<role>``:

* ``case:<case id>:<role>`` — a role (utredare, bedomare, lasare) in one case;
* ``global:skapa_arenden`` — may create cases in any municipality (the
  ``accounts.create_case`` permission);

A grant is the pair ``(scope, role)``, e.g. ``("case:ia-till-ifo", "utredare")`` or
``("global", "skapa_arenden")``, or ``("municipality:0580", "skapare")``:

* ``municipality:<kommunkod>:<role>`` — a role (skapare, lasare) for every case of one
  municipality (``skapare`` may also create cases in it; see docs/web.md, Municipalities).

:func:`oversyn.web.accounts.services.sso_roles_apply` is the one place that turns grants into
stored roles.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.conf import settings

from oversyn.web.cases.models import MunicipalityRole, Role

GLOBAL = "global"
CREATE_CASES = "skapa_arenden"
CASE_ROLES = {r.value for r in Role}
MUNICIPALITY = "municipality"
MUNICIPALITY_ROLES = {r.value for r in MunicipalityRole}
# The strongest role wins when two groups give one user different roles in the same scope.
_STRENGTH = {
    Role.UTREDARE.value: 3,
    Role.BEDOMARE.value: 2,
    Role.LASARE.value: 1,
    MunicipalityRole.SKAPARE.value: 2,
}

Grant = tuple[str, str]


class MappingError(ValueError):
    """The configured group mapping has an entry that is not a grant."""


def parse_grant(text: str) -> Grant:
    """``"case:ia-till-ifo:utredare"`` → ``("case:ia-till-ifo", "utredare")``."""
    parts = text.split(":")
    if parts[0] == "case" and len(parts) == 3 and parts[1] and parts[2] in CASE_ROLES:
        return f"case:{parts[1]}", parts[2]
    if (
        parts[0] == MUNICIPALITY
        and len(parts) == 3
        and len(parts[1]) == 4
        and parts[1].isdigit()
        and parts[2] in MUNICIPALITY_ROLES
    ):
        return f"{MUNICIPALITY}:{parts[1]}", parts[2]
    if parts == [GLOBAL, CREATE_CASES]:
        return GLOBAL, CREATE_CASES
    raise MappingError(
        f"OVERSYN_SSO_GROUP_ROLES: {text!r} är ingen roll; skriv case:<ärende-id>:"
        f"<{'|'.join(sorted(CASE_ROLES))}>, {MUNICIPALITY}:<kommunkod>:"
        f"<{'|'.join(sorted(MUNICIPALITY_ROLES))}> eller global:{CREATE_CASES}"
    )


def groups_of(claims: Mapping[str, Any], claim: str | None = None) -> list[str]:
    """The group names in the claims (a list, or one string; absent → none)."""
    value = claims.get(claim or settings.OVERSYN_SSO_GROUPS_CLAIM)
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    return [str(v) for v in value]


def grants_from_claims(
    claims: Mapping[str, Any], mapping: Mapping[str, Iterable[str]] | None = None
) -> list[Grant]:
    """Every ``(scope, role)`` the user's groups give, one per scope (the strongest role)."""
    mapping = settings.OVERSYN_SSO_GROUP_ROLES if mapping is None else mapping
    best: dict[str, str] = {}
    for group in groups_of(claims):
        for text in mapping.get(group, ()):
            scope, role = parse_grant(text)
            held = best.get(scope)
            if held is None or _STRENGTH.get(role, 0) > _STRENGTH.get(held, 0):
                best[scope] = role
    return sorted(best.items())
