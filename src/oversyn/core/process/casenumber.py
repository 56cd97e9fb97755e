"""Diarienummer as municipalities write them, read into body / year / serial.

Every municipality's registry (diarium) has its own format; the raw text is always kept and
the parts are filled in where they can be read.  Formats seen in the seeds and in Swedish
municipalities: ``KS 2018/14``, ``SN 18/0098``, ``KS/2018:144``, ``Dnr 1.2.3-214-2010``
(classification–serial–year), ``18/KS 0257`` (Motala, seed 004), ``KS 2017-515``,
``2018.030 UN`` (seed 003).  A document suffix after the serial (``KS2019/0123-4``,
``KS 2019/0123-4``: document 4 in matter 0123) is read into ``suffix``.
Hand-written: no library knows Swedish registry formats.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from oversyn.core.errors import OversynError
from oversyn.core.process.messages import ensure_registered

ensure_registered()

_PREFIX = re.compile(
    r"^\s*(?:diarienummer|diarienr\.?|dnr\.?|dnr:|ärendenummer|ärende(?:nr)?\.?)\s*:?\s*",
    re.IGNORECASE,
)
_BODY = r"(?P<body>[A-ZÅÄÖ][A-ZÅÄÖa-zåäö]{0,11})"
_YEAR = r"(?P<year>(?:19|20)\d\d|\d\d)"
_SERIAL = r"(?P<serial>\d+)"
_SUFFIX = r"(?:\s*-\s*(?P<suffix>\d+))?"  # document number within the matter: "-4"
_FORMATS = [
    # KS 2018/14, SN 18/0098, KS/2018:144, KS 2017-515, KS 2017.515, KS2019/0123-4
    re.compile(rf"^{_BODY}\s*/?\s*{_YEAR}\s*[/:.\-]\s*{_SERIAL}{_SUFFIX}$"),
    # 18/KS 0257, 18/KS 0257-2
    re.compile(rf"^{_YEAR}\s*/\s*{_BODY}\s*[ .:\-]?\s*{_SERIAL}{_SUFFIX}$"),
    # 2018.030 UN, 2018/030 UN
    re.compile(rf"^{_YEAR}[./:\-]{_SERIAL}\s+{_BODY}$"),
    # 1.2.3-214-2010 (classification-serial-year), KS 1.2.3-214-2010
    re.compile(rf"^(?:{_BODY}\s+)?(?P<cls>\d+(?:\.\d+)+)-{_SERIAL}-{_YEAR}$"),
    # 2018/14 (no body), 2018:144, 2019/0123-4
    re.compile(rf"^{_YEAR}\s*[/:\-]\s*{_SERIAL}{_SUFFIX}$"),
]


@dataclass(frozen=True)
class CaseNumber:
    """A diarienummer: the raw text and whatever parts could be read from it."""

    raw: str
    body: str | None = None
    year: int | None = None
    serial: str | None = None  # as written, leading zeros kept ("0098")
    classification: str | None = None
    suffix: str | None = None  # document number after the serial ("4" in "KS 2019/0123-4")

    @property
    def understood(self) -> bool:
        return self.year is not None and self.serial is not None

    def as_dict(self) -> dict[str, object]:
        return {
            "raw": self.raw,
            "body": self.body,
            "year": self.year,
            "serial": self.serial,
            "classification": self.classification,
            "suffix": self.suffix,
        }


def _year(text: str) -> int:
    value = int(text)
    if len(text) == 2:
        return 2000 + value if value < 70 else 1900 + value
    return value


def parse_case_number(text: str) -> CaseNumber:
    """Read a diarienummer; raise :class:`OversynError` ``case_number_no_digits`` only when the
    text has no digit at all (then it cannot be a diarienummer).  Unknown shapes keep only
    ``raw``.
    """
    raw = text.strip()
    if not any(ch.isdigit() for ch in raw):
        raise OversynError("case_number_no_digits", text=text)
    core = " ".join(_PREFIX.sub("", raw).split())
    for pattern in _FORMATS:
        m = pattern.match(core)
        if m is None:
            continue
        parts = m.groupdict()
        return CaseNumber(
            raw=raw,
            body=parts.get("body"),
            year=_year(parts["year"]),
            serial=parts["serial"],
            classification=parts.get("cls"),
            suffix=parts.get("suffix"),
        )
    return CaseNumber(raw=raw)
