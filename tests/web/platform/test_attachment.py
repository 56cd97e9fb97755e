"""Downloads: the Content-Disposition header of :func:`oversyn.web.platform.attachment.attachment`
(RFC 6266; a name outside ASCII as RFC 5987's ``filename*``)."""

from __future__ import annotations

from email.message import Message
from urllib.parse import unquote

import pytest
from django.urls import reverse

from oversyn.web.platform.attachment import PDF, XLSX, YAML, attachment


def test_an_ascii_name_is_a_quoted_filename():
    response = attachment(b"%PDF-", PDF, "ia-ifo-beslutsunderlag.pdf")
    assert response["Content-Type"] == PDF
    assert response["Content-Disposition"] == 'attachment; filename="ia-ifo-beslutsunderlag.pdf"'
    assert response.content == b"%PDF-"


def test_a_swedish_name_is_sent_utf8_percent_encoded():
    name = "Översyn av äldreomsorgen – Åtgärder.pdf"
    header = attachment(b"%PDF-", PDF, name)["Content-Disposition"]
    assert header == (
        "attachment; filename*=utf-8''"
        "%C3%96versyn%20av%20%C3%A4ldreomsorgen%20%E2%80%93%20%C3%85tg%C3%A4rder.pdf"
    )
    assert header.isascii()  # an HTTP header: no raw å, ä, ö
    assert unquote(header.split("''", 1)[1]) == name
    # what a mail/HTTP header parser (as a browser's) reads back
    message = Message()
    message["Content-Disposition"] = header
    assert message.get_filename() == name


def test_a_quote_in_the_name_does_not_end_the_header_value():
    header = attachment(b"", PDF, 'a "b".pdf')["Content-Disposition"]
    assert header == 'attachment; filename="a \\"b\\".pdf"'


def test_text_is_sent_in_the_content_types_charset():
    response = attachment("namn: Örebro\n", YAML, "orebro.yaml")
    assert response.content == "namn: Örebro\n".encode()


@pytest.mark.django_db
def test_the_case_downloads_name_their_files(client, users, record):
    client.force_login(users["utredare"])
    yaml = client.get(reverse("cases:export_yaml", args=[record.key]))
    assert yaml["Content-Type"] == YAML
    assert yaml["Content-Disposition"] == f'attachment; filename="{record.key}.yaml"'
    workbook = client.get(reverse("cases:org_export_xlsx", args=[record.key]))
    assert workbook["Content-Type"] == XLSX
    assert workbook["Content-Disposition"] == (
        f'attachment; filename="{record.key}-organisation.xlsx"'
    )
