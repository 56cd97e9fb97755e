"""Spreadsheet output is data: the one rule every Excel and CSV writer of Översyn applies.

A cell whose text starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is read
by Excel, LibreOffice and Google Sheets as a formula (OWASP, "CSV injection"):
``=HYPERLINK("http://…","klicka")`` becomes a live link, ``=cmd|' /C calc'!A0`` a DDE call.

* CSV has no cell types, so such a text is written with a leading apostrophe
  (:func:`csv_text`, OWASP's rule); the readers remove it again (:func:`from_csv_text`), so an
  exported file imported back gives the original text.  The mapping is one-to-one: a text
  that itself starts with apostrophes before a formula character gets one more.
* Excel cells have types: :func:`xlsx_append` writes such a text as a *text* cell
  (``t="s"``, with Excel's quote-prefix style, so editing the cell keeps it text), never as a
  formula; the cell's value is the original text.

Numbers are numbers, not text, and are written as they are (``-5`` stays a number).
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterable, Iterator
from typing import Any

from oversyn.io.limits import DEFAULT_LIMITS, BoundError, Limits, count_text, size_text

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
NEEDS_PREFIX = r"^'*[=+\-@\t\r]"
"""The texts :func:`csv_text` prefixes, as a regex (also used by the Arrow/DuckDB paths)."""
_NEEDS_PREFIX = re.compile(NEEDS_PREFIX)


def formula_like(text: str) -> bool:
    """True when a spreadsheet would read ``text`` as a formula."""
    return text.startswith(FORMULA_START)


def _needs_prefix(text: str) -> bool:
    # '=x' and also "'=x" (so the reader's removal of one apostrophe is exact)
    return _NEEDS_PREFIX.match(text) is not None


def csv_text(value: Any) -> Any:
    """A value for a CSV cell: formula-like text gets a leading apostrophe; others unchanged."""
    if isinstance(value, str) and _needs_prefix(value):
        return "'" + value
    return value


def csv_row(values: Iterable[Any]) -> list[Any]:
    return [csv_text(v) for v in values]


def from_csv_text(text: str) -> str:
    """Undo :func:`csv_text` on a cell read from CSV."""
    if text.startswith("'") and _needs_prefix(text[1:]):
        return text[1:]
    return text


def xlsx_append(ws: Any, values: Iterable[Any]) -> None:
    """Append a row to an openpyxl worksheet with every formula-like text as a text cell.

    openpyxl turns any string that starts with ``=`` into a formula; this sets the cell type
    back to string and marks it quote-prefixed (Excel's own way of saying "this is text").
    """
    row = list(values)
    ws.append(row)
    r = 0  # ws.max_row walks every cell (quadratic over a sheet): asked only when needed
    for column, value in enumerate(row, start=1):
        if isinstance(value, str) and formula_like(value):
            r = r or ws.max_row
            cell = ws.cell(row=r, column=column)
            cell.value = value
            cell.data_type = "s"
            cell.quotePrefix = True


# -- reading, bounded ---------------------------------------------------------------------------


def check_office_archive(content: bytes, limits: Limits = DEFAULT_LIMITS) -> None:
    """Refuse an .xlsx or .docx whose archive would unpack beyond the bounds (a zip bomb),
    before openpyxl or python-docx opens it.  The sizes are the archive's own; :mod:`zipfile`
    never inflates a member past its declared size, so they bound the work too."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise BoundError("xlsx_not_zip") from exc
    if len(members) > limits.xlsx_members:
        raise BoundError("xlsx_members", limit=count_text(limits.xlsx_members))
    if sum(m.file_size for m in members) > limits.xlsx_unpacked_bytes:
        raise BoundError("xlsx_unpacked", limit=size_text(limits.xlsx_unpacked_bytes))


check_xlsx_archive = check_office_archive


def bounded_rows(
    rows: Iterable[Any], limits: Limits = DEFAULT_LIMITS, *, header: int = 1
) -> Iterator[Any]:
    """The rows of a table, refused (with the row number) past ``limits.table_rows`` data
    rows or ``limits.table_columns`` columns — while reading, not after."""
    for index, row in enumerate(rows):
        if index >= limits.table_rows + header:
            raise BoundError("table_rows", index + 1, limit=count_text(limits.table_rows))
        if len(row) > limits.table_columns:
            raise BoundError("table_columns", index + 1, limit=count_text(limits.table_columns))
        yield row


def csv_reader(text: str, dialect: Any, limits: Limits = DEFAULT_LIMITS) -> Iterator[list[str]]:
    """CSV rows of ``text`` within the bounds; a malformed row is a :class:`BoundError` with
    its line (never a bare ``csv.Error``); cells lose the apostrophe of :func:`csv_text`."""
    reader = csv.reader(io.StringIO(text), dialect=dialect)
    rows = bounded_rows(reader, limits)
    while True:
        try:
            row = next(rows)
        except StopIteration:
            return
        except csv.Error as exc:
            raise BoundError("table_syntax", reader.line_num or None, problem=str(exc)) from exc
        yield [from_csv_text(cell) for cell in row]
