"""The beslutsunderlag: a case as a tjänsteskrivelse in Word, PDF and HTML (see docs/documents.md).

API: :func:`oversyn.documents.build.build_document` (case → :class:`~.model.Document`), then
:func:`~.render_docx.render_docx`, :func:`~.render_pdf.render_pdf` or
:func:`~.render_html.render_html` (a self-contained page, also the web preview).
"""
