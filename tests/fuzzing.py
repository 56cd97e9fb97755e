"""Fuzzing hooks shared by the suite and ``benchmarks/fuzz.py`` (and reusable for API bodies).

A *target* is a function that takes one generated input and either returns normally or raises
one of its *located refusals* (``CaseFileError``, ``TableError``, ``KoladaFormatError`` …, each
with a message that says where).  Anything else is a crash.  :func:`run_target` drives a
target with a hypothesis strategy and counts tried / refused / crashes; the tests assert
``crashes == 0``, the benchmark prints the figures.

Strategies:

* :func:`mutated_text` — a valid document (a seed case file, a Kolada response …) with
  random edits: cut, duplicate a slice, insert hostile snippets (aliases, tabs, NUL, deep
  brackets, impossible dates, huge numbers, formula text, non-UTF-8 characters);
* :func:`json_values` — arbitrary JSON (nested objects and arrays, odd numbers and strings),
  also the shape an API body has; ``json_documents`` gives them as text, sometimes broken.

For an API body: ``run_target("api", post_body, json_documents(), (Refused,), 500)`` where
``post_body`` posts the text with the test client and raises ``Refused`` on a 4xx that carries
a message (and fails on a 5xx).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

HOSTILE_SNIPPETS = [
    "&a ",
    "*a",
    "<<: *a",
    "\x00",
    "\t",
    "\r",
    "\ufeff",
    "\ud800",  # a lone surrogate: not encodable as UTF-8
    "2021-02-30",
    "2021-13-01",
    "1" * 5000,
    "1e999",
    "-.inf",
    ".nan",
    '=HYPERLINK("http://x","klicka")',
    "=cmd|' /C calc'!A0",
    "[" * 200,
    "{" * 200,
    "!!python/object:os.system",
    "!!binary ====",
    "? [a, b]\n: c",
    "---\n",
    "...\n",
    "'",
    '"',
    "\\",
    "%YAML 1.1\n",
    "- ",
    ": ",
    "\n  ",
    "ÅÄÖ",
    "null",
    "~",
    "yes",
    "0x1F",
    "0o777",
    "<script>alert(1)</script>",
    "{{7*191}}",
]


@st.composite
def mutated_text(draw: st.DrawFn, base: str, max_edits: int = 4) -> str:
    """``base`` with 1…``max_edits`` random edits (cut, duplicate, insert a snippet)."""
    text = base
    for _ in range(draw(st.integers(1, max_edits))):
        kind = draw(st.sampled_from(["insert", "cut", "duplicate", "replace_line"]))
        at = draw(st.integers(0, len(text)))
        if kind == "insert":
            snippet = draw(st.sampled_from(HOSTILE_SNIPPETS) | st.text(max_size=20))
            text = text[:at] + snippet + text[at:]
        elif kind == "cut":
            end = draw(st.integers(at, min(len(text), at + 400)))
            text = text[:at] + text[end:]
        elif kind == "duplicate":
            end = draw(st.integers(at, min(len(text), at + 400)))
            text = text[:end] + text[at:end] + text[end:]
        else:
            lines = text.split("\n")
            index = draw(st.integers(0, max(0, len(lines) - 1)))
            head = lines[index].split(":")[0]
            value = draw(st.sampled_from(HOSTILE_SNIPPETS) | st.text(max_size=30))
            lines[index] = f"{head}: {value}"
            text = "\n".join(lines)
    return text


json_scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=30)
)


def json_values(max_leaves: int = 30) -> st.SearchStrategy[Any]:
    return st.recursive(
        json_scalars,
        lambda children: (
            st.lists(children, max_size=5)
            | st.dictionaries(st.text(max_size=10), children, max_size=5)
        ),
        max_leaves=max_leaves,
    )


@st.composite
def json_documents(draw: st.DrawFn, shaped: Callable[[Any], Any] | None = None) -> str:
    """JSON text: arbitrary values (or ``shaped(value)``), sometimes deep or cut short."""
    value = draw(json_values())
    if shaped is not None and draw(st.booleans()):
        value = shaped(value)
    text = json.dumps(value, ensure_ascii=draw(st.booleans()))
    tweak = draw(st.sampled_from(["none", "none", "cut", "deep", "snippet"]))
    if tweak == "cut" and text:
        text = text[: draw(st.integers(0, len(text) - 1))]
    elif tweak == "deep":
        depth = draw(st.integers(50, 5000))
        text = "[" * depth + text + "]" * depth
    elif tweak == "snippet":
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(st.sampled_from(HOSTILE_SNIPPETS)) + text[at:]
    return text


@dataclass
class FuzzReport:
    name: str
    tried: int = 0
    accepted: int = 0
    refused: int = 0
    crashes: list[str] = field(default_factory=list)

    def line(self) -> str:
        return (
            f"{self.name}: tried {self.tried}, accepted {self.accepted}, "
            f"refused {self.refused}, crashes {len(self.crashes)}"
        )


def run_target(
    name: str,
    target: Callable[[Any], Any],
    strategy: st.SearchStrategy[Any],
    refusals: tuple[type[BaseException], ...],
    examples: int,
    check_refusal: Callable[[BaseException], None] | None = None,
    seed: int | None = None,
) -> FuzzReport:
    """Feed ``examples`` generated inputs to ``target``; count what happened."""
    report = FuzzReport(name)

    @settings(
        max_examples=examples,
        deadline=None,
        database=None,
        derandomize=seed is None,
        suppress_health_check=list(HealthCheck),
    )
    @given(strategy)
    def drive(value: Any) -> None:
        report.tried += 1
        try:
            target(value)
        except refusals as exc:
            report.refused += 1
            if check_refusal is not None:
                check_refusal(exc)
        except Exception as exc:  # a crash: recorded, not raised, so the run goes on
            report.crashes.append(f"{type(exc).__name__}: {exc!s:.200} ← {value!r:.300}")
        else:
            report.accepted += 1

    if seed is not None:
        from hypothesis import seed as hseed

        drive = hseed(seed)(drive)
    drive()
    return report


# -- workbooks -----------------------------------------------------------------------------------


@st.composite
def mutated_workbook(draw: st.DrawFn, base: bytes) -> bytes:
    """``base`` (an .xlsx) with random cell edits, an extra sheet or row, or broken bytes."""
    import io

    from openpyxl import load_workbook

    kind = draw(st.sampled_from(["cells", "cells", "cells", "bytes", "truncate"]))
    if kind == "bytes":
        data = bytearray(base)
        for _ in range(draw(st.integers(1, 8))):
            data[draw(st.integers(0, len(data) - 1))] = draw(st.integers(0, 255))
        return bytes(data)
    if kind == "truncate":
        return base[: draw(st.integers(0, len(base) - 1))]
    wb = load_workbook(io.BytesIO(base))
    for _ in range(draw(st.integers(1, 6))):
        ws = wb.worksheets[draw(st.integers(0, len(wb.worksheets) - 1))]
        row = draw(st.integers(1, ws.max_row + 2))
        column = draw(st.integers(1, ws.max_column + 2))
        value = draw(
            st.sampled_from(HOSTILE_SNIPPETS)
            | st.text(max_size=20)
            | st.integers(-(10**20), 10**20)
            | st.floats(allow_nan=True, allow_infinity=True)
            | st.none()
            | st.booleans()
        )
        if isinstance(value, str):
            value = "".join(ch for ch in value if ch >= " " or ch in "\t\n\r")
            value = value.encode("utf-8", "ignore").decode("utf-8")  # no lone surrogates
        ws.cell(row=row, column=column).value = value
    if draw(st.booleans()):
        wb.create_sheet(draw(st.sampled_from(["Extra", "Enheter2", "x" * 31])))
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
