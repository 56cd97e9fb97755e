"""The small, safe markup of the own sections: a Markdown subset read into plain data.

What it knows (and nothing else — there is no HTML, no links, no images; every other
character is text, so ``<script>`` stays the eight characters it is):

* paragraphs, separated by an empty line (lines within a paragraph are joined by a space);
* bullet lists: lines starting with ``- `` or ``* `` (a following indented line continues the
  item);
* ``**fet**`` (bold) and ``*kursiv*`` or ``_kursiv_`` (italic), also ``***båda***``;
* a backslash makes the next ``*``, ``_`` or ``\\`` plain text.

An unclosed ``**`` or ``*`` is plain text.  The renderers (DOCX, HTML, PDF) draw the result;
the HTML renderer escapes every run.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal


@dataclass(frozen=True)
class Run:
    text: str
    bold: bool = False
    italic: bool = False


@dataclass
class MarkupBlock:
    kind: Literal["paragraph", "list"]
    runs: list[Run] = field(default_factory=list)  # a paragraph's runs
    items: list[list[Run]] = field(default_factory=list)  # a list's items


def _bullet(line: str) -> str | None:
    stripped = line.lstrip()
    if stripped[:2] in ("- ", "* ") or stripped in ("-", "*"):
        return stripped[2:].strip()
    return None


def _tokens(text: str) -> list[tuple[str, str]]:
    """("text", s) and ("mark", "**" | "*" | "_") tokens; escapes resolved."""
    out: list[tuple[str, str]] = []
    buf: list[str] = []
    i = 0
    while i < len(text):
        ch = text[i]
        if ch == "\\" and i + 1 < len(text) and text[i + 1] in "*_\\":
            buf.append(text[i + 1])
            i += 2
            continue
        if ch == "*" or ch == "_":
            if ch == "_":
                # an underscore inside a word (snake_case, e-post_adress) is text
                before = text[i - 1] if i > 0 else " "
                after = text[i + 1] if i + 1 < len(text) else " "
                if before.isalnum() and after.isalnum():
                    buf.append(ch)
                    i += 1
                    continue
            mark = "**" if text.startswith("**", i) else ch
            if buf:
                out.append(("text", "".join(buf)))
                buf = []
            out.append(("mark", mark))
            i += len(mark)
            continue
        buf.append(ch)
        i += 1
    if buf:
        out.append(("text", "".join(buf)))
    return out


def parse_inline(text: str) -> list[Run]:
    """Runs of ``text`` with bold and italic; unmatched marks stay as text."""
    tokens = _tokens(text)
    # a mark is active only when it is closed later: find the pairs first
    closes: dict[int, int] = {}
    open_at: dict[str, int] = {}
    for i, (kind, value) in enumerate(tokens):
        if kind != "mark":
            continue
        if value in open_at:
            closes[open_at.pop(value)] = i
        else:
            open_at[value] = i
    paired = set(closes) | set(closes.values())
    runs: list[Run] = []
    bold = italic = False
    for i, (kind, value) in enumerate(tokens):
        if kind == "mark" and i in paired:
            if value == "**":
                bold = not bold
            else:
                italic = not italic
            continue
        piece = value
        if runs and runs[-1].bold == bold and runs[-1].italic == italic:
            runs[-1] = Run(runs[-1].text + piece, bold, italic)
        else:
            runs.append(Run(piece, bold, italic))
    return [r for r in runs if r.text]


def parse_markup(text: str) -> list[MarkupBlock]:
    """The blocks of ``text``: paragraphs and bullet lists, in order."""
    blocks: list[MarkupBlock] = []
    para: list[str] = []
    items: list[list[str]] = []

    def flush_para() -> None:
        if para:
            blocks.append(MarkupBlock("paragraph", runs=parse_inline(" ".join(para))))
            para.clear()

    def flush_list() -> None:
        if items:
            blocks.append(
                MarkupBlock("list", items=[parse_inline(" ".join(item)) for item in items])
            )
            items.clear()

    for raw in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = raw.strip()
        if not line:
            flush_para()
            flush_list()
            continue
        bullet = _bullet(raw)
        if bullet is not None:
            flush_para()
            items.append([bullet] if bullet else [])
        elif items and raw[:1] in (" ", "\t"):
            items[-1].append(line)  # an indented line continues the list item
        else:
            flush_list()
            para.append(line)
    flush_para()
    flush_list()
    return blocks


def plain_text(text: str) -> str:
    """The text without marks (for a summary or a search index)."""
    out: list[str] = []
    for block in parse_markup(text):
        if block.kind == "paragraph":
            out.append("".join(r.text for r in block.runs))
        else:
            out.extend("• " + "".join(r.text for r in item) for item in block.items)
    return "\n".join(out)
