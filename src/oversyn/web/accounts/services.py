"""The one write for roles from the identity provider: :func:`sso_roles_apply`.

Called on every single sign-on (OIDC and SAML).  A role that the provider's groups give is
set; a role that an earlier login gave and the groups no longer give is taken away; a role
that an investigator set by hand is left alone.  Every change to a case's members is written
to the case's audit trail as the provider (``SSO (oidc)``), in one transaction.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import Permission
from django.db import transaction
from django.utils.translation import gettext as _

from oversyn.web.accounts.models import SsoGrant
from oversyn.web.accounts.roles import CREATE_CASES, GLOBAL, MUNICIPALITY, Grant
from oversyn.web.cases.models import (
    Action,
    CaseRecord,
    Membership,
    Municipality,
    MunicipalityMembership,
    Role,
)
from oversyn.web.platform.audit import record as _audit


class ProviderActor:
    """Who the audit trail names for a role from the provider."""

    is_authenticated = False

    def __init__(self, source: str) -> None:
        self.source = source

    def get_username(self) -> str:
        return f"SSO ({self.source})"


def _create_case_permission() -> Permission:
    return Permission.objects.get(content_type__app_label="accounts", codename="create_case")


def _audit_membership(
    actor: ProviderActor, record: CaseRecord, user: Any, before: Any, after: Any, action: str
) -> None:
    role = (after or before)["role"]
    _audit(
        actor=actor,
        row=record,
        case_key=record.key,
        action=action,
        object_type="membership",
        object_id=user.get_username(),
        object_repr=f"{user.get_username()}: {Role(role).label}",
        before=before,
        after=after,
        message=_("Roll från kommunens inloggningstjänst (%(source)s).") % {"source": actor.source}
        if after
        else _("Rollen från kommunens inloggningstjänst (%(source)s) togs bort.")
        % {"source": actor.source},
        case_version=record.version,
    )


MUNICIPALITY_PREFIX = f"{MUNICIPALITY}:"


def _municipality_role_apply(
    user: Any, scope: str, role: str, source: str, held_before: bool
) -> None:
    """A role for a whole municipality from the provider (a role set by hand stays)."""
    municipality = Municipality.objects.filter(code=scope.removeprefix(MUNICIPALITY_PREFIX)).first()
    if municipality is None:
        return  # a municipality with no cases here yet: granted at a later login
    member = MunicipalityMembership.objects.filter(municipality=municipality, user=user).first()
    if member is not None and not held_before:
        return
    MunicipalityMembership.objects.update_or_create(
        municipality=municipality, user=user, defaults={"role": role}
    )
    SsoGrant.objects.update_or_create(
        user=user, scope=scope, defaults={"role": role, "source": source}
    )


@transaction.atomic
def sso_roles_apply(*, user: Any, grants: list[Grant], source: str) -> None:
    """Make the user's provider-given roles equal ``grants`` (see the module text)."""
    actor = ProviderActor(source)
    wanted = dict(grants)
    held = {g.scope: g for g in SsoGrant.objects.select_for_update().filter(user=user)}

    for scope, grant in held.items():
        if scope in wanted:
            continue  # kept or changed: the loop below updates it
        if scope == GLOBAL:
            user.user_permissions.remove(_create_case_permission())
        elif scope.startswith(MUNICIPALITY_PREFIX):
            MunicipalityMembership.objects.filter(
                municipality__code=scope.removeprefix(MUNICIPALITY_PREFIX),
                user=user,
                role=grant.role,
            ).delete()
        else:
            record = CaseRecord.objects.filter(key=scope.removeprefix("case:")).first()
            member = record and Membership.objects.filter(case=record, user=user).first()
            last_utredare = (
                member is not None
                and member.role == Role.UTREDARE
                and Membership.objects.filter(case=record, role=Role.UTREDARE).count() == 1
            )
            if member is not None and member.role == grant.role and not last_utredare:
                member.delete()
                before = {"user": user.get_username(), "role": grant.role}
                _audit_membership(actor, record, user, before, None, Action.DELETE)
        grant.delete()

    for scope, role in wanted.items():
        if scope in held and held[scope].role == role:
            continue  # unchanged since the last login
        if scope == GLOBAL and role == CREATE_CASES:
            user.user_permissions.add(_create_case_permission())
            SsoGrant.objects.update_or_create(
                user=user, scope=scope, defaults={"role": role, "source": source}
            )
            continue
        if scope.startswith(MUNICIPALITY_PREFIX):
            _municipality_role_apply(user, scope, role, source, held_before=scope in held)
            continue
        record = CaseRecord.objects.filter(key=scope.removeprefix("case:")).first()
        if record is None:
            continue  # a case that does not exist (yet): granted at a later login
        member = Membership.objects.filter(case=record, user=user).first()
        if member is not None and not held.get(scope):
            continue  # a role set by hand stays as it is
        before = {"user": user.get_username(), "role": member.role} if member else None
        if member is None or member.role != role:
            Membership.objects.update_or_create(case=record, user=user, defaults={"role": role})
            after = {"user": user.get_username(), "role": role}
            _audit_membership(
                actor, record, user, before, after, Action.UPDATE if member else Action.CREATE
            )
        SsoGrant.objects.update_or_create(
            user=user, scope=scope, defaults={"role": role, "source": source}
        )
