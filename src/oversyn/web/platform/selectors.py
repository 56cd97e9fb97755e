"""Reads every app needs: which cases a user sees, and one case as the user may see it.

:func:`cases_for_user` is the ONE selector that decides which cases a user may see (views, the
REST API and exports use it): the cases they have a role in, and every case of a municipality
they have a role for.  A case the user may not see does not exist for them (404, not 403), so
that case titles and ids do not leak between cases or municipalities.

How a URL names a case (docs/web.md): ``/arenden/<key>/`` where ``key`` is the case's address
(:attr:`CaseRecord.key`: its id, or ``<id>~<kommunkod>`` when another municipality had the id
first).  An old link ``/arenden/<id>/`` that names no address the user sees, but exactly one
case with that id among the cases they see, redirects to that case (:class:`CaseMoved`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils.translation import gettext as _

from oversyn.core.case import Case
from oversyn.web.cases.models import CaseRecord, Membership, MunicipalityMembership, Role
from oversyn.web.platform.cache import parsed_case
from oversyn.web.platform.permissions import ROLE_PERMISSIONS
from oversyn.web.platform.repository import load


class CaseMoved(Exception):
    """The URL named a case by its id; its address is ``key`` (the middleware redirects)."""

    def __init__(self, old: str, key: str) -> None:
        super().__init__(key)
        self.old, self.key = old, key


def cases_for_user(user: Any) -> QuerySet[CaseRecord]:
    """The cases ``user`` may see, each annotated with ``role`` (their role in the case).

    A role in the case wins; otherwise a role for the case's municipality gives läsare.
    """
    if not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", True):
        return CaseRecord.objects.none()
    case_role = Membership.objects.filter(case=OuterRef("pk"), user=user).values("role")[:1]
    in_municipality = MunicipalityMembership.objects.filter(
        municipality=OuterRef("owner"), user=user
    )
    return (
        CaseRecord.objects.annotate(
            case_role=Subquery(case_role), in_municipality=Exists(in_municipality)
        )
        .filter(Q(case_role__isnull=False) | Q(in_municipality=True))
        .annotate(role=Coalesce("case_role", Value(Role.LASARE)))
    )


@dataclass
class CaseAccess:
    """A case as one user may see it."""

    record: CaseRecord
    role: str
    case: Case

    def can(self, permission: str) -> bool:
        return permission in ROLE_PERMISSIONS[self.role]

    def require(self, permission: str) -> None:
        """403 (PermissionDenied) unless the user's role in the case grants ``permission``."""
        if not self.can(permission):
            raise PermissionDenied(_("Din roll i ärendet får inte göra detta."))


def case_for_user(user: Any, key: str) -> CaseAccess:
    """The case at address ``key`` if ``user`` may see it; otherwise :class:`Http404`.

    Raises :class:`CaseMoved` when ``key`` is no address the user sees but the id of exactly
    one case they see (an old link).
    """
    visible = cases_for_user(user)
    # the content (a large JSON) is read only when the parsed case of this version is not
    # in the cache (:func:`loaded_case`)
    record = visible.filter(key=key).defer("content").first()
    if record is None:
        same_id = list(visible.filter(case_id=key).values_list("key", flat=True)[:2])
        if len(same_id) == 1:
            raise CaseMoved(key, same_id[0])
        raise Http404(_("Ärendet finns inte."))
    return CaseAccess(record, record.role, loaded_case(record))  # type: ignore[attr-defined]


def loaded_case(record: CaseRecord) -> Case:
    """The case stored in ``record``, parsed once per case version and kept in this process
    (:func:`oversyn.web.platform.cache.parsed_case`; other processes read a pickle of it from
    the cache).  Shared by the requests of this process: do not change it, copy it
    (``model_copy(update=…)``); the test profile checks."""
    return parsed_case(record, lambda: load(record))
