"""Sweden's 290 municipalities with SCB's kommunkod, shipped as data (``data/kommuner.csv``).

The source is SCB's list of kommunkoder (noted in the file's header); the two first digits are
the county (län).  Used to name a municipality that a case gives only by code, and to check
that a code is a real one::

    >>> MUNICIPALITIES["0580"]
    'Linköping'
    >>> len(MUNICIPALITIES)
    290
"""

from __future__ import annotations

import csv
from importlib import resources


def _load() -> dict[str, str]:
    text = resources.files("oversyn.io").joinpath("data/kommuner.csv").read_text(encoding="utf-8")
    rows = csv.DictReader(line for line in text.splitlines() if not line.startswith("#"))
    return {row["kod"]: row["namn"] for row in rows}


#: kommunkod → the municipality's short name (``"0580": "Linköping"``).
MUNICIPALITIES: dict[str, str] = _load()


def municipality_name(code: str) -> str | None:
    """The short name of the municipality with kommunkod ``code``, or None if there is none."""
    return MUNICIPALITIES.get(code)
