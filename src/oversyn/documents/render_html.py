"""HTML rendering: one self-contained page (styles inline, images as data URIs).

The page is the web preview and the source of the PDF.  Accessibility: ``lang`` on the root,
headings in order (h1 title, h2 sections, h3 sub-sections), table headers with ``scope``,
``alt`` on every image, placeholders as ``<mark>`` with their words, not only a colour.
"""

from __future__ import annotations

import base64
import html
from collections.abc import Callable
from contextvars import ContextVar
from importlib import resources

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

TOC_TITLE = {"sv": "Innehåll", "en": "Contents"}


def _css() -> str:
    return resources.files("oversyn.documents").joinpath("templates/report.css").read_text("utf-8")


def _esc(text: str) -> str:
    return html.escape(text, quote=True)


def _inline(run: Inline) -> str:
    if isinstance(run, Placeholder):
        return f'<mark class="placeholder">{_esc(run.text)}</mark>'
    if isinstance(run, Styled):
        text = _esc(run.text)
        if run.italic:
            text = f"<em>{text}</em>"
        if run.bold:
            text = f"<strong>{text}</strong>"
        return text
    return _esc(run)


def _runs(runs: list[Inline]) -> str:
    return "".join(_inline(r) for r in runs)


LONG_TABLE_ROWS = 12


def _table(table: Table) -> str:
    # a long table may break across pages (rows stay whole, the header repeats); a short
    # one is kept on one page
    out = ['<table class="long">' if len(table.rows) > LONG_TABLE_ROWS else "<table>"]
    if table.caption:
        out.append(f"<caption>{_esc(table.caption)}</caption>")
    out.append("<thead><tr>")
    for i, head in enumerate(table.header):
        cls = f' class="{table.column_align(i)}"' if table.column_align(i) != "l" else ""
        out.append(f'<th scope="col"{cls}>{_esc(head)}</th>')
    out.append("</tr></thead><tbody>")
    for row in table.rows:
        out.append("<tr>")
        for i, cell in enumerate(row):
            cls = f' class="{table.column_align(i)}"' if table.column_align(i) != "l" else ""
            if i == 0 and table.row_headers:
                out.append(f'<th scope="row"{cls}>{_inline(cell)}</th>')
            else:
                out.append(f"<td{cls}>{_inline(cell)}</td>")
        out.append("</tr>")
    out.append("</tbody></table>")
    for note in table.notes:
        out.append(f'<p class="italic">{_esc(note)}</p>')
    return "".join(out)


#: Where an image's ``src`` comes from: a function of the figure (the web preview links each
#: image to its own cached request instead of inlining it); None: a data: URI.
ImageSource = Callable[[Figure], str]
_image_source: ContextVar[ImageSource | None] = ContextVar("image_source", default=None)


def _figure(figure: Figure, prefer_svg: bool) -> str:
    source = _image_source.get()
    svg = figure.svg_bytes() if prefer_svg else None
    if source is not None:
        src = _esc(source(figure))
    elif svg is not None:
        src = "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii")
    else:
        src = "data:image/png;base64," + base64.b64encode(figure.png).decode("ascii")
    caption = f"<figcaption>{_esc(figure.caption)}</figcaption>" if figure.caption else ""
    width = figure.print_width_cm()
    return (
        f'<figure><img src="{src}" alt="{_esc(figure.alt)}" style="width: {width:.1f}cm">'
        f"{caption}</figure>"
    )


def _block(block: Block, prefer_svg: bool) -> str:
    if isinstance(block, Placeholder):
        return f'<p class="placeholder">{_inline(block)}</p>'
    if isinstance(block, Paragraph):
        cls = f' class="{block.emphasis}"' if block.emphasis != "normal" else ""
        return f"<p{cls}>{_runs(block.runs)}</p>"
    if isinstance(block, ItemList):
        tag = "ol" if block.numbered else "ul"
        items = "".join(f"<li>{_runs(item)}</li>" for item in block.items)
        return f"<{tag}>{items}</{tag}>"
    if isinstance(block, Table):
        return _table(block)
    return _figure(block, prefer_svg)


def _anchor(section: Section, number: str) -> str:
    return f"s-{section.key or number.replace('.', '-')}"


def _section(section: Section, level: int, number: str, prefer_svg: bool) -> str:
    tag = f"h{min(level + 1, 6)}"
    out = [f'<section id="{_anchor(section, number)}">', f"<{tag}>{_esc(section.title)}</{tag}>"]
    out.extend(_block(b, prefer_svg) for b in section.blocks)
    for i, sub in enumerate(section.subsections, 1):
        out.append(_section(sub, level + 1, f"{number}.{i}", prefer_svg))
    out.append("</section>")
    return "\n".join(out)


def _toc(doc: Document) -> str:
    def items(sections: list[Section], prefix: str, depth: int) -> str:
        out = []
        for i, s in enumerate(sections, 1):
            number = f"{prefix}{i}"
            sub = items(s.subsections, f"{number}.", depth + 1) if depth < 2 else ""
            out.append(f'<li><a href="#{_anchor(s, number)}">{_esc(s.title)}</a>{sub}</li>')
        return f"<ol>{''.join(out)}</ol>" if out else ""

    return (
        f'<nav class="toc" aria-labelledby="toc-title"><h2 id="toc-title">'
        f"{TOC_TITLE[doc.lang]}</h2>{items(doc.sections, '', 1)}</nav>"
    )


def _meta(doc: Document) -> str:
    """``<meta>`` elements WeasyPrint turns into the PDF's Author, Subject, Keywords and
    CreationDate (and XMP): handläggare, diarienummer, the document's own date."""
    meta = doc.meta
    out = ['<meta name="generator" content="Översyn">']
    if meta.author:
        out.append(f'<meta name="author" content="{_esc(meta.author)}">')
    if meta.subject:
        out.append(f'<meta name="description" content="{_esc(meta.subject)}">')
    if meta.keywords:
        out.append(f'<meta name="keywords" content="{_esc(", ".join(meta.keywords))}">')
    if meta.created:
        out.append(f'<meta name="dcterms.created" content="{meta.created.isoformat()}">')
    return "".join(line + "\n" for line in out)


def render_html(
    doc: Document, *, for_print: bool = False, image_src: ImageSource | None = None
) -> str:
    """The document as one HTML page.  ``for_print`` uses PNG images (for WeasyPrint).

    ``image_src`` gives each figure's address (called once per figure, in document order);
    without it, images are inlined as data: URIs and the page is self-contained."""
    token = _image_source.set(image_src)
    try:
        return _render_html(doc, for_print=for_print)
    finally:
        _image_source.reset(token)


def _render_html(doc: Document, *, for_print: bool) -> str:
    prefer_svg = not for_print
    toc = _toc(doc) if doc.toc else ""
    header = "".join(f"<dt>{_esc(f.label)}</dt><dd>{_inline(f.value)}</dd>" for f in doc.header)
    body = "\n".join(_section(s, 1, str(i), prefer_svg) for i, s in enumerate(doc.sections, 1))
    municipality = (
        f'<p class="municipality">{_esc(doc.municipality)}</p>' if doc.municipality else ""
    )
    return (
        f'<!DOCTYPE html>\n<html lang="{doc.lang}">\n<head>\n<meta charset="utf-8">\n'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{_esc(doc.title)}</title>\n{_meta(doc)}<style>\n{_css()}</style>\n</head>\n"
        "<body>\n"
        f'<header>{municipality}<dl class="header">{header}</dl></header>\n'
        f"<main>\n<h1>{_esc(doc.title)}</h1>\n{toc}\n{body}\n</main>\n</body>\n</html>\n"
    )
