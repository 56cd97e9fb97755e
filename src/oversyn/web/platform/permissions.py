"""Roles and what each may do: the one place a permission is decided.

A user's role in a case is their role *in the case* (:class:`Membership`) or, failing that,
the role their *municipality* role gives (:class:`MunicipalityMembership`: every role for the
case's municipality sees its cases as läsare).  :func:`can` answers every "may this user do
this in this case" question (views, actions and the REST API call it); :func:`can_create_case`
answers "may this user create a case in this municipality": a creating role (``skapare``) for
it, or a global creator (staff, or the Django permission ``cases.add_caserecord`` /
``accounts.create_case``).  Remiss parties are no members at all and never create cases.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from oversyn.web.cases.models import (
    CaseRecord,
    Membership,
    Municipality,
    MunicipalityMembership,
    MunicipalityRole,
    Role,
)

VIEW, EDIT, SCORE, MEMBERS = "view", "edit", "score", "members"
ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    Role.UTREDARE: frozenset({VIEW, EDIT, SCORE, MEMBERS}),
    Role.BEDOMARE: frozenset({VIEW, SCORE}),
    Role.LASARE: frozenset({VIEW}),
}
#: The case role a municipality role gives in each of the municipality's cases.
MUNICIPALITY_CASE_ROLE: dict[str, str] = {
    MunicipalityRole.SKAPARE: Role.LASARE,
    MunicipalityRole.LASARE: Role.LASARE,
}
#: Django permissions that make a user a creator in every municipality (``accounts.create_case``
#: is the permission the SSO claims give, see web/accounts when it exists).
GLOBAL_CREATE_PERMISSIONS = ("cases.add_caserecord", "accounts.create_case")


def _authenticated(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and getattr(user, "is_active", True)


def role_of(user: Any, record: CaseRecord) -> str | None:
    """The user's role in the case, or None (anonymous users and users without a role)."""
    if not _authenticated(user):
        return None
    role = Membership.objects.filter(case=record, user=user).values_list("role", flat=True).first()
    if role is not None or record.owner_id is None:
        return role
    municipality_role = (
        MunicipalityMembership.objects.filter(municipality_id=record.owner_id, user=user)
        .values_list("role", flat=True)
        .first()
    )
    return MUNICIPALITY_CASE_ROLE.get(municipality_role) if municipality_role else None


def can(user: Any, record: CaseRecord, permission: str) -> bool:
    role = role_of(user, record)
    return role is not None and permission in ROLE_PERMISSIONS[role]


def require(actor: Any, record: CaseRecord, permission: str) -> None:
    """Raise :class:`PermissionDenied` (a Swedish message) unless ``actor`` may ``permission``."""
    if not can(actor, record, permission):
        raise PermissionDenied(_("Du har inte behörighet att ändra i det här ärendet."))


def is_global_creator(user: Any) -> bool:
    """Staff, or a user with a global case-creating permission: may create in any municipality."""
    if not _authenticated(user):
        return False
    return bool(user.is_staff) or any(user.has_perm(p) for p in GLOBAL_CREATE_PERMISSIONS)


def can_create_case(user: Any, municipality: Municipality | None) -> bool:
    """May ``user`` create a case in ``municipality`` (None: a municipality not yet stored,
    which only a global creator may bring in)?"""
    if not _authenticated(user):
        return False
    if is_global_creator(user):
        return True
    if municipality is None or municipality.pk is None:
        return False
    return MunicipalityMembership.objects.filter(
        municipality=municipality, user=user, role=MunicipalityRole.SKAPARE
    ).exists()


def creatable_municipalities(user: Any) -> QuerySet[Municipality]:
    """The stored municipalities ``user`` may create cases in (all of them for global creators)."""
    if not _authenticated(user):
        return Municipality.objects.none()
    if is_global_creator(user):
        return Municipality.objects.all()
    return Municipality.objects.filter(
        memberships__user=user, memberships__role=MunicipalityRole.SKAPARE
    )


def require_create(actor: Any, municipality: Municipality | None, name: str) -> None:
    if not can_create_case(actor, municipality):
        raise PermissionDenied(
            _("Du har ingen roll som får skapa ärenden i %(municipality)s.")
            % {"municipality": name}
        )
