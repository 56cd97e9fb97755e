"""What goes into the archive: the case's documents, each with its type, date and direction.

* the beslutsunderlag (tjänsteskrivelse) as PDF/A-2a — *upprättad*, an internal memo for
  follow-up (ERMS ``internal_memo_for_follow-up``);
* every remiss answer as its own PDF/A-2a — *inkommen* to the committee that sent the remiss
  (``incoming``);
* every protokollsutdrag as PDF/A-2a — *utgående*, expedierad (``outgoing``);
* the case file (YAML), the lossless source of all of the above (``other``: ärendefil).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from oversyn.core.case import Case
from oversyn.core.i18n import DEFAULT_LANG, Lang
from oversyn.core.process.lifecycle import current_status
from oversyn.core.process.model import Status
from oversyn.documents.meta import parse_day

DIRECTIONS = {
    "tjänsteskrivelse": "internal_memo_for_follow-up",
    "remissvar": "incoming",
    "protokollsutdrag": "outgoing",
    "ärendefil": "other",
}
DIRECTION_LABELS = {
    "internal_memo_for_follow-up": "upprättad",
    "incoming": "inkommen",
    "outgoing": "utgående",
    "other": "ärendefil",
}
ERMS_STATUS = {
    Status.INITIATED: "initiated",
    Status.INVESTIGATION: "in_progress",
    Status.REMISS: "in_progress",
    Status.DECISION: "closed",
    Status.IMPLEMENTATION: "closed",
    Status.FOLLOW_UP: "closed",
}


@dataclass
class ArchiveDocument:
    """One file of the case, as the archive and the diarium describe it."""

    name: str  # file name in the package, ASCII
    kind: str  # "tjänsteskrivelse", "remissvar", "protokollsutdrag", "ärendefil"
    title: str
    day: date | None
    data: bytes
    mimetype: str
    author: str = ""  # who wrote or signed it
    party: str = ""  # the other party: the remiss answer's sender, the extract's organ
    recipients: tuple[str, ...] = ()  # expediering / kopia till

    @property
    def direction(self) -> str:
        return DIRECTIONS[self.kind]

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()

    @property
    def size(self) -> int:
        return len(self.data)


def slug(text: str) -> str:
    """An ASCII file-name part: ``"Socialnämnden"`` → ``"socialnamnden"``."""
    norm = unicodedata.normalize("NFKD", text)
    ascii_text = norm.encode("ascii", "ignore").decode("ascii").lower()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-") or "dokument"


def case_day(case: Case) -> date | None:
    """The case's own date, else the first dated step of its history."""
    day = parse_day(case.case.date)
    if day is not None:
        return day
    dated = [h.date for h in case.lifecycle.history if h.date is not None]
    return min(dated) if dated else None


def erms_status(case: Case) -> str:
    return ERMS_STATUS[current_status(case.lifecycle)]


def case_documents(case: Case, lang: Lang = DEFAULT_LANG) -> list[ArchiveDocument]:
    """Every document of ``case`` rendered for the archive (PDFs as PDF/A-2a)."""
    from oversyn.documents.build import build_document
    from oversyn.documents.process_sections import build_extract
    from oversyn.documents.remiss_answer import answers, build_remiss_answer
    from oversyn.documents.render_pdf import render_pdf
    from oversyn.io.casefile import dump_case

    out: list[ArchiveDocument] = []
    doc = build_document(case, lang=lang)
    out.append(
        ArchiveDocument(
            name="beslutsunderlag.pdf",
            kind="tjänsteskrivelse",
            title=doc.title,
            day=doc.meta.created or case_day(case),
            data=render_pdf(doc, variant="a2"),
            mimetype="application/pdf",
            author=doc.meta.author,
            party=case.case.committee or "",
        )
    )
    for remiss, party, response in answers(case):
        answer = build_remiss_answer(case, party.id, remiss.id, lang)
        out.append(
            ArchiveDocument(
                name=f"remissvar-{slug(party.id)}-{slug(remiss.id)}.pdf",
                kind="remissvar",
                title=answer.title,
                day=response.date,
                data=render_pdf(answer, variant="a2"),
                mimetype="application/pdf",
                author=", ".join(response.signed_by),
                party=party.name,
                recipients=tuple(response.copy_to),
            )
        )
    for decision in case.decisions:
        extract = build_extract(case, decision.id, lang=lang)
        out.append(
            ArchiveDocument(
                name=f"protokollsutdrag-{slug(decision.id)}.pdf",
                kind="protokollsutdrag",
                title=extract.title,
                day=decision.date,
                data=render_pdf(extract, variant="a2"),
                mimetype="application/pdf",
                party=decision.body,
                recipients=tuple(decision.distribution),
            )
        )
    out.append(
        ArchiveDocument(
            name=f"{slug(case.case.id)}.yaml",
            kind="ärendefil",
            title=("Ärendefil: " if lang == "sv" else "Case file: ") + case.case.title,
            day=case_day(case),
            data=dump_case(case).encode("utf-8"),
            mimetype="application/yaml",
            author=case.case.officer or "",
        )
    )
    return out
