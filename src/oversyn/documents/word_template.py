"""The municipality's own Word template: its fields (content controls) and the styles it lacks.

**Fields are Word content controls** (Utvecklare → Innehållskontroll för oformaterad text, with
the *Tagg* or *Rubrik* set to ``dnr``, ``datum``, ``handlaggare``, ``namnd`` or ``titel``), in
the header, the footer or the template's first page.  Chosen over docxtpl's ``{{ dnr }}``:

* a content control is Word's own field; Word never splits it, whereas a ``{{ … }}`` typed in
  Word is often cut into several runs by spell checking or revision marks, which docxtpl has to
  repair by guesswork;
* the template stays a Word document the kommunikatör can edit, lock and preview with its
  placeholder text (``[Dnr]``) — not a Jinja program in which every ``{`` in the text matters;
* it needs no new dependency: python-docx reads and writes the ``w:sdt`` elements, and the
  filled control stays a control, so the handläggare can still change the value in Word.

**Styles the template lacks** (Word writes only the styles a document has used, so a real
template often has no List Number, List Bullet, Table Grid or Heading 3) are copied in from
the neutral default template, with their list numbering, but *without* its fonts and colours:
a copied style inherits the template's own Normal font.  Without this the att-satser of
"Förslag till beslut" lose their numbers, tables their borders and Heading 3 becomes body text.
"""

from __future__ import annotations

import copy
import io
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from docx import Document as open_docx
from docx.document import Document as DocxDocument
from docx.oxml.ns import qn
from lxml import etree

# field → the names a municipality may give its content control (tag or title), lower case,
# without diacritics ("Handläggare" → "handlaggare")
PLACEHOLDERS: dict[str, tuple[str, ...]] = {
    "dnr": ("dnr", "diarienummer", "case_number", "casenumber"),
    "datum": ("datum", "date"),
    "handlaggare": ("handlaggare", "officer", "author", "forfattare"),
    "namnd": ("namnd", "committee", "organ"),
    "titel": ("titel", "title", "arende", "rubrik"),
}
PLACEHOLDER_LABELS = {
    "dnr": "Dnr",
    "datum": "Datum",
    "handlaggare": "Handläggare",
    "namnd": "Nämnd",
    "titel": "Titel",
}
REQUIRED_STYLES = (
    "Title",
    "Heading 1",
    "Heading 2",
    "Heading 3",
    "List Number",
    "List Bullet",
    "Table Grid",
    "Caption",
    "TOC Heading",
)
"""The styles the renderer uses by name; missing ones are copied from the default template."""

WHERE = {"body": "första sidan", "header": "sidhuvud", "footer": "sidfot"}


def _norm(name: str) -> str:
    text = unicodedata.normalize("NFKD", name.strip().lower())
    return "".join(c for c in text if not unicodedata.combining(c)).replace(" ", "")


def placeholder_key(name: str) -> str | None:
    """The field a content control's tag or title names, or None (``"Handläggare"`` →
    ``"handlaggare"``, ``"Dnr"`` → ``"dnr"``)."""
    norm = _norm(name)
    return next((k for k, names in PLACEHOLDERS.items() if norm in names), None)


@dataclass(frozen=True)
class FoundControl:
    key: str | None  # the field it fills, None for a control we do not know
    name: str  # its tag or title as the template has it
    where: str  # "body", "header" or "footer"


@dataclass
class TemplateReport:
    """What :func:`inspect_template` found: the fields and the styles the template lacks."""

    controls: list[FoundControl] = field(default_factory=list)
    missing_styles: list[str] = field(default_factory=list)
    page: dict[str, float] = field(default_factory=dict)  # margins and size in cm
    font: str | None = None  # the Normal style's font

    @property
    def placeholders(self) -> list[str]:
        """The fields found, in PLACEHOLDERS order, each once."""
        found = {c.key for c in self.controls if c.key}
        return [k for k in PLACEHOLDERS if k in found]

    @property
    def unknown(self) -> list[str]:
        return sorted({c.name for c in self.controls if c.key is None})

    def lines(self, lang: str = "sv") -> list[str]:
        """The report in words, for the upload page and the CLI."""
        sv = lang == "sv"
        out = []
        if self.placeholders:
            parts = []
            for key in self.placeholders:
                places = sorted(
                    {WHERE[c.where] if sv else c.where for c in self.controls if c.key == key}
                )
                parts.append(f"{PLACEHOLDER_LABELS[key]} ({', '.join(places)})")
            out.append(("Fält som fylls i: " if sv else "Fields filled in: ") + "; ".join(parts))
        else:
            out.append(
                "Mallen har inga fält (innehållskontroller med taggen dnr, datum, handlaggare, "
                "namnd eller titel); uppgifterna skrivs i dokumentets början."
                if sv
                else "The template has no fields (content controls tagged dnr, datum, "
                "handlaggare, namnd or titel); the details are written at the start."
            )
        if self.unknown:
            out.append(
                ("Okända fält som lämnas orörda: " if sv else "Unknown fields left as they are: ")
                + ", ".join(self.unknown)
            )
        if self.missing_styles:
            out.append(
                (
                    "Formatmallar som saknas och läggs till från standardmallen: "
                    if sv
                    else "Styles missing, added from the default template: "
                )
                + ", ".join(self.missing_styles)
            )
        else:
            out.append(
                "Mallen har alla formatmallar som behövs."
                if sv
                else "The template has every style needed."
            )
        return out


def _sdt_name(sdt: Any) -> str:
    pr = sdt.find(qn("w:sdtPr"))
    if pr is None:
        return ""
    for child in ("w:tag", "w:alias"):
        el = pr.find(qn(child))
        if el is not None and el.get(qn("w:val")):
            return str(el.get(qn("w:val")))
    return ""


def _parts(word: DocxDocument) -> list[tuple[str, Any]]:
    """(where, root element) for the body and every header and footer."""
    roots: list[tuple[str, Any]] = [("body", word.element.body)]
    seen: set[int] = set()
    for section in word.sections:
        for where, parts in (
            ("header", (section.header, section.first_page_header, section.even_page_header)),
            ("footer", (section.footer, section.first_page_footer, section.even_page_footer)),
        ):
            for part in parts:
                if part.is_linked_to_previous:
                    continue
                element = part._element
                if id(element) not in seen:
                    seen.add(id(element))
                    roots.append((where, element))
    return roots


def _controls(word: DocxDocument) -> list[tuple[FoundControl, Any]]:
    out = []
    for where, root in _parts(word):
        for sdt in root.iter(qn("w:sdt")):
            name = _sdt_name(sdt)
            if name:
                out.append((FoundControl(placeholder_key(name), name, where), sdt))
    return out


def _style_names(word: DocxDocument) -> set[str]:
    names = set()
    for style in word.styles.element.findall(qn("w:style")):
        name = style.find(qn("w:name"))
        if name is not None:
            names.add(str(name.get(qn("w:val"))).lower())
    return names


def missing_styles(word: DocxDocument) -> list[str]:
    have = _style_names(word)
    return [name for name in REQUIRED_STYLES if name.lower() not in have]


def inspect_template(source: Path | bytes) -> TemplateReport:
    """Which fields a municipality's .docx has (content controls, where) and which of the
    styles the renderer needs it lacks.  Raises ``ValueError`` when it is not a Word file."""
    data = source.read_bytes() if isinstance(source, Path) else source
    try:
        word = open_docx(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError, etree.XMLSyntaxError) as exc:
        raise ValueError(f"not a Word document (.docx): {exc}") from exc
    section = word.sections[-1]
    page = {
        name: round(float(value.cm), 2)
        for name in ("page_width", "page_height", "left_margin", "right_margin", "top_margin")
        if (value := getattr(section, name)) is not None
    }
    return TemplateReport(
        controls=[found for found, _ in _controls(word)],
        missing_styles=missing_styles(word),
        page=page,
        font=word.styles["Normal"].font.name,
    )


# -- filling the fields ------------------------------------------------------------------------


def _set_sdt_text(sdt: Any, value: str) -> None:
    """The control's content becomes ``value`` in its first run's formatting; the control
    stays (so Word shows it as a field) but no longer shows its placeholder text."""
    pr = sdt.find(qn("w:sdtPr"))
    if pr is not None:
        for flag in pr.findall(qn("w:showingPlcHdr")):
            pr.remove(flag)
    content = sdt.find(qn("w:sdtContent"))
    if content is None:
        return
    runs = list(content.iter(qn("w:r")))
    if not runs:  # an empty control: give it a run, inside its paragraph when it holds one
        paragraph = content.find(qn("w:p"))
        holder = paragraph if paragraph is not None else content
        run = etree.SubElement(holder, qn("w:r"))
        runs = [run]
    first = runs[0]
    for run in runs[1:]:
        run.getparent().remove(run)
    rpr = first.find(qn("w:rPr"))
    if rpr is not None:  # the placeholder text's grey style is not the value's
        for style in rpr.findall(qn("w:rStyle")):
            if "placeholder" in str(style.get(qn("w:val"), "")).lower():
                rpr.remove(style)
    for child in list(first):
        if child.tag != qn("w:rPr"):
            first.remove(child)
    text = etree.SubElement(first, qn("w:t"))
    text.text = value
    text.set(qn("xml:space"), "preserve")
    # a block-level control with several paragraphs keeps only the first
    paragraphs = content.findall(qn("w:p"))
    for extra in paragraphs[1:]:
        content.remove(extra)


def fill_placeholders(word: DocxDocument, values: dict[str, str]) -> list[FoundControl]:
    """Fill every known content control with ``values[key]`` (keys of PLACEHOLDERS); a field
    without a value is left as the template has it.  Returns the controls filled."""
    filled = []
    for found, sdt in _controls(word):
        if found.key is not None and values.get(found.key):
            _set_sdt_text(sdt, values[found.key])
            filled.append(found)
    return filled


def body_has_fields(word: DocxDocument) -> bool:
    """Whether the template's own first page (its body) holds fields to fill."""
    return any(found.key is not None and found.where == "body" for found, _ in _controls(word))


def body_fields(word: DocxDocument) -> set[str]:
    return {f.key for f, _ in _controls(word) if f.key is not None and f.where == "body"}


# -- copying the missing styles ----------------------------------------------------------------

_FONT_TAGS = ("w:rFonts", "w:color", "w:lang")


def _style_by_id(styles: Any, style_id: str) -> Any:
    for style in styles.findall(qn("w:style")):
        if style.get(qn("w:styleId")) == style_id:
            return style
    return None


def _style_by_name(styles: Any, name: str) -> Any:
    for style in styles.findall(qn("w:style")):
        el = style.find(qn("w:name"))
        if el is not None and str(el.get(qn("w:val"))).lower() == name.lower():
            return style
    return None


def _numbering(word: DocxDocument) -> Any:
    """The document's numbering definitions, with a numbering part added when the template
    has none (Word writes one only once a list has been used; python-docx cannot make one)."""
    from docx.opc.constants import CONTENT_TYPE, RELATIONSHIP_TYPE
    from docx.opc.packuri import PackURI
    from docx.parts.numbering import NumberingPart

    try:
        return word.part.numbering_part.element
    except (KeyError, NotImplementedError):
        pass
    blob = (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        b'<w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"/>'
    )
    part = NumberingPart.load(
        PackURI("/word/numbering.xml"), CONTENT_TYPE.WML_NUMBERING, blob, word.part.package
    )
    word.part.relate_to(part, RELATIONSHIP_TYPE.NUMBERING)
    return part.element


def _copy_numbering(source: DocxDocument, target: DocxDocument, num_id: str) -> str:
    """Copy numbering definition ``num_id`` (and its abstract definition) from ``source``
    into ``target`` under fresh ids; returns the new numId."""
    src = source.part.numbering_part.element
    dst = _numbering(target)
    num = next(n for n in src.findall(qn("w:num")) if n.get(qn("w:numId")) == num_id)
    abstract_id = num.find(qn("w:abstractNumId")).get(qn("w:val"))
    abstract = next(
        a for a in src.findall(qn("w:abstractNum")) if a.get(qn("w:abstractNumId")) == abstract_id
    )
    used_abstract = [int(a.get(qn("w:abstractNumId"))) for a in dst.findall(qn("w:abstractNum"))]
    used_num = [int(n.get(qn("w:numId"))) for n in dst.findall(qn("w:num"))]
    new_abstract = copy.deepcopy(abstract)
    new_abstract_id = str(max(used_abstract, default=-1) + 1)
    new_abstract.set(qn("w:abstractNumId"), new_abstract_id)
    for nsid in new_abstract.findall(qn("w:nsid")):  # a list Word sees as its own
        new_abstract.remove(nsid)
    new_num = copy.deepcopy(num)
    new_num_id = str(max(used_num, default=0) + 1)
    new_num.set(qn("w:numId"), new_num_id)
    new_num.find(qn("w:abstractNumId")).set(qn("w:val"), new_abstract_id)
    # abstractNum elements come before num elements (the schema's order)
    existing_nums = dst.findall(qn("w:num"))
    if existing_nums:
        existing_nums[0].addprevious(new_abstract)
    else:
        dst.append(new_abstract)
    dst.append(new_num)
    return new_num_id


def _copy_style(source: DocxDocument, target: DocxDocument, style: Any) -> Any:
    new = copy.deepcopy(style)
    for tag in _FONT_TAGS:  # the template's own fonts and colours, not Arial/black
        for el in list(new.iter(qn(tag))):
            el.getparent().remove(el)
    num = new.find(f"{qn('w:pPr')}/{qn('w:numPr')}/{qn('w:numId')}")
    if num is not None:
        num.set(qn("w:val"), _copy_numbering(source, target, str(num.get(qn("w:val")))))
    target.styles.element.append(new)
    return new


def _name(style: Any) -> str:
    return str(style.find(qn("w:name")).get(qn("w:val")))


def add_missing_styles(target: DocxDocument, source: DocxDocument) -> list[str]:
    """Copy each REQUIRED_STYLES style ``target`` lacks from ``source``, with the styles it is
    based on or linked to when those are missing too, and its list numbering.  References
    point at the template's style of the same name (Swedish Word gives Heading 1 the id
    "Rubrik1").  Returns the names added."""
    src_styles, dst_styles = source.styles.element, target.styles.element
    wanted: list[Any] = []

    def want(style: Any) -> None:
        if style in wanted or _style_by_name(dst_styles, _name(style)) is not None:
            return
        if _style_by_id(dst_styles, str(style.get(qn("w:styleId")))) is not None:
            return  # the id is taken by another style: do not clobber it
        wanted.append(style)
        for ref in ("w:basedOn", "w:link"):
            el = style.find(qn(ref))
            other = _style_by_id(src_styles, str(el.get(qn("w:val")))) if el is not None else None
            if other is not None:
                want(other)

    for name in REQUIRED_STYLES:
        style = _style_by_name(src_styles, name)
        if style is not None:
            want(style)
    copies = [_copy_style(source, target, style) for style in wanted]
    for new in copies:
        for ref in ("w:basedOn", "w:link", "w:next"):
            el = new.find(qn(ref))
            if el is None:
                continue
            other = _style_by_id(src_styles, str(el.get(qn("w:val"))))
            mine = _style_by_name(dst_styles, _name(other)) if other is not None else None
            if mine is not None:
                el.set(qn("w:val"), str(mine.get(qn("w:styleId"))))
            else:
                new.remove(el)
    return [_name(style) for style in wanted]
