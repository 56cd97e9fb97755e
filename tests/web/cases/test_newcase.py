"""The "Nytt ärende" page: a case from nothing, through the one create action, with audit."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse

from oversyn.web.cases.models import (
    AuditRecord,
    CaseRecord,
    Municipality,
    MunicipalityMembership,
    MunicipalityRole,
)
from oversyn.web.organisation.tabular import organisation_to_xlsx
from oversyn.web.platform import shared

pytestmark = pytest.mark.django_db

FORM = {
    "title": "Översyn av socialförvaltningen",
    "municipality": "0580",
    "committee": "Kommunstyrelsen",
    "case_number": "KS 2025/0123",
    "officer": "Anna Utredare",
    "directive_by": "Kommunstyrelsen",
    "directive_to": "Kommundirektören, Socialnämnden",
    "directive_date": "2025-01-15",
    "directive_deadline": "våren 2026",
    "directive_text": "Utred socialförvaltningens organisation.",
    "start": "skeleton",
}


def _post(client, user, **changes):
    client.force_login(user)
    return client.post(reverse("cases:case_new"), {**FORM, **changes})


def test_the_case_list_links_to_the_new_case_page(client, users):
    client.force_login(users["utredare"])
    page = client.get(reverse("cases:list")).content.decode()
    assert reverse("cases:case_new") in page and "Nytt ärende" in page


def test_a_global_creator_sees_all_290_municipalities(client, users):
    client.force_login(users["utredare"])
    page = client.get(reverse("cases:case_new")).content.decode()
    assert (
        page.count('<option value="0')
        + page.count('<option value="1')
        + page.count('<option value="2')
        == 290
    )
    assert "Linköping (0580)" in page


def test_create_with_the_skeleton(client, users):
    response = _post(client, users["utredare"])
    assert response.status_code == 302
    row = CaseRecord.objects.get(case_id="oversyn-av-socialforvaltningen")
    case = shared.load(row)
    assert case.case.municipality.name == "Linköpings kommun"
    assert case.case.municipality.code == "0580"
    assert row.owner.code == "0580"
    assert case.case.case_number == "KS 2025/0123"
    directive = case.case.directive
    assert directive is not None and directive.deadline == "våren 2026"
    assert directive.issued_to == ["Kommundirektören", "Socialnämnden"]
    names = [c.name for c in case.baseline.committees]
    assert names[:2] == ["Kommunfullmäktige", "Kommunstyrelsen"]
    assert case.baseline.administration("kommunledningsforvaltningen") is not None
    audit = AuditRecord.objects.get(case_key=row.key, object_type="case")
    assert (
        audit.action == "create"
        and "skapades i webben (typisk kommunorganisation)" in audit.message
    )
    assert response["Location"] == reverse("cases:overview", args=[row.key])


def test_located_swedish_errors_and_nothing_stored(client, users):
    response = _post(client, users["utredare"], title="", directive_deadline="någon gång")
    assert response.status_code == 400
    page = response.content.decode()
    assert "Ärendet skapades inte" in page
    assert "Tidsfristen" in page and "någon gång" in page and "Q1 2025" in page
    assert not CaseRecord.objects.exists() and not AuditRecord.objects.exists()


def test_a_creator_of_one_municipality_sees_only_it(client, users):
    motala = Municipality.objects.create(name="Motala kommun", code="0583")
    Municipality.objects.create(name="Linköpings kommun", code="0580")
    MunicipalityMembership.objects.create(
        municipality=motala, user=users["lasare"], role=MunicipalityRole.SKAPARE
    )
    client.force_login(users["lasare"])
    page = client.get(reverse("cases:case_new")).content.decode()
    assert "Motala kommun (0583)" in page and "0580" not in page
    assert '<option value="0583" selected>' in page  # the only choice is chosen
    refused = client.post(reverse("cases:case_new"), {**FORM, "municipality": "0580"})
    assert refused.status_code == 400 and not CaseRecord.objects.exists()
    created = client.post(reverse("cases:case_new"), {**FORM, "municipality": "0583"})
    assert created.status_code == 302
    assert CaseRecord.objects.get().owner == motala


def test_without_a_creating_role_the_page_is_refused(client, users):
    client.force_login(users["bedomare"])
    assert client.get(reverse("cases:case_new")).status_code == 403
    assert client.post(reverse("cases:case_new"), FORM).status_code == 403


def test_same_title_twice_gets_a_new_id(client, users):
    assert _post(client, users["utredare"]).status_code == 302
    assert _post(client, users["utredare"]).status_code == 302
    ids = sorted(CaseRecord.objects.values_list("case_id", flat=True))
    assert ids == ["oversyn-av-socialforvaltningen", "oversyn-av-socialforvaltningen-2"]


def test_copy_of_a_readable_case_baseline(client, users, record, other_record):
    response = _post(client, users["utredare"], start="copy", source_case=record.key)
    assert response.status_code == 302
    new = shared.load(CaseRecord.objects.get(case_id="oversyn-av-socialforvaltningen"))
    assert new.baseline == shared.load(record).baseline
    # a case the user cannot read is no choice
    refused = _post(client, users["utredare"], start="copy", source_case=other_record.key)
    assert refused.status_code == 400


def test_copy_needs_a_case(client, users):
    response = _post(client, users["utredare"], start="copy")
    assert response.status_code == 400
    assert "Välj ärendet vars nuläge ska kopieras" in response.content.decode()


def test_from_an_excel_workbook_in_the_exports_layout(client, users, seed_case):
    data = organisation_to_xlsx(seed_case.baseline)
    upload = io.BytesIO(data)
    upload.name = "organisation.xlsx"
    response = _post(client, users["utredare"], start="excel", workbook=upload)
    assert response.status_code == 302
    new = shared.load(CaseRecord.objects.get(case_id="oversyn-av-socialforvaltningen"))
    assert [u.id for u in new.baseline.units] == [u.id for u in seed_case.baseline.units]


def test_a_broken_workbook_is_refused_with_its_name(client, users):
    upload = io.BytesIO(b"not a workbook")
    upload.name = "trasig.xlsx"
    response = _post(client, users["utredare"], start="excel", workbook=upload)
    assert response.status_code == 400
    assert "trasig.xlsx" in response.content.decode()
    assert not CaseRecord.objects.exists()


def test_empty_start(client, users):
    assert _post(client, users["utredare"], start="empty").status_code == 302
    case = shared.load(CaseRecord.objects.get())
    assert case.baseline.committees == [] and case.baseline.units == []


def test_a_municipality_without_a_code(client, users):
    unnamed = Municipality.objects.create(name="Kommunen", code=None)
    MunicipalityMembership.objects.create(
        municipality=unnamed, user=users["lasare"], role=MunicipalityRole.SKAPARE
    )
    client.force_login(users["lasare"])
    response = client.post(reverse("cases:case_new"), {**FORM, "municipality": unnamed.slug})
    assert response.status_code == 302
    row = CaseRecord.objects.get()
    case = shared.load(row)
    assert row.owner == unnamed
    assert case.case.municipality.name == "Kommunen" and case.case.municipality.code is None
