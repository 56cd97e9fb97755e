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

from collections.abc import Callable
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _
from pydantic import BaseModel, TypeAdapter
from pydantic import ValidationError as PydanticValidationError

from oversyn.core.case import BASELINE_ID, Alternative, Case, CaseInfo
from oversyn.core.errors import AlternativeError
from oversyn.core.model import (
    Administration,
    Committee,
    Interaction,
    Journey,
    ServiceArea,
    Unit,
)
from oversyn.core.operations import Operation, apply_operations
from oversyn.web.cases.models import Action, CaseRecord, Membership, Role
from oversyn.web.platform import audit, registry
from oversyn.web.platform.actions import Change, check_token, run
from oversyn.web.platform.errors import ConflictError, ImportError_, RowRace, ServiceError
from oversyn.web.platform.lang import current_lang
from oversyn.web.platform.messages import pydantic_errors
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
from oversyn.web.platform.repository import (
    fresh,
    load,
    parse,
    retry_row_race,
    sync_columns,
    token,
    validated,
)

User = AbstractBaseUser | AnonymousUser

# The platform's public API, re-exported: callers of ``services`` keep working.
__all__ = [
    "EDIT",
    "MEMBERS",
    "ROLE_PERMISSIONS",
    "SCORE",
    "VIEW",
    "ConflictError",
    "ImportError_",
    "RowRace",
    "ServiceError",
    "can",
    "load",
    "role_of",
    "token",
]


# -- cases -------------------------------------------------------------------------------------


@retry_row_race
@transaction.atomic
def case_create(*, actor: Any, case: Case, message: str = "") -> CaseRecord:
    """Create a case from a validated :class:`Case`; the actor becomes its utredare."""
    if not getattr(actor, "is_authenticated", False):
        raise PermissionDenied
    case = validated(case)
    if CaseRecord.objects.filter(key=case.case.id).exists():
        raise ServiceError([_("Det finns redan ett ärende med id %(id)s.") % {"id": case.case.id}])
    row = CaseRecord.objects.create(
        key=case.case.id,
        content=case.model_dump(mode="json"),
        created_by=actor,
        **sync_columns(case),
    )
    Membership.objects.create(case=row, user=actor, role=Role.UTREDARE)
    audit.record(
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
    case = parse(text, filename)
    return case_create(
        actor=actor, case=case, message=_("Importerad från %(file)s.") % {"file": filename}
    )


@retry_row_race
@transaction.atomic
def case_import(
    *, actor: Any, record: CaseRecord, text: str, filename: str, expected_version: int
) -> CaseRecord:
    """Replace a case's whole content with a case file, in one transaction.

    The file must validate completely and carry the same case id; ``expected_version`` is
    the case version the user saw (a newer one raises :class:`ConflictError`).
    """
    new = parse(text, filename) if can(actor, record, EDIT) else None

    def execute(old: Case) -> Change:
        assert new is not None  # run() refused a non-editor before execute
        row = CaseRecord.objects.get(pk=record.pk)
        if row.version != expected_version:
            raise ConflictError(current={"version": row.version})
        if new.case.id != row.key:
            raise ImportError_(
                [
                    _("Filen gäller ärendet %(file_id)s, inte %(case_id)s.")
                    % {"file_id": new.case.id, "case_id": row.key}
                ]
            )
        return Change(
            case=new,
            action=Action.IMPORT,
            object_type="case",
            object_id=row.key,
            object_repr=new.case.title,
            before=old,
            after=new,
            message=_("Hela ärendet ersattes från %(file)s.") % {"file": filename},
        )

    return run(actor=actor, record=record, execute=execute)


@retry_row_race
@transaction.atomic
def case_info_update(
    *, actor: Any, record: CaseRecord, data: dict[str, Any], base: str
) -> CaseRecord:
    """Change the case's own information (title, directive, deadline …); ``id`` stays."""

    def execute(case: Case) -> Change:
        check_token(case.case, base)
        try:
            info = CaseInfo.model_validate({**data, "id": case.case.id})
        except PydanticValidationError as exc:
            raise ServiceError(pydantic_errors(exc)) from exc
        return Change(
            case=case.model_copy(update={"case": info}),
            object_type="case",
            object_id=case.case.id,
            object_repr=info.title,
            before=case.case,
            after=info,
            message=_("Ärendeuppgifterna ändrades."),
        )

    return run(actor=actor, record=record, execute=execute)


# -- memberships -------------------------------------------------------------------------------


@retry_row_race
@transaction.atomic
def membership_set(*, actor: Any, record: CaseRecord, user: Any, role: str) -> Membership:
    """Give ``user`` a role in the case (or change it).  Needs the utredare role."""
    require(actor, record, MEMBERS)
    if role not in ROLE_PERMISSIONS:
        raise ServiceError([_("Okänd roll: %(role)s") % {"role": role}])
    existing = Membership.objects.filter(case=record, user=user).first()
    before = {"user": user.get_username(), "role": existing.role} if existing else None
    membership, _created = Membership.objects.update_or_create(
        case=record, user=user, defaults={"role": role}
    )
    audit.record(
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


@retry_row_race
@transaction.atomic
def membership_remove(*, actor: Any, record: CaseRecord, user: Any) -> None:
    require(actor, record, MEMBERS)
    existing = Membership.objects.filter(case=record, user=user).first()
    if existing is None:
        return
    if (
        existing.role == Role.UTREDARE
        and Membership.objects.filter(case=record, role=Role.UTREDARE).count() == 1
    ):
        raise ServiceError([_("Ärendet måste ha minst en utredare.")])
    existing.delete()
    audit.record(
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


def _unit_delete_check(case: Case, unit: Any) -> list[str]:
    if case.baseline.children(unit.id):
        return [_("Enheten har underenheter; flytta eller ta bort dem först.")]
    return []


def _administration_delete_check(case: Case, adm: Any) -> list[str]:
    if any(u.administration == adm.id for u in case.baseline.units):
        return [_("Förvaltningen har enheter; flytta dem först.")]
    return []


_by_name = registry.first_text("name")
UNIT = registry.register(
    registry.ItemKind(
        name="unit",
        model=Unit,
        path=("baseline", "units"),
        label=lambda: _("Enheten"),
        plural=lambda: _("Enheter"),
        display=_by_name,
        object_type="unit",
        delete_check=_unit_delete_check,
        example=lambda case: {
            "id": "registertest",
            "name": "Registertestenheten",
            "administration": case.baseline.administrations[0].id,
        },
        url_name="organisation",
    )
)
ADMINISTRATION = registry.register(
    registry.ItemKind(
        name="administration",
        model=Administration,
        path=("baseline", "administrations"),
        label=lambda: _("Förvaltningen"),
        plural=lambda: _("Förvaltningar"),
        display=_by_name,
        object_type="administration",
        delete_check=_administration_delete_check,
        example=lambda case: {"id": "registertest", "name": "Registertestförvaltningen"},
        url_name="organisation",
    )
)
COMMITTEE = registry.register(
    registry.ItemKind(
        name="committee",
        model=Committee,
        path=("baseline", "committees"),
        label=lambda: _("Nämnden"),
        plural=lambda: _("Nämnder"),
        display=_by_name,
        object_type="committee",
        example=lambda case: {"id": "registertest", "name": "Registertestnämnden"},
        url_name="organisation",
    )
)
SERVICE_AREA = registry.register(
    registry.ItemKind(
        name="service_area",
        model=ServiceArea,
        path=("baseline", "service_areas"),
        label=lambda: _("Verksamhetsområdet"),
        plural=lambda: _("Verksamhetsområden"),
        display=_by_name,
        object_type="service_area",
        example=lambda case: {"id": "registertest", "name": "Registertestområdet"},
        url_name="organisation",
    )
)
ORG_KINDS: dict[str, registry.ItemKind] = {
    k.name: k for k in (UNIT, ADMINISTRATION, COMMITTEE, SERVICE_AREA)
}


def _org_object_save(
    *,
    actor: Any,
    record: CaseRecord,
    kind: str,
    obj_id: str | None,
    data: dict[str, Any],
    base: str,
) -> CaseRecord:
    return registry.item_save(
        actor=actor,
        record=record,
        kind=ORG_KINDS[kind],
        item_id=obj_id or None,
        data=data,
        base=base,
    )


def _org_object_delete(
    *, actor: Any, record: CaseRecord, kind: str, obj_id: str, base: str
) -> CaseRecord:
    return registry.item_delete(
        actor=actor, record=record, kind=ORG_KINDS[kind], item_id=obj_id, base=base
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


@retry_row_race
@transaction.atomic
def organisation_replace(
    *, actor: Any, record: CaseRecord, organisation: Any, base: str, source: str
) -> CaseRecord:
    """Replace the whole baseline organisation (the Excel import); all or nothing."""

    def execute(case: Case) -> Change:
        if token(case.baseline) != base:
            raise ConflictError(current=None)
        return Change(
            case=case.model_copy(update={"baseline": organisation}),
            action=Action.IMPORT,
            object_type="organisation",
            object_id="baseline",
            object_repr=_("Organisationen (nuläge)"),
            before=case.baseline,
            after=organisation,
            message=_("Organisationen ersattes från %(file)s.") % {"file": source},
        )

    return run(actor=actor, record=record, execute=execute)


# -- alternatives and their operations ---------------------------------------------------------

_operation_adapter: TypeAdapter[Any] = TypeAdapter(Operation)


def parse_operation(data: dict[str, Any]) -> Any:
    """A typed operation from form data; raises ServiceError with the field problems."""
    try:
        return _operation_adapter.validate_python(data)
    except PydanticValidationError as exc:
        raise ServiceError(pydantic_errors(exc)) from exc


def _alt_index(case: Case, alt_id: str) -> int:
    for i, alt in enumerate(case.alternatives):
        if alt.id == alt_id:
            return i
    raise ConflictError(current=None)


def _replace_alt(case: Case, index: int, alt: Alternative) -> Case:
    alts = list(case.alternatives)
    alts[index] = alt
    return case.model_copy(update={"alternatives": alts})


@retry_row_race
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
    def execute(case: Case) -> Change:
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
            raise ServiceError(pydantic_errors(exc)) from exc
        return Change(
            case=case.model_copy(update={"alternatives": [*case.alternatives, alt]}),
            action=Action.CREATE,
            object_type="alternative",
            object_id=alt_id,
            object_repr=name,
            before=None,
            after=alt,
            message=_("Alternativet %(name)s skapades.") % {"name": name},
        )

    return run(actor=actor, record=record, execute=execute)


def _alt_write(
    *,
    actor: Any,
    record: CaseRecord,
    alt_id: str,
    base: str,
    change: Callable[[Alternative], Alternative],
    message: Callable[[Alternative], str],
) -> CaseRecord:
    def execute(case: Case) -> Change:
        index = _alt_index(case, alt_id)
        old = case.alternatives[index]
        check_token(old, base)
        new = change(old)
        return Change(
            case=_replace_alt(case, index, new),
            object_type="alternative",
            object_id=alt_id,
            object_repr=new.name,
            before=old,
            after=new,
            message=message(new),
        )

    return run(actor=actor, record=record, execute=execute)


@retry_row_race
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


@retry_row_race
@transaction.atomic
def alternative_delete(*, actor: Any, record: CaseRecord, alt_id: str, base: str) -> CaseRecord:
    def execute(case: Case) -> Change:
        old = case.alternatives[_alt_index(case, alt_id)]
        check_token(old, base)
        return Change(
            case=case.model_copy(
                update={"alternatives": [a for a in case.alternatives if a.id != alt_id]}
            ),
            action=Action.DELETE,
            object_type="alternative",
            object_id=alt_id,
            object_repr=old.name,
            before=old,
            after=None,
            message=_("Alternativet %(name)s togs bort.") % {"name": old.name},
        )

    return run(actor=actor, record=record, execute=execute)


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


@retry_row_race
@transaction.atomic
def operation_add(
    *, actor: Any, record: CaseRecord, alt_id: str, data: dict[str, Any], base: str
) -> CaseRecord:
    """Append a change operation to an alternative (it must apply to the organisation)."""
    require(actor, record, EDIT)
    operation = parse_operation(data)
    _row, case = fresh(record)
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


@retry_row_race
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


# -- items of the case's process lists (remiss, SWOT, costs, decisions, audit, goals …) ---------


def item_token(case: Case, field: str, item_id: str | None) -> str:
    """Version token of one item of a process list ("" when there is no such item)."""
    return registry.item_token(case, registry.by_path(field), item_id)


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
    """Add (``item_id`` None) or change one item of the case's list ``field`` (the kind
    registered for it): :func:`oversyn.web.platform.registry.item_save`."""
    return registry.item_save(
        actor=actor,
        record=record,
        kind=registry.by_path(field),
        item_id=item_id,
        data=data,
        base=base,
        permission=permission,
    )


def case_item_delete(
    *, actor: Any, record: CaseRecord, field: str, item_id: str, base: str
) -> CaseRecord:
    """Remove one item of the case's list ``field`` (``base``: the token the user saw)."""
    return registry.item_delete(
        actor=actor, record=record, kind=registry.by_path(field), item_id=item_id, base=base
    )


@retry_row_race
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
    return case_part_replace(
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
        raise ServiceError(pydantic_errors(exc)) from exc
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


@retry_row_race
@transaction.atomic
def journeys_replace(
    *, actor: Any, record: CaseRecord, journeys: list[Journey], base: str, message: str
) -> CaseRecord:
    """Replace the case's list of citizen journeys (kedjor)."""
    return case_part_replace(
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
        raise ServiceError(pydantic_errors(exc)) from exc
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
