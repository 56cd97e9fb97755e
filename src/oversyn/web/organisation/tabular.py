"""Spreadsheets: interactions from CSV, the organisation to and from Excel (openpyxl).

Both readers are all-or-nothing: every row is checked, every problem is reported with its sheet
(or file), row and column, and nothing is returned unless all rows are valid.  The Excel sheet
layout is documented in docs/web.md and is the same that :func:`organisation_to_xlsx` writes,
so an exported workbook can be edited and imported again.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.utils import get_column_letter
from pydantic import ValidationError

from oversyn.core.model import (
    Administration,
    Committee,
    Interaction,
    Model,
    Organisation,
    ServiceArea,
    Unit,
)
from oversyn.io.casefile import pydantic_error_text
from oversyn.io.limits import DEFAULT_LIMITS, BoundError, Limits
from oversyn.io.spreadsheet import bounded_rows, check_xlsx_archive, csv_reader, xlsx_append
from oversyn.web.platform.lang import current_lang


def _located(filename: str, exc: BoundError) -> str:
    """A bound's refusal as the tables' other messages: 'fil.csv, rad 20002: …'."""
    where = filename + (f", {_('rad')} {exc.line}" if exc.line else "")
    return f"{where}: {exc.message(current_lang())}"


class TableError(Exception):
    def __init__(self, messages: list[str]) -> None:
        self.messages = messages
        super().__init__("; ".join(messages))


def _number(text: str) -> float:
    """'12,5' or '12.5' or '1 200' → float (Swedish decimal comma accepted)."""
    return float(text.replace("\u00a0", "").replace(" ", "").replace(",", "."))


def _bool(text: str) -> bool:
    return text.strip().lower() in ("1", "ja", "j", "yes", "true", "sant", "x")


def _split(text: str) -> list[str]:
    return [p.strip() for p in str(text).replace(";", ",").split(",") if p.strip()]


def _locate(
    exc: ValidationError,
    where: str,
    columns: dict[str, str],
    letters: dict[str, str] | None = None,
) -> list[str]:
    """Each of pydantic's errors in the reader's language, at its column ("…, rad 5, kolumn C
    (typ): Otillåtet värde 'x'; tillåtna: …"); ``columns`` maps a field (dotted for nested
    ones) to its header, ``letters`` a header to its column letter."""
    out = []
    for err in exc.errors():
        loc = [str(p) for p in err["loc"] if not isinstance(p, int)]
        field = next(
            (".".join(loc[:n]) for n in range(len(loc), 0, -1) if ".".join(loc[:n]) in columns),
            loc[0] if loc else "",
        )
        column = columns.get(field, field)
        letter = (letters or {}).get(column)
        place = f"{letter} ({column})" if letter else column
        text = pydantic_error_text(err, current_lang()).replace(" or ", f" {_('eller')} ")
        out.append(f"{where}, {_('kolumn')} {place}: {text}" if place else f"{where}: {text}")
    return out


# -- interactions CSV --------------------------------------------------------------------------

INTERACTION_COLUMNS = [
    "a",
    "b",
    "weight",
    "kind",
    "measure",
    "period",
    "source",
    "estimated",
    "note",
]


def interactions_from_csv(
    text: str, filename: str, limits: Limits = DEFAULT_LIMITS
) -> list[Interaction]:
    """Read interactions from CSV with a header row (columns as ``INTERACTION_COLUMNS``).

    The delimiter (``,``, ``;`` or tab) is detected; Swedish decimal commas are accepted.
    At most ``limits.table_rows`` rows are read (checked while reading); a text written with
    the export's formula apostrophe (:mod:`oversyn.io.spreadsheet`) is read back without it.
    """
    text = text.lstrip("\ufeff")
    try:
        dialect = csv.Sniffer().sniff(text.split("\n", 1)[0], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    try:
        rows = list(csv_reader(text, dialect, limits))
    except BoundError as exc:
        raise TableError([_located(filename, exc)]) from exc
    header = [h.strip() for h in (rows[0] if rows else [])]
    if not rows:
        raise TableError([f"{filename}: " + _("filen är tom")])
    reader = [dict(zip(header, r, strict=False)) for r in rows[1:]]
    missing = [c for c in ("a", "b", "weight") if c not in header]
    unknown = [c for c in header if c not in INTERACTION_COLUMNS]
    errors = []
    if missing:
        errors.append(
            f"{filename}: " + _("kolumner saknas: %(cols)s") % {"cols": ", ".join(missing)}
        )
    if unknown:
        errors.append(
            f"{filename}: " + _("okända kolumner: %(cols)s") % {"cols": ", ".join(unknown)}
        )
    if errors:
        raise TableError(errors)
    result = []
    for line_no, raw in enumerate(reader, start=2):
        row = {k.strip(): (v or "").strip() for k, v in raw.items() if k}
        if not any(row.values()):
            continue
        where = f"{filename}, {_('rad')} {line_no}"
        data: dict[str, Any] = {k: v for k, v in row.items() if v != ""}
        try:
            if "weight" in data:
                data["weight"] = _number(data["weight"])
            if "estimated" in data:
                data["estimated"] = _bool(data["estimated"])
        except ValueError:
            errors.append(
                f"{where}, {_('kolumn')} weight: " + _("inte ett tal: %(v)s") % {"v": row["weight"]}
            )
            continue
        try:
            result.append(Interaction.model_validate(data))
        except ValidationError as exc:
            errors.extend(_locate(exc, where, {}))
    if errors:
        raise TableError(errors)
    return result


# -- organisation Excel ------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    header: str  # Swedish header in the sheet
    field: str  # field in the case model ("mandate.laws" for nested)
    kind: str = "str"  # str, list, float, bool


@dataclass(frozen=True)
class Sheet:
    title: str
    attr: str
    model: type[Model]
    columns: tuple[Column, ...]


SHEETS: tuple[Sheet, ...] = (
    Sheet(
        "Verksamhetsområden",
        "service_areas",
        ServiceArea,
        (
            Column("id", "id"),
            Column("namn", "name"),
            Column("lagar", "laws", "list"),
            Column("beskrivning", "description"),
        ),
    ),
    Sheet(
        "Nämnder",
        "committees",
        Committee,
        (
            Column("id", "id"),
            Column("namn", "name"),
            Column("typ", "kind"),
            Column("tillsätts av", "appointed_by"),
            Column("ordförande", "chair"),
            Column("reglemente verksamhetsområden", "mandate.service_areas", "list"),
            Column("reglemente lagar", "mandate.laws", "list"),
            Column("reglemente funktioner", "mandate.functions", "list"),
            Column("reglemente text", "mandate.text"),
            Column("anteckning", "note"),
        ),
    ),
    Sheet(
        "Förvaltningar",
        "administrations",
        Administration,
        (
            Column("id", "id"),
            Column("namn", "name"),
            Column("stödjer nämnder", "supports", "list"),
            Column("förvaltningschef", "head"),
            Column("anteckning", "note"),
        ),
    ),
    Sheet(
        "Enheter",
        "units",
        Unit,
        (
            Column("id", "id"),
            Column("namn", "name"),
            Column("förvaltning", "administration"),
            Column("överordnad enhet", "parent"),
            Column("funktioner", "functions", "list"),
            Column("verksamhetsområden", "service_areas", "list"),
            Column("lagar", "laws", "list"),
            Column("stödkategori", "category"),
            Column("årsarbetare", "fte", "float"),
            Column("budget", "budget", "float"),
            Column("chef", "manager"),
            Column("uppskattad", "estimated", "bool"),
            Column("anteckning", "note"),
        ),
    ),
)


def _get(data: dict[str, Any], dotted: str) -> Any:
    for part in dotted.split("."):
        data = data.get(part) if isinstance(data, dict) else None  # type: ignore[assignment]
    return data


def organisation_to_xlsx(org: Organisation) -> bytes:
    """The organisation as a workbook: one sheet per kind, one row per object."""
    wb = Workbook()
    wb.remove(wb.active)  # type: ignore[arg-type]
    for sheet in SHEETS:
        ws = wb.create_sheet(sheet.title)
        xlsx_append(ws, [c.header for c in sheet.columns])
        for obj in getattr(org, sheet.attr):
            data = obj.model_dump(mode="json")
            row = []
            for col in sheet.columns:
                value = _get(data, col.field)
                if col.kind == "list":
                    value = ", ".join(value or [])
                elif col.kind == "bool":
                    value = "ja" if value else ""
                row.append(value)
            xlsx_append(ws, row)  # a formula-like text stays text
        for i, col in enumerate(sheet.columns):
            ws.column_dimensions[ws.cell(1, i + 1).column_letter].width = max(
                12, len(col.header) + 4
            )
        ws.freeze_panes = "A2"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def check_workbook(content: bytes, filename: str, limits: Limits = DEFAULT_LIMITS) -> None:
    """The archive check alone (cheap): a zip bomb or a non-zip is refused before a job is
    queued for the workbook."""
    try:
        check_xlsx_archive(content, limits)
    except BoundError as exc:
        raise TableError([_located(filename, exc)]) from exc


def organisation_from_xlsx(
    content: bytes, filename: str, limits: Limits = DEFAULT_LIMITS
) -> Organisation:
    """Read an organisation workbook; raise :class:`TableError` listing every bad cell.

    The archive is checked first (:func:`~oversyn.io.spreadsheet.check_xlsx_archive`: no zip
    bomb), and each sheet is read row by row up to ``limits.table_rows``."""
    try:
        check_xlsx_archive(content, limits)
    except BoundError as exc:
        raise TableError([_located(filename, exc)]) from exc
    try:
        wb = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        # the same cells as written: a formula's text, to find formulas without a saved value
        formulas = load_workbook(io.BytesIO(content), read_only=True, data_only=False)
    except Exception as exc:  # openpyxl raises several types for a non-workbook
        raise TableError(
            [f"{filename}: " + _("filen är inte en Excel-arbetsbok (.xlsx): %(e)s") % {"e": exc}]
        ) from exc
    errors: list[str] = []
    parts: dict[str, list[Any]] = {}
    rows_of: dict[str, list[int]] = {}  # sheet attr → the row number of each object
    for sheet in SHEETS:
        if sheet.title not in wb.sheetnames:
            errors.append(f"{filename}: " + _("bladet %(s)s saknas") % {"s": sheet.title})
            continue
        try:
            rows = list(bounded_rows(wb[sheet.title].iter_rows(values_only=True), limits))
        except BoundError as exc:
            errors.append(f"{filename}, {_('blad')} {sheet.title}: {exc.message(current_lang())}")
            continue
        except Exception as exc:  # openpyxl/lxml on a malformed sheet: several types
            errors.append(
                f"{filename}, {_('blad')} {sheet.title}: "
                + _("bladet kan inte läsas: %(e)s") % {"e": exc}
            )
            continue
        if not rows:
            parts[sheet.attr] = []
            continue
        header = [str(h).strip() if h is not None else "" for h in rows[0]]
        by_header = {c.header: c for c in sheet.columns}
        unknown = [h for h in header if h and h not in by_header]
        if unknown:
            errors.append(
                f"{filename}, {_('blad')} {sheet.title}: "
                + _("okända kolumner: %(cols)s") % {"cols": ", ".join(unknown)}
            )
            continue
        letters = {h: get_column_letter(i + 1) for i, h in enumerate(header) if h}
        written = _formula_rows(formulas, sheet.title, limits)
        objects = []
        numbers: list[int] = []
        for row_no, row in enumerate(rows[1:], start=2):
            where = f"{filename}, {_('blad')} {sheet.title}, {_('rad')} {row_no}"
            formula_errors = [
                f"{where}, {_('kolumn')} {letters.get(h, get_column_letter(i + 1))} ({h}): "
                + _(
                    "cellen har formeln %(f)s men inget sparat värde; öppna filen i Excel och "
                    "spara den, eller skriv in värdet"
                )
                % {"f": formula}
                for i, (h, value, formula) in enumerate(
                    zip(header, row, written.get(row_no, ()), strict=False)
                )
                if h and value is None and isinstance(formula, str) and formula.startswith("=")
            ]
            if formula_errors:
                errors.extend(formula_errors)
                continue
            if all(v is None or str(v).strip() == "" for v in row):
                continue
            data: dict[str, Any] = {}
            bad = False
            for h, value in zip(header, row, strict=False):
                if not h or value is None or str(value).strip() == "":
                    continue
                col = by_header[h]
                try:
                    if col.kind == "list":
                        value = _split(str(value))
                    elif col.kind == "float":
                        value = value if isinstance(value, int | float) else _number(str(value))
                    elif col.kind == "bool":
                        value = value if isinstance(value, bool) else _bool(str(value))
                    else:
                        value = str(value).strip()
                except ValueError:
                    errors.append(
                        f"{where}, {_('kolumn')} {letters[h]} ({h}): "
                        + _("inte ett tal: %(v)s (skriv t.ex. 12, 12,5 eller 9 000 000)")
                        % {"v": value}
                    )
                    bad = True
                    continue
                target = data
                *path, last = col.field.split(".")
                for part in path:
                    target = target.setdefault(part, {})
                target[last] = value
            if bad:
                continue
            try:
                objects.append(sheet.model.model_validate(data))
                numbers.append(row_no)
            except ValidationError as exc:
                columns = {c.field: c.header for c in sheet.columns}
                errors.extend(_locate(exc, where, columns, letters))
        parts[sheet.attr] = objects
        rows_of[sheet.attr] = numbers
    errors.extend(_reference_errors(filename, parts, rows_of))
    if errors:
        raise TableError(errors)
    return Organisation(**parts)


def _formula_rows(wb: Any, title: str, limits: Limits) -> dict[int, tuple[Any, ...]]:
    """The sheet's cells as written (formulas as their text), by row number."""
    try:
        rows = bounded_rows(wb[title].iter_rows(values_only=True), limits)
        return {n: tuple(row) for n, row in enumerate(rows, start=1)}
    except Exception:  # already reported by the reading of the values
        return {}


# (sheet attr, field, kind of the object it names, sheet attr of that kind)
REFERENCES: tuple[tuple[str, str, str], ...] = (
    ("committees", "appointed_by", "committees"),
    ("committees", "mandate.service_areas", "service_areas"),
    ("administrations", "supports", "committees"),
    ("units", "administration", "administrations"),
    ("units", "parent", "units"),
    ("units", "service_areas", "service_areas"),
)


def _reference_errors(
    filename: str, parts: dict[str, list[Any]], rows_of: dict[str, list[int]]
) -> list[str]:
    """An id that names no object of the workbook, at its sheet, row and column."""
    sheets = {s.attr: s for s in SHEETS}
    known = {attr: {o.id for o in objs} for attr, objs in parts.items()}
    out: list[str] = []
    for attr, field, target in REFERENCES:
        if attr not in parts or target not in known:
            continue
        sheet = sheets[attr]
        headers = [c.header for c in sheet.columns]
        header = next(c.header for c in sheet.columns if c.field == field)
        letter = get_column_letter(headers.index(header) + 1)
        for obj, row_no in zip(parts[attr], rows_of.get(attr, []), strict=False):
            value = _get(obj.model_dump(mode="json"), field)
            for ref in value if isinstance(value, list) else [value]:
                if ref is None or ref in known[target]:
                    continue
                out.append(
                    f"{filename}, {_('blad')} {sheet.title}, {_('rad')} {row_no}, "
                    f"{_('kolumn')} {letter} ({header}): "
                    + _("%(id)s finns inte på bladet %(sheet)s")
                    % {"id": repr(ref), "sheet": sheets[target].title}
                )
    return out
