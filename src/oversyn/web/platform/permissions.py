"""Roles in a case and what each may do: the one place a permission is decided."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from oversyn.web.cases.models import CaseRecord, Membership, Role

VIEW, EDIT, SCORE, MEMBERS = "view", "edit", "score", "members"
ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    Role.UTREDARE: frozenset({VIEW, EDIT, SCORE, MEMBERS}),
    Role.BEDOMARE: frozenset({VIEW, SCORE}),
    Role.LASARE: frozenset({VIEW}),
}


def role_of(user: Any, record: CaseRecord) -> str | None:
    """The user's role in the case, or None (anonymous users and non-members)."""
    if not getattr(user, "is_authenticated", False):
        return None
    return Membership.objects.filter(case=record, user=user).values_list("role", flat=True).first()


def can(user: Any, record: CaseRecord, permission: str) -> bool:
    role = role_of(user, record)
    return role is not None and permission in ROLE_PERMISSIONS[role]


def require(actor: Any, record: CaseRecord, permission: str) -> None:
    """Raise :class:`PermissionDenied` (a Swedish message) unless ``actor`` may ``permission``."""
    if not can(actor, record, permission):
        raise PermissionDenied(_("Du har inte behörighet att ändra i det här ärendet."))
