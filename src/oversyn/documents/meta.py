"""The metadata every generated document carries (Word core properties, PDF info and XMP,
the archive package's descriptions): who wrote it, its diarienummer, its date, its kind."""

from __future__ import annotations

from datetime import date

from oversyn.core.case import Case
from oversyn.core.i18n import Lang
from oversyn.documents.model import DocumentMeta


def parse_day(text: str | None) -> date | None:
    """The case's date as a date when it is one ("2021-11-19"), else None."""
    if not text:
        return None
    try:
        return date.fromisoformat(text.strip()[:10])
    except ValueError:
        return None


def case_meta(case: Case, kind: str, lang: Lang, created: date | None = None) -> DocumentMeta:
    """Core properties / PDF metadata: author = handläggare, subject = diarienummer, the
    document's own date, keywords naming the kind, the municipality and the committee."""
    info = case.case
    words = ["organisationsöversyn" if lang == "sv" else "organisational review", kind]
    words += [w for w in (info.municipality.name, info.committee) if w]
    return DocumentMeta(
        author=info.officer or "",
        subject=info.case_number or "",
        keywords=words,
        created=created or parse_day(info.date),
        committee=info.committee or "",
        kind=kind,
    )
