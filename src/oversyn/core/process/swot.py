"""SWOT per alternative, with who wrote each item (the investigator, a consultant or a
consulted party's additions as in Enköping's "Förslag tillägg/komplement", seed 002)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from oversyn.core.i18n import DEFAULT_LANG, Lang
from oversyn.core.process.model import SWOT_LABELS, SwotCategory

if TYPE_CHECKING:
    from oversyn.core.case import Case


@dataclass(frozen=True)
class SwotEntry:
    category: SwotCategory
    text: str
    author: str | None
    addition: bool  # added by a consulted party in its answer


@dataclass
class SwotTable:
    alternative: str
    entries: list[SwotEntry] = field(default_factory=list)

    def by_category(self) -> dict[SwotCategory, list[SwotEntry]]:
        out: dict[SwotCategory, list[SwotEntry]] = {c: [] for c in SwotCategory}
        for e in self.entries:
            out[e.category].append(e)
        return out

    def authors(self) -> list[str]:
        seen: list[str] = []
        for e in self.entries:
            if e.author and e.author not in seen:
                seen.append(e.author)
        return seen

    def as_dict(self, lang: Lang = DEFAULT_LANG) -> dict[str, object]:
        return {
            "alternative": self.alternative,
            "categories": {
                cat.value: {
                    "label": category_label(cat, lang),
                    "items": [
                        {"text": e.text, "author": e.author, "addition": e.addition} for e in items
                    ],
                }
                for cat, items in self.by_category().items()
            },
        }


def category_label(category: SwotCategory, lang: Lang = DEFAULT_LANG) -> str:
    sv, en = SWOT_LABELS[category]
    return sv if lang == "sv" else en


def swot_table(case: Case, alternative: str) -> SwotTable:
    """The alternative's SWOT: its own analyses first, then the parties' additions from remiss
    answers, each attributed (the party's name for additions)."""
    table = SwotTable(alternative)
    for swot in case.swot:
        if swot.alternative != alternative:
            continue
        for item in swot.items:
            table.entries.append(
                SwotEntry(item.category, item.text, item.author or swot.author, False)
            )
    for remiss in case.remisses:
        names = {p.id: p.name for p in remiss.parties}
        for response in remiss.responses:
            for add in response.swot_additions:
                if add.alternative == alternative:
                    table.entries.append(
                        SwotEntry(
                            add.category, add.text, names.get(response.party, response.party), True
                        )
                    )
    return table
