"""Identifiers from names: readable, stable, unique.

Every caller that creates an object from a name (the web's forms, the API, an importer) gets
the same id for the same name:

>>> slugify("Individ- och familjeomsorg (IFO)")
'individ-och-familjeomsorg-ifo'
>>> slugify("Äldreomsorg & LSS")
'aldreomsorg-lss'
>>> unique_id("Socialnämnden", {"socialnamnden", "socialnamnden-2"})
'socialnamnden-3'
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection

MAX_LENGTH = 80  # the case model's ``Id`` is at most 80 characters
_FOLD = str.maketrans({"å": "a", "ä": "a", "ö": "o", "Å": "a", "Ä": "a", "Ö": "o", "ß": "ss"})


def slugify(name: str, fallback: str = "id") -> str:
    """``name`` as an id: lower case ASCII letters and digits joined by ``-``.

    å, ä, ö become a, a, o (other accents are dropped: é → e); any run of other characters
    becomes one ``-``; the result has at most :data:`MAX_LENGTH` characters and is
    ``fallback`` when nothing is left.
    """
    text = unicodedata.normalize("NFKD", name.translate(_FOLD))
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    slug = re.sub(r"[^a-z0-9]+", "-", text).strip("-")[:MAX_LENGTH].rstrip("-")
    return slug or fallback


def unique_id(name: str, taken: Collection[str], fallback: str = "id") -> str:
    """:func:`slugify` of ``name``, with ``-2``, ``-3`` … appended while it is ``taken``."""
    base = slugify(name, fallback)
    if base not in taken:
        return base
    n = 2
    while True:
        suffix = f"-{n}"
        candidate = base[: MAX_LENGTH - len(suffix)].rstrip("-") + suffix
        if candidate not in taken:
            return candidate
        n += 1
