"""Every write to a case: ``<entity>_<action>(*, actor, ...)``.

Each service checks the actor's role in the case, builds the new :class:`Case`, validates the
*whole* case (pydantic + :func:`oversyn.core.validate.validate_case`, so an edit of the baseline
that breaks an alternative is refused), stores it with a compare-and-swap on the case row's
version, and writes an :class:`AuditRecord` (before/after JSON, message, request id) in the
same transaction.  Views only parse input, call a service and render.

Optimistic locking works on two levels:

* an edit form carries the *version token* of the object the user saw (:func:`token`, a hash
  of its content).  If the object changed since, the service raises :class:`ConflictError`
  with the current content, and the view shows both the user's input and the other save;
  edits of *other* objects in between do not block the save;
* the row update is ``UPDATE … WHERE version = <read version>``, so two saves that read the
  same row cannot both be written (the second raises :class:`ConflictError`).
"""

from __future__ import annotations

import functools
import hashlib
import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db import OperationalError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from pydantic import BaseModel, TypeAdapter
from pydantic import ValidationError as PydanticValidationError

from oversyn.core.case import BASELINE_ID, Alternative, Case, CaseInfo
from oversyn.core.errors import AlternativeError
from oversyn.core.evaluation.validate import validate_evaluation
from oversyn.core.model import (
    Administration,
    Committee,
    Interaction,
    Journey,
    Model,
    ServiceArea,
    Unit,
)
from oversyn.core.operations import Operation, apply_operations
from oversyn.core.process import model as process
from oversyn.core.validate import validate_case
from oversyn.io.casefile import CaseFileError, parse_case, pydantic_messages
from oversyn.web.cases.lang import current_lang
from oversyn.web.cases.middleware import current_request_id
from oversyn.web.cases.models import Action, AuditRecord, CaseRecord, Membership, Role
from oversyn.web.uploads import limits

User = AbstractBaseUser | AnonymousUser

# -- permissions -------------------------------------------------------------------------------

VIEW, EDIT, SCORE, MEMBERS = "view", "edit", "score", "members"
ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    Role.UTREDARE: frozenset({VIEW, EDIT, SCORE, MEMBERS}),
    Role.BEDOMARE: frozenset({VIEW, SCORE}),
    Role.LASARE: frozenset({VIEW}),
}


def role_of(user: Any, record: CaseRecord) -> str | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return Membership.objects.filter(case=record, user=user).values_list("role", flat=True).first()


def can(user: Any, record: CaseRecord, permission: str) -> bool:
    role = role_of(user, record)
    return role is not None and permission in ROLE_PERMISSIONS[role]


def _require(actor: Any, record: CaseRecord, permission: str) -> None:
    if not can(actor, record, permission):
        raise PermissionDenied(_("Du har inte behörighet att ändra i det här ärendet."))


# -- errors ------------------------------------------------------------------------------------


class ServiceError(Exception):
    """The change was refused; ``messages`` say why (in the user's language)."""

    def __init__(self, messages: list[str]) -> None:
        self.messages = messages
        super().__init__("; ".join(messages))


class ConflictError(ServiceError):
    """Someone else saved the same object first; ``current`` is what they saved."""

    def __init__(self, current: Any = None) -> None:
        self.current = current
        super().__init__(
            [
                _(
                    "Någon annan har sparat ändringar i samma uppgifter sedan du öppnade "
                    "formuläret. Dina ändringar är inte sparade men finns kvar i formuläret; "
                    "jämför med den sparade versionen och spara igen."
                )
            ]
        )


class RowRace(ConflictError):
    """The case row was written by someone else between our read and our write."""


def _retry_row_race(func: Callable[..., Any]) -> Callable[..., Any]:
    """Run a service again (a fresh transaction) when another save won the row race.

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


class BusyError(ServiceError):
    """The database stayed busy with other saves; nothing was stored."""

    def __init__(self) -> None:
        super().__init__(
            [
                _(
                    "Databasen var upptagen av andras sparningar och din ändring sparades inte. "
                    "Dina uppgifter finns kvar i formuläret; spara igen."
                )
            ]
        )


class ImportError_(ServiceError):
    """A case file (or spreadsheet) did not validate; ``errors`` are located messages."""


# -- helpers -----------------------------------------------------------------------------------


def token(obj: BaseModel | list[Any] | dict[str, Any] | None) -> str:
    """Version token of an object: a short hash of its canonical JSON."""
    if isinstance(obj, BaseModel):
        data: Any = obj.model_dump(mode="json")
    elif isinstance(obj, list):
        data = [o.model_dump(mode="json") if isinstance(o, BaseModel) else o for o in obj]
    else:
        data = obj
    text = json.dumps(data, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _dump(obj: Any) -> Any:
    if obj is None:
        return None
    if isinstance(obj, BaseModel):
        return obj.model_dump(mode="json", exclude_defaults=True)
    if isinstance(obj, list):
        return [_dump(o) for o in obj]
    return obj


def load(record: CaseRecord) -> Case:
    """The case stored in ``record`` (already validated when it was written)."""
    return Case.model_validate(record.content)


def _fresh(record: CaseRecord) -> tuple[CaseRecord, Case]:
    """Re-read the row (the caller's instance may be stale) and its case."""
    rows = CaseRecord.objects
    if transaction.get_connection().in_atomic_block:
        # the write path: hold the case row until the commit, so concurrent saves of one
        # case queue here instead of losing the compare-and-swap (PostgreSQL: FOR UPDATE;
        # SQLite: the IMMEDIATE transaction already holds the write lock)
        rows = rows.select_for_update()
    row = rows.get(pk=record.pk)
    return row, load(row)


def _pydantic_messages(exc: PydanticValidationError) -> list[str]:
    """The field problems in the user's language ("low: Ska vara ett tal, fick 'mycket'")."""
    return pydantic_messages(exc, current_lang())


def _validated(case: Case) -> Case:
    """Re-validate the whole case (types and semantics); raise ServiceError with messages."""
    try:
        case = Case.model_validate(case.model_dump(mode="json"))
    except PydanticValidationError as exc:
        raise ServiceError(_pydantic_messages(exc)) from exc
    problems = validate_case(case) + validate_evaluation(case)
    if problems:
        raise ServiceError([p.message(current_lang()) for p in problems])
    return case


def _sync_columns(row: CaseRecord, case: Case) -> dict[str, Any]:
    directive = case.case.directive
    return {
        "title": case.case.title[:300],
        "municipality": case.case.municipality.name[:200],
        "deadline": ((directive.deadline if directive else None) or "")[:100],
    }


def _audit(
    *,
    actor: Any,
    row: CaseRecord | None,
    case_key: str,
    action: str,
    object_type: str,
    object_id: str,
    object_repr: str,
    before: Any,
    after: Any,
    message: str,
    case_version: int | None,
) -> AuditRecord:
    return AuditRecord.objects.create(
        time=timezone.now(),
        user=actor if getattr(actor, "is_authenticated", False) else None,
        user_name=getattr(actor, "get_username", lambda: "system")() or "system",
        request_id=current_request_id.get(),
        case=row,
        case_key=case_key,
        case_version=case_version,
        action=action,
        object_type=object_type,
        object_id=object_id,
        object_repr=object_repr[:300],
        before=_dump(before),
        after=_dump(after),
        message=message,
    )


def _commit(
    *,
    actor: Any,
    row: CaseRecord,
    case: Case,
    action: str,
    object_type: str,
    object_id: str,
    object_repr: str,
    before: Any,
    after: Any,
    message: str,
) -> CaseRecord:
    """Validate ``case``, write it if the row is still at the version read, and audit."""
    case = _validated(case)
    updated = CaseRecord.objects.filter(pk=row.pk, version=row.version).update(
        content=case.model_dump(mode="json"),
        version=F("version") + 1,
        updated_at=timezone.now(),
        **_sync_columns(row, case),
    )
    if updated != 1:
        raise RowRace()
    row.refresh_from_db()
    _audit(
        actor=actor,
        row=row,
        case_key=row.key,
        action=action,
        object_type=object_type,
        object_id=object_id,
        object_repr=object_repr,
        before=before,
        after=after,
        message=message,
        case_version=row.version,
    )
    return row


# -- cases -------------------------------------------------------------------------------------


def _parse(text: str, filename: str) -> Case:
    try:
        return parse_case(text, filename, limits())
    except CaseFileError as exc:
        lang = current_lang()
        raise ImportError_([e.format(lang) for e in exc.errors]) from exc


@_retry_row_race
@transaction.atomic
def case_create(*, actor: Any, case: Case, message: str = "") -> CaseRecord:
    """Create a case from a validated :class:`Case`; the actor becomes its utredare."""
    if not getattr(actor, "is_authenticated", False):
        raise PermissionDenied
    case = _validated(case)
    if CaseRecord.objects.filter(key=case.case.id).exists():
        raise ServiceError([_("Det finns redan ett ärende med id %(id)s.") % {"id": case.case.id}])
    row = CaseRecord.objects.create(
        key=case.case.id,
        content=case.model_dump(mode="json"),
        created_by=actor,
        **_sync_columns(CaseRecord(), case),
    )
    Membership.objects.create(case=row, user=actor, role=Role.UTREDARE)
    _audit(
        actor=actor,
        row=row,
        case_key=row.key,
        action=Action.CREATE,
        object_type="case",
        object_id=row.key,
        object_repr=row.title,
        before=None,
        after=case,
        message=message or _("Ärendet skapades."),
        case_version=row.version,
    )
    return row


def case_import_new(*, actor: Any, text: str, filename: str) -> CaseRecord:
    """Create a case from case-file text; nothing is stored unless the whole file validates."""
    case = _parse(text, filename)
    return case_create(
        actor=actor, case=case, message=_("Importerad från %(file)s.") % {"file": filename}
    )


@_retry_row_race
@transaction.atomic
def case_import(
    *, actor: Any, record: CaseRecord, text: str, filename: str, expected_version: int
) -> CaseRecord:
    """Replace a case's whole content with a case file, in one transaction.

    The file must validate completely and carry the same case id; ``expected_version`` is
    the case version the user saw (a newer one raises :class:`ConflictError`).
    """
    _require(actor, record, EDIT)
    new = _parse(text, filename)
    row, old = _fresh(record)
    if row.version != expected_version:
        raise ConflictError(current={"version": row.version})
    if new.case.id != row.key:
        raise ImportError_(
            [
                _("Filen gäller ärendet %(file_id)s, inte %(case_id)s.")
                % {"file_id": new.case.id, "case_id": row.key}
            ]
        )
    return _commit(
        actor=actor,
        row=row,
        case=new,
        action=Action.IMPORT,
        object_type="case",
        object_id=row.key,
        object_repr=new.case.title,
        before=old,
        after=new,
        message=_("Hela ärendet ersattes från %(file)s.") % {"file": filename},
    )


@_retry_row_race
@transaction.atomic
def case_info_update(
    *, actor: Any, record: CaseRecord, data: dict[str, Any], base: str
) -> CaseRecord:
    """Change the case's own information (title, directive, deadline …); ``id`` stays."""
    _require(actor, record, EDIT)
    row, case = _fresh(record)
    if token(case.case) != base:
        raise ConflictError(current=case.case)
    try:
        info = CaseInfo.model_validate({**data, "id": case.case.id})
    except PydanticValidationError as exc:
        raise ServiceError(_pydantic_messages(exc)) from exc
    before = case.case
    case = case.model_copy(update={"case": info})
    return _commit(
        actor=actor,
        row=row,
        case=case,
        action=Action.UPDATE,
        object_type="case",
        object_id=row.key,
        object_repr=info.title,
        before=before,
        after=info,
        message=_("Ärendeuppgifterna ändrades."),
    )


# -- memberships -------------------------------------------------------------------------------


@_retry_row_race
@transaction.atomic
def membership_set(*, actor: Any, record: CaseRecord, user: Any, role: str) -> Membership:
    """Give ``user`` a role in the case (or change it).  Needs the utredare role."""
    _require(actor, record, MEMBERS)
    if role not in ROLE_PERMISSIONS:
        raise ServiceError([_("Okänd roll: %(role)s") % {"role": role}])
    existing = Membership.objects.filter(case=record, user=user).first()
    before = {"user": user.get_username(), "role": existing.role} if existing else None
    membership, _created = Membership.objects.update_or_create(
        case=record, user=user, defaults={"role": role}
    )
    _audit(
        actor=actor,
        row=record,
        case_key=record.key,
        action=Action.UPDATE if existing else Action.CREATE,
        object_type="membership",
        object_id=user.get_username(),
        object_repr=f"{user.get_username()}: {membership.get_role_display()}",
        before=before,
        after={"user": user.get_username(), "role": role},
        message=_("Roll i ärendet satt."),
        case_version=record.version,
    )
    return membership


@_retry_row_race
@transaction.atomic
def membership_remove(*, actor: Any, record: CaseRecord, user: Any) -> None:
    _require(actor, record, MEMBERS)
    existing = Membership.objects.filter(case=record, user=user).first()
    if existing is None:
        return
    if (
        existing.role == Role.UTREDARE
        and Membership.objects.filter(case=record, role=Role.UTREDARE).count() == 1
    ):
        raise ServiceError([_("Ärendet måste ha minst en utredare.")])
    existing.delete()
    _audit(
        actor=actor,
        row=record,
        case_key=record.key,
        action=Action.DELETE,
        object_type="membership",
        object_id=user.get_username(),
        object_repr=user.get_username(),
        before={"user": user.get_username(), "role": existing.role},
        after=None,
        message=_("Rollen i ärendet togs bort."),
        case_version=record.version,
    )


# -- the baseline organisation -----------------------------------------------------------------

ORG_KINDS: dict[str, tuple[str, type[Model]]] = {
    "unit": ("units", Unit),
    "administration": ("administrations", Administration),
    "committee": ("committees", Committee),
    "service_area": ("service_areas", ServiceArea),
}


def _kind_word(kind: str) -> str:
    return {
        "unit": _("Enheten"),
        "administration": _("Förvaltningen"),
        "committee": _("Nämnden"),
        "service_area": _("Verksamhetsområdet"),
    }[kind]


@_retry_row_race
@transaction.atomic
def _org_object_save(
    *,
    actor: Any,
    record: CaseRecord,
    kind: str,
    obj_id: str | None,
    data: dict[str, Any],
    base: str,
) -> CaseRecord:
    _require(actor, record, EDIT)
    attr, model = ORG_KINDS[kind]
    row, case = _fresh(record)
    items: list[Any] = list(getattr(case.baseline, attr))
    index = next((i for i, o in enumerate(items) if o.id == obj_id), None) if obj_id else None
    old = items[index] if index is not None else None
    if obj_id and old is None:
        raise ConflictError(current=None)
    if old is not None and token(old) != base:
        raise ConflictError(current=old)
    try:
        new = model.model_validate({**data, "id": obj_id} if obj_id else data)
    except PydanticValidationError as exc:
        raise ServiceError(_pydantic_messages(exc)) from exc
    if index is None:
        if any(o.id == new.id for o in items):  # type: ignore[attr-defined]
            raise ServiceError(
                [_("Id %(id)s används redan.") % {"id": new.id}]  # type: ignore[attr-defined]
            )
        items.append(new)
    else:
        items[index] = new
    baseline = case.baseline.model_copy(update={attr: items})
    case = case.model_copy(update={"baseline": baseline})
    name = new.name  # type: ignore[attr-defined]
    return _commit(
        actor=actor,
        row=row,
        case=case,
        action=Action.CREATE if old is None else Action.UPDATE,
        object_type=kind,
        object_id=new.id,  # type: ignore[attr-defined]
        object_repr=name,
        before=old,
        after=new,
        message=(
            _("%(kind)s %(name)s lades till.") if old is None else _("%(kind)s %(name)s ändrades.")
        )
        % {"kind": _kind_word(kind), "name": name},
    )


@_retry_row_race
@transaction.atomic
def _org_object_delete(
    *, actor: Any, record: CaseRecord, kind: str, obj_id: str, base: str
) -> CaseRecord:
    _require(actor, record, EDIT)
    attr, _model = ORG_KINDS[kind]
    row, case = _fresh(record)
    items = list(getattr(case.baseline, attr))
    old = next((o for o in items if o.id == obj_id), None)
    if old is None or token(old) != base:
        raise ConflictError(current=old)
    if kind == "unit" and case.baseline.children(obj_id):
        raise ServiceError([_("Enheten har underenheter; flytta eller ta bort dem först.")])
    if kind == "administration" and any(u.administration == obj_id for u in case.baseline.units):
        raise ServiceError([_("Förvaltningen har enheter; flytta dem först.")])
    items.remove(old)
    case = case.model_copy(update={"baseline": case.baseline.model_copy(update={attr: items})})
    return _commit(
        actor=actor,
        row=row,
        case=case,
        action=Action.DELETE,
        object_type=kind,
        object_id=obj_id,
        object_repr=old.name,
        before=old,
        after=None,
        message=_("%(kind)s %(name)s togs bort.") % {"kind": _kind_word(kind), "name": old.name},
    )


def unit_save(
    *, actor: Any, record: CaseRecord, unit_id: str | None, data: dict[str, Any], base: str = ""
) -> CaseRecord:
    """Add a unit (``unit_id`` None) or change/move one in the baseline."""
    return _org_object_save(
        actor=actor, record=record, kind="unit", obj_id=unit_id, data=data, base=base
    )


def unit_delete(*, actor: Any, record: CaseRecord, unit_id: str, base: str) -> CaseRecord:
    return _org_object_delete(actor=actor, record=record, kind="unit", obj_id=unit_id, base=base)


def administration_save(
    *, actor: Any, record: CaseRecord, adm_id: str | None, data: dict[str, Any], base: str = ""
) -> CaseRecord:
    return _org_object_save(
        actor=actor, record=record, kind="administration", obj_id=adm_id, data=data, base=base
    )


def administration_delete(*, actor: Any, record: CaseRecord, adm_id: str, base: str) -> CaseRecord:
    return _org_object_delete(
        actor=actor, record=record, kind="administration", obj_id=adm_id, base=base
    )


def committee_save(
    *,
    actor: Any,
    record: CaseRecord,
    committee_id: str | None,
    data: dict[str, Any],
    base: str = "",
) -> CaseRecord:
    """Add or change a committee, including its mandate (reglemente)."""
    return _org_object_save(
        actor=actor, record=record, kind="committee", obj_id=committee_id, data=data, base=base
    )


def committee_delete(*, actor: Any, record: CaseRecord, committee_id: str, base: str) -> CaseRecord:
    return _org_object_delete(
        actor=actor, record=record, kind="committee", obj_id=committee_id, base=base
    )


def service_area_save(
    *, actor: Any, record: CaseRecord, area_id: str | None, data: dict[str, Any], base: str = ""
) -> CaseRecord:
    return _org_object_save(
        actor=actor, record=record, kind="service_area", obj_id=area_id, data=data, base=base
    )


def service_area_delete(*, actor: Any, record: CaseRecord, area_id: str, base: str) -> CaseRecord:
    return _org_object_delete(
        actor=actor, record=record, kind="service_area", obj_id=area_id, base=base
    )


@_retry_row_race
@transaction.atomic
def organisation_replace(
    *, actor: Any, record: CaseRecord, organisation: Any, base: str, source: str
) -> CaseRecord:
    """Replace the whole baseline organisation (the Excel import); all or nothing."""
    _require(actor, record, EDIT)
    row, case = _fresh(record)
    if token(case.baseline) != base:
        raise ConflictError(current=None)
    before = case.baseline
    case = case.model_copy(update={"baseline": organisation})
    return _commit(
        actor=actor,
        row=row,
        case=case,
        action=Action.IMPORT,
        object_type="organisation",
        object_id="baseline",
        object_repr=_("Organisationen (nuläge)"),
        before=before,
        after=organisation,
        message=_("Organisationen ersattes från %(file)s.") % {"file": source},
    )


# -- alternatives and their operations ---------------------------------------------------------

_operation_adapter: TypeAdapter[Any] = TypeAdapter(Operation)


def parse_operation(data: dict[str, Any]) -> Any:
    """A typed operation from form data; raises ServiceError with the field problems."""
    try:
        return _operation_adapter.validate_python(data)
    except PydanticValidationError as exc:
        raise ServiceError(_pydantic_messages(exc)) from exc


def _alt_index(case: Case, alt_id: str) -> int:
    for i, alt in enumerate(case.alternatives):
        if alt.id == alt_id:
            return i
    raise ConflictError(current=None)


def _replace_alt(case: Case, index: int, alt: Alternative) -> Case:
    alts = list(case.alternatives)
    alts[index] = alt
    return case.model_copy(update={"alternatives": alts})


@_retry_row_race
@transaction.atomic
def alternative_create(
    *,
    actor: Any,
    record: CaseRecord,
    alt_id: str,
    name: str,
    description: str = "",
    based_on: str | None = None,
) -> CaseRecord:
    _require(actor, record, EDIT)
    row, case = _fresh(record)
    if alt_id == BASELINE_ID or case.alternative(alt_id) is not None:
        raise ServiceError([_("Id %(id)s används redan.") % {"id": alt_id}])
    try:
        alt = Alternative(
            id=alt_id,
            name=name,
            description=description,
            based_on=based_on if based_on and based_on != BASELINE_ID else None,
        )
    except PydanticValidationError as exc:
        raise ServiceError(_pydantic_messages(exc)) from exc
    case = case.model_copy(update={"alternatives": [*case.alternatives, alt]})
    return _commit(
        actor=actor,
        row=row,
        case=case,
        action=Action.CREATE,
        object_type="alternative",
        object_id=alt_id,
        object_repr=name,
        before=None,
        after=alt,
        message=_("Alternativet %(name)s skapades.") % {"name": name},
    )


def _alt_write(
    *,
    actor: Any,
    record: CaseRecord,
    alt_id: str,
    base: str,
    change: Callable[[Alternative], Alternative],
    message: Callable[[Alternative], str],
) -> CaseRecord:
    _require(actor, record, EDIT)
    row, case = _fresh(record)
    index = _alt_index(case, alt_id)
    old = case.alternatives[index]
    if token(old) != base:
        raise ConflictError(current=old)
    new = change(old)
    return _commit(
        actor=actor,
        row=row,
        case=_replace_alt(case, index, new),
        action=Action.UPDATE,
        object_type="alternative",
        object_id=alt_id,
        object_repr=new.name,
        before=old,
        after=new,
        message=message(new),
    )


@_retry_row_race
@transaction.atomic
def alternative_update(
    *, actor: Any, record: CaseRecord, alt_id: str, name: str, description: str, base: str
) -> CaseRecord:
    return _alt_write(
        actor=actor,
        record=record,
        alt_id=alt_id,
        base=base,
        change=lambda a: a.model_copy(update={"name": name, "description": description}),
        message=lambda a: _("Alternativet %(name)s ändrades.") % {"name": a.name},
    )


@_retry_row_race
@transaction.atomic
def alternative_delete(*, actor: Any, record: CaseRecord, alt_id: str, base: str) -> CaseRecord:
    _require(actor, record, EDIT)
    row, case = _fresh(record)
    index = _alt_index(case, alt_id)
    old = case.alternatives[index]
    if token(old) != base:
        raise ConflictError(current=old)
    alts = [a for a in case.alternatives if a.id != alt_id]
    return _commit(
        actor=actor,
        row=row,
        case=case.model_copy(update={"alternatives": alts}),
        action=Action.DELETE,
        object_type="alternative",
        object_id=alt_id,
        object_repr=old.name,
        before=old,
        after=None,
        message=_("Alternativet %(name)s togs bort.") % {"name": old.name},
    )


def operation_check(case: Case, alt_id: str, operation: Any) -> Any:
    """The alternative's organisation with ``operation`` appended; raises ServiceError."""
    alt = case.alternative(alt_id)
    if alt is None:
        raise ConflictError(current=None)
    try:
        before = case.organisation(alt_id)
        return apply_operations(before, [operation], alt_id, start_index=len(alt.operations))
    except AlternativeError as exc:
        message = exc.cause.message(current_lang())
        raise ServiceError([message[:1].upper() + message[1:]]) from exc


@_retry_row_race
@transaction.atomic
def operation_add(
    *, actor: Any, record: CaseRecord, alt_id: str, data: dict[str, Any], base: str
) -> CaseRecord:
    """Append a change operation to an alternative (it must apply to the organisation)."""
    _require(actor, record, EDIT)
    operation = parse_operation(data)
    _row, case = _fresh(record)
    operation_check(case, alt_id, operation)
    return _alt_write(
        actor=actor,
        record=record,
        alt_id=alt_id,
        base=base,
        change=lambda a: a.model_copy(update={"operations": [*a.operations, operation]}),
        message=lambda a: (
            _("Ändring %(op)s lades till i %(name)s.") % {"op": operation.op, "name": a.name}
        ),
    )


@_retry_row_race
@transaction.atomic
def operation_remove(
    *, actor: Any, record: CaseRecord, alt_id: str, index: int, base: str
) -> CaseRecord:
    """Remove the operation at ``index``; later operations must still apply."""

    def change(a: Alternative) -> Alternative:
        if not 0 <= index < len(a.operations):
            raise ConflictError(current=a)
        ops = [op for i, op in enumerate(a.operations) if i != index]
        return a.model_copy(update={"operations": ops})

    return _alt_write(
        actor=actor,
        record=record,
        alt_id=alt_id,
        base=base,
        change=change,
        message=lambda a: _("En ändring togs bort från %(name)s.") % {"name": a.name},
    )


# -- interactions ------------------------------------------------------------------------------


def _case_list_replace(
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
    _require(actor, record, permission)
    row, case = _fresh(record)
    before = getattr(case, field)
    if token(before) != base:
        raise ConflictError(current=before)
    after = list(items) if isinstance(items, list | tuple) else items
    case = case.model_copy(update={field: after})
    return _commit(
        actor=actor,
        row=row,
        case=case,
        action=action,
        object_type=field,
        object_id=field,
        object_repr=object_repr,
        before=before,
        after=after,
        message=message,
    )


# -- items of the case's process lists (remiss, SWOT, costs, decisions, audit, goals …) ---------


@dataclass(frozen=True)
class ItemKind:
    """One list of the case whose items are edited one at a time in the web app.

    ``key`` is the attribute that identifies an item in the list (``id`` for most;
    ``alternative`` for SWOT, one per alternative; ``item`` for checklist entries).
    ``word`` is the Swedish noun with its article ("Remissen") used in messages;
    ``name`` gives an item's display name.
    """

    field: str
    model: type[Model]
    key: str
    word: Callable[[], str]
    name: Callable[[Any], str]


def _first_text(*attrs: str) -> Callable[[Any], str]:
    def name(item: Any) -> str:
        for attr in attrs:
            value = getattr(item, attr, None)
            if value:
                text = str(value)
                return text if len(text) <= 80 else text[:77] + "…"
        return str(getattr(item, "id", ""))

    return name


ITEM_KINDS: dict[str, ItemKind] = {
    kind.field: kind
    for kind in (
        ItemKind("remisses", process.Remiss, "id", lambda: _("Remissen"), _first_text("title")),
        ItemKind(
            "swot",
            process.Swot,
            "alternative",
            lambda: _("SWOT-analysen"),
            _first_text("title", "alternative"),
        ),
        ItemKind(
            "costs", process.CostLine, "id", lambda: _("Kostnadsposten"), _first_text("label")
        ),
        ItemKind(
            "decisions",
            process.Decision,
            "id",
            lambda: _("Beslutet"),
            _first_text("paragraph", "title", "body"),
        ),
        ItemKind(
            "audit_recommendations",
            process.AuditRecommendation,
            "id",
            lambda: _("Rekommendationen"),
            _first_text("text"),
        ),
        ItemKind(
            "responsibilities",
            process.ResponsibilityArea,
            "id",
            lambda: _("Ansvarsområdet"),
            _first_text("name"),
        ),
        ItemKind("goals", process.Goal, "id", lambda: _("Målet"), _first_text("text")),
        ItemKind(
            "checklist",
            process.ChecklistEntry,
            "item",
            lambda: _("Checklistepunkten"),
            _first_text("item"),
        ),
    )
}


def item_token(case: Case, field: str, item_id: str | None) -> str:
    """Version token of one item of a process list ("" when there is no such item)."""
    kind = ITEM_KINDS[field]
    item = next((o for o in getattr(case, field) if getattr(o, kind.key) == item_id), None)
    return token(item) if item is not None else ""


@_retry_row_race
@transaction.atomic
def case_item_save(
    *,
    actor: Any,
    record: CaseRecord,
    field: str,
    item_id: str | None,
    data: dict[str, Any] | BaseModel,
    base: str = "",
    permission: str = EDIT,
) -> CaseRecord:
    """Add (``item_id`` None) or change one item of a process list of the case.

    ``data`` is the item as a dict (validated here) or an already built model.  When
    ``item_id`` is given the item's key cannot change and ``base`` must be the token of the
    item the user saw; a new item's key must be unused.  The whole case is validated before
    anything is stored, and the change is audited with the item before and after.
    """
    kind = ITEM_KINDS[field]
    _require(actor, record, permission)
    row, case = _fresh(record)
    items: list[Any] = list(getattr(case, field))
    index = (
        next((i for i, o in enumerate(items) if getattr(o, kind.key) == item_id), None)
        if item_id is not None
        else None
    )
    old = items[index] if index is not None else None
    if item_id is not None and old is None:
        raise ConflictError(current=None)
    if old is not None and token(old) != base:
        raise ConflictError(current=old)
    raw = data.model_dump(mode="json") if isinstance(data, BaseModel) else dict(data)
    if item_id is not None:
        raw[kind.key] = item_id
    try:
        new = kind.model.model_validate(raw)
    except PydanticValidationError as exc:
        raise ServiceError(_pydantic_messages(exc)) from exc
    new_key = getattr(new, kind.key)
    if index is None:
        if any(getattr(o, kind.key) == new_key for o in items):
            raise ServiceError([_("Id %(id)s används redan.") % {"id": new_key}])
        items.append(new)
    else:
        items[index] = new
    name = kind.name(new)
    return _commit(
        actor=actor,
        row=row,
        case=case.model_copy(update={field: items}),
        action=Action.CREATE if old is None else Action.UPDATE,
        object_type=field,
        object_id=str(new_key),
        object_repr=name,
        before=old,
        after=new,
        message=(
            _("%(kind)s %(name)s lades till.") if old is None else _("%(kind)s %(name)s ändrades.")
        )
        % {"kind": kind.word(), "name": name},
    )


@_retry_row_race
@transaction.atomic
def case_item_delete(
    *, actor: Any, record: CaseRecord, field: str, item_id: str, base: str
) -> CaseRecord:
    """Remove one item of a process list (``base``: the token of the item the user saw)."""
    kind = ITEM_KINDS[field]
    _require(actor, record, EDIT)
    row, case = _fresh(record)
    items: list[Any] = list(getattr(case, field))
    old = next((o for o in items if getattr(o, kind.key) == item_id), None)
    if old is None or token(old) != base:
        raise ConflictError(current=old)
    items.remove(old)
    name = kind.name(old)
    return _commit(
        actor=actor,
        row=row,
        case=case.model_copy(update={field: items}),
        action=Action.DELETE,
        object_type=field,
        object_id=item_id,
        object_repr=name,
        before=old,
        after=None,
        message=_("%(kind)s %(name)s togs bort.") % {"kind": kind.word(), "name": name},
    )


@_retry_row_race
@transaction.atomic
def interactions_replace(
    *,
    actor: Any,
    record: CaseRecord,
    interactions: list[Interaction],
    base: str,
    message: str,
    action: str = Action.UPDATE,
) -> CaseRecord:
    """Replace the case's interaction list (table editor and CSV upload)."""
    return _case_list_replace(
        actor=actor,
        record=record,
        field="interactions",
        items=interactions,
        base=base,
        message=message,
        object_repr=_("Samverkan (%(n)d rader)") % {"n": len(interactions)},
        action=action,
    )


def interaction_save(
    *, actor: Any, record: CaseRecord, index: int | None, data: dict[str, Any], base: str
) -> CaseRecord:
    """Add (``index`` None) or change one interaction row."""
    case = load(CaseRecord.objects.get(pk=record.pk))
    try:
        new = Interaction.model_validate(data)
    except PydanticValidationError as exc:
        raise ServiceError(_pydantic_messages(exc)) from exc
    rows = list(case.interactions)
    if index is None:
        rows.append(new)
        message = _("En samverkansrad lades till.")
    else:
        if not 0 <= index < len(rows):
            raise ConflictError(current=case.interactions)
        rows[index] = new
        message = _("En samverkansrad ändrades.")
    return interactions_replace(
        actor=actor, record=record, interactions=rows, base=base, message=message
    )


def interaction_delete(*, actor: Any, record: CaseRecord, index: int, base: str) -> CaseRecord:
    case = load(CaseRecord.objects.get(pk=record.pk))
    if not 0 <= index < len(case.interactions):
        raise ConflictError(current=case.interactions)
    rows = [r for i, r in enumerate(case.interactions) if i != index]
    return interactions_replace(
        actor=actor,
        record=record,
        interactions=rows,
        base=base,
        message=_("En samverkansrad togs bort."),
    )


# -- citizen journeys --------------------------------------------------------------------------


@_retry_row_race
@transaction.atomic
def journeys_replace(
    *, actor: Any, record: CaseRecord, journeys: list[Journey], base: str, message: str
) -> CaseRecord:
    """Replace the case's list of citizen journeys (kedjor)."""
    return _case_list_replace(
        actor=actor,
        record=record,
        field="journeys",
        items=journeys,
        base=base,
        message=message,
        object_repr=_("Kedjor (%(n)d)") % {"n": len(journeys)},
    )


def journey_save(
    *, actor: Any, record: CaseRecord, journey_id: str | None, data: dict[str, Any], base: str
) -> CaseRecord:
    """Add a journey (``journey_id`` None) or change one; steps are unit ids in order."""
    case = load(CaseRecord.objects.get(pk=record.pk))
    try:
        new = Journey.model_validate({**data, "id": journey_id} if journey_id else data)
    except PydanticValidationError as exc:
        raise ServiceError(_pydantic_messages(exc)) from exc
    rows = list(case.journeys)
    index = next((i for i, j in enumerate(rows) if j.id == journey_id), None)
    if journey_id is None:
        if any(j.id == new.id for j in rows):
            raise ServiceError([_("Id %(id)s används redan.") % {"id": new.id}])
        rows.append(new)
        message = _("Kedjan %(name)s lades till.") % {"name": new.name}
    else:
        if index is None:
            raise ConflictError(current=case.journeys)
        rows[index] = new
        message = _("Kedjan %(name)s ändrades.") % {"name": new.name}
    return journeys_replace(actor=actor, record=record, journeys=rows, base=base, message=message)


def journey_delete(*, actor: Any, record: CaseRecord, journey_id: str, base: str) -> CaseRecord:
    case = load(CaseRecord.objects.get(pk=record.pk))
    old = next((j for j in case.journeys if j.id == journey_id), None)
    if old is None:
        raise ConflictError(current=case.journeys)
    rows = [j for j in case.journeys if j.id != journey_id]
    return journeys_replace(
        actor=actor,
        record=record,
        journeys=rows,
        base=base,
        message=_("Kedjan %(name)s togs bort.") % {"name": old.name},
    )
