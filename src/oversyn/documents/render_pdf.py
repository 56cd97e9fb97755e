"""PDF rendering: WeasyPrint from the print variant of the HTML.

Why WeasyPrint and not LibreOffice from the DOCX: it is a PyPI package (only the pango
libraries come from Debian, ~10 MB, versus ~400 MB for LibreOffice), it runs in-process in a
fraction of a second instead of starting an office suite, and the page numbers and the table
of contents with page references come from CSS Paged Media (``counter(page)``,
``target-counter``), so the PDF and the web preview share one source.
"""

from __future__ import annotations

from pathlib import Path

from oversyn.documents.model import Document
from oversyn.documents.render_html import render_html


def render_pdf(doc: Document, path: Path | None = None) -> bytes:
    """The document as PDF bytes (also written to ``path`` when given)."""
    import weasyprint  # imported here: loading pango costs time the other formats do not need

    html = render_html(doc, for_print=True)
    data: bytes = weasyprint.HTML(string=html).write_pdf()
    if path is not None:
        path.write_bytes(data)
    return data
