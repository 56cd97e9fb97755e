"""Views through Django's test client: 404 for other cases, 403 for a missing role, pages."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from oversyn.io.casefile import dump_case
from oversyn.web.cases.models import AuditRecord, CaseRecord
from oversyn.web.organisation import actions as org_actions
from oversyn.web.platform import shared

pytestmark = pytest.mark.django_db


def login(client, user):
    client.force_login(user)
    return client


def _case(record):
    return shared.load(CaseRecord.objects.get(pk=record.pk))


def test_anonymous_is_sent_to_login(client, record):
    response = client.get(reverse("cases:overview", args=[record.key]))
    assert response.status_code == 302 and "/logga-in/" in response["Location"]


def test_case_list_shows_only_own_cases(client, users, record, other_record):
    page = login(client, users["lasare"]).get(reverse("cases:list")).content.decode()
    assert record.title in page and "Annat ärende" not in page


@pytest.mark.parametrize(
    "name", ["overview", "organisation", "interactions", "history", "members", "export_yaml"]
)
def test_other_case_is_404(client, users, record, other_record, name):
    response = login(client, users["lasare"]).get(reverse(f"cases:{name}", args=[other_record.key]))
    assert response.status_code == 404


def test_overview_shows_directive_analysis_and_missing(client, users, record):
    page = login(client, users["lasare"]).get(reverse("cases:overview", args=[record.key]))
    text = page.content.decode()
    assert page.status_code == 200
    assert "Politiskt direktiv – flytta IA till IFO" in text
    assert "Q1 2025" in text
    assert "Andel samverkan över förvaltningsgräns" in text
    assert "Diarienummer saknas." in text  # the seed's directive gives no diarienummer
    assert "IA flyttas till IFO i socialförvaltningen" in text


def test_bedomare_cannot_edit_organisation(client, users, record):
    ia = _case(record).baseline.unit("ia")
    c = login(client, users["bedomare"])
    url = reverse("cases:org_object", args=[record.key, "unit", "ia"])
    page = c.get(url)
    assert page.status_code == 200 and "får läsa men inte ändra" in page.content.decode()
    response = c.post(url, {"name": "Ändrad", "administration": "sof", "base": shared.token(ia)})
    assert response.status_code == 403
    assert _case(record).baseline.unit("ia").name == "Integration och arbetsmarknad"


def test_utredare_edits_unit_via_form(client, users, record):
    ia = _case(record).baseline.unit("ia")
    response = login(client, users["utredare"]).post(
        reverse("cases:org_object", args=[record.key, "unit", "ia"]),
        {
            "name": "IA",
            "administration": "sof",
            "functions": ["delivery"],
            "fte": "18",
            "base": shared.token(ia),
        },
    )
    assert response.status_code == 302
    unit = _case(record).baseline.unit("ia")
    assert (unit.name, unit.administration, unit.parent) == ("IA", "sof", None)


def test_stale_form_shows_conflict_and_keeps_input(client, users, record):
    ia = _case(record).baseline.unit("ia")
    stale = shared.token(ia)
    org_actions.unit_save(
        actor=users["utredare"],
        record=record,
        unit_id="ia",
        data={**ia.model_dump(mode="json"), "fte": 20},
        base=stale,
    )
    page = login(client, users["utredare"]).post(
        reverse("cases:org_object", args=[record.key, "unit", "ia"]),
        {"name": "Mitt namn", "parent": "vuxenutbildning", "fte": "25", "base": stale},
    )
    text = page.content.decode()
    assert page.status_code == 200
    assert "Någon annan har sparat" in text
    assert 'value="Mitt namn"' in text  # the user's input is still in the form
    assert "&#x27;fte&#x27;: 20.0" in text  # and the other save is shown
    assert _case(record).baseline.unit("ia").fte == 20


def test_alternative_builder_preview_and_add(client, users, record):
    c = login(client, users["utredare"])
    c.post(
        reverse("cases:alternative_create", args=[record.key]),
        {"id": "ia-sof", "name": "IA under SOF", "based_on": "nulage"},
    )
    alt = _case(record).alternative("ia-sof")
    data = {
        "op": "move_unit",
        "unit": "ia",
        "to_administration": "sof",
        "base": shared.token(alt),
    }
    preview = c.post(reverse("cases:operation_preview", args=[record.key, "ia-sof"]), data)
    assert "flyttas från Vuxenutbildningen" in preview.content.decode()
    assert _case(record).alternative("ia-sof").operations == []  # preview saves nothing
    bad = c.post(
        reverse("cases:operation_preview", args=[record.key, "ia-sof"]),
        {"op": "move_unit", "unit": "vuxenutbildning", "to_parent": "ia"},
    )
    assert "kan inte flyttas under sig själv" in bad.content.decode()
    response = c.post(reverse("cases:operation_add", args=[record.key, "ia-sof"]), data)
    assert response.status_code == 302
    page = c.get(reverse("cases:alternative", args=[record.key, "ia-sof"])).content.decode()
    assert "Integration och arbetsmarknad flyttas från Vuxenutbildningen" in page
    assert "flyttad" in page  # the org chart marks the moved unit


def test_yaml_export_and_broken_import(client, users, record, seed_case):
    c = login(client, users["utredare"])
    exported = c.get(reverse("cases:export_yaml", args=[record.key])).content.decode()
    assert exported == dump_case(seed_case)
    broken = io.BytesIO(exported.replace("appointed_by: kf", "appointed_by: kx", 1).encode())
    broken.name = "trasig.yaml"
    version = CaseRecord.objects.get(pk=record.pk).version
    page = c.post(
        reverse("cases:import_yaml", args=[record.key]), {"file": broken, "version": version}
    ).content.decode()
    assert "trasig.yaml:" in page and "appointed_by" in page
    assert CaseRecord.objects.get(pk=record.pk).version == version


def test_excel_round_trip(client, users, record):
    c = login(client, users["utredare"])
    content = c.get(reverse("cases:org_export_xlsx", args=[record.key])).content
    wb = load_workbook(io.BytesIO(content))
    assert wb.sheetnames == ["Verksamhetsområden", "Nämnder", "Förvaltningar", "Enheter"]
    sheet = wb["Enheter"]
    headers = [c.value for c in sheet[1]]
    row = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == "ia")
    row[headers.index("årsarbetare")].value = 21
    buf = io.BytesIO()
    wb.save(buf)
    buf.seek(0)
    buf.name = "org.xlsx"
    before = _case(record).baseline
    response = c.post(
        reverse("cases:org_import_xlsx", args=[record.key]),
        {"file": buf, "base": shared.token(before)},
    )
    assert response.status_code == 302
    after = _case(record).baseline
    assert after.unit("ia").fte == 21
    assert after.model_copy(update={"units": []}) == before.model_copy(update={"units": []})
    assert [u.id for u in after.units] == [u.id for u in before.units]


def test_excel_import_with_bad_cell_changes_nothing(client, users, record, org_workbook):
    c = login(client, users["utredare"])
    buf = org_workbook(_case(record).baseline, "många")
    version = CaseRecord.objects.get(pk=record.pk).version
    page = c.post(
        reverse("cases:org_import_xlsx", args=[record.key]),
        {"file": buf, "base": shared.token(_case(record).baseline)},
    )
    assert page.status_code == 400
    assert "org.xlsx, blad Enheter, rad 3, kolumn I (årsarbetare)" in page.content.decode()
    assert CaseRecord.objects.get(pk=record.pk).version == version


def test_csv_upload_replaces_interactions(client, users, record):
    c = login(client, users["utredare"])
    csv_text = "a;b;weight;estimated\nia;ifo-vuxen;12,5;ja\nia;ifo-barn-familj;3;\n"
    upload = io.BytesIO(csv_text.encode())
    upload.name = "samverkan.csv"
    c.post(
        reverse("cases:interactions_upload", args=[record.key]),
        {"file": upload, "replace": "on", "base": shared.token(_case(record).interactions)},
    )
    rows = _case(record).interactions
    assert [(r.a, r.b, r.weight, r.estimated) for r in rows] == [
        ("ia", "ifo-vuxen", 12.5, True),
        ("ia", "ifo-barn-familj", 3.0, False),
    ]
    assert AuditRecord.objects.filter(case=record, object_type="interactions").count() == 1


def test_csv_upload_with_unknown_unit_changes_nothing(client, users, record):
    c = login(client, users["utredare"])
    before = _case(record).interactions
    upload = io.BytesIO(b"a,b,weight\nia,finns-inte,4\n")
    upload.name = "s.csv"
    response = c.post(
        reverse("cases:interactions_upload", args=[record.key]),
        {"file": upload, "replace": "on", "base": shared.token(before)},
        follow=True,
    )
    assert "finns-inte" in response.content.decode()
    assert _case(record).interactions == before


def test_history_lists_changes(client, users, record):
    page = login(client, users["lasare"]).get(reverse("cases:history", args=[record.key]))
    text = page.content.decode()
    assert "Ärendet skapades." in text and "Roll i ärendet satt." in text


def test_english_ui(client, users, record):
    c = login(client, users["lasare"])
    c.post(reverse("set_language"), {"language": "en", "next": "/"})
    text = c.get(reverse("cases:overview", args=[record.key])).content.decode()
    assert "Structural analysis" in text
    assert "Cross-administration interaction share" in text


def test_case_info_form_keeps_fields_it_does_not_show(client, users, record, seed_case):
    info = _case(record).case
    response = login(client, users["utredare"]).post(
        reverse("cases:case_info", args=[record.key]),
        {
            "base": shared.token(info),
            "title": info.title,
            "case_number": "KS 2024-101",
            "municipality_name": info.municipality.name,
            "summary": info.summary,
            "directive_title": info.directive.title,
            "directive_deadline": "2025-03-31",
            "directive_text": info.directive.text,
        },
    )
    assert response.status_code == 302
    after = _case(record).case
    assert after.case_number == "KS 2024-101"
    assert after.directive.deadline == "2025-03-31"
    assert after.directive.issued_by == seed_case.case.directive.issued_by  # not in the form
    assert after.sources == seed_case.case.sources
    assert CaseRecord.objects.get(pk=record.pk).deadline == "2025-03-31"


def test_journey_add_and_delete(client, users, record):
    c = login(client, users["utredare"])
    base = shared.token(_case(record).journeys)
    c.post(
        reverse("cases:journey_save", args=[record.key]),
        {"name": "Ny kedja", "steps": ["ia", "ifo-vuxen"], "volume": "7", "base": base},
    )
    journey = _case(record).journeys[-1]
    assert (journey.id, journey.steps, journey.volume) == ("ny-kedja", ["ia", "ifo-vuxen"], 7)
    c.post(
        reverse("cases:journey_delete", args=[record.key, "ny-kedja"]),
        {"base": shared.token(_case(record).journeys)},
    )
    assert "ny-kedja" not in [j.id for j in _case(record).journeys]


def test_interaction_matrix_sums_both_directions(client, users, record):
    """Seed 000: IA–ekonomiskt bistånd is 180 persons, shown in both cells."""
    from oversyn.web.organisation.selectors import interaction_matrix

    matrix = interaction_matrix(_case(record))
    labels = matrix["labels"]
    ia, eb = labels.index("Integration och arbetsmarknad"), labels.index("Ekonomiskt bistånd")
    assert matrix["rows"][ia][1][eb] == 180 and matrix["rows"][eb][1][ia] == 180
