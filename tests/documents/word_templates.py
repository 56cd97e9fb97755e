"""A minimal municipal Word template as Word writes one, made here so the test needs no binary.

Word writes only the styles a document has used: this one has Normal (Georgia 12 pt) and
Heading 1 (under Swedish Word's id "Rubrik1"), plus the defaults Word always writes; no
numbering part; odd margins; a logo and a table of fields (content controls) in the header,
fields in the footer and a first page with the title field.
"""

from __future__ import annotations

import io
from pathlib import Path

from docx import Document as open_docx
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Pt
from docx.text.paragraph import Paragraph
from PIL import Image

KEEP = {"Normal", "heading 1", "Default Paragraph Font", "Normal Table", "No List"}
FONT = "Georgia"
MARGINS = {"left_margin": 3.7, "right_margin": 1.3, "top_margin": 1.1, "bottom_margin": 2.9}


def control(tag: str, alias: str, shown: str) -> str:
    """An inline plain-text content control as Word writes it, showing its placeholder."""
    return (
        f'<w:sdt {nsdecls("w")}><w:sdtPr><w:alias w:val="{alias}"/><w:tag w:val="{tag}"/>'
        "<w:showingPlcHdr/><w:text/></w:sdtPr><w:sdtContent><w:r><w:rPr>"
        f'<w:rStyle w:val="PlaceholderText"/></w:rPr><w:t>{shown}</w:t></w:r></w:sdtContent>'
        "</w:sdt>"
    )


def _add_control(paragraph: Paragraph, tag: str, alias: str, shown: str) -> None:
    paragraph._p.append(parse_xml(control(tag, alias, shown)))


def _logo() -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (120, 40), (0, 70, 140)).save(buf, format="PNG", dpi=(150, 150))
    return buf.getvalue()


def minimal_template(path: Path, *, first_page: bool = True) -> Path:
    word = open_docx()
    styles = word.styles.element
    for style in list(styles.findall(qn("w:style"))):
        if style.find(qn("w:name")).get(qn("w:val")) not in KEEP:
            styles.remove(style)
    for style in styles.findall(qn("w:style")):  # Swedish Word's ids
        if style.get(qn("w:styleId")) == "Heading1":
            style.set(qn("w:styleId"), "Rubrik1")
    for latent in styles.findall(qn("w:latentStyles")):
        styles.remove(latent)
    for rel_id, rel in list(word.part.rels.items()):  # no numbering part: no list was used
        if rel.reltype.endswith("/numbering"):
            word.part.drop_rel(rel_id)
    normal = word.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(12)
    heading = word.styles["Heading 1"]
    heading.font.name = FONT
    section = word.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    for name, cm in MARGINS.items():
        setattr(section, name, Cm(cm))
    header = section.header
    header.paragraphs[0].add_run().add_picture(io.BytesIO(_logo()), width=Cm(3))
    fields = header.add_table(rows=2, cols=2, width=Cm(16))
    fields.cell(0, 0).paragraphs[0].add_run("Dnr")
    _add_control(fields.cell(0, 1).paragraphs[0], "dnr", "Dnr", "[Dnr]")
    fields.cell(1, 0).paragraphs[0].add_run("Datum")
    _add_control(fields.cell(1, 1).paragraphs[0], "datum", "Datum", "[Datum]")
    footer = section.footer.paragraphs[0]
    footer.add_run("Handläggare: ")
    _add_control(footer, "handlaggare", "Handläggare", "[Handläggare]")
    footer.add_run(" · ")
    _add_control(footer, "namnd", "Nämnd", "[Nämnd]")
    body = word.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    if first_page:
        para = word.add_paragraph(style="Heading 1")
        _add_control(para, "titel", "Titel", "[Ärendets rubrik]")
        word.add_paragraph("Tjänsteskrivelse från förvaltningen.")
    word.save(str(path))
    return path
