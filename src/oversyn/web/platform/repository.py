"""The case row: read it, validate a changed case, write it with optimistic locking.

* An edit form carries the *version token* of the object the user saw (:func:`token`, a hash of
  its content); an action compares it and raises :class:`ConflictError` if the object changed.
* :func:`commit` also stores the case as it became (:mod:`revisions`) with the audit row;
* :func:`commit` writes with ``UPDATE … WHERE version = <read version>``; when another save won
  the race it raises :class:`RowRace`, and :func:`retry_row_race` runs the action again in a
  fresh transaction (up to three times), checking the object token again each time.
"""

from __future__ import annotations

import functools
import hashlib
import json
import time
from collections.abc import Callable
from typing import Any

from django.db import OperationalError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from pydantic import BaseModel

from oversyn.core.case import Case
from oversyn.core.evaluation.validate import validate_evaluation
from oversyn.core.upgrade import upgrade
from oversyn.core.validate import Problem, validate_case
from oversyn.io.casefile import CaseFileError, parse_case
from oversyn.web.cases.models import CaseRecord
from oversyn.web.platform import audit, revisions
from oversyn.web.platform.errors import BusyError, ImportError_, RowRace, ServiceError
from oversyn.web.platform.lang import current_lang
from oversyn.web.platform.messages import validated_or_refused
from oversyn.web.uploads import limits


def token(obj: BaseModel | list[Any] | dict[str, Any] | None) -> str:
    """Version token of an object: a short hash of its canonical JSON (the future ETag)."""
    if isinstance(obj, BaseModel):
        data: Any = obj.model_dump(mode="json")
    elif isinstance(obj, list):
        data = [o.model_dump(mode="json") if isinstance(o, BaseModel) else o for o in obj]
    else:
        data = obj
    text = json.dumps(data, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def load(record: CaseRecord) -> Case:
    """The case stored in ``record`` (validated when it was written), upgraded from the format
    it was written in (:mod:`oversyn.core.upgrade`)."""
    return Case.model_validate(upgrade(record.content))


def fresh(record: CaseRecord) -> tuple[CaseRecord, Case]:
    """Re-read the row (the caller's instance may be stale) and its case."""
    rows = CaseRecord.objects
    if transaction.get_connection().in_atomic_block:
        # the write path: hold the case row until the commit, so concurrent saves of one
        # case queue here instead of losing the compare-and-swap (PostgreSQL: FOR UPDATE;
        # SQLite: the IMMEDIATE transaction already holds the write lock)
        rows = rows.select_for_update()
    row = rows.get(pk=record.pk)
    return row, load(row)


def validated(case: Case) -> Case:
    """Re-validate the whole case (types and semantics); raise ServiceError with messages."""
    case = validated_or_refused(Case, case.model_dump(mode="json"))
    problems = validate_case(case) + validate_evaluation(case)
    if problems:
        raise ServiceError([problem_message(p) for p in problems])
    return case


_DUPLICATE_CODES = {"duplicate_id", "eval_duplicate_id"}


def problem_message(problem: Problem) -> str:
    """A core problem as the user reads it.  A duplicate id (the core's uniqueness rule, the
    one place it is checked for every list) reads "Id X används redan." — the new item is the
    one that repeats an id, so the user is told the id is taken."""
    if problem.code in _DUPLICATE_CODES:
        return _("Id %(id)s används redan.") % {"id": problem.params["id"]}
    return problem.message(current_lang())


def parse(text: str, filename: str) -> Case:
    """A case from case-file text; :class:`ImportError_` with located messages if invalid."""
    try:
        return parse_case(text, filename, limits())
    except CaseFileError as exc:
        lang = current_lang()
        raise ImportError_([e.format(lang) for e in exc.errors]) from exc


def sync_columns(case: Case) -> dict[str, Any]:
    """The columns copied out of the content for the case list."""
    directive = case.case.directive
    return {
        "title": case.case.title[:300],
        "municipality": case.case.municipality.name[:200],
        "deadline": ((directive.deadline if directive else None) or "")[:100],
    }


def commit(*, actor: Any, row: CaseRecord, case: Case, **audited: Any) -> CaseRecord:
    """Validate ``case``, write it if the row is still at the version read, and audit it
    (``audited``: the audit record's fields, :func:`audit.record`'s ``action``,
    ``object_type``, ``object_id``, ``object_repr``, ``before``, ``after`` and ``message``)."""
    case = validated(case)
    content = case.model_dump(mode="json")
    updated = CaseRecord.objects.filter(pk=row.pk, version=row.version).update(
        content=content,
        version=F("version") + 1,
        updated_at=timezone.now(),
        **sync_columns(case),
    )
    if updated != 1:
        raise RowRace()
    row.refresh_from_db()
    entry = audit.of_row(actor=actor, row=row, **audited)
    revisions.store(row=row, content=content, audit=entry)
    from oversyn.web.platform import warmup  # the parsed case primed; a large case warmed

    warmup.after_write(actor=actor, row=row, case=case)
    return row


def retry_row_race(func: Callable[..., Any]) -> Callable[..., Any]:
    """Run an action again (a fresh transaction) when another save won the row race.

    The object-level version token is checked again on every attempt, so a retry only goes
    through when the other save changed *other* objects; otherwise the retry raises
    :class:`ConflictError` like any stale form.
    """

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        for attempt in range(3):
            try:
                return func(*args, **kwargs)
            except RowRace:
                continue
            except OperationalError as exc:  # SQLite past its busy timeout: wait, try again
                if not database_busy(exc) or transaction.get_connection().in_atomic_block:
                    raise
                time.sleep(0.1 * 2**attempt)
        try:
            return func(*args, **kwargs)
        except OperationalError as exc:
            if database_busy(exc):
                raise BusyError() from exc
            raise

    return wrapper


def database_busy(exc: Exception) -> bool:
    """True for SQLite's "database is locked" / "busy" (another write held the lock)."""
    text = str(exc).lower()
    return isinstance(exc, OperationalError) and ("locked" in text or "busy" in text)


__all__ = [
    "commit",
    "database_busy",
    "fresh",
    "load",
    "parse",
    "retry_row_race",
    "sync_columns",
    "token",
    "validated",
]
