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


def _locate(exc: ValidationError, where: str, columns: dict[str, str]) -> list[str]:
    out = []
    for err in exc.errors():
        field = str(err["loc"][0]) if err["loc"] else ""
        column = columns.get(field, field)
        out.append(f"{where}, {_('kolumn')} {column}: {err['msg']}")
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
    except Exception as exc:  # openpyxl raises several types for a non-workbook
        raise TableError(
            [f"{filename}: " + _("filen är inte en Excel-arbetsbok (.xlsx): %(e)s") % {"e": exc}]
        ) from exc
    errors: list[str] = []
    parts: dict[str, list[Any]] = {}
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
        objects = []
        for row_no, row in enumerate(rows[1:], start=2):
            if all(v is None or str(v).strip() == "" for v in row):
                continue
            where = f"{filename}, {_('blad')} {sheet.title}, {_('rad')} {row_no}"
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
                        f"{where}, {_('kolumn')} {h}: " + _("inte ett tal: %(v)s") % {"v": value}
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
            except ValidationError as exc:
                columns = {c.field.split(".")[0]: c.header for c in sheet.columns}
                errors.extend(_locate(exc, where, columns))
        parts[sheet.attr] = objects
    if errors:
        raise TableError(errors)
    return Organisation(**parts)
