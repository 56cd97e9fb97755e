"""The neutral default Word template (``templates/default.docx``) and how it is made.

The committed template is python-docx's own default document made neutral for a Swedish
municipality: A4 with 2.5 cm margins, Arial 11 pt, black headings without colour, Swedish
proofing language, a page number "Sida N (M)" in the footer and a character style for
"Att fylla i" text.  Re-create it with ``python -m oversyn.documents.template``.
"""

from __future__ import annotations

import sys
from pathlib import Path

from docx import Document as open_docx
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_COLOR_INDEX
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from oversyn.documents.render_docx import PLACEHOLDER_STYLE, _add_field, default_template

FONT = "Arial"
HEADINGS = {"Title": 20, "Heading 1": 15, "Heading 2": 12.5, "Heading 3": 11}


def _set_font(style_font: object, name: str) -> None:
    font = style_font  # docx.text.font.Font
    font.name = name  # type: ignore[attr-defined]
    rpr = font.element.get_or_add_rPr()  # type: ignore[attr-defined]
    fonts = rpr.get_or_add_rFonts()
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), name)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:cstheme", "w:eastAsiaTheme"):
        fonts.attrib.pop(qn(attr), None)


def make_default_template(path: Path) -> None:
    doc = open_docx()
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.5)
    section.top_margin, section.bottom_margin = Cm(2.0), Cm(2.0)
    normal = doc.styles["Normal"]
    _set_font(normal.font, FONT)
    normal.font.size = Pt(11)
    normal.paragraph_format.space_after = Pt(6)
    rpr = normal.element.get_or_add_rPr()
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "sv-SE")
    rpr.append(lang)
    for name, size in HEADINGS.items():
        style = doc.styles[name]
        _set_font(style.font, FONT)
        style.font.size = Pt(size)
        style.font.bold = True
        style.font.color.rgb = RGBColor(0, 0, 0)
        ppr = style.element.get_or_add_pPr()
        border = ppr.find(qn("w:pBdr"))  # the default Title has a blue rule below it
        if border is not None:
            ppr.remove(border)
    caption = doc.styles["Caption"]
    caption.font.color.rgb = RGBColor(0x33, 0x33, 0x33)
    caption.font.size = Pt(9)
    caption.font.bold = False
    caption.font.italic = True
    mark = doc.styles.add_style(PLACEHOLDER_STYLE, WD_STYLE_TYPE.CHARACTER)
    mark.font.italic = True
    mark.font.highlight_color = WD_COLOR_INDEX.YELLOW
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    footer.add_run("Sida ")
    _add_field(footer, "PAGE", "1")
    footer.add_run(" (")
    _add_field(footer, "NUMPAGES", "1")
    footer.add_run(")")
    for child in list(doc.element.body):  # an empty body: the renderer fills it
        if child.tag != qn("w:sectPr"):
            doc.element.body.remove(child)
    doc.core_properties.title = "Översyn – neutral mall"
    doc.core_properties.author = "Översyn"
    doc.save(str(path))


if __name__ == "__main__":  # pragma: no cover
    make_default_template(Path(sys.argv[1]) if len(sys.argv) > 1 else default_template())
