"""The document model: a beslutsunderlag as ordered, format-independent sections.

A :class:`Document` is what the renderers (DOCX, HTML, PDF) draw; it holds no Word or HTML
specifics.  Every piece of text is either taken from the case or is a :class:`Placeholder`
("Att fylla i: …") that tells the officer what the case lacks: nothing is invented.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

PLACEHOLDER_PREFIX = {"sv": "Att fylla i", "en": "To be completed"}


@dataclass(frozen=True)
class Placeholder:
    """Content the case does not have yet; rendered highlighted as "Att fylla i: <what>"."""

    what: str
    lang: Literal["sv", "en"] = "sv"

    @property
    def text(self) -> str:
        return f"{PLACEHOLDER_PREFIX[self.lang]}: {self.what}"


@dataclass(frozen=True)
class Styled:
    """Text in bold and/or italic (from an own section's markup); plain text, never HTML."""

    text: str
    bold: bool = False
    italic: bool = False


Inline = str | Placeholder | Styled
"""A run of text: plain text from the case, a placeholder, or bold/italic text."""


@dataclass
class Paragraph:
    """A paragraph made of runs (so a sentence can hold a placeholder in the middle)."""

    runs: list[Inline]
    emphasis: Literal["normal", "bold", "italic"] = "normal"

    @classmethod
    def of(cls, *runs: Inline) -> Paragraph:
        return cls(list(runs))

    @property
    def text(self) -> str:
        return "".join(r if isinstance(r, str) else r.text for r in self.runs)


@dataclass
class ItemList:
    """A bulleted or numbered list; each item is a paragraph's runs."""

    items: list[list[Inline]]
    numbered: bool = False


@dataclass
class Table:
    """A table with one header row; ``row_headers`` makes the first column ``<th scope=row>``.

    ``align`` gives per-column alignment ("l", "r" or "c"), numbers right-aligned.
    """

    header: list[str]
    rows: list[list[Inline]]
    caption: str = ""
    row_headers: bool = True
    align: str = ""
    notes: list[str] = field(default_factory=list)

    def column_align(self, index: int) -> str:
        return self.align[index] if index < len(self.align) else "l"


@dataclass
class Figure:
    """An image: PNG for Word and PDF, SVG (when there is one) for the HTML preview.

    ``width_cm`` is the printed width; ``alt`` is the text alternative (accessibility).
    """

    png: bytes
    alt: str
    caption: str = ""
    svg: bytes | Callable[[], bytes] | None = None
    width_cm: float = 16.0

    def svg_bytes(self) -> bytes | None:
        """The SVG, drawn now if it was given as a function (only the HTML needs it)."""
        if callable(self.svg):
            self.svg = self.svg()
        return self.svg

    def print_width_cm(self, max_height_cm: float = 20.0) -> float:
        """Printed width: the image's own size at its dpi, at most ``width_cm`` wide and
        ``max_height_cm`` high (a tall chart is narrowed so it stays on one page)."""
        from PIL import Image  # Pillow comes with matplotlib

        with Image.open(io.BytesIO(self.png)) as image:
            width_px, height_px = image.size
            dpi = float(image.info.get("dpi", (200, 200))[0] or 200)
        width = min(self.width_cm, width_px / dpi * 2.54)
        if width * height_px / width_px > max_height_cm:
            width = max_height_cm * width_px / height_px
        return width


Block = Paragraph | ItemList | Table | Figure | Placeholder


@dataclass
class Section:
    """A heading (level 1 = main section) and its blocks, then its sub-sections."""

    title: str
    blocks: list[Block] = field(default_factory=list)
    subsections: list[Section] = field(default_factory=list)
    key: str = ""  # stable identifier for tests and the web preview, e.g. "forslag"

    def walk(self, level: int = 1) -> list[tuple[int, Section]]:
        result = [(level, self)]
        for sub in self.subsections:
            result.extend(sub.walk(level + 1))
        return result


@dataclass
class HeaderField:
    label: str
    value: Inline


@dataclass
class DocumentMeta:
    """What the diarium and the archive read from the file: Word's core properties and the
    PDF's information dictionary and XMP (author = handläggare, subject = diarienummer)."""

    author: str = ""
    subject: str = ""  # the diarienummer
    keywords: list[str] = field(default_factory=list)
    created: dt.date | None = None  # the document's own date, not the moment it was rendered
    committee: str = ""  # nämnd (the template's {{ namnd }})
    kind: str = ""  # document type for the archive: "tjänsteskrivelse", "protokollsutdrag" …


@dataclass
class Document:
    """A tjänsteskrivelse / beslutsunderlag: header fields, title, sections."""

    title: str
    header: list[HeaderField]
    sections: list[Section]
    municipality: str = ""
    lang: Literal["sv", "en"] = "sv"
    toc: bool = True  # a table of contents (not for a one-page protokollsutdrag)
    meta: DocumentMeta = field(default_factory=lambda: DocumentMeta())

    def all_sections(self) -> list[tuple[int, Section]]:
        result: list[tuple[int, Section]] = []
        for section in self.sections:
            result.extend(section.walk())
        return result

    def section(self, key: str) -> Section | None:
        return next((s for _, s in self.all_sections() if s.key == key), None)
