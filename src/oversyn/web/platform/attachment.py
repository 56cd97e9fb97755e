"""A download: bytes the browser saves as a file rather than shows."""

from __future__ import annotations

from django.http import HttpResponse

#: The content types of the documents the pages offer as downloads.
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF = "application/pdf"


def attachment(data: bytes, content_type: str, filename: str) -> HttpResponse:
    """``data`` (of ``content_type``) as a download named ``filename``."""
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
