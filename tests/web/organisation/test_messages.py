"""Messages of the organisation pages (issue 12 item 10), on seed 001 (Linköping 2017).

* A delete refused because an alternative uses the object names the alternative and the
  operation, once: ``oaf-bestallning-ifo`` is moved by alternative 2's second operation.
* GET of a form's POST address goes to the page with the form instead of a bare 405.
* Excel import: pydantic's English never reaches the user; every error names the sheet, the row
  and the column (letter and header), references to ids that are not in the workbook too, and a
  formula cell without a saved value is an error, not an empty cell.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from oversyn.io.casefile import load_case
from oversyn.web.cases import services
from oversyn.web.cases.models import CaseRecord
from oversyn.web.platform import shared

pytestmark = pytest.mark.django_db

LINKOPING = Path(__file__).resolve().parents[3] / "examples" / "linkoping-2017.yaml"


@pytest.fixture
def linkoping_record(users):
    row = services.case_create(actor=users["utredare"], case=load_case(LINKOPING))
    row.refresh_from_db()
    return row


def _case(record):
    return shared.load(CaseRecord.objects.get(pk=record.pk))


def test_delete_refused_names_the_alternative_and_the_operation_once(
    client, users, linkoping_record
):
    record = linkoping_record
    client.force_login(users["utredare"])
    unit = _case(record).baseline.unit("oaf-bestallning-ifo")
    version = CaseRecord.objects.get(pk=record.pk).version
    response = client.post(
        reverse("cases:org_object_delete", args=[record.key, "unit", unit.id]),
        {"base": shared.token(unit)},
        follow=True,
    )
    page = response.content.decode()
    expected = (
        "Enheten Beställning individ- och familjeomsorg används av alternativet "
        "Alternativ 2 – Social- och omsorgsförvaltning och Äldreförvaltning "
        "(ändring 2: flytta en enhet). Ta bort eller ändra den ändringen först."
    )
    assert page.count(expected) == 1, page
    assert "finns inte i organisationen" not in page
    assert CaseRecord.objects.get(pk=record.pk).version == version
    assert _case(record).baseline.unit("oaf-bestallning-ifo") is not None


def test_delete_of_a_committee_used_by_several_operations(client, users, linkoping_record):
    record = linkoping_record
    client.force_login(users["utredare"])
    aen = _case(record).baseline.committee("aen")
    page = client.post(
        reverse("cases:org_object_delete", args=[record.key, "committee", "aen"]),
        {"base": shared.token(aen)},
        follow=True,
    ).content.decode()
    # alternative 1: change_mandate (2), change_support of sof (4) and oaf (5); alternative 2:
    # change_support of oaf (7); alternative 3: merge_administrations (1)
    for alt, n in (
        ("Alternativ 1", 2),
        ("Alternativ 1", 4),
        ("Alternativ 1", 5),
        ("Alternativ 2", 7),
        ("Alternativ 3", 1),
    ):
        assert f"används av alternativet {alt}" in page and f"(ändring {n}:" in page
    assert _case(record).baseline.committee("aen") is not None


def test_get_of_form_addresses_redirects(client, users, linkoping_record):
    record = linkoping_record
    client.force_login(users["utredare"])
    cases = {
        reverse("cases:alternative_create", args=[record.key]): f"/arenden/{record.key}/",
        reverse("cases:operation_add", args=[record.key, "alt2"]): "/alternativ/alt2/",
        reverse("cases:operation_preview", args=[record.key, "alt2"]): "/alternativ/alt2/",
        reverse("cases:alternative_delete", args=[record.key, "alt2"]): "/alternativ/alt2/",
        reverse("cases:operation_remove", args=[record.key, "alt2", 0]): "/alternativ/alt2/",
        reverse("cases:org_import_xlsx", args=[record.key]): "/organisation/",
        reverse("cases:org_object_delete", args=[record.key, "unit", "sof-ifo"]): "/sof-ifo/",
    }
    for url, target in cases.items():
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].endswith(target), (url, response["Location"])
        assert client.get(response["Location"]).status_code == 200


def _workbook(client, record):
    return load_workbook(
        io.BytesIO(client.get(reverse("cases:org_export_xlsx", args=[record.key])).content)
    )


def _import(client, record, wb):
    buf = io.BytesIO()
    wb.save(buf)
    buf.seek(0)
    buf.name = "org.xlsx"
    return client.post(
        reverse("cases:org_import_xlsx", args=[record.key]),
        {"file": buf, "base": shared.token(_case(record).baseline)},
    )


def test_excel_errors_are_swedish_and_located(client, users, linkoping_record):
    record = linkoping_record
    client.force_login(users["utredare"])
    wb = _workbook(client, record)
    units, committees = wb["Enheter"], wb["Nämnder"]
    units["E2"] = "myndighet"  # funktioner: not a function
    units["B3"] = None  # namn missing
    units["C4"] = "finns-inte"  # förvaltning that is not in the workbook
    committees["C3"] = "styrelse"  # typ: not a kind
    version = CaseRecord.objects.get(pk=record.pk).version
    response = _import(client, record, wb)
    page = response.content.decode()
    assert response.status_code == 400
    for text in (
        "org.xlsx, blad Enheter, rad 2, kolumn E (funktioner): Otillåtet värde",
        "org.xlsx, blad Enheter, rad 3, kolumn B (namn): Fältet saknas men är obligatoriskt",
        "org.xlsx, blad Enheter, rad 4, kolumn C (förvaltning): &#x27;finns-inte&#x27; finns "
        "inte på bladet Förvaltningar",
        "org.xlsx, blad Nämnder, rad 3, kolumn C (typ): Otillåtet värde",
    ):
        assert text in page, text
    for english in ("Field required", "Input should be", " or &#x27;"):
        assert english not in page
    assert CaseRecord.objects.get(pk=record.pk).version == version


def test_excel_formula_without_saved_value_is_an_error(client, users, linkoping_record):
    record = linkoping_record
    client.force_login(users["utredare"])
    wb = _workbook(client, record)
    wb["Enheter"]["I2"] = "=I3*2"  # openpyxl writes the formula and no cached value
    response = _import(client, record, wb)
    page = response.content.decode()
    assert response.status_code == 400
    assert (
        "org.xlsx, blad Enheter, rad 2, kolumn I (årsarbetare): cellen har formeln =I3*2 men "
        "inget sparat värde" in page
    )
    assert _case(record).baseline.unit("sof-stab").fte == 25


def test_edit_form_shows_and_reads_numbers_in_swedish(client, users, linkoping_record):
    record = linkoping_record
    client.force_login(users["utredare"])
    url = reverse("cases:org_object", args=[record.key, "unit", "sof-stab"])
    page = client.get(url).content.decode()
    assert 'name="fte" value="25"' in page and 'value="25 000 000"' in page
    assert "25.0" not in page and "25000000.0" not in page
    unit = _case(record).baseline.unit("sof-stab")
    data = {
        "name": unit.name,
        "administration": "sof",
        "functions": ["support"],
        "fte": "12,5",
        "budget": "9 000 000",
        "base": shared.token(unit),
    }
    assert client.post(url, data).status_code == 302
    saved = _case(record).baseline.unit("sof-stab")
    assert (saved.fte, saved.budget) == (12.5, 9_000_000)
    page = client.get(url).content.decode()
    assert 'name="fte" value="12,5"' in page and 'value="9 000 000"' in page
    bad = client.post(url, {**data, "fte": "tolv", "base": shared.token(saved)})
    assert "Skriv ett tal, t.ex. 12, 12,5 eller 9 000 000." in bad.content.decode()


def test_builder_form_errors_are_located_and_swedish(client, users, linkoping_record):
    record = linkoping_record
    client.force_login(users["utredare"])
    url = reverse("cases:operation_preview", args=[record.key, "alt3"])
    page = client.post(url, {"op": "update_unit", "unit": "sof-ifo", "fte": "12.000,5"})
    text = page.content.decode()
    assert "Årsarbetare (tomt = oförändrat): Skriv ett tal, t.ex. 12, 12,5 eller 9 000 000." in text
    merge = client.post(url, {"op": "merge_units", "units": ["sof-ifo"]}).content.decode()
    assert "Enheter som slås samman: Välj minst två att slå samman." in merge
    assert "Ange ett namn på den sammanslagna" in merge
    # an operation the core refuses: its own Swedish message, nothing saved
    abolish = client.post(url, {"op": "abolish_administration", "administration": "soaf"})
    assert "Förvaltningen &#x27;soaf&#x27; har fortfarande enheter: sof-stab" in (
        abolish.content.decode()
    )
    assert (
        _case(record).alternative("alt3").operations
        == load_case(LINKOPING).alternative("alt3").operations
    )
