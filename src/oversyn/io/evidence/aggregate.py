"""Aggregate CSV files (interactions, journeys) ⇄ the case's ``Interaction`` / ``Journey``.

Interactions CSV (UTF-8, comma, one row per unit pair and kind)::

    a,b,kind,weight,measure,period,source,estimated,note
    ia,ifo-ekonomiskt-bistand,shared_clients,183,personer,2024,syntetiska data,true,
    ia,ifo-vuxen,handoffs,< 5,personer,2024,syntetiska data,true,ia→ifo-vuxen < 5; ...

Journeys CSV::

    id,name,steps,volume,period,source,estimated
    resa-1,Ekonomiskt bistånd → IA,ifo-ekonomiskt-bistand > ia,148,2024,syntetiska data,true

A suppressed cell (``< 5``) is kept in the file so that the reader sees that the pair exists,
but it is never turned into a weight: the reader skips it and counts it.  ``estimated`` is
``false`` for figures computed from the municipality's own records (measured) and ``true`` for
synthetic data or estimates.  ``oversyn import-evidence`` puts the files into a case file; the
round trip CSV → case → CSV keeps every unsuppressed figure.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from oversyn.core.case import Case
from oversyn.core.i18n import register_messages
from oversyn.core.model import Interaction, InteractionKind, Journey
from oversyn.io.evidence.events import EvidenceError, EvidenceResult
from oversyn.io.limits import DEFAULT_LIMITS, BoundError, Limits, check_size, decode_text
from oversyn.io.spreadsheet import csv_reader, csv_row

INTERACTION_FIELDS = (
    "a",
    "b",
    "kind",
    "weight",
    "measure",
    "period",
    "source",
    "estimated",
    "note",
)
JOURNEY_FIELDS = ("id", "name", "steps", "volume", "period", "source", "estimated")
STEP_SEPARATOR = " > "

register_messages(
    {
        "agg_missing_column": (
            "{path}: kolumnen {column!r} saknas (behövs: {needed})",
            "{path}: the column {column!r} is missing (needed: {needed})",
        ),
        "agg_bad_value": (
            "{path}:{line}: ogiltigt värde {value!r} i kolumnen {column}: {problem}",
            "{path}:{line}: invalid value {value!r} in column {column}: {problem}",
        ),
        "agg_unreadable": (
            "{path}:{line}: {problem}",
            "{path}:{line}: {problem_en}",
        ),
    }
)


def suppressed_text(min_count: int) -> str:
    return f"< {min_count}"


def _fmt(count: int | None, min_count: int) -> str:
    return suppressed_text(min_count) if count is None else str(count)


def _bool(value: bool) -> str:
    return "true" if value else "false"


def write_interactions_csv(
    result: EvidenceResult, path: str | Path, *, source: str, estimated: bool
) -> None:
    """Write the pair counts of ``result`` (suppressed cells as "< N")."""
    with Path(path).open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(csv_row(INTERACTION_FIELDS))
        for pair in result.pairs:
            note = ""
            if pair.kind == "handoffs":
                note = (
                    f"{pair.a}→{pair.b} {_fmt(pair.a_to_b, result.min_count)}; "
                    f"{pair.b}→{pair.a} {_fmt(pair.b_to_a, result.min_count)}"
                )
            writer.writerow(
                csv_row(
                    (
                        pair.a,
                        pair.b,
                        pair.kind,
                        _fmt(pair.count, result.min_count),
                        "personer",
                        result.period.label,
                        source,
                        _bool(estimated),
                        note,
                    )
                )
            )


def journey_name(steps: Iterable[str], names: dict[str, str] | None = None) -> str:
    names = names or {}
    return " → ".join(names.get(s, s) for s in steps)


def write_journeys_csv(
    result: EvidenceResult,
    path: str | Path,
    *,
    source: str,
    estimated: bool,
    names: dict[str, str] | None = None,
) -> None:
    with Path(path).open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(csv_row(JOURNEY_FIELDS))
        for index, journey in enumerate(result.journeys, start=1):
            writer.writerow(
                csv_row(
                    (
                        f"resa-{index}",
                        journey_name(journey.steps, names),
                        STEP_SEPARATOR.join(journey.steps),
                        _fmt(journey.count, result.min_count),
                        result.period.label,
                        source,
                        _bool(estimated),
                    )
                )
            )


_SUPPRESSED = re.compile(r"^\s*<\s*\d+\s*$")


def _rows(
    path: Path, needed: tuple[str, ...], limits: Limits = DEFAULT_LIMITS
) -> Iterable[tuple[int, dict[str, str]]]:
    """The rows as dicts, bounded (size, rows, columns; oversyn.io.limits): a file that is not
    UTF-8 text, holds NUL bytes or is not CSV is an :class:`EvidenceError` with its line."""
    if not path.is_file():
        raise EvidenceError("ev_file_missing", path=str(path))
    try:
        check_size(path.stat().st_size, limits.upload_bytes)
        text = decode_text(path.read_bytes(), limits.upload_bytes)
        rows = list(csv_reader(text, csv.excel, limits))
    except BoundError as exc:
        raise EvidenceError(
            "agg_unreadable",
            path=str(path),
            line=exc.line or 1,
            problem=exc.message("sv"),
            problem_en=exc.message("en"),
        ) from exc
    header = [h.strip() for h in rows[0]] if rows else []
    for column in needed:
        if column not in header:
            raise EvidenceError(
                "agg_missing_column", path=str(path), column=column, needed=", ".join(needed)
            )
    for line, row in enumerate(rows[1:], start=2):
        if not row:
            continue
        cells = [*row, *[""] * (len(header) - len(row))]  # a short row: the rest are empty
        yield line, {k: v.strip() for k, v in zip(header, cells, strict=False) if k}


def _parse_bool(path: Path, line: int, column: str, value: str) -> bool:
    lowered = value.lower()
    if lowered in ("true", "ja", "yes", "1", "sant"):
        return True
    if lowered in ("false", "nej", "no", "0", "falskt", ""):
        return False
    raise EvidenceError(
        "agg_bad_value",
        path=str(path),
        line=line,
        value=value,
        column=column,
        problem="true/false",
    )


def _parse_count(path: Path, line: int, column: str, value: str) -> float | None:
    if _SUPPRESSED.match(value):
        return None
    try:
        number = float(value.replace(",", "."))
    except ValueError as exc:
        raise EvidenceError(
            "agg_bad_value",
            path=str(path),
            line=line,
            value=value,
            column=column,
            problem="tal eller '< N'",
        ) from exc
    if number < 0:
        raise EvidenceError(
            "agg_bad_value",
            path=str(path),
            line=line,
            value=value,
            column=column,
            problem="≥ 0",
        )
    return number


def _validated(path: Path, line: int, row: dict[str, str], model: Any, **data: Any) -> Any:
    """``model(**data)``, or the first field problem as a located :class:`EvidenceError`."""
    try:
        return model(**data)
    except ValidationError as exc:
        err = exc.errors()[0]
        column = str(err["loc"][0]) if err["loc"] else ""
        raise EvidenceError(
            "agg_bad_value",
            path=str(path),
            line=line,
            value=row.get(column, ""),
            column=column,
            problem=err["msg"],
        ) from exc


def read_interactions_csv(
    path: str | Path, kinds: Iterable[str] | None = None
) -> tuple[list[Interaction], int]:
    """Interactions from an aggregate CSV; returns them and the number of suppressed cells
    skipped.  ``kinds`` keeps only those kinds (default: all)."""
    path = Path(path)
    wanted = set(kinds) if kinds is not None else None
    result: list[Interaction] = []
    suppressed = 0
    for line, row in _rows(path, ("a", "b", "weight")):
        kind_text = row.get("kind") or InteractionKind.SHARED_CLIENTS.value
        try:
            kind = InteractionKind(kind_text)
        except ValueError as exc:
            raise EvidenceError(
                "agg_bad_value",
                path=str(path),
                line=line,
                value=kind_text,
                column="kind",
                problem=", ".join(k.value for k in InteractionKind),
            ) from exc
        if wanted is not None and kind.value not in wanted:
            continue
        weight = _parse_count(path, line, "weight", row["weight"])
        if weight is None:
            suppressed += 1
            continue
        result.append(
            _validated(
                path,
                line,
                row,
                Interaction,
                a=row["a"],
                b=row["b"],
                weight=weight,
                kind=kind,
                measure=row.get("measure") or "personer",
                period=row.get("period") or None,
                source=row.get("source") or None,
                estimated=_parse_bool(path, line, "estimated", row.get("estimated", "")),
                note=row.get("note", ""),
            )
        )
    return result, suppressed


def read_journeys_csv(path: str | Path) -> tuple[list[Journey], int]:
    """Journeys from an aggregate CSV (suppressed volumes skipped and counted)."""
    path = Path(path)
    result: list[Journey] = []
    suppressed = 0
    for line, row in _rows(path, ("id", "steps", "volume")):
        volume = _parse_count(path, line, "volume", row["volume"])
        if volume is None:
            suppressed += 1
            continue
        steps = [s.strip() for s in row["steps"].split(">") if s.strip()]
        if len(steps) < 2:
            raise EvidenceError(
                "agg_bad_value",
                path=str(path),
                line=line,
                value=row["steps"],
                column="steps",
                problem="minst två enheter, åtskilda av '>'",
            )
        period = row.get("period", "")
        result.append(
            _validated(
                path,
                line,
                row,
                Journey,
                id=row["id"],
                name=row.get("name") or journey_name(steps),
                steps=steps,
                volume=volume,
                source=row.get("source") or None,
                estimated=_parse_bool(path, line, "estimated", row.get("estimated", "")),
                note=f"Period {period}." if period else "",
            )
        )
    return result, suppressed


def with_evidence(
    case: Case,
    interactions: list[Interaction] | None = None,
    journeys: list[Journey] | None = None,
) -> tuple[Case, list[str]]:
    """A copy of ``case`` whose interactions (and journeys, if given) are replaced by the
    imported ones.  Records naming a unit the case does not know are left out and returned
    (as unit ids), never dropped silently."""
    known = {u.id for u in case.baseline.units}
    unknown: list[str] = []

    def check(ids: Iterable[str]) -> bool:
        missing = [i for i in ids if i not in known]
        unknown.extend(m for m in missing if m not in unknown)
        return not missing

    update: dict[str, object] = {}
    if interactions is not None:
        update["interactions"] = [i for i in interactions if check((i.a, i.b))]
    if journeys is not None:
        update["journeys"] = [j for j in journeys if check(j.steps)]
    return case.model_copy(update=update, deep=True), sorted(unknown)


def evidence_items(
    result: EvidenceResult,
    *,
    source: str,
    estimated: bool,
    kinds: Iterable[str] = ("shared_clients",),
    names: dict[str, str] | None = None,
) -> tuple[list[Interaction], list[Journey], int]:
    """The case's interactions and journeys straight from ``result`` (no CSV in between):
    the same rows ``write_interactions_csv`` → ``read_interactions_csv`` would give.
    Suppressed cells are left out and counted (the third value)."""
    wanted = set(kinds)
    suppressed = 0
    interactions: list[Interaction] = []
    for pair in result.pairs:
        if pair.kind not in wanted:
            continue
        if pair.count is None:
            suppressed += 1
            continue
        note = ""
        if pair.kind == "handoffs":
            note = (
                f"{pair.a}→{pair.b} {_fmt(pair.a_to_b, result.min_count)}; "
                f"{pair.b}→{pair.a} {_fmt(pair.b_to_a, result.min_count)}"
            )
        interactions.append(
            Interaction(
                a=pair.a,
                b=pair.b,
                kind=InteractionKind(pair.kind),
                weight=float(pair.count),
                measure="personer",
                period=result.period.label,
                source=source,
                estimated=estimated,
                note=note,
            )
        )
    journeys: list[Journey] = []
    for journey in result.journeys:
        if journey.count is None:
            suppressed += 1
            continue
        journeys.append(
            Journey(
                id=f"resa-{len(journeys) + 1}",
                name=journey_name(journey.steps, names),
                steps=list(journey.steps),
                volume=float(journey.count),
                source=source,
                estimated=estimated,
                note=f"Period {result.period.label}.",
            )
        )
    return interactions, journeys, suppressed
