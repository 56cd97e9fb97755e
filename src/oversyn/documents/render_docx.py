"""Word rendering with python-docx, into the municipality's own template.

The template's styles are used by name ("Title", "Heading 1–3", "List Number", "List Bullet",
"Caption", "Table Grid", "Normal"), so a municipality's .docx keeps its look, header, footer and
logo: the template's body is emptied (unless its first page holds fields) and its last section
(page size, margins, header/footer) is kept.  A style the template lacks is copied in from the
default template and the template's fields are filled (:mod:`oversyn.documents.word_template`).
The neutral default template is ``templates/default.docx`` (see
:mod:`oversyn.documents.template`).
"""

from __future__ import annotations

import io
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path

from docx import Document as open_docx
from docx.document import Document as DocxDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_COLOR_INDEX
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm
from docx.text.paragraph import Paragraph as DocxParagraph

from oversyn.documents.model import (
    Block,
    Document,
    Figure,
    Inline,
    ItemList,
    Paragraph,
    Placeholder,
    Section,
    Styled,
    Table,
)
from oversyn.documents.word_template import add_missing_styles, body_fields, fill_placeholders

PLACEHOLDER_STYLE = "Att fylla i"
TOC_TITLE = {"sv": "Innehåll", "en": "Contents"}
MAX_HEIGHT_CM = 20.0
TEXT_WIDTH_CM = 16.0
ALIGN = {
    "l": WD_ALIGN_PARAGRAPH.LEFT,
    "r": WD_ALIGN_PARAGRAPH.RIGHT,
    "c": WD_ALIGN_PARAGRAPH.CENTER,
}


def default_template() -> Path:
    return Path(str(resources.files("oversyn.documents").joinpath("templates/default.docx")))


def _style(doc: DocxDocument, name: str, fallback: str | None = "Normal") -> str | None:
    try:
        doc.styles[name]
    except KeyError:
        return fallback
    return name


def _clear_body(doc: DocxDocument) -> None:
    body = doc.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)


def _ensure_placeholder_style(doc: DocxDocument) -> None:
    if _style(doc, PLACEHOLDER_STYLE, None):
        return
    style = doc.styles.add_style(PLACEHOLDER_STYLE, WD_STYLE_TYPE.CHARACTER)
    style.font.italic = True
    style.font.highlight_color = WD_COLOR_INDEX.YELLOW


def _add_runs(paragraph: DocxParagraph, runs: list[Inline]) -> None:
    for run in runs:
        if isinstance(run, Placeholder):
            paragraph.add_run(run.text, style=PLACEHOLDER_STYLE)
        elif isinstance(run, Styled):
            styled = paragraph.add_run(run.text)
            styled.bold = run.bold or None
            styled.italic = run.italic or None
        else:
            paragraph.add_run(run)


def _add_field(paragraph: DocxParagraph, instruction: str, shown: str) -> None:
    """A Word field (TOC, PAGE …) with ``shown`` as text until Word updates it."""
    run = paragraph.add_run()
    for kind, text in (("begin", None), ("instr", instruction), ("separate", None)):
        if kind == "instr":
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = text
        else:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        run._r.append(el)
    paragraph.add_run(shown)
    end = paragraph.add_run()
    el = OxmlElement("w:fldChar")
    el.set(qn("w:fldCharType"), "end")
    end._r.append(el)


def _update_fields_on_open(doc: DocxDocument) -> None:
    settings = doc.settings.element
    if settings.find(qn("w:updateFields")) is None:
        el = OxmlElement("w:updateFields")
        el.set(qn("w:val"), "true")
        settings.append(el)


def _table(doc: DocxDocument, table: Table) -> None:
    if table.caption:
        doc.add_paragraph(table.caption, style=_style(doc, "Caption"))
    cols = len(table.header)
    grid = doc.add_table(rows=1, cols=cols, style=_style(doc, "Table Grid", None))
    grid.alignment = WD_TABLE_ALIGNMENT.LEFT
    head = grid.rows[0]
    trpr = head._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")  # repeat the header row on each page
    repeat.set(qn("w:val"), "true")
    trpr.append(repeat)
    for i, text in enumerate(table.header):
        para = head.cells[i].paragraphs[0]
        para.add_run(text).bold = True
        para.alignment = ALIGN[table.column_align(i)]
    for row in table.rows:
        cells = grid.add_row().cells
        for i, cell in enumerate(row):
            para = cells[i].paragraphs[0]
            _add_runs(para, [cell])
            para.alignment = ALIGN[table.column_align(i)]
    widths = column_widths(table)
    grid.autofit = False
    for column, width in zip(grid.columns, widths, strict=True):
        column.width = Cm(width)  # the table grid (LibreOffice reads this)
    for row in grid.rows:  # and each cell (Word reads this)
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = Cm(width)
    for note in table.notes:
        doc.add_paragraph(note).runs[0].italic = True


def column_widths(table: Table, total_cm: float = TEXT_WIDTH_CM) -> list[float]:
    """Column widths in cm: proportional to the longest text in each column (a long text
    counts as at most 60 characters, a short one as at least 5), so a matrix's wordy first
    column gets the room and "Ja"/"Nej" columns stay narrow; Word's own autofit is not
    applied by python-docx."""

    def length(cell: Inline) -> int:
        text = cell if isinstance(cell, str) else cell.text
        return max(5, min(60, len(text)))

    weights = []
    for i, head in enumerate(table.header):
        # a heading wraps on its words, but a short one ("Alt 1") must fit on one line
        head_len = min(len(head), 24) + 2
        longest = max([head_len, *(length(r[i]) for r in table.rows if i < len(r))])
        weights.append(longest)
    total = sum(weights)
    return [total_cm * w / total for w in weights]


def _figure(doc: DocxDocument, figure: Figure) -> None:
    width = figure.print_width_cm(MAX_HEIGHT_CM)
    doc.add_picture(io.BytesIO(figure.png), width=Cm(width))
    picture_paragraph = doc.paragraphs[-1]
    picture_paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    doc.inline_shapes[-1]._inline.docPr.set("descr", figure.alt)
    if figure.caption:
        doc.add_paragraph(figure.caption, style=_style(doc, "Caption"))


def _block(doc: DocxDocument, block: Block) -> None:
    if isinstance(block, Placeholder):
        _add_runs(doc.add_paragraph(), [block])
    elif isinstance(block, Paragraph):
        para = doc.add_paragraph()
        _add_runs(para, block.runs)
        for run in para.runs:
            if block.emphasis == "bold":
                run.bold = True
            elif block.emphasis == "italic":
                run.italic = True
    elif isinstance(block, ItemList):
        style = _style(doc, "List Number" if block.numbered else "List Bullet")
        for item in block.items:
            _add_runs(doc.add_paragraph(style=style), item)
    elif isinstance(block, Table):
        _table(doc, block)
    else:
        _figure(doc, block)


def _section(doc: DocxDocument, section: Section, level: int) -> None:
    style = _style(doc, f"Heading {min(level, 9)}")
    doc.add_paragraph(section.title, style=style)
    for block in section.blocks:
        _block(doc, block)
    for sub in section.subsections:
        _section(doc, sub, level + 1)


def field_values(doc: Document) -> dict[str, str]:
    """The template's fields (:data:`word_template.PLACEHOLDERS`) for ``doc``: what the case
    lacks is "Att fylla i: …", as everywhere else."""
    meta, sv = doc.meta, doc.lang == "sv"
    header = {f.label.lower(): f.value for f in doc.header}

    def value(v: str, sv_what: str, en_what: str, *labels: str) -> str:
        if v:
            return v
        for label in labels:
            found = header.get(label)
            if isinstance(found, str) and found:
                return found
        return Placeholder(sv_what if sv else en_what, doc.lang).text

    return {
        "dnr": value(meta.subject, "diarienummer", "case number", "diarienummer", "case number"),
        "datum": value(
            meta.created.isoformat() if meta.created else "",
            "datum",
            "date",
            "datum",
            "date",
            "sammanträdesdatum",
        ),
        "handlaggare": value(meta.author, "handläggare", "case officer", "handläggare"),
        "namnd": value(meta.committee, "nämnd", "committee", "nämnd", "organ", "committee"),
        "titel": doc.title,
    }


def _core_properties(word: DocxDocument, doc: Document) -> None:
    """Word's core properties as the diarium reads them: author = handläggare, created =
    the document's own date (not python-docx's 2013 default), title, subject = dnr."""
    meta = doc.meta
    props = word.core_properties

    def short(text: str | None) -> str:  # Word's core properties hold at most 255 characters
        text = text or ""
        return text if len(text) <= 255 else text[:254] + "…"

    props.title = short(doc.title)
    props.subject = short(meta.subject)
    props.author = short(meta.author)
    props.last_modified_by = short(meta.author)
    props.keywords = short(", ".join(meta.keywords))
    props.category = short(meta.kind)
    props.comments = ""
    props.language = "sv-SE" if doc.lang == "sv" else "en-GB"
    now = datetime.now(UTC).replace(microsecond=0, tzinfo=None)
    created = datetime.combine(meta.created, datetime.min.time()) if meta.created else now
    props.created = created
    props.modified = max(now, created)
    props.revision = 1


def _page_break(doc: DocxDocument) -> None:
    run = doc.add_paragraph().add_run()
    br = OxmlElement("w:br")
    br.set(qn("w:type"), "page")
    run._r.append(br)


def render_docx(doc: Document, path: Path | None = None, template: Path | None = None) -> bytes:
    """The document as .docx bytes in ``template`` (default: the neutral template).

    A municipality's template keeps its styles, header, footer, logo and margins; its fields
    (content controls: dnr, datum, handläggare, nämnd, titel) are filled wherever they are;
    styles it lacks are copied from the default template (:mod:`.word_template`).  When its
    own first page holds fields, that page is kept and the document starts on the next page;
    otherwise the template's body is replaced."""
    word = open_docx(str(template or default_template()))
    first_page = body_fields(word)
    if first_page:
        _page_break(word)
    else:
        _clear_body(word)
    if template is not None:
        add_missing_styles(word, open_docx(str(default_template())))
    _ensure_placeholder_style(word)
    fill_placeholders(word, field_values(doc))
    _core_properties(word, doc)
    if not first_page:
        if doc.municipality:
            word.add_paragraph().add_run(doc.municipality).bold = True
        header = word.add_table(rows=0, cols=2)
        for field in doc.header:
            cells = header.add_row().cells
            cells[0].paragraphs[0].add_run(field.label).bold = True
            _add_runs(cells[1].paragraphs[0], [field.value])
    if "titel" not in first_page:
        word.add_paragraph(doc.title, style=_style(word, "Title"))
    if doc.toc:
        toc_title = word.add_paragraph(style=_style(word, "TOC Heading"))
        toc_title.add_run(TOC_TITLE[doc.lang]).bold = True
        _add_field(
            word.add_paragraph(),
            'TOC \\o "1-2" \\h \\z \\u',
            "Innehållsförteckningen uppdateras när dokumentet öppnas i Word (F9)."
            if doc.lang == "sv"
            else "The table of contents is updated when the document is opened (F9).",
        )
    _update_fields_on_open(word)
    for section in doc.sections:
        _section(word, section, 1)
    buf = io.BytesIO()
    word.save(buf)
    data = buf.getvalue()
    if path is not None:
        path.write_bytes(data)
    return data
