"""Reading a generated PDF the way an accessibility or archive checker does (pikepdf, pdfinfo).

What is checked by machine here: the structure tree exists and holds the expected tags, each
Figure has an /Alt, /Lang and /MarkInfo are set, the XMP identifies the variant, every font is
embedded, and Poppler's ``pdfinfo`` says ``Tagged: yes``.  What is not: whether the reading
order is sensible, whether the alt texts describe the images well, colour contrast — the
Matterhorn Protocol's human checks (and a full veraPDF run, which needs Java).
"""

from __future__ import annotations

import subprocess
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pikepdf

PDFAID = "{http://www.aiim.org/pdfa/ns/id/}"
PDFUAID = "{http://www.aiim.org/pdfua/ns/id/}"


@dataclass
class PdfFacts:
    tags: Counter[str] = field(default_factory=Counter)
    figure_alts: list[str] = field(default_factory=list)
    cells_with_headers: int = 0
    fonts: dict[str, bool] = field(default_factory=dict)  # base font -> embedded
    xmp: dict[str, str] = field(default_factory=dict)
    lang: str = ""
    marked: bool = False
    display_title: bool = False
    output_intent: bool = False
    attachments: dict[str, tuple[str, bytes]] = field(default_factory=dict)  # name -> (rel, data)
    info: dict[str, str] = field(default_factory=dict)


def _walk(node: object, facts: PdfFacts) -> None:
    if isinstance(node, pikepdf.Array):
        for kid in node:
            _walk(kid, facts)
        return
    if not isinstance(node, pikepdf.Dictionary):
        return
    tag = node.get("/S")
    if tag is not None:
        name = str(tag).lstrip("/")
        facts.tags[name] += 1
        if name == "Figure":
            facts.figure_alts.append(str(node.get("/Alt", "")))
        if name == "TD" and "/A" in node and "/Headers" in node.A:
            facts.cells_with_headers += 1
    kids = node.get("/K")
    if kids is not None:
        _walk(kids, facts)


def _font_embedded(font: pikepdf.Dictionary) -> bool:
    descendants = font.get("/DescendantFonts")
    if descendants is not None:
        font = descendants[0]
    descriptor = font.get("/FontDescriptor")
    return descriptor is not None and any(
        key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")
    )


def read_pdf(path: Path) -> PdfFacts:
    facts = PdfFacts()
    with pikepdf.open(path) as pdf:
        root = pdf.Root
        if "/StructTreeRoot" in root:
            _walk(root.StructTreeRoot.get("/K"), facts)
        facts.lang = str(root.get("/Lang", ""))
        facts.marked = bool(root.get("/MarkInfo", {}).get("/Marked", False))
        facts.display_title = bool(
            root.get("/ViewerPreferences", {}).get("/DisplayDocTitle", False)
        )
        facts.output_intent = "/OutputIntents" in root
        for page in pdf.pages:
            fonts = page.Resources.get("/Font") or {}
            for font in fonts.values():
                facts.fonts[str(font.get("/BaseFont"))] = _font_embedded(font)
        with pdf.open_metadata() as meta:
            for key in meta:
                facts.xmp[key] = str(meta[key])
        for name, spec in pdf.attachments.items():
            rel = str(spec.obj.get("/AFRelationship", ""))
            facts.attachments[name] = (rel, spec.get_file().read_bytes())
        facts.info = {str(k): str(v) for k, v in pdf.docinfo.items()}
    return facts


def pdfinfo(path: Path) -> dict[str, str]:
    out = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    return {
        k.strip(): v.strip()
        for k, _, v in (line.partition(":") for line in out.stdout.splitlines())
        if k
    }
