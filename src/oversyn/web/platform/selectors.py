"""Reads every app needs: which cases a user sees, and one case as the user may see it.

A case the user has no role in does not exist for them (404, not 403), so that case titles
and ids do not leak between cases.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import OuterRef, QuerySet, Subquery
from django.http import Http404
from django.utils.translation import gettext as _

from oversyn.core.case import Case
from oversyn.web.cases.models import CaseRecord, Membership
from oversyn.web.platform.permissions import ROLE_PERMISSIONS
from oversyn.web.platform.repository import load


def cases_for_user(user: Any) -> QuerySet[CaseRecord]:
    """The cases ``user`` has a role in, each annotated with ``role``."""
    if not getattr(user, "is_authenticated", False):
        return CaseRecord.objects.none()
    role = Membership.objects.filter(case=OuterRef("pk"), user=user).values("role")[:1]
    return CaseRecord.objects.filter(memberships__user=user).annotate(role=Subquery(role))


@dataclass
class CaseAccess:
    """A case as one user may see it."""

    record: CaseRecord
    role: str
    case: Case

    def can(self, permission: str) -> bool:
        return permission in ROLE_PERMISSIONS[self.role]


def case_for_user(user: Any, key: str) -> CaseAccess:
    """The case ``key`` if ``user`` has a role in it; otherwise :class:`Http404`."""
    record = cases_for_user(user).filter(key=key).first()
    if record is None:
        raise Http404(_("Ärendet finns inte."))
    return CaseAccess(record, record.role, load(record))  # type: ignore[attr-defined]
