"""``manage.py check`` (and every start) refuses a group mapping that is not one."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Error, register

from oversyn.web.accounts.roles import MappingError, parse_grant


@register()
def group_roles_mapping(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    mapping = getattr(settings, "OVERSYN_SSO_GROUP_ROLES", {})
    if not isinstance(mapping, dict) or not all(
        isinstance(v, list) and all(isinstance(g, str) for g in v) for v in mapping.values()
    ):
        return [Error("OVERSYN_SSO_GROUP_ROLES ska vara {grupp: [roll, …]}", id="oversyn.E001")]
    errors = []
    for group, grants in mapping.items():
        for text in grants:
            try:
                parse_grant(text)
            except MappingError as exc:
                errors.append(Error(f"grupp {group!r}: {exc}", id="oversyn.E002"))
    return errors
