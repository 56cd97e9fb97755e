"""The document page's downloads for the diarium and the e-archive: PDF/A variants of the
beslutsunderlag, a party's remiss answer as DOCX/PDF, the E-ARK SIP and the plain ZIP, and
the Word template's report of its fields and missing styles."""

from __future__ import annotations

import io
import json
import zipfile

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from tests.conftest import EXAMPLES
from tests.documents.word_templates import minimal_template

from oversyn.io.casefile import load_case
from oversyn.web.cases import services
from oversyn.web.cases.models import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def enkoping(users):
    """Seed 002: Socialnämndens remiss answer is in the case file; läsare may read it."""
    row = services.case_create(
        actor=users["utredare"], case=load_case(EXAMPLES / "enkoping-2021.yaml")
    )
    services.membership_set(
        actor=users["utredare"], record=row, user=users["lasare"], role=Role.LASARE
    )
    row.refresh_from_db()
    return row


def test_document_page_offers_the_archive(client, users, enkoping):
    client.force_login(users["utredare"])
    page = client.get(reverse("cases:document", args=[enkoping.key])).content.decode()
    assert "Diarium och e-arkiv" in page
    assert reverse("cases:archive_download", args=[enkoping.key, "sip"]) in page
    assert (
        reverse("cases:remiss_answer_download", args=[enkoping.key, "remiss-ks-2021", "sn", "pdf"])
        in page
    )
    assert "?pdf=a2" in page


def test_pdf_a_variant_of_the_beslutsunderlag(client, users, enkoping, tmp_path):
    from tests.documents.pdfcheck import PDFAID, PDFUAID, read_pdf

    client.force_login(users["utredare"])
    url = reverse("cases:document_download", args=[enkoping.key, "pdf"])
    for query, key, part in (
        ("", PDFUAID, "1"),
        ("?pdf=a2", PDFAID, "2"),
        ("?pdf=a3", PDFAID, "3"),
    ):
        response = client.get(url + query)
        assert response.status_code == 200
        path = tmp_path / "underlag.pdf"
        path.write_bytes(response.content)
        assert read_pdf(path).xmp[key + "part"] == part
    assert client.get(url + "?pdf=x").status_code == 404


def test_remiss_answer_downloads(client, users, enkoping):
    client.force_login(users["lasare"])
    url = reverse(
        "cases:remiss_answer_download", args=[enkoping.key, "remiss-ks-2021", "sn", "docx"]
    )
    response = client.get(url)
    assert response.status_code == 200
    word = docx.Document(io.BytesIO(response.content))
    assert word.core_properties.category == "remissvar"
    assert any(p.text.startswith("Yttrande över remiss") for p in word.paragraphs)
    pdf = client.get(url.replace("/docx/", "/pdf/"))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    missing = reverse(
        "cases:remiss_answer_download", args=[enkoping.key, "remiss-ks-2021", "vn", "pdf"]
    )
    assert client.get(missing).status_code == 404


def test_archive_downloads(client, users, enkoping):
    client.force_login(users["utredare"])
    sip = client.get(reverse("cases:archive_download", args=[enkoping.key, "sip"]))
    assert sip.status_code == 200 and sip["Content-Type"] == "application/zip"
    names = zipfile.ZipFile(io.BytesIO(sip.content)).namelist()
    assert any(n.endswith("/METS.xml") for n in names)
    plain = client.get(reverse("cases:archive_download", args=[enkoping.key, "zip"]))
    manifest = json.loads(zipfile.ZipFile(io.BytesIO(plain.content)).read("manifest.json"))
    assert [d["dokumenttyp"] for d in manifest["dokument"]] == [
        "tjänsteskrivelse",
        "remissvar",
        "ärendefil",
    ]
    assert (
        client.get(reverse("cases:archive_download", args=[enkoping.key, "x"])).status_code == 404
    )


def test_outsider_gets_nothing(client, users, enkoping):
    client.force_login(users["outsider"])
    assert (
        client.get(reverse("cases:archive_download", args=[enkoping.key, "sip"])).status_code == 404
    )


def test_template_upload_lists_fields_and_missing_styles(client, users, enkoping, tmp_path):
    client.force_login(users["utredare"])
    data = minimal_template(tmp_path / "mall.docx").read_bytes()
    url = reverse("cases:document", args=[enkoping.key])
    response = client.post(url, {"file": SimpleUploadedFile("kommun.docx", data)}, follow=True)
    page = response.content.decode()
    assert "Fält som fylls i: Dnr (sidhuvud); Datum (sidhuvud)" in page
    assert "Formatmallar som saknas och läggs till från standardmallen:" in page
    assert "List Number" in page and "Table Grid" in page
