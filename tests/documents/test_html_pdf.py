"""HTML (self-contained, accessible) and PDF (text, page numbers, renders)."""

from __future__ import annotations

import itertools
import re
import subprocess
from html.parser import HTMLParser
from pathlib import Path

from PIL import Image

from oversyn.core.case import Case
from oversyn.documents.build import build_document
from oversyn.documents.model import Document
from oversyn.documents.render_html import render_html
from oversyn.documents.render_pdf import render_pdf


class _Collect(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def test_html_is_self_contained_and_accessible(ia_doc: Document) -> None:
    page = render_html(ia_doc)
    parser = _Collect()
    parser.feed(page)
    tags = parser.tags
    assert ("html", {"lang": "sv"}) in tags
    levels = [int(t[1]) for t, _ in tags if re.fullmatch(r"h[1-6]", t)]
    assert levels[0] == 1 and levels.count(1) == 1
    assert all(b - a <= 1 for a, b in itertools.pairwise(levels))  # no skipped level
    images = [a for t, a in tags if t == "img"]
    assert len(images) == 3
    for attrs in images:
        assert (attrs["src"] or "").startswith("data:image/")
        assert attrs["alt"]
    assert not [a for t, a in tags if t in ("link", "script")]
    assert "http://" not in page and "https://" not in page
    assert all(a.get("scope") in ("col", "row") for t, a in tags if t == "th")
    assert '<mark class="placeholder">Att fylla i: datum</mark>' in page


def test_pdf_text_and_first_page_renders(ia_doc: Document, tmp_path: Path) -> None:
    pdf = tmp_path / "underlag.pdf"
    render_pdf(ia_doc, pdf)
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    flat = " ".join(text.split())
    assert "Innehåll" in flat
    assert re.search(r"Förslag till beslut \.+ ?2", flat)  # TOC entry with its page number
    assert "Kommunstyrelsen beslutar att genomföra organisationsförändringen" in flat
    assert "Socialnämnden får ansvar enligt Etableringslagen." in flat
    pages = text.count("\f")
    assert f"1 ({pages})" in flat  # page numbers "N (total)"
    subprocess.run(
        ["pdftoppm", "-r", "50", "-f", "1", "-l", "1", "-png", str(pdf), str(tmp_path / "p")],
        check=True,
    )
    png = next(tmp_path.glob("p-*1.png"))
    with Image.open(png) as image:
        width, height = image.size
        assert abs(height / width - 297 / 210) < 0.01  # A4
        histogram = image.convert("L").histogram()
        dark = sum(histogram[:128])
        assert dark > 1000  # text was drawn


def test_linkoping_pdf_key_sentences(linkoping_case: Case, tmp_path: Path) -> None:
    pdf = tmp_path / "linkoping.pdf"
    render_pdf(build_document(linkoping_case), pdf)
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    flat = " ".join(text.split())
    for sentence in (
        "Utvärderingsmatris 1, grundläggande utgångspunkter",
        "Utvärderingsmatris 2, organisationsprinciper",
        "Alternativ 1 – nuvarande förvaltningsorganisation utesluts (Styrgruppen).",
        "Alternativ 3 – Social-, omsorgs- och äldreförvaltning rankas först i 100 % av "
        "viktningarna.",
        "Förslaget följer värderingens slutsats (Styrgruppen).",
    ):
        assert sentence in flat, sentence
