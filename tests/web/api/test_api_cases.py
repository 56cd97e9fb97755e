"""The REST API's cases, case files, optimistic concurrency and errors, on the seed cases."""

from __future__ import annotations

import json

import pytest
import yaml

from oversyn.io.casefile import dump_case
from oversyn.web.cases import services
from oversyn.web.cases.models import AuditRecord, CaseRecord, Municipality, MunicipalityMembership
from oversyn.web.platform import registry
from oversyn.web.platform.repository import load, token

pytestmark = pytest.mark.django_db


def _case(record):
    return load(CaseRecord.objects.get(pk=record.pk))


def test_the_list_shows_only_the_callers_cases_with_status_and_next_deadline(
    api, record, other_record
):
    body = api("lasare").get("/cases").json()
    assert [c["key"] for c in body["items"]] == [record.key]
    (item,) = body["items"]
    assert item["role"] == "lasare" and item["status"] == "investigation"
    assert item["next_deadline"] == "2025-03-31"  # the directive's "Q1 2025"
    assert item["etag"] == token(_case(record))
    assert {c["key"] for c in api("outsider").get("/cases").json()["items"]} == {"annat"}


def test_the_list_filters_by_status_deadline_and_municipality(api, record, record_2018):
    caller = api("lasare")
    keys = lambda **q: {c["key"] for c in caller.get("/cases", **q).json()["items"]}  # noqa: E731
    assert keys() == {record.key, record_2018.key}
    statuses = {c["key"]: c["status"] for c in caller.get("/cases").json()["items"]}
    assert keys(status=statuses[record.key]) >= {record.key}
    other = "follow_up" if statuses[record.key] != "follow_up" else "initiated"
    assert record.key not in keys(status=other)
    assert keys(deadline_before="2025-03-31") >= {record.key}
    assert record.key not in keys(deadline_before="2025-03-30")
    name = record_2018.owner.name
    assert keys(municipality=name) == {record_2018.key}
    bad = caller.get("/cases", status="klar")
    assert bad.status_code == 422 and bad.json()["errors"]


def test_two_municipalities_with_the_same_case_key_see_only_their_own(
    api_for, users, seed_case, django_user_model
):
    from django.contrib.auth.models import Permission

    add = Permission.objects.get(codename="add_caserecord", content_type__app_label="cases")
    made = {}
    for code, name in (("0381", "Enköpings kommun"), ("0331", "Heby kommun")):
        municipality = Municipality.objects.create(code=code, name=name)
        creator = django_user_model.objects.create_user(f"skapare-{code}", password="x")
        creator.user_permissions.add(add)
        reader = django_user_model.objects.create_user(f"lasare-{code}", password="x")
        MunicipalityMembership.objects.create(municipality=municipality, user=reader, role="lasare")
        case = seed_case.model_copy(
            update={
                "case": seed_case.case.model_copy(
                    update={
                        "title": f"Översyn i {name}",
                        "municipality": seed_case.case.municipality.model_copy(
                            update={"name": name, "code": code}
                        ),
                    }
                )
            }
        )
        row = services.case_create(actor=creator, case=case, municipality=municipality)
        made[code] = (row, reader)
    seen = {}
    for code, (row, reader) in made.items():
        caller = api_for(reader, "read")
        items = caller.get("/cases").json()["items"]
        assert [(c["id"], c["municipality_code"]) for c in items] == [("ia-till-ifo", code)]
        seen[code] = items[0]["key"]
        assert caller.get(f"/cases/{row.key}").json()["title"].endswith(row.title[-10:])
        other = next(r for c, (r, _u) in made.items() if c != code)
        assert caller.get(f"/cases/{other.key}").status_code == 404
        assert caller.get(f"/cases/{other.key}/items/unit").status_code == 404
    assert seen["0381"] != seen["0331"]  # the same id, two addresses


def test_create_a_case_from_a_case_file(api, users, seed_case):
    new = seed_case.model_copy(
        update={"case": seed_case.case.model_copy(update={"id": "ny-oversyn"})}
    )
    text = dump_case(new)
    refused = api("lasare").post("/cases", text, content_type="application/yaml")
    assert refused.status_code == 403
    made = api("utredare").post("/cases", text, content_type="application/yaml")
    assert made.status_code == 201, made.content
    assert made.json()["key"] == "ny-oversyn" and made.json()["role"] == "utredare"
    assert made["Location"].endswith("/api/v1/cases/ny-oversyn")
    row = CaseRecord.objects.get(key="ny-oversyn")
    assert made["ETag"] == f'"{token(load(row))}"'
    again = api("utredare").post("/cases", text, content_type="application/yaml")
    assert again.status_code == 422 and "ny-oversyn" in again.json()["errors"][0]
    as_json = json.dumps(yaml.safe_load(text.replace("ny-oversyn", "json-oversyn")))
    assert api("utredare").post("/cases", as_json).status_code == 201


def test_a_bad_case_file_is_refused_with_located_errors_and_nothing_stored(api, users):
    before = CaseRecord.objects.count()
    response = api("utredare").post(
        "/cases", "format: oversyn/1\ncase:\n  id: x\n  title: 5\n", content_type="application/yaml"
    )
    assert response.status_code == 422
    body = response.json()
    assert body["detail"] and all("rad" in e or ":" in e for e in body["errors"])
    assert CaseRecord.objects.count() == before


def test_export_and_import_the_case_file_with_if_match(api, record):
    caller = api("utredare")
    exported = caller.get(f"/cases/{record.key}/file")
    assert exported.status_code == 200 and exported["Content-Type"].startswith("application/yaml")
    etag = exported["ETag"]
    as_json = caller.get(f"/cases/{record.key}/file", format="json")
    assert as_json.json()["case"]["id"] == "ia-till-ifo"
    text = exported.content.decode().replace(
        "title: Flytt av Integration", "title: Importerad flytt av Integration", 1
    )
    url = f"/cases/{record.key}/file"
    kw = {"content_type": "application/yaml"}
    assert caller.put(url, text, **kw).status_code == 428
    assert caller.put(url, text, headers={"If-Match": '"gammal"'}, **kw).status_code == 412
    assert api("lasare").put(url, text, headers={"If-Match": etag}, **kw).status_code == 403
    assert api("outsider").put(url, text, headers={"If-Match": etag}, **kw).status_code == 404
    assert _case(record).case.title.startswith("Flytt")
    done = caller.put(url, text, headers={"If-Match": etag}, **kw)
    assert done.status_code == 200, done.content
    assert _case(record).case.title.startswith("Importerad")
    assert done["ETag"] != etag
    assert AuditRecord.objects.filter(case=record).order_by("pk").last().action == "import"
    # the old ETag is stale now
    assert caller.put(url, text, headers={"If-Match": etag}, **kw).status_code == 412


def test_an_item_write_needs_a_fresh_if_match(api, record):
    kind = registry.get("administration")
    adm = kind.items(_case(record))[0]
    url = f"/cases/{record.key}/items/administration/{adm.id}"
    caller = api("utredare")
    read = caller.get(url)
    assert read.status_code == 200 and read["ETag"] == f'"{token(adm)}"'
    body = {**read.json(), "note": "Ändrad via API"}
    before = AuditRecord.objects.filter(case=record).count()
    assert caller.put(url, body).status_code == 428
    stale = caller.put(url, body, headers={"If-Match": '"0000"'})
    assert stale.status_code == 412 and "Någon annan har sparat" in stale.json()["errors"][0]
    assert AuditRecord.objects.filter(case=record).count() == before
    ok = caller.put(url, body, headers={"If-Match": read["ETag"]})
    assert ok.status_code == 200 and ok.json()["note"] == "Ändrad via API"
    assert caller.put(url, body, headers={"If-Match": read["ETag"]}).status_code == 412
    assert caller.delete(url, headers={"If-Match": read["ETag"]}).status_code == 412
    assert caller.get(f"/cases/{record.key}/items/administration/nej").status_code == 404


def test_bad_values_get_located_messages_in_the_requests_language(api, record):
    url = f"/cases/{record.key}/items/cost_line"
    example = registry.get("cost_line").example(_case(record))
    sv = api("utredare").post(url, {**example, "low": "mycket"})
    assert sv.status_code == 422
    assert sv.json()["errors"] == ["low: Ska vara ett tal, fick 'mycket'"]
    en = api("utredare", lang="en").post(url, {**example, "low": "mycket"})
    assert en.status_code == 422
    (message,) = en.json()["errors"]
    assert message.startswith("low: ") and "mycket" in message and "Ska vara" not in message
    assert api("utredare").post(url, "[1, 2").status_code == 422
    assert registry.get("cost_line").find(_case(record), example["id"]) is None
    taken = _case(record).baseline.administrations[0].id
    dup = api("utredare").post(
        f"/cases/{record.key}/items/administration", {"id": taken, "name": "Dubblett"}
    )
    assert dup.status_code == 422 and f"Id {taken} används redan" in dup.json()["errors"][0]


def test_a_new_item_without_id_gets_one_from_its_name(api, record):
    example = registry.get("cost_line").example(_case(record))
    del example["id"]
    made = api("utredare").post(f"/cases/{record.key}/items/cost_line", example)
    assert made.status_code == 201
    assert made.json()["id"] == "registertestpost"
    assert made["Location"].endswith(f"/cases/{record.key}/items/cost_line/registertestpost")


def test_analysis_evaluation_and_documents(api, record):
    caller = api("lasare")
    analysis = caller.get(f"/cases/{record.key}/alternatives/ia-till-ifo/analysis")
    assert analysis.status_code == 200
    assert "cross_boundary_interaction_share" in analysis.json()["metrics"]
    assert caller.get(f"/cases/{record.key}/alternatives/nej/analysis").status_code == 404
    results = caller.get(f"/cases/{record.key}/evaluation").json()
    assert {a["id"] for a in results["alternatives"]} >= {"nulage", "ia-till-ifo"}
    html = caller.get(f"/cases/{record.key}/document/html")
    assert html.status_code == 200 and b"<html" in html.content[:500].lower()
    docx = caller.get(f"/cases/{record.key}/document/docx", alternative="ia-till-ifo")
    assert docx.status_code == 200 and docx.content[:2] == b"PK"
    assert caller.get(f"/cases/{record.key}/document/odt").status_code == 422
    assert caller.get(f"/cases/{record.key}/document/html", alternative="nej").status_code == 404
    assert api("outsider").get(f"/cases/{record.key}/evaluation").status_code == 404
