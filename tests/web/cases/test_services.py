"""Services: role checks, the audit trail, optimistic locking and all-or-nothing imports.

Worked example: seed 000 (examples/ia-till-ifo.yaml).  IA (``ia``) sits under the adult
education unit (``vuxenutbildning``) in BUF; moving it to SOF (``sof``) is the directive's
change, so the move and its diff sentence are known from the seed.
These tests touch the database only through Django's ORM and run on SQLite and PostgreSQL
(set DATABASE_URL=postgres://postgres@127.0.0.1:5432/oversyn_web).
"""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from oversyn.io.casefile import dump_case
from oversyn.web.alternatives import actions as alt_actions
from oversyn.web.cases import services
from oversyn.web.cases.models import AuditRecord, CaseRecord, Membership
from oversyn.web.organisation import actions as org_actions
from oversyn.web.platform import actions, repository, shared

pytestmark = pytest.mark.django_db


def _case(record):
    return shared.load(CaseRecord.objects.get(pk=record.pk))


def test_create_makes_creator_utredare_and_audits(record, users):
    assert Membership.objects.get(case=record, user=users["utredare"]).role == "utredare"
    created = AuditRecord.objects.get(case=record, object_type="case")
    assert created.action == "create"
    assert created.user == users["utredare"]
    assert created.after["case"]["id"] == "ia-till-ifo"
    assert created.before is None


def test_utredare_moves_unit_and_audit_holds_before_and_after(record, users):
    case = _case(record)
    ia = case.baseline.unit("ia")
    data = ia.model_dump(mode="json", exclude_defaults=True)
    data.pop("parent")
    data["administration"] = "sof"
    org_actions.unit_save(
        actor=users["utredare"], record=record, unit_id="ia", data=data, base=shared.token(ia)
    )
    after = _case(record).baseline.unit("ia")
    assert after.administration == "sof" and after.parent is None
    audit = AuditRecord.objects.filter(case=record, object_type="unit").get()
    assert audit.before["parent"] == "vuxenutbildning"
    assert audit.after["administration"] == "sof"
    assert audit.user_name == "utredare"
    assert audit.case_version == CaseRecord.objects.get(pk=record.pk).version


@pytest.mark.parametrize("who", ["bedomare", "lasare", "outsider"])
def test_only_utredare_changes_the_organisation(record, users, who):
    case = _case(record)
    ia = case.baseline.unit("ia")
    before_version = CaseRecord.objects.get(pk=record.pk).version
    with pytest.raises(PermissionDenied):
        org_actions.unit_save(
            actor=users[who],
            record=record,
            unit_id="ia",
            data={**ia.model_dump(mode="json"), "name": "Ändrad"},
            base=shared.token(ia),
        )
    assert CaseRecord.objects.get(pk=record.pk).version == before_version
    assert _case(record).baseline.unit("ia").name == "Integration och arbetsmarknad"


def test_stale_form_is_refused_and_nothing_is_lost(record, users):
    """Two utredare open the same unit; the second save gets a conflict with the first's data."""
    ia = _case(record).baseline.unit("ia")
    seen = shared.token(ia)
    first = {**ia.model_dump(mode="json"), "fte": 20}
    second = {**ia.model_dump(mode="json"), "fte": 25}
    org_actions.unit_save(
        actor=users["utredare"], record=record, unit_id="ia", data=first, base=seen
    )
    with pytest.raises(shared.ConflictError) as exc:
        org_actions.unit_save(
            actor=users["utredare"], record=record, unit_id="ia", data=second, base=seen
        )
    assert "Någon annan har sparat" in exc.value.messages[0]
    assert exc.value.current.fte == 20  # the first save is shown, and kept
    assert _case(record).baseline.unit("ia").fte == 20


def test_edit_of_another_object_in_between_does_not_block(record, users):
    case = _case(record)
    ia, ifo = case.baseline.unit("ia"), case.baseline.unit("ifo")
    org_actions.unit_save(
        actor=users["utredare"],
        record=record,
        unit_id="ifo",
        data={**ifo.model_dump(mode="json"), "fte": 9},
        base=shared.token(ifo),
    )
    org_actions.unit_save(
        actor=users["utredare"],
        record=record,
        unit_id="ia",
        data={**ia.model_dump(mode="json"), "fte": 19},
        base=shared.token(ia),
    )
    after = _case(record).baseline
    assert (after.unit("ifo").fte, after.unit("ia").fte) == (9, 19)


def test_row_version_compare_and_swap(record, users):
    """A writer holding a stale row (read before another write) cannot overwrite it."""
    stale_row = CaseRecord.objects.get(pk=record.pk)
    case = shared.load(stale_row)
    alt_actions.alternative_create(actor=users["utredare"], record=record, alt_id="x", name="X")
    with pytest.raises(shared.ConflictError):
        repository.commit(
            actor=users["utredare"],
            row=stale_row,
            case=case,
            action="update",
            object_type="case",
            object_id="ia-till-ifo",
            object_repr="",
            before=None,
            after=None,
            message="",
        )
    assert _case(record).alternative("x") is not None


def test_baseline_edit_that_breaks_an_alternative_is_refused(record, users):
    """Deleting SOF's unit IFO would break the seed's alternative (it moves IA under IFO)."""
    case = _case(record)
    ia = case.baseline.unit("ia")
    with pytest.raises(shared.ServiceError):
        org_actions.unit_save(
            actor=users["utredare"],
            record=record,
            unit_id="ia",
            data={**ia.model_dump(mode="json"), "parent": "ia-nonexistent"},
            base=shared.token(ia),
        )
    assert AuditRecord.objects.filter(case=record, object_type="unit").count() == 0


def test_alternative_with_move_and_its_diff(record, users):
    alt_actions.alternative_create(
        actor=users["utredare"], record=record, alt_id="ia-sof", name="IA direkt under SOF"
    )
    alt = _case(record).alternative("ia-sof")
    alt_actions.operation_add(
        actor=users["utredare"],
        record=record,
        alt_id="ia-sof",
        data={"op": "move_unit", "unit": "ia", "to_administration": "sof"},
        base=shared.token(alt),
    )
    from oversyn.web.alternatives.selectors import alternative_diff

    assert alternative_diff(_case(record), "ia-sof") == [
        "Integration och arbetsmarknad flyttas från Vuxenutbildningen (Barn- och "
        "utbildningsförvaltningen) till Socialförvaltningen."
    ]


def test_operation_error_is_swedish_and_nothing_saved(record, users):
    alt_actions.alternative_create(actor=users["utredare"], record=record, alt_id="a", name="A")
    alt = _case(record).alternative("a")
    version = CaseRecord.objects.get(pk=record.pk).version
    with pytest.raises(shared.ServiceError) as exc:
        alt_actions.operation_add(
            actor=users["utredare"],
            record=record,
            alt_id="a",
            data={"op": "move_unit", "unit": "vuxenutbildning", "to_parent": "ia"},
            base=shared.token(alt),
        )
    assert exc.value.messages == [
        "Enheten 'vuxenutbildning' kan inte flyttas under sig själv eller en egen underenhet ('ia')"
    ]
    assert CaseRecord.objects.get(pk=record.pk).version == version


def test_import_is_atomic_and_errors_are_located(record, users, seed_case):
    text = dump_case(seed_case).replace("fte: 18.0", "fte: -3", 1)
    line = text.splitlines().index("    fte: -3") + 1
    before = CaseRecord.objects.get(pk=record.pk)
    with pytest.raises(shared.ImportError_) as exc:
        services.case_import(
            actor=users["utredare"],
            record=record,
            text=text,
            filename="trasig.yaml",
            expected_version=before.version,
        )
    assert exc.value.messages[0].startswith(f"trasig.yaml:{line} (fält baseline.units[3].fte)")
    after = CaseRecord.objects.get(pk=record.pk)
    assert (after.version, after.content) == (before.version, before.content)
    assert not AuditRecord.objects.filter(case=record, action="import").exists()


def test_export_import_round_trip(record, users, seed_case):
    row = CaseRecord.objects.get(pk=record.pk)
    text = dump_case(shared.load(row))
    services.case_import(
        actor=users["utredare"],
        record=record,
        text=text,
        filename="x.yaml",
        expected_version=row.version,
    )
    assert shared.load(CaseRecord.objects.get(pk=record.pk)) == seed_case
    assert dump_case(_case(record)) == text


def test_import_with_stale_version_is_refused(record, users, seed_case):
    row = CaseRecord.objects.get(pk=record.pk)
    with pytest.raises(shared.ConflictError):
        services.case_import(
            actor=users["utredare"],
            record=record,
            text=dump_case(seed_case),
            filename="x.yaml",
            expected_version=row.version - 1,
        )


def test_import_of_another_case_id_is_refused(record, users, seed_case):
    other = seed_case.model_copy(update={"case": seed_case.case.model_copy(update={"id": "z"})})
    with pytest.raises(shared.ImportError_):
        services.case_import(
            actor=users["utredare"],
            record=record,
            text=dump_case(other),
            filename="z.yaml",
            expected_version=CaseRecord.objects.get(pk=record.pk).version,
        )


def test_membership_changes_are_audited_and_last_utredare_stays(record, users):
    assert AuditRecord.objects.filter(case=record, object_type="membership").count() == 2
    with pytest.raises(shared.ServiceError):
        services.membership_remove(actor=users["utredare"], record=record, user=users["utredare"])
    with pytest.raises(PermissionDenied):
        services.membership_set(
            actor=users["bedomare"], record=record, user=users["lasare"], role="utredare"
        )
    services.membership_remove(actor=users["utredare"], record=record, user=users["lasare"])
    removed = AuditRecord.objects.filter(case=record, action="delete").get()
    assert removed.before == {"user": "lasare", "role": "lasare"}


def test_interactions_replace_and_delete(record, users):
    case = _case(record)
    base = shared.token(case.interactions)
    org_actions.interaction_delete(actor=users["utredare"], record=record, index=0, base=base)
    assert len(_case(record).interactions) == len(case.interactions) - 1
    with pytest.raises(shared.ConflictError):  # same token again: the list has changed
        org_actions.interaction_delete(actor=users["utredare"], record=record, index=0, base=base)


def test_row_race_with_another_object_is_retried(record, users, monkeypatch):
    """This save read the row before another save of a different unit landed (simulated by
    handing it the stale row on its first read): the compare-and-swap fails, the service runs
    again on the fresh row, the unit it changes is unchanged, so it goes through and the other
    save is kept."""
    stale_row = CaseRecord.objects.get(pk=record.pk)
    case = shared.load(stale_row)
    ia, ifo = case.baseline.unit("ia"), case.baseline.unit("ifo")
    org_actions.unit_save(
        actor=users["utredare"],
        record=record,
        unit_id="ifo",
        data={**ifo.model_dump(mode="json"), "fte": 9},
        base=shared.token(ifo),
    )
    real_fresh = repository.fresh
    reads = []

    def first_read_is_stale(rec):
        reads.append(1)
        return (stale_row, case) if len(reads) == 1 else real_fresh(rec)

    monkeypatch.setattr(actions, "fresh", first_read_is_stale)
    org_actions.unit_save(
        actor=users["utredare"],
        record=record,
        unit_id="ia",
        data={**ia.model_dump(mode="json"), "fte": 19},
        base=shared.token(ia),
    )
    assert len(reads) == 2
    after = _case(record).baseline
    assert (after.unit("ifo").fte, after.unit("ia").fte) == (9, 19)


# -- items of the process lists (one mechanism for remiss, SWOT, costs, decisions …) ----------


def test_case_item_save_adds_changes_and_audits_a_cost_line(record, users):
    alt = _case(record).alternatives[0].id
    line = {"id": "lokal", "alternative": alt, "label": "Lokaler", "low": 100000, "high": 150000}
    shared.case_item_save(
        actor=users["utredare"], record=record, field="costs", item_id=None, data=line
    )
    saved = _case(record).costs[0]
    assert (saved.low, saved.high, saved.kind.value) == (100000, 150000, "yearly")
    created = AuditRecord.objects.get(case=record, object_type="costs")
    assert created.action == "create" and created.before is None
    assert created.message == "Kostnadsposten Lokaler lades till."

    shared.case_item_save(
        actor=users["utredare"],
        record=record,
        field="costs",
        item_id="lokal",
        data={**line, "high": 180000, "id": "ignored"},  # the key stays
        base=shared.token(saved),
    )
    changed = _case(record).costs[0]
    assert (changed.id, changed.high) == ("lokal", 180000)
    update = AuditRecord.objects.filter(case=record, object_type="costs", action="update").get()
    assert update.before["high"] == 150000 and update.after["high"] == 180000


def test_case_item_save_refuses_stale_duplicate_invalid_and_foreign_roles(record, users):
    alt = _case(record).alternatives[0].id
    line = {"id": "lokal", "alternative": alt, "label": "Lokaler", "low": 1}
    shared.case_item_save(
        actor=users["utredare"], record=record, field="costs", item_id=None, data=line
    )
    version = CaseRecord.objects.get(pk=record.pk).version
    with pytest.raises(shared.ConflictError):  # a form opened before someone else's save
        shared.case_item_save(
            actor=users["utredare"],
            record=record,
            field="costs",
            item_id="lokal",
            data=line,
            base="stale",
        )
    with pytest.raises(shared.ServiceError, match="används redan"):
        shared.case_item_save(
            actor=users["utredare"], record=record, field="costs", item_id=None, data=line
        )
    with pytest.raises(shared.ServiceError, match="low: Ska vara ett tal, fick 'mycket'"):
        shared.case_item_save(
            actor=users["utredare"],
            record=record,
            field="costs",
            item_id=None,
            data={**line, "id": "x", "low": "mycket"},
        )
    with pytest.raises(shared.ServiceError, match="label: Får inte vara tomt"):
        shared.case_item_save(
            actor=users["utredare"],
            record=record,
            field="costs",
            item_id=None,
            data={**line, "id": "tom", "label": ""},
        )
    # the whole case is validated: a cost for an alternative that does not exist is refused
    with pytest.raises(shared.ServiceError):
        shared.case_item_save(
            actor=users["utredare"],
            record=record,
            field="costs",
            item_id=None,
            data={**line, "id": "y", "alternative": "finns-inte"},
        )
    with pytest.raises(PermissionDenied):
        shared.case_item_save(
            actor=users["bedomare"],
            record=record,
            field="costs",
            item_id=None,
            data={**line, "id": "z"},
        )
    assert CaseRecord.objects.get(pk=record.pk).version == version
    assert [c.id for c in _case(record).costs] == ["lokal"]


def test_case_item_delete_with_other_key(record, users):
    alt = _case(record).alternatives[0].id
    shared.case_item_save(
        actor=users["utredare"],
        record=record,
        field="swot",
        item_id=None,
        data={"alternative": alt, "items": [{"category": "strength", "text": "En väg in"}]},
    )
    swot = _case(record).swot[0]
    with pytest.raises(shared.ConflictError):
        shared.case_item_delete(
            actor=users["utredare"], record=record, field="swot", item_id=alt, base="old"
        )
    shared.case_item_delete(
        actor=users["utredare"],
        record=record,
        field="swot",
        item_id=alt,
        base=shared.token(swot),
    )
    assert _case(record).swot == []
    deleted = AuditRecord.objects.get(case=record, object_type="swot", action="delete")
    assert deleted.before["items"][0]["text"] == "En väg in"
