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

from oversyn.core.case import Case, CaseInfo
from oversyn.io.municipalities import municipality_name
from oversyn.web.cases.models import Action, CaseRecord, Membership, Municipality, Role
from oversyn.web.platform import audit, revisions
from oversyn.web.platform.actions import Change, check_token, run
from oversyn.web.platform.errors import ConflictError, ImportError_, ServiceError
from oversyn.web.platform.messages import validated_or_refused
from oversyn.web.platform.permissions import (
    EDIT,
    MEMBERS,
    ROLE_PERMISSIONS,
    can,
    require,
    require_create,
)
from oversyn.web.platform.repository import (
    parse,
    retry_row_race,
    sync_columns,
    validated,
)

User = AbstractBaseUser | AnonymousUser


# -- cases -------------------------------------------------------------------------------------


def municipality_for(case: Case, *, create: bool = False) -> Municipality | None:
    """The stored municipality a case names (by kommunkod, else by name among those without a
    code); with ``create``, a missing one is stored (named from the case, or from SCB's list)."""
    info = case.case.municipality
    if info.code:
        found = Municipality.objects.filter(code=info.code).first()
        if found is None and create:
            found = Municipality.objects.create(
                code=info.code, name=info.name or municipality_name(info.code) or info.code
            )
        return found
    found = Municipality.objects.filter(code__isnull=True, name=info.name).first()
    if found is None and create:
        found = Municipality.objects.create(code=None, name=info.name)
    return found


def _address(case_id: str, municipality: Municipality) -> str:
    """The case's URL address: its id, or ``<id>~<kommunkod>`` if another case has the id."""
    if not CaseRecord.objects.filter(key=case_id).exists():
        return case_id
    return f"{case_id}~{municipality.slug}"


@retry_row_race
@transaction.atomic
def case_create(
    *, actor: Any, case: Case, message: str = "", municipality: Municipality | None = None
) -> CaseRecord:
    """Create a case from a validated :class:`Case` in ``municipality`` (default: the one the
    case names); the actor becomes its utredare.

    Needs a creating role for the municipality (:func:`can_create_case`); only a global creator
    (staff) may create a case for a municipality that is not stored yet.  The case id must be
    new within the municipality.
    """
    if not getattr(actor, "is_authenticated", False):
        raise PermissionDenied
    case = validated(case)
    owner = municipality or municipality_for(case)
    require_create(actor, owner, case.case.municipality.name)
    if owner is None:
        owner = municipality_for(case, create=True)
    assert owner is not None
    if CaseRecord.objects.filter(owner=owner, case_id=case.case.id).exists():
        raise ServiceError(
            [
                _("Det finns redan ett ärende med id %(id)s i %(municipality)s.")
                % {"id": case.case.id, "municipality": owner.name}
            ]
        )
    key = _address(case.case.id, owner)
    if CaseRecord.objects.filter(key=key).exists():
        raise ServiceError([_("Det finns redan ett ärende med id %(id)s.") % {"id": key}])
    content = case.model_dump(mode="json")
    row = CaseRecord.objects.create(
        key=key,
        case_id=case.case.id,
        owner=owner,
        content=content,
        created_by=actor,
        **sync_columns(case),
    )
    Membership.objects.create(case=row, user=actor, role=Role.UTREDARE)
    entry = audit.of_row(
        actor=actor,
        row=row,
        action=Action.CREATE,
        object_type="case",
        object_id=row.case_id,
        object_repr=row.title,
        before=None,
        after=case,
        message=message or _("Ärendet skapades."),
    )
    revisions.store(row=row, content=content, audit=entry)
    return row


def case_new(
    *,
    actor: Any,
    spec: Any,
    baseline: Any = None,
    municipality: Municipality | None = None,
    source: str = "",
) -> CaseRecord:
    """Create a case from the new-case form (:class:`oversyn.core.newcase.NewCase`): the core
    builds it (id from the title, unique in the municipality; the deadline read; the starting
    organisation), then :func:`case_create` checks the creating role, validates, stores the
    case with its first revision and writes the audit record, all in one transaction.

    Refusals are :class:`NewCaseRefused` with the core's located problems (field → message)."""
    from oversyn.core.newcase import NewCaseError, build_new_case
    from oversyn.io.municipalities import MUNICIPALITIES
    from oversyn.web.platform.lang import current_lang

    owner = municipality
    if owner is None and spec.municipality_code:
        owner = Municipality.objects.filter(code=spec.municipality_code).first()
    taken = (
        set(CaseRecord.objects.filter(owner=owner).values_list("case_id", flat=True))
        if owner is not None
        else set()
    )
    try:
        case = build_new_case(spec, baseline, taken_ids=taken, known_codes=MUNICIPALITIES)
    except NewCaseError as exc:
        lang = current_lang()
        raise NewCaseRefused({p.field: p.message(lang) for p in exc.problems}) from exc
    start = {"skeleton": _("typisk kommunorganisation"), "empty": _("tom organisation")}
    message = _("Ärendet skapades i webben (%(start)s).") % {
        "start": source or start.get(spec.start, spec.start)
    }
    return case_create(actor=actor, case=case, message=message, municipality=owner)


class NewCaseRefused(ServiceError):
    """The new-case input has problems: ``fields`` maps a form field to its message."""

    def __init__(self, fields: dict[str, str]) -> None:
        self.fields = fields
        super().__init__(list(fields.values()))


def case_import_new(
    *,
    actor: Any,
    text: str,
    filename: str,
    municipality: Municipality | None = None,
    before_write: Callable[[], None] | None = None,
) -> CaseRecord:
    """Create a case from case-file text; nothing is stored unless the whole file validates.
    ``before_write`` is called once the file has validated, before anything is written (a
    job's cancellation check: a job cancelled while its file was read creates no case)."""
    case = parse(text, filename)
    if before_write is not None:
        before_write()
    return case_create(
        actor=actor,
        case=case,
        municipality=municipality,
        message=_("Importerad från %(file)s.") % {"file": filename},
    )


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
        if new.case.id != row.case_id:
            raise ImportError_(
                [
                    _("Filen gäller ärendet %(file_id)s, inte %(case_id)s.")
                    % {"file_id": new.case.id, "case_id": row.case_id}
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


def case_info_update(
    *, actor: Any, record: CaseRecord, data: dict[str, Any], base: str
) -> CaseRecord:
    """Change the case's own information (title, directive, deadline …); ``id`` stays."""

    def execute(case: Case) -> Change:
        check_token(case.case, base)
        info = validated_or_refused(CaseInfo, {**data, "id": case.case.id})
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
    audit.of_row(
        actor=actor,
        row=record,
        action=Action.UPDATE if existing else Action.CREATE,
        object_type="membership",
        object_id=user.get_username(),
        object_repr=f"{user.get_username()}: {membership.get_role_display()}",
        before=before,
        after={"user": user.get_username(), "role": role},
        message=_("Roll i ärendet satt."),
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
    audit.of_row(
        actor=actor,
        row=record,
        action=Action.DELETE,
        object_type="membership",
        object_id=user.get_username(),
        object_repr=user.get_username(),
        before={"user": user.get_username(), "role": existing.role},
        after=None,
        message=_("Rollen i ärendet togs bort."),
    )
