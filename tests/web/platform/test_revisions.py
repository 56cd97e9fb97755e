"""Whole-case revisions: every write stores the case as it became, with its audit row; two
versions diff in words; a restore is an audited write; a stored oversyn/1 case reads."""

from __future__ import annotations

import json
import zlib

import pytest
from django.core.exceptions import PermissionDenied

from oversyn.web.cases import services
from oversyn.web.cases.models import Action, AuditRecord, CaseRecord, CaseRevision
from oversyn.web.platform import revisions, shared
from oversyn.web.platform.errors import ConflictError
from oversyn.web.platform.repository import load

pytestmark = pytest.mark.django_db


def _rename(users, record, title):
    case = load(CaseRecord.objects.get(pk=record.pk))
    return services.case_info_update(
        actor=users["utredare"],
        record=record,
        data={**case.case.model_dump(mode="json"), "title": title},
        base=shared.token(case.case),
    )


def test_every_write_stores_a_revision_with_its_audit_row(users, record):
    assert [r.version for r in revisions.revisions_of(record)] == [record.version]
    row = _rename(users, record, "Ny titel")
    revs = list(revisions.revisions_of(row))
    assert [r.version for r in revs] == [row.version, row.version - 1]
    assert revs[0].audit == AuditRecord.objects.filter(case=row, case_version=row.version).get()
    assert revs[0].format == "oversyn/1" and revs[0].size > 0
    assert revisions.revision_case(revs[0]) == load(row)
    assert revisions.revision_case(revs[-1]).case.title != "Ny titel"


def test_two_versions_diff_in_words(users, record, seed_case):
    first = record.version
    row = _rename(users, record, "Ny titel")
    old = revisions.revision_case(revisions.revision_get(row, first))
    new = load(row)
    words = revisions.case_diff(old, new)
    assert words["organisation"] == []
    assert "Ärendeuppgifter › title: " + old.case.title[:57] in words["changes"][0]
    assert words["changes"][0].endswith("→ Ny titel")
    assert revisions.case_diff(new, new) == {"organisation": [], "changes": []}
    # the organisation part is the core's structural diff: a removed unit is said in words
    unit = new.baseline.units[-1]
    smaller = new.baseline.model_copy(
        update={"units": [u for u in new.baseline.units if u.id != unit.id]}
    )
    words = revisions.case_diff(new, new.model_copy(update={"baseline": smaller}))
    assert words["organisation"] and unit.name in " ".join(words["organisation"])
    assert f"Nuläge › units: 1 borttagna: {unit.name}" in words["changes"]


def test_restore_is_an_audited_write_and_refuses_a_stale_form(users, record):
    first = record.version
    row = _rename(users, record, "Ny titel")
    with pytest.raises(ConflictError):
        revisions.case_restore(
            actor=users["utredare"], record=row, version=first, expected_version=first
        )
    with pytest.raises(PermissionDenied):
        revisions.case_restore(
            actor=users["lasare"], record=row, version=first, expected_version=row.version
        )
    row = revisions.case_restore(
        actor=users["utredare"], record=row, version=first, expected_version=row.version
    )
    assert load(row).case.title == load(record).case.title != "Ny titel"
    entry = AuditRecord.objects.filter(case=row).first()
    assert entry.action == Action.RESTORE and entry.after == {"version": first}
    assert CaseRevision.objects.filter(case=row).count() == 3


def test_a_stored_oversyn_1_revision_and_row_read_through_the_upgrade(users, record):
    """A revision stored by an earlier version (format marker ``oversyn/1``, and one without a
    marker at all) is read through core.upgrade."""
    data = dict(record.content)
    assert data["format"] == "oversyn/1"
    blob, _size = revisions.encode(data)
    rev = CaseRevision.objects.create(case=record, version=99, format="oversyn/1", data=blob)
    assert revisions.revision_case(rev) == load(record)
    no_marker = {k: v for k, v in data.items() if k != "format"}
    rev.data = zlib.compress(json.dumps(no_marker).encode())
    assert revisions.revision_case(rev).case.id == record.case_id
    rev.data, _size = revisions.encode({**data, "format": "oversyn/7"})
    with pytest.raises(shared.ServiceError, match="Okänt ärendeformat"):
        revisions.revision_case(rev)


def test_history_pages_show_diff_and_restore(client, users, record):
    first = record.version
    row = _rename(users, record, "Ny titel")
    client.force_login(users["utredare"])
    page = client.get(f"/arenden/{row.key}/historik/").content.decode()
    assert f"/arenden/{row.key}/historik/{first}/" in page
    page = client.get(f"/arenden/{row.key}/historik/{first}/").content.decode()
    assert "Ny titel" in page and "Återställ version" in page
    page = client.get(f"/arenden/{row.key}/historik/jamfor/?fran={first}&till={row.version}")
    assert "Ny titel" in page.content.decode()
    assert client.get(f"/arenden/{row.key}/historik/999/").status_code == 404
    client.force_login(users["lasare"])
    assert (
        "Återställ version"
        not in client.get(f"/arenden/{row.key}/historik/{first}/").content.decode()
    )
    url = f"/arenden/{row.key}/historik/{first}/aterstall/"
    assert client.post(url, {"version": row.version}).status_code == 403
    client.force_login(users["utredare"])
    assert client.post(url, {"version": row.version}).status_code == 302
    assert load(CaseRecord.objects.get(pk=row.pk)).case.title != "Ny titel"
