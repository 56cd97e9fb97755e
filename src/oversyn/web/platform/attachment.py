"""A download: bytes the browser saves as a file rather than shows."""

from __future__ import annotations

from django.http import HttpResponse
from django.utils.http import content_disposition_header

#: The content types of the documents the pages offer as downloads.
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PDF = "application/pdf"
YAML = "application/yaml; charset=utf-8"


def attachment(data: bytes | str, content_type: str, filename: str) -> HttpResponse:
    """``data`` (of ``content_type``) as a download named ``filename``.

    A name outside ASCII (a Swedish "å", "ä", "ö") is sent as RFC 6266's ``filename*``
    (UTF-8, percent-encoded), which every current browser reads."""
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=filename
    )
    return response
