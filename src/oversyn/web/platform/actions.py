"""The one write contract: every change to a case goes through :func:`run`.

An action is ``<entity>_<action>(*, actor, record, …)`` (HackSoft's naming) that calls
``run(actor=…, record=…, permission=…, execute=…)``.  ``run`` does, in this order and always
the same (Wagtail's ``actions/base.py``: check, execute, log):

1. **check** — the actor's role in the case must grant ``permission`` (else PermissionDenied);
2. **execute** — ``execute(case)`` gets a fresh copy of the stored core :class:`Case` and
   returns a :class:`Change`: the new case and what to write in the audit record.  It raises
   :class:`ConflictError` when the object the user saw (its version token) has changed, and
   :class:`ServiceError` with messages when the change is refused;
3. **validate** the whole new case (pydantic and the core's semantic validation);
4. **write** it with the compare-and-swap on the row version, and the **audit** record, in one
   transaction — retried in a fresh transaction when another save won the row race.

Views, (later) the REST API, the CLI importer and management commands call the same actions,
so they get the same permissions, rules, messages and audit trail.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, fields
from typing import Any

from django.db import transaction

from oversyn.core.case import Case
from oversyn.web.cases.models import Action, CaseRecord
from oversyn.web.platform.errors import ConflictError
from oversyn.web.platform.permissions import EDIT, require
from oversyn.web.platform.repository import commit, fresh, retry_row_race, token


@dataclass(frozen=True)
class Change:
    """What an action's ``execute`` did: the new case, and the audit record's fields."""

    case: Case
    object_type: str
    object_id: str
    object_repr: str
    before: Any
    after: Any
    message: str
    action: str = Action.UPDATE

    def audited(self) -> dict[str, Any]:
        """The audit record's fields (all but the case)."""
        return {f.name: getattr(self, f.name) for f in fields(self) if f.name != "case"}


def run(
    *,
    actor: Any,
    record: CaseRecord,
    execute: Callable[[Case], Change],
    permission: str = EDIT,
    check: Callable[[], None] | None = None,
) -> CaseRecord:
    """Check ``permission``, ``execute`` on the stored case, validate, write, audit.

    ``check`` replaces the role check for the few writers that are not case members (a
    remiss party answering through its access); it raises PermissionDenied itself.
    """
    if check is not None:
        check()
    else:
        require(actor, record, permission)

    @retry_row_race
    @transaction.atomic
    def attempt() -> CaseRecord:
        row, case = fresh(record)
        change = execute(case)
        return commit(actor=actor, row=row, case=change.case, **change.audited())

    return attempt()


def check_token(current: Any, base: str) -> None:
    """Raise :class:`ConflictError` (carrying ``current``) unless ``base`` is its token."""
    if token(current) != base:
        raise ConflictError(current=current)


def case_part_replace(
    *,
    actor: Any,
    record: CaseRecord,
    field: str,
    items: Any,
    base: str,
    message: str,
    object_repr: str,
    action: str = Action.UPDATE,
    permission: str = EDIT,
) -> CaseRecord:
    """Replace one top-level field of the case (``interactions``, ``journeys``, ``lifecycle``
    …) as a whole: role check, stale-version check against ``base``, validation and the audit
    record in one commit.  A list value is copied; any other value is stored as given."""

    def execute(case: Case) -> Change:
        before = getattr(case, field)
        check_token(before, base)
        after = list(items) if isinstance(items, list | tuple) else items
        return Change(
            case=case.model_copy(update={field: after}),
            action=action,
            object_type=field,
            object_id=field,
            object_repr=object_repr,
            before=before,
            after=after,
            message=message,
        )

    return run(actor=actor, record=record, execute=execute, permission=permission)
