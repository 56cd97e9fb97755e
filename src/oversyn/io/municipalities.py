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


#: Names whose "kommun" form is not the genitive of the short name.
_OFFICIAL_EXCEPTIONS = {"0980": "Region Gotland", "2080": "Falu kommun"}


def official_name(code: str) -> str | None:
    """The municipality's name as a case writes it: "Linköpings kommun", "Borås kommun"
    (a name ending in a vowel, s, x or z takes no genitive s: "Motala kommun"), "Region
    Gotland"; None for no such code.

    >>> official_name("0580"), official_name("1490"), official_name("0583")
    ('Linköpings kommun', 'Borås kommun', 'Motala kommun')
    """
    short = MUNICIPALITIES.get(code)
    if short is None:
        return None
    if code in _OFFICIAL_EXCEPTIONS:
        return _OFFICIAL_EXCEPTIONS[code]
    if short[-1].lower() in "sxzaeiouyåäö":
        return f"{short} kommun"
    return f"{short}s kommun"


def choices() -> list[tuple[str, str]]:
    """(kommunkod, "Linköping (0580)") for every municipality, sorted by name (å, ä, ö last)."""
    order = str.maketrans({"å": "{", "ä": "|", "ö": "}", "Å": "{", "Ä": "|", "Ö": "}"})
    items = sorted(MUNICIPALITIES.items(), key=lambda kv: kv[1].lower().translate(order))
    return [(code, f"{name} ({code})") for code, name in items]
