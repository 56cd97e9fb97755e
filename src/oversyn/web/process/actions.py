"""Writes for the case as a municipal matter: status history and deadlines, SWOT, cost lines,
decisions and the process checklist.

Thin wrappers over the generic actions of :mod:`oversyn.web.platform.registry`
(:func:`case_item_save`, :func:`case_item_delete`, :func:`case_part_replace`): those check the
role, validate the whole case and write the audit record in one transaction.  What is added
here is the object-level stale check for the parts that are not whole items of a list
(a deadline or a status entry inside ``lifecycle``, one checklist entry among many), so that
an edit of one deadline does not block an edit of another.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.utils.translation import gettext as _
from pydantic import ValidationError as PydanticValidationError

from oversyn.core.ids import unique_id
from oversyn.core.process import model as process
from oversyn.core.process.lifecycle import status_label
from oversyn.core.process.model import (
    CaseDeadline,
    ChecklistEntry,
    ChecklistStatus,
    Lifecycle,
    StatusChange,
)
from oversyn.web.cases.models import CaseRecord
from oversyn.web.platform import registry
from oversyn.web.platform.actions import Change, case_part_replace, run
from oversyn.web.platform.lang import current_lang
from oversyn.web.platform.messages import pydantic_errors, validated_or_refused
from oversyn.web.platform.permissions import require
from oversyn.web.platform.repository import fresh
from oversyn.web.platform.shared import (
    EDIT,
    ConflictError,
    ServiceError,
    case_item_save,
    token,
)

# -- the item kinds this app registers (their generic actions: platform.registry) -----------

registry.register(
    registry.list_kind(
        "swot",
        process.Swot,
        "swot",
        lambda: _("SWOT-analysen"),
        lambda: _("SWOT"),
        registry.first_text("title", "alternative"),
        key="alternative",
        example=lambda case: {"alternative": case.alternatives[-1].id, "title": "Registertest"},
        url_name="process_swot",
    )
)
registry.register(
    registry.list_kind(
        "deadline",
        CaseDeadline,
        ("lifecycle", "deadlines"),
        lambda: _("Tidsfristen"),
        lambda: _("Tidsfrister"),
        registry.first_text("label"),
        object_type="lifecycle",
        labels=lambda: {"label": _("Vad"), "due": _("Senast"), "done": _("Klar")},
        example=lambda case: {"id": "registertest", "label": "Registertestfrist", "due": "Q1 2030"},
        url_name="process_status",
    )
)
registry.register(
    registry.list_kind(
        "cost_line",
        process.CostLine,
        "costs",
        lambda: _("Kostnadsposten"),
        lambda: _("Kostnader"),
        registry.first_text("label"),
        id_from=lambda data: str(data.get("label") or ""),
        example=lambda case: {
            "id": "registertest",
            "alternative": case.alternatives[0].id,
            "label": "Registertestpost",
            "kind": "one_off",
            "basis": "total",
            "low": 1000,
        },
        url_name="process_costs",
    )
)
registry.register(
    registry.list_kind(
        "decision",
        process.Decision,
        "decisions",
        lambda: _("Beslutet"),
        lambda: _("Beslut"),
        registry.first_text("paragraph", "title", "body"),
        id_from=lambda d: " ".join(str(d.get(k) or "") for k in ("body", "date", "paragraph")),
        example=lambda case: {
            "id": "registertest",
            "body": "Kommunfullmäktige",
            "date": "2025-01-01",
            "title": "Registertestbeslut",
        },
        url_name="process_decisions",
    )
)
registry.register(
    registry.list_kind(
        "section",
        process.CustomSection,
        "sections",
        lambda: _("Det egna avsnittet"),
        lambda: _("Egna avsnitt"),
        registry.first_text("heading"),
        id_from=lambda data: str(data.get("heading") or ""),
        labels=lambda: {
            "heading": _("Rubrik"),
            "text": _("Text"),
            "after": _("Plats: efter avsnittet"),
            "order": _("Ordning på samma plats"),
            "note": _("Anteckning"),
        },
        example=lambda case: {
            "id": "registertest",
            "heading": "Registertestavsnitt",
            "text": "Ett **fetstilt** ord.",
            "after": "ekonomi",
        },
        url_name="process_sections",
    )
)
registry.register(
    registry.list_kind(
        "checklist_entry",
        process.ChecklistEntry,
        "checklist",
        lambda: _("Checklistepunkten"),
        lambda: _("Checklista"),
        registry.first_text("item"),
        key="item",
        example=lambda case: {"item": "mbl_negotiation"},
        url_name="process_checklist",
    )
)

registry.register(
    registry.list_kind(
        "risk",
        process.Risk,
        "risks",
        lambda: _("Risken"),
        lambda: _("Risker"),
        registry.first_text("title"),
        labels=lambda: {
            "alternative": _("Alternativ"),
            "title": _("Risk"),
            "description": _("Orsak och följd"),
            "probability": _("Sannolikhet (1–5)"),
            "consequence": _("Konsekvens (1–5)"),
            "owner": _("Riskägare"),
            "mitigation": _("Åtgärder"),
            "source": _("Källa"),
        },
        example=lambda case: {
            "id": "registertest",
            "alternative": case.alternatives[0].id,
            "title": "Registertestrisk",
            "probability": 2,
            "consequence": 3,
        },
        menu="utredning",
    )
)


# -- the case's as-of date ---------------------------------------------------------------------


def as_of_token(value: dt.date | None) -> str:
    return value.isoformat() if value is not None else ""


def as_of_set(*, actor: Any, record: CaseRecord, as_of: dt.date | None, base: str) -> CaseRecord:
    """Set (or clear, ``None``) the day the case's deadlines and warnings are judged on.

    ``base`` is the as-of date the user saw (ISO date or ""); another value now is a conflict.
    """

    def execute(case: Any) -> Change:
        current = case.case.as_of
        if as_of_token(current) != base:
            raise ConflictError(current={"as_of": as_of_token(current)})
        info = case.case.model_copy(update={"as_of": as_of})
        return Change(
            case=case.model_copy(update={"case": info}),
            object_type="case",
            object_id="as_of",
            object_repr=_("Läget per dag"),
            before={"as_of": as_of_token(current) or None},
            after={"as_of": as_of_token(as_of) or None},
            message=(
                _("Ärendet bedöms nu per %(date)s.") % {"date": as_of.isoformat()}
                if as_of is not None
                else _("Ärendet bedöms nu per dagens datum.")
            ),
        )

    return run(actor=actor, record=record, execute=execute)


# -- status and deadlines (one field: lifecycle) -----------------------------------------------


def _lifecycle_change(
    *, actor: Any, record: CaseRecord, change: Callable[[Lifecycle], tuple[Lifecycle, str]]
) -> CaseRecord:
    """Write the case's status and deadlines as ``change`` makes them from the stored ones
    (it raises :class:`ConflictError` when the part it changes is not what the user saw) and
    says in its message what happened."""
    require(actor, record, EDIT)
    _row, case = fresh(record)
    life = case.lifecycle
    new, message = change(life)
    return case_part_replace(
        actor=actor,
        record=record,
        field="lifecycle",
        items=new,
        base=token(life),
        message=message,
        object_repr=_("Status och tidsfrister"),
    )


def status_change_add(
    *, actor: Any, record: CaseRecord, data: dict[str, Any], base: str
) -> CaseRecord:
    """Append a status change (status, date, by, note) to the case's history.

    ``base`` is the token of the history the user saw; a newer history is a conflict.
    """

    def change(life: Lifecycle) -> tuple[Lifecycle, str]:
        if token(life.history) != base:
            raise ConflictError(current=life.history)
        added = validated_or_refused(StatusChange, data)
        message = _("Status %(status)s lades till i historiken.") % {
            "status": status_label(added.status, current_lang())
        }
        return life.model_copy(update={"history": [*life.history, added]}), message

    return _lifecycle_change(actor=actor, record=record, change=change)


def status_change_delete(*, actor: Any, record: CaseRecord, index: int, base: str) -> CaseRecord:
    """Remove the history entry at ``index`` (``base``: the token of that entry)."""

    def change(life: Lifecycle) -> tuple[Lifecycle, str]:
        if not 0 <= index < len(life.history) or token(life.history[index]) != base:
            raise ConflictError(current=life.history)
        removed = life.history[index]
        history = [h for i, h in enumerate(life.history) if i != index]
        message = _("Status %(status)s togs bort ur historiken.") % {
            "status": status_label(removed.status, current_lang())
        }
        return life.model_copy(update={"history": history}), message

    return _lifecycle_change(actor=actor, record=record, change=change)


def deadline_token(lifecycle: Lifecycle, deadline_id: str | None) -> str:
    item = next((d for d in lifecycle.deadlines if d.id == deadline_id), None)
    return token(item) if item is not None else ""


def deadline_save(
    *,
    actor: Any,
    record: CaseRecord,
    deadline_id: str | None,
    data: dict[str, Any],
    base: str = "",
) -> CaseRecord:
    """Add (``deadline_id`` None) or change a deadline of the case.

    ``data['due']`` is the deadline as written ("Q1 2025"); the core reads the date range
    from it and refuses text without a readable date (its Swedish message).  A new deadline
    gets an id from its label.
    """

    def change(life: Lifecycle) -> tuple[Lifecycle, str]:
        items = list(life.deadlines)
        index = next((i for i, d in enumerate(items) if d.id == deadline_id), None)
        if deadline_id is not None and (index is None or token(items[index]) != base):
            raise ConflictError(current=items[index] if index is not None else None)
        raw = dict(data)
        if isinstance(raw.get("due"), str):
            raw["due"] = {"text": raw["due"].strip()}  # re-read the range from the text
        raw["id"] = deadline_id or unique_id(
            str(raw.get("label", "")), {d.id for d in items}, "tidsfrist"
        )
        new = validated_or_refused(CaseDeadline, raw)
        if index is None:
            items.append(new)
            message = _("Tidsfristen %(label)s lades till.")
        else:
            items[index] = new
            message = _("Tidsfristen %(label)s ändrades.")
        return life.model_copy(update={"deadlines": items}), message % {"label": new.label}

    return _lifecycle_change(actor=actor, record=record, change=change)


def deadline_delete(*, actor: Any, record: CaseRecord, deadline_id: str, base: str) -> CaseRecord:
    def change(life: Lifecycle) -> tuple[Lifecycle, str]:
        old = next((d for d in life.deadlines if d.id == deadline_id), None)
        if old is None or token(old) != base:
            raise ConflictError(current=old)
        items = [d for d in life.deadlines if d.id != deadline_id]
        message = _("Tidsfristen %(label)s togs bort.") % {"label": old.label}
        return life.model_copy(update={"deadlines": items}), message

    return _lifecycle_change(actor=actor, record=record, change=change)


# -- SWOT, costs, decisions (one item of a list each) ------------------------------------------


def _exists(record: CaseRecord, field: str, key: str, value: str) -> bool:
    _row, case = fresh(record)
    return any(getattr(o, key) == value for o in getattr(case, field))


def swot_save(
    *, actor: Any, record: CaseRecord, alternative: str, data: dict[str, Any], base: str = ""
) -> CaseRecord:
    """Save the investigator's SWOT of ``alternative`` (title, author, date, items).

    ``base`` is the token of the SWOT the user saw ("" when there was none); a SWOT created
    by someone else meanwhile is a conflict, not an overwrite.
    """
    exists = _exists(record, "swot", "alternative", alternative)
    if not exists and base:
        raise ConflictError(current=None)
    return case_item_save(
        actor=actor,
        record=record,
        field="swot",
        item_id=alternative if exists else None,
        data={**data, "alternative": alternative},
        base=base,
    )


# A cost line, a decision and an own section: added (``cost_id`` None; the id comes from the
# label, from body, date and §, from the heading: the kind's ``id_from``) or changed.
cost_save, cost_delete = registry.named_actions("cost_line", "cost_id")
decision_save, decision_delete = registry.named_actions("decision", "decision_id")
section_save, section_delete = registry.named_actions("section", "section_id")


# -- checklist ---------------------------------------------------------------------------------


def checklist_token(entries: list[ChecklistEntry], code: str) -> str:
    """Token of the recorded entry for ``code`` ("" when nothing is recorded)."""
    item = next((e for e in entries if e.item == code), None)
    return token(item) if item is not None else ""


def _is_default(entry: ChecklistEntry) -> bool:
    return (
        entry.status == ChecklistStatus.TODO
        and entry.date is None
        and not entry.responsible
        and not entry.note
    )


def checklist_update(
    *,
    actor: Any,
    record: CaseRecord,
    changes: dict[str, dict[str, Any]],
    bases: dict[str, str],
) -> CaseRecord:
    """Record status, date, responsible and note for the checklist items in ``changes``
    (``{code: data}``), in one save.

    ``bases[code]`` is the token of the entry the user saw for each changed item; another
    save of the *same* item since is a conflict, saves of other items are not.  An entry set
    back to "att göra" with nothing else is removed, so the case file keeps only what was
    recorded.
    """
    require(actor, record, EDIT)
    _row, case = fresh(record)
    entries = list(case.checklist)
    errors: list[str] = []
    for code, data in changes.items():
        index = next((i for i, e in enumerate(entries) if e.item == code), None)
        current = entries[index] if index is not None else None
        if (token(current) if current is not None else "") != bases.get(code, ""):
            raise ConflictError(current=current)
        try:
            new = ChecklistEntry.model_validate({**data, "item": code})
        except PydanticValidationError as exc:
            errors += [f"{code}: {m}" for m in pydantic_errors(exc)]
            continue
        if index is None:
            if not _is_default(new):
                entries.append(new)
        elif _is_default(new):
            entries.pop(index)
        else:
            entries[index] = new
    if errors:
        raise ServiceError(errors)
    return case_part_replace(
        actor=actor,
        record=record,
        field="checklist",
        items=entries,
        base=token(case.checklist),
        message=_("Checklistan uppdaterades: %(items)s.") % {"items": ", ".join(changes)},
        object_repr=_("Checklista (%(n)d punkter)") % {"n": len(changes)},
    )
