"""Browser helpers others can reuse: create a case through the "Nytt ärende" form and
download its beslutsunderlag as DOCX (Playwright's sync API)."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any


def create_case_through_form(
    page: Any,
    base_url: str,
    *,
    title: str,
    municipality: str = "0580",
    start: str = "skeleton",
    committee: str = "Kommunstyrelsen",
    case_number: str = "",
    officer: str = "",
    directive_by: str = "",
    directive_to: str = "",
    directive_deadline: str = "",
    directive_text: str = "",
    source_case: str = "",
    workbook: str | Path | None = None,
) -> str:
    """Open the case list, follow "Nytt ärende", fill the form and submit it; returns the new
    case's address (key) from the overview's URL.  ``municipality`` is the option's value
    (the kommunkod); ``start`` is skeleton, empty, copy (``source_case``: a key) or excel
    (``workbook``: a path)."""
    page.goto(base_url + "/")
    page.get_by_role("link", name="Nytt ärende", exact=True).click()
    page.wait_for_url("**/nytt-arende/")
    page.fill("#id_title", title)
    page.select_option("#id_municipality", municipality)
    for field, value in (
        ("committee", committee),
        ("case_number", case_number),
        ("officer", officer),
        ("directive_by", directive_by),
        ("directive_to", directive_to),
        ("directive_deadline", directive_deadline),
        ("directive_text", directive_text),
    ):
        if value:
            page.fill(f"#id_{field}", value)
    page.check(f"input[name=start][value={start}]")
    if source_case:
        page.select_option("#id_source_case", source_case)
    if workbook is not None:
        page.set_input_files("#id_workbook", str(workbook))
    page.get_by_role("button", name="Skapa ärendet").click()
    page.wait_for_url("**/arenden/*/")
    return page.url.rstrip("/").rsplit("/", 1)[-1]


def download_docx_text(page: Any, base_url: str, key: str, query: str = "") -> list[str]:
    """Open the case's document page, download the DOCX and return its paragraphs' text."""
    from docx import Document

    page.goto(f"{base_url}/arenden/{key}/dokument/{query}")
    with page.expect_download() as info:
        page.get_by_role("link", name="Ladda ned Word (DOCX)").click()
    word = Document(io.BytesIO(Path(info.value.path()).read_bytes()))
    texts = [p.text for p in word.paragraphs]
    for table in word.tables:
        texts += [cell.text for row in table.rows for cell in row.cells]
    return texts


def create_case_from_seed(page: Any, base_url: str, seed: Any, municipality: str = "") -> str:
    """ "Nytt ärende" filled in with what a case file (``seed``, a core Case) says of the case
    and its directive, starting from an empty organisation; ``municipality`` (a kommunkod)
    for a case whose municipality is not named (the form offers only the 290 municipalities;
    the name is typed in the case's information afterwards).  Returns the new case's key."""
    info = seed.case
    directive = info.directive
    return create_case_through_form(
        page,
        base_url,
        title=info.title,
        municipality=municipality or info.municipality.code or "",
        start="empty",
        committee=info.committee or "",
        case_number=info.case_number or "",
        officer=info.officer or "",
        directive_by="\n".join(directive.issued_by) if directive else "",
        directive_to="\n".join(directive.issued_to) if directive else "",
        directive_deadline=(directive.deadline or "") if directive else "",
        directive_text=directive.text.strip() if directive else "",
    )
