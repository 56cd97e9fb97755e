"""Bounds for everything Översyn parses: case files (YAML), JSON, uploads and tables.

A hostile input must be refused *before* any work grows with it: the YAML "billion laughs"
(a 1 kB file whose aliases expand to 10⁹ nodes), a JSON nested 100,000 levels deep, a
1,000,000-row CSV, a zip bomb inside an .xlsx.  Each reader checks these bounds first, in
one cheap pass, and refuses with a located message (Swedish and English) — :class:`BoundError`.

The defaults are :class:`Limits`; the web app takes its values from the ``OVERSYN_LIMITS``
setting (see :mod:`oversyn.web.settings`).  A case file may not use YAML anchors or aliases
at all: :func:`oversyn.io.casefile.dump_case` never writes them, and no case needs them.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, fields, replace
from typing import Any

import numpy as np
import yaml

from oversyn.core.i18n import Lang

MB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """The bounds; every reader takes one (``Limits()`` = the defaults)."""

    upload_bytes: int = 50 * MB  # any uploaded file, counted while it streams in
    casefile_bytes: int = 10 * MB  # a case file's text (UTF-8)
    yaml_depth: int = 40  # nesting of mappings and lists in a case file
    yaml_nodes: int = 500_000  # scalars, mappings and lists in a case file
    json_bytes: int = 20 * MB  # a JSON document (Kolada, API bodies)
    json_depth: int = 64  # nesting of objects and arrays
    table_rows: int = 20_000  # data rows in one CSV file or one Excel sheet
    table_columns: int = 200  # columns in one CSV file or Excel sheet
    xlsx_unpacked_bytes: int = 200 * MB  # sum of an .xlsx/.docx archive's unpacked members
    xlsx_members: int = 1_000  # files inside an .xlsx/.docx archive

    def with_overrides(self, overrides: dict[str, Any] | None) -> Limits:
        """These limits with ``overrides`` (unknown names refused, so a typo is not silent)."""
        if not overrides:
            return self
        known = {f.name for f in fields(self)}
        unknown = sorted(set(overrides) - known)
        if unknown:
            raise ValueError(f"unknown limits: {', '.join(unknown)}")
        return replace(self, **{k: int(v) for k, v in overrides.items()})


DEFAULT_LIMITS = Limits()


def size_text(n_bytes: int) -> str:
    """'50 MB', '512 kB' (Swedish and English alike)."""
    if n_bytes >= MB and n_bytes % MB == 0:
        return f"{n_bytes // MB} MB"
    if n_bytes >= MB:
        return f"{n_bytes / MB:.1f} MB".replace(".", ",")
    return f"{max(1, n_bytes // 1024)} kB"


def count_text(n: int) -> str:
    """20000 → '20 000' (Swedish thousands separator, understood in English too)."""
    return f"{n:,}".replace(",", " ")


# code -> (Swedish, English); placeholders are str.format names.
MESSAGES: dict[str, tuple[str, str]] = {
    "too_large": (
        "Filen är för stor ({size}); högst {limit} tillåts",
        "The file is too large ({size}); at most {limit} is allowed",
    ),
    "empty": ("Filen är tom", "The file is empty"),
    "nul_byte": (
        "Filen innehåller ett NUL-tecken (byte 0) – den är troligen inte en textfil",
        "The file contains a NUL character (byte 0) – it is probably not a text file",
    ),
    "yaml_alias": (
        "YAML-alias (*{name}) är inte tillåtna i en ärendefil; skriv ut värdet på varje ställe",
        "YAML aliases (*{name}) are not allowed in a case file; write the value out each time",
    ),
    "yaml_anchor": (
        "YAML-ankare (&{name}) är inte tillåtna i en ärendefil",
        "YAML anchors (&{name}) are not allowed in a case file",
    ),
    "yaml_depth": (
        "Ärendefilen är nästlad för djupt (mer än {limit} nivåer)",
        "The case file is nested too deeply (more than {limit} levels)",
    ),
    "yaml_nodes": (
        "Ärendefilen har för många värden (mer än {limit})",
        "The case file has too many values (more than {limit})",
    ),
    "yaml_documents": (
        "Ärendefilen får bara innehålla ett YAML-dokument",
        "The case file may hold only one YAML document",
    ),
    "yaml_value": (
        "Värdet {value!r} kan inte läsas: {problem}",
        "The value {value!r} cannot be read: {problem}",
    ),
    "json_syntax": (
        "Texten är ogiltig JSON (rad {row}, kolumn {column}): {problem}",
        "Invalid JSON (line {row}, column {column}): {problem}",
    ),
    "json_depth": (
        "JSON-dokumentet är nästlat för djupt (mer än {limit} nivåer)",
        "The JSON document is nested too deeply (more than {limit} levels)",
    ),
    "json_value": (
        "JSON-dokumentet har ett värde som inte kan läsas: {problem}",
        "The JSON document holds a value that cannot be read: {problem}",
    ),
    "table_rows": (
        "Tabellen har fler än {limit} rader; dela upp den",
        "The table has more than {limit} rows; split it",
    ),
    "table_columns": (
        "Tabellen har fler än {limit} kolumner",
        "The table has more than {limit} columns",
    ),
    "table_syntax": (
        "Raden kan inte läsas som CSV: {problem}",
        "The row cannot be read as CSV: {problem}",
    ),
    "xlsx_not_zip": (
        "Filen är inte en Office-fil (.xlsx, .docx): den är inget zip-arkiv",
        "The file is not an Office file (.xlsx, .docx): it is no zip archive",
    ),
    "xlsx_unpacked": (
        "Filen packas upp till mer än {limit} (en så kallad zip-bomb?) och läses inte",
        "The file unpacks to more than {limit} (a zip bomb?) and is not read",
    ),
    "xlsx_members": (
        "Filen innehåller fler än {limit} delar och läses inte",
        "The file holds more than {limit} parts and is not read",
    ),
    "encoding": (
        "Filen är inte giltig UTF-8-text (byte {position})",
        "The file is not valid UTF-8 text (byte {position})",
    ),
}


def message(code: str, lang: Lang, **params: object) -> str:
    sv, en = MESSAGES[code]
    return (sv if lang == "sv" else en).format(**params)


class BoundError(ValueError):
    """Input refused before parsing: ``code`` (in :data:`MESSAGES`), ``line`` (1-based or
    None) and the message's parameters."""

    def __init__(self, code: str, line: int | None = None, **params: object) -> None:
        self.code = code
        self.line = line
        self.params = params
        super().__init__(self.message("sv"))

    def message(self, lang: Lang = "sv") -> str:
        return message(self.code, lang, **self.params)

    def located(self, source: str, lang: Lang = "sv") -> str:
        """'fil.yaml:3: …' — the message with its file and line."""
        where = source + (f":{self.line}" if self.line else "")
        return f"{where}: {self.message(lang)}"


# -- bytes and text ---------------------------------------------------------------------------


def check_size(n_bytes: int, limit: int) -> None:
    if n_bytes > limit:
        raise BoundError("too_large", size=size_text(n_bytes), limit=size_text(limit))


def decode_text(raw: bytes, limit: int) -> str:
    """UTF-8 (with or without BOM) text of an upload, refused when too large, empty, not UTF-8
    or holding NUL bytes (a binary file or UTF-16 posted as text)."""
    check_size(len(raw), limit)
    if not raw.strip():
        raise BoundError("empty")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise BoundError("encoding", line, position=exc.start) from exc
    check_text(text)
    return text


def check_text(text: str) -> None:
    """Refuse NUL characters, with the line they are on."""
    index = text.find("\x00")
    if index >= 0:
        raise BoundError("nul_byte", text.count("\n", 0, index) + 1)


# -- YAML ---------------------------------------------------------------------------------------


def check_yaml(text: str, loader: type, limits: Limits = DEFAULT_LIMITS) -> None:
    """One pass over the YAML *events* (no nodes, no objects): refuse anchors, aliases, more
    than one document, too deep nesting and too many values — before anything is built.

    Syntax errors are left to the caller's parse (they surface here as ``yaml.YAMLError``).
    """
    check_size(len(text.encode("utf-8", "surrogatepass")), limits.casefile_bytes)
    check_text(text)
    depth = nodes = documents = 0
    for event in yaml.parse(text, Loader=loader):
        line = event.start_mark.line + 1 if event.start_mark else None
        if isinstance(event, yaml.AliasEvent):
            raise BoundError("yaml_alias", line, name=event.anchor)
        if isinstance(event, yaml.DocumentStartEvent):
            documents += 1
            if documents > 1:
                raise BoundError("yaml_documents", line)
        if isinstance(event, yaml.NodeEvent):
            if event.anchor is not None:
                raise BoundError("yaml_anchor", line, name=event.anchor)
            nodes += 1
            if nodes > limits.yaml_nodes:
                raise BoundError("yaml_nodes", line, limit=count_text(limits.yaml_nodes))
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > limits.yaml_depth:
                raise BoundError("yaml_depth", line, limit=limits.yaml_depth)
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


# -- JSON ---------------------------------------------------------------------------------------

_JSON_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_JSON_NOT_BRACKET = re.compile(r"[^\[\]{}]+")


def json_depth(text: str) -> tuple[int, int]:
    """(maximum nesting depth, offset where it is first reached); strings are skipped, so a
    bracket inside a string does not count.  Vectorised: one regex pass and a cumulative sum."""
    brackets = _JSON_NOT_BRACKET.sub("", _JSON_STRING.sub('""', text)).encode("ascii")
    best, best_at, level, chunk = 0, 0, 0, 1 << 20
    for start in range(0, len(brackets), chunk):  # chunks keep the arrays small (4 MB)
        codes = np.frombuffer(
            brackets, dtype=np.uint8, count=min(chunk, len(brackets) - start), offset=start
        )
        steps = np.where((codes == ord("[")) | (codes == ord("{")), 1, -1).astype(np.int32)
        depth = level + np.cumsum(steps, dtype=np.int64)
        at = int(depth.argmax())
        if int(depth[at]) > best:
            best, best_at = int(depth[at]), start + at
        level = int(depth[-1])
    return best, best_at


def load_json(text: str | bytes, limits: Limits = DEFAULT_LIMITS) -> Any:
    """Parse JSON within the size and depth bounds; every problem is a :class:`BoundError`
    with the line (never a RecursionError, a ValueError from a 5,000-digit number or a
    UnicodeDecodeError)."""
    if isinstance(text, bytes):
        check_size(len(text), limits.json_bytes)
        text = decode_text(text, limits.json_bytes)
    else:
        check_size(len(text.encode("utf-8", "surrogatepass")), limits.json_bytes)
    if not text.strip():
        raise BoundError("empty")
    depth, _ = json_depth(text)
    if depth > limits.json_depth:
        raise BoundError("json_depth", limit=limits.json_depth)
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise BoundError(
            "json_syntax", exc.lineno, row=exc.lineno, column=exc.colno, problem=exc.msg
        ) from exc
    except RecursionError as exc:  # pragma: no cover - the depth bound is far below the stack
        raise BoundError("json_depth", limit=limits.json_depth) from exc
    except ValueError as exc:  # e.g. an integer longer than Python's 4,300-digit limit
        raise BoundError("json_value", problem=str(exc).split(";")[0]) from exc
