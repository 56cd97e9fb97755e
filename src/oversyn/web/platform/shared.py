"""The platform's public API in one import, for the area apps' views and actions::

from oversyn.web.platform import shared as svc
svc.require(request.user, record, svc.EDIT); svc.token(item); svc.case_item_save(...)
"""

from __future__ import annotations

from oversyn.web.cases.models import Action
from oversyn.web.platform.actions import Change, case_part_replace, check_token, run
from oversyn.web.platform.errors import ConflictError, ImportError_, RowRace, ServiceError
from oversyn.web.platform.permissions import (
    EDIT,
    MEMBERS,
    ROLE_PERMISSIONS,
    SCORE,
    VIEW,
    can,
    require,
    role_of,
)
from oversyn.web.platform.registry import case_item_delete, case_item_save, item_token
from oversyn.web.platform.repository import load, token

__all__ = [
    "EDIT",
    "MEMBERS",
    "ROLE_PERMISSIONS",
    "SCORE",
    "VIEW",
    "Action",
    "Change",
    "ConflictError",
    "ImportError_",
    "RowRace",
    "ServiceError",
    "can",
    "case_item_delete",
    "case_item_save",
    "case_part_replace",
    "check_token",
    "item_token",
    "load",
    "require",
    "role_of",
    "run",
    "token",
]
