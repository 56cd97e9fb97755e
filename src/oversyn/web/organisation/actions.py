"""Writes of the baseline organisation (its item kinds are registered here), the interactions
and the citizen journeys: all through :func:`oversyn.web.platform.actions.run`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils.translation import gettext as _

from oversyn.core.case import Case
from oversyn.core.model import (
    Administration,
    Committee,
    Interaction,
    Journey,
    ServiceArea,
    Unit,
)
from oversyn.web.cases.models import Action, CaseRecord
from oversyn.web.platform import registry
from oversyn.web.platform.actions import Change, case_part_replace, run
from oversyn.web.platform.errors import ConflictError
from oversyn.web.platform.messages import validated_or_refused
from oversyn.web.platform.repository import (
    load,
    token,
)


def _used_by_alternatives(case: Case, kind: str, obj: Any, label: str) -> list[str]:
    """One message per operation of an alternative that names the object (the core says
    which): a delete would leave that alternative unable to apply."""
    from oversyn.core.references import operation_uses
    from oversyn.web.alternatives.forms import OP_LABELS

    return [
        _(
            "%(what)s %(name)s används av alternativet %(alt)s (ändring %(n)d: %(op)s). "
            "Ta bort eller ändra den ändringen först."
        )
        % {
            "what": label,
            "name": obj.name,
            "alt": use.alternative_name,
            "n": use.index + 1,
            "op": str(OP_LABELS.get(use.op, use.op)).lower(),
        }
        for use in operation_uses(case, kind, obj.id)
    ]


def _unit_delete_check(case: Case, unit: Any) -> list[str]:
    problems = _used_by_alternatives(case, "unit", unit, _("Enheten"))
    if case.baseline.children(unit.id):
        problems.append(_("Enheten har underenheter; flytta eller ta bort dem först."))
    return problems


def _administration_delete_check(case: Case, adm: Any) -> list[str]:
    problems = _used_by_alternatives(case, "administration", adm, _("Förvaltningen"))
    if any(u.administration == adm.id for u in case.baseline.units):
        problems.append(_("Förvaltningen har enheter; flytta dem först."))
    return problems


def _committee_delete_check(case: Case, committee: Any) -> list[str]:
    return _used_by_alternatives(case, "committee", committee, _("Nämnden"))


def _service_area_delete_check(case: Case, area: Any) -> list[str]:
    return _used_by_alternatives(case, "service_area", area, _("Verksamhetsområdet"))


_by_name = registry.first_text("name")


def _baseline_kind(
    name: str,
    model: Any,
    field: str,
    label: Callable[[], str],
    menu_label: Callable[[], str],
    delete_check: Callable[[Case, Any], list[str]],
    example_name: str,
    example_more: Callable[[Case], dict[str, Any]] | None = None,
) -> registry.ItemKind:
    """One kind of the baseline organisation, registered: its items in
    ``case.baseline.<field>``, named by their name, edited on the organisation page; the
    registry test's example is named ``example_name`` (``example_more``: its other fields)."""
    more = example_more or (lambda case: {})
    return registry.register(
        registry.list_kind(
            name,
            model,
            ("baseline", field),
            label,
            menu_label,
            _by_name,
            delete_check=delete_check,
            example=lambda case: {"id": "registertest", "name": example_name, **more(case)},
            url_name="organisation",
        )
    )


UNIT = _baseline_kind(
    "unit",
    Unit,
    "units",
    lambda: _("Enheten"),
    lambda: _("Enheter"),
    _unit_delete_check,
    "Registertestenheten",
    lambda case: {"administration": case.baseline.administrations[0].id},
)
ADMINISTRATION = _baseline_kind(
    "administration",
    Administration,
    "administrations",
    lambda: _("Förvaltningen"),
    lambda: _("Förvaltningar"),
    _administration_delete_check,
    "Registertestförvaltningen",
)
COMMITTEE = _baseline_kind(
    "committee",
    Committee,
    "committees",
    lambda: _("Nämnden"),
    lambda: _("Nämnder"),
    _committee_delete_check,
    "Registertestnämnden",
)


JOURNEY = registry.register(
    registry.list_kind(
        "journey",
        Journey,
        "journeys",
        lambda: _("Kedjan"),
        lambda: _("Kedjor"),
        _by_name,
        labels=lambda: {
            "name": _("Namn"),
            "steps": _("Steg (en enhet per rad, i ordning)"),
            "volume": _("Personer per år"),
        },
        # the steps are units, shown and typed by name (the ids are made from the names)
        extra={"choices": {"steps": lambda case: [(u.id, u.name) for u in case.baseline.units]}},
        example=lambda case: {
            "id": "registertest",
            "name": "Registertestkedjan",
            "steps": [u.id for u in case.baseline.units[:2]],
            "volume": 10,
        },
        url_name="interactions",
    )
)

SERVICE_AREA = _baseline_kind(
    "service_area",
    ServiceArea,
    "service_areas",
    lambda: _("Verksamhetsområdet"),
    lambda: _("Verksamhetsområden"),
    _service_area_delete_check,
    "Registertestområdet",
)


ORG_KINDS: dict[str, registry.ItemKind] = {
    k.name: k for k in (UNIT, ADMINISTRATION, COMMITTEE, SERVICE_AREA)
}


# The baseline objects' own actions (``unit_save(actor=, record=, unit_id=, data=, base=)``,
# ``unit_delete(…, unit_id=, base=)`` …): the registry's item_save and item_delete.
unit_save, unit_delete = registry.named_actions("unit", "unit_id")
administration_save, administration_delete = registry.named_actions("administration", "adm_id")
committee_save, committee_delete = registry.named_actions("committee", "committee_id")
service_area_save, service_area_delete = registry.named_actions("service_area", "area_id")


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


# What the audit record calls a whole list of the case's rows, by field.
_ROWS_REPR: dict[str, Callable[[int], str]] = {
    "interactions": lambda n: _("Samverkan (%(n)d rader)") % {"n": n},
    "journeys": lambda n: _("Kedjor (%(n)d)") % {"n": n},
}


def rows_replace(
    field: str,
    *,
    actor: Any,
    record: CaseRecord,
    rows: list[Interaction] | list[Journey],
    base: str,
    message: str,
    action: str = Action.UPDATE,
) -> CaseRecord:
    """Replace the case's interaction list (table editor and CSV upload) or its list of citizen
    journeys (kedjor): ``field`` is ``interactions`` or ``journeys``."""
    return case_part_replace(
        actor=actor,
        record=record,
        field=field,
        items=rows,
        base=base,
        message=message,
        object_repr=_ROWS_REPR[field](len(rows)),
        action=action,
    )


def interaction_save(
    *, actor: Any, record: CaseRecord, index: int | None, data: dict[str, Any], base: str
) -> CaseRecord:
    """Add (``index`` None) or change one interaction row."""
    case = load(CaseRecord.objects.get(pk=record.pk))
    new = validated_or_refused(Interaction, data)
    rows = list(case.interactions)
    if index is None:
        rows.append(new)
        message = _("En samverkansrad lades till.")
    else:
        if not 0 <= index < len(rows):
            raise ConflictError(current=case.interactions)
        rows[index] = new
        message = _("En samverkansrad ändrades.")
    return rows_replace(
        "interactions", actor=actor, record=record, rows=rows, base=base, message=message
    )


def interaction_delete(*, actor: Any, record: CaseRecord, index: int, base: str) -> CaseRecord:
    case = load(CaseRecord.objects.get(pk=record.pk))
    if not 0 <= index < len(case.interactions):
        raise ConflictError(current=case.interactions)
    rows = [r for i, r in enumerate(case.interactions) if i != index]
    return rows_replace(
        "interactions",
        actor=actor,
        record=record,
        rows=rows,
        base=base,
        message=_("En samverkansrad togs bort."),
    )


def journey_save(
    *, actor: Any, record: CaseRecord, journey_id: str | None, data: dict[str, Any], base: str
) -> CaseRecord:
    """Add a journey (``journey_id`` None) or change one; steps are unit ids in order.  A new
    journey without an id gets one from its name (:func:`oversyn.core.ids.unique_id`)."""
    from oversyn.core.ids import unique_id

    case = load(CaseRecord.objects.get(pk=record.pk))
    if journey_id:
        data = {**data, "id": journey_id}
    elif not data.get("id") and data.get("name"):
        data = {**data, "id": unique_id(str(data["name"]), {j.id for j in case.journeys})}
    new = validated_or_refused(Journey, data)
    rows = list(case.journeys)
    index = next((i for i, j in enumerate(rows) if j.id == journey_id), None)
    if journey_id is None:  # an id in use: refused by the core's uniqueness rule
        rows.append(new)
        message = _("Kedjan %(name)s lades till.") % {"name": new.name}
    else:
        if index is None:
            raise ConflictError(current=case.journeys)
        rows[index] = new
        message = _("Kedjan %(name)s ändrades.") % {"name": new.name}
    return rows_replace(
        "journeys", actor=actor, record=record, rows=rows, base=base, message=message
    )


def journey_delete(*, actor: Any, record: CaseRecord, journey_id: str, base: str) -> CaseRecord:
    case = load(CaseRecord.objects.get(pk=record.pk))
    old = next((j for j in case.journeys if j.id == journey_id), None)
    if old is None:
        raise ConflictError(current=case.journeys)
    rows = [j for j in case.journeys if j.id != journey_id]
    return rows_replace(
        "journeys",
        actor=actor,
        record=record,
        rows=rows,
        base=base,
        message=_("Kedjan %(name)s togs bort.") % {"name": old.name},
    )


def _pair_key(i: Interaction) -> str:
    a, b = sorted((i.a, i.b))
    return f"{a}|{b}|{i.kind}"


def evidence_diff(
    before: list[Interaction], after: list[Interaction], limit: int = 200
) -> dict[str, Any]:
    """What an evidence import changed, pair by pair (at most ``limit`` entries of each sort;
    the counts are always whole): the audit record keeps this, not two copies of the matrix."""
    old = {_pair_key(i): i.weight for i in before}
    new = {_pair_key(i): i.weight for i in after}
    added = sorted(k for k in new if k not in old)
    removed = sorted(k for k in old if k not in new)
    changed = sorted(k for k in new if k in old and new[k] != old[k])
    return {
        "counts": {"added": len(added), "removed": len(removed), "changed": len(changed)},
        "added": {k: new[k] for k in added[:limit]},
        "removed": {k: old[k] for k in removed[:limit]},
        "changed": {k: [old[k], new[k]] for k in changed[:limit]},
        "truncated": max(len(added), len(removed), len(changed)) > limit,
    }


def evidence_summary(case: Case) -> dict[str, Any]:
    weights = [i.weight for i in case.interactions]
    return {
        "interactions": len(case.interactions),
        "journeys": len(case.journeys),
        "total_weight": sum(weights),
        "sources": sorted({i.source or "" for i in case.interactions})[:10],
    }


def evidence_import(
    *,
    actor: Any,
    record: CaseRecord,
    interactions: list[Interaction],
    journeys: list[Journey] | None,
    base: str,
    source: str,
    details: dict[str, Any] | None = None,
) -> tuple[CaseRecord, list[str]]:
    """Replace the interactions (and journeys) by aggregates computed from service records.
    The audit record stores a summary before and after and the pair-by-pair diff.  Units the
    case does not know are left out and returned."""
    from oversyn.io.evidence.aggregate import with_evidence
    from oversyn.web.platform.actions import check_token

    left_out: list[str] = []

    def execute(case: Case) -> Change:
        check_token(case.interactions, base)
        new_case, unknown = with_evidence(case, interactions, journeys)
        left_out[:] = unknown
        return Change(
            case=new_case,
            action=Action.IMPORT,
            object_type="interactions",
            object_id="interactions",
            object_repr=_("Samverkan ur insatsposter (%(n)d par)")
            % {"n": len(new_case.interactions)},
            before=evidence_summary(case),
            after={
                **evidence_summary(new_case),
                **(details or {}),
                "left_out_units": unknown,
                "diff": evidence_diff(case.interactions, new_case.interactions),
            },
            message=_("Samverkan och kedjor beräknades ur insatsposter (%(source)s).")
            % {"source": source},
        )

    row = run(actor=actor, record=record, execute=execute)
    return row, left_out
