"""PDF rendering: WeasyPrint from the print variant of the HTML.

Why WeasyPrint and not LibreOffice from the DOCX: it is a PyPI package (only the pango
libraries come from Debian, ~10 MB, versus ~400 MB for LibreOffice), it runs in-process in a
fraction of a second instead of starting an office suite, and the page numbers and the table
of contents with page references come from CSS Paged Media (``counter(page)``,
``target-counter``), so the PDF and the web preview share one source.

Every PDF is tagged (WeasyPrint's ``pdf_variant``):

* ``ua`` (default) — **PDF/UA-1** for publishing (lag 2018:1937 om tillgänglighet till digital
  offentlig service): a structure tree from the HTML (H1–H3, L/LI, Table/TR/TH/TD, Figure with
  the alt text), ``/Lang`` from ``<html lang>``, ``/MarkInfo``, the title shown in the window.
* ``a2`` — **PDF/A-2a** for the e-archive: the same tagged structure, fonts embedded, an sRGB
  output intent, ``pdfaid`` part 2 conformance A in the XMP.
* ``a3`` — **PDF/A-3a** with the Word file embedded as its source (``/AF``, relationship
  ``Source``), for archives that keep the editable original inside the PDF.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from oversyn.documents.model import Document
from oversyn.documents.render_html import render_html

PdfVariant = Literal["ua", "a2", "a3"]
PDF_VARIANTS: dict[str, str] = {"ua": "pdf/ua-1", "a2": "pdf/a-2a", "a3": "pdf/a-3a"}
"""Our option → WeasyPrint's ``pdf_variant``."""


def render_pdf(
    doc: Document,
    path: Path | None = None,
    *,
    variant: PdfVariant = "ua",
    docx: bytes | None = None,
    docx_name: str = "dokument.docx",
) -> bytes:
    """The document as PDF bytes (also written to ``path`` when given).

    ``variant`` is ``"ua"`` (PDF/UA-1, the default), ``"a2"`` (PDF/A-2a) or ``"a3"``
    (PDF/A-3a, with ``docx`` — the same document as Word — attached as its source).
    """
    import weasyprint  # imported here: loading pango costs time the other formats do not need

    if variant not in PDF_VARIANTS:
        raise ValueError(f"unknown PDF variant {variant!r}; use one of {sorted(PDF_VARIANTS)}")
    html = render_html(doc, for_print=True)
    rendered = weasyprint.HTML(string=html).render()
    attachments = []
    if variant == "a3" and docx is not None:
        attachments.append(
            weasyprint.Attachment(
                string=docx,
                name=docx_name,
                description="Källdokumentet i Word-format"
                if doc.lang == "sv"
                else "The source document (Word)",
                relationship="Source",
            )
        )
    data: bytes = rendered.write_pdf(
        pdf_variant=PDF_VARIANTS[variant],
        attachments=attachments or None,
        pdf_identifier=True,
    )
    if path is not None:
        path.write_bytes(data)
    return data
