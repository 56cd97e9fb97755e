"""Downloads for the diarium and the e-archive: a party's remiss answer as its own document
(DOCX in the case's Word template, or PDF), and the whole case as an E-ARK SIP or as a plain
ZIP with a manifest.  Read-only: they render what the case holds, like the beslutsunderlag."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from oversyn.web.cases.models import CaseTemplate
from oversyn.web.platform import selectors as sel
from oversyn.web.platform.attachment import DOCX, PDF, attachment
from oversyn.web.platform.lang import current_lang
from oversyn.web.platform.routes import Routes
from oversyn.web.platform.views import case_view

route = Routes()  # this module's URL patterns (urls.py), each beside its view


def pdf_variant(request: HttpRequest) -> str:
    """``?pdf=ua|a2|a3`` (default ``ua``, PDF/UA-1); anything else is a 404."""
    from oversyn.documents.render_pdf import PDF_VARIANTS

    variant = request.GET.get("pdf", "ua")
    if variant not in PDF_VARIANTS:
        raise Http404(_("Okänd PDF-variant."))
    return variant


def render_with_template(access: sel.CaseAccess, doc: Any) -> bytes:
    """The document as DOCX in the case's own Word template (or the neutral one)."""
    return docx_bytes(access.record, doc)


def docx_bytes(record: Any, doc: Any) -> bytes:
    """The document as DOCX in the Word template of the case ``record`` (or the neutral one);
    also what the background document job writes."""
    from oversyn.documents.render_docx import render_docx

    template = CaseTemplate.objects.filter(case=record).first()
    if template is None:
        return render_docx(doc)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "mall.docx"
        path.write_bytes(bytes(template.data))
        return render_docx(doc, None, path)


def render_pdf_variant(access: sel.CaseAccess, doc: Any, variant: str, name: str) -> bytes:
    return pdf_bytes(access.record, doc, variant, name)


def pdf_bytes(record: Any, doc: Any, variant: str, name: str) -> bytes:
    from oversyn.documents.render_pdf import render_pdf

    source = docx_bytes(record, doc) if variant == "a3" else None
    return render_pdf(doc, variant=variant, docx=source, docx_name=f"{name}.docx")  # type: ignore[arg-type]


@route("dokument/remissvar/<str:remiss_id>/<str:party>/<str:fmt>/", "remiss_answer_download")
@case_view()
def remiss_answer(
    request: HttpRequest, access: sel.CaseAccess, remiss_id: str, party: str, fmt: str
) -> HttpResponse:
    from oversyn.documents.archive.contents import slug
    from oversyn.documents.remiss_answer import build_remiss_answer

    if fmt not in {"docx", "pdf"}:
        raise Http404
    try:
        doc = build_remiss_answer(access.case, party, remiss_id, current_lang())
    except KeyError:
        raise Http404(_("Remissvaret finns inte.")) from None
    name = f"{access.record.key}-remissvar-{slug(party)}"
    if fmt == "docx":
        return attachment(render_with_template(access, doc), DOCX, f"{name}.docx")
    data = render_pdf_variant(access, doc, pdf_variant(request), name)
    return attachment(data, PDF, f"{name}.pdf")


@route("arkiv/<str:kind>/", "archive_download")
@case_view()
def archive(request: HttpRequest, access: sel.CaseAccess, kind: str) -> HttpResponse:
    from oversyn.documents.archive.contents import case_documents
    from oversyn.documents.archive.package import build_plain_zip, build_sip

    if kind not in {"sip", "zip"}:
        raise Http404
    documents = case_documents(access.case, current_lang())
    if kind == "sip":
        data = build_sip(access.case, current_lang(), documents=documents)
        filename = f"{access.record.key}-sip.zip"
    else:
        data = build_plain_zip(access.case, current_lang(), documents)
        filename = f"{access.record.key}-dokument.zip"
    return attachment(data, "application/zip", filename)
