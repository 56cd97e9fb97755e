"""A party's remiss answer as its own tjänsteskrivelse (seed 002: Socialnämndens svar till
kommunstyrelsen i Enköping 2021).

The order is the one the answer in the seed follows: the header (the party as organ, the date
of the answer, the case's diarienummer, who signs), the title "Yttrande över remiss: …",
**Förslag till beslut**, the party's stance (ställningstagande), the matter (who sent what and
by when), the answer's own text, its SWOT additions per alternative, who decided it, the
signatures and **Kopia till**.  What the answer does not say is "Att fylla i: …"; a stance
left out on purpose is said in words ("tar inte ställning"), not invented.
"""

from __future__ import annotations

from oversyn.core.case import Case
from oversyn.core.i18n import DEFAULT_LANG, Lang
from oversyn.core.process.model import Remiss, RemissParty, RemissResponse, SwotCategory
from oversyn.core.process.remiss import received_label, stance_label
from oversyn.core.process.swot import category_label
from oversyn.documents.meta import case_meta
from oversyn.documents.model import (
    Document,
    HeaderField,
    ItemList,
    Paragraph,
    Placeholder,
    Section,
    Table,
)

CATEGORY_ORDER = (
    SwotCategory.STRENGTH,
    SwotCategory.WEAKNESS,
    SwotCategory.OPPORTUNITY,
    SwotCategory.THREAT,
)


def _ph(sv: str, en: str, lang: Lang) -> Placeholder:
    return Placeholder(sv if lang == "sv" else en, lang)


def _paragraphs(text: str) -> list[Paragraph]:
    return [Paragraph([" ".join(p.split())]) for p in text.strip().split("\n\n") if p.strip()]


def find_response(
    case: Case, party: str, remiss_id: str | None = None
) -> tuple[Remiss, RemissParty, RemissResponse]:
    """The answer of ``party`` (its id) to ``remiss_id`` (default: the first remiss it answered).
    Raises ``KeyError`` naming what is missing."""
    for remiss in case.remisses:
        if remiss_id is not None and remiss.id != remiss_id:
            continue
        for response in remiss.responses:
            if response.party == party:
                named = next((p for p in remiss.parties if p.id == party), None)
                return remiss, named or RemissParty(id=party, name=party), response
    if remiss_id is not None and all(r.id != remiss_id for r in case.remisses):
        raise KeyError(f"remiss {remiss_id}")
    raise KeyError(f"svar från {party}")


def answers(case: Case) -> list[tuple[Remiss, RemissParty, RemissResponse]]:
    """Every answer in the case, as (remiss, party, response), in order."""
    out = []
    for remiss in case.remisses:
        for response in remiss.responses:
            out.append(find_response(case, response.party, remiss.id))
    return out


def build_remiss_answer(
    case: Case, party: str, remiss_id: str | None = None, lang: Lang = DEFAULT_LANG
) -> Document:
    """The answer of ``party`` to a remiss in ``case`` as a tjänsteskrivelse."""
    sv = lang == "sv"
    remiss, who, response = find_response(case, party, remiss_id)
    info = case.case
    signer = ", ".join(response.signed_by)
    header = [
        HeaderField("Organ" if sv else "Body", who.name),
        HeaderField(
            "Datum" if sv else "Date",
            response.date.isoformat() if response.date else _ph("datum", "date", lang),
        ),
        HeaderField(
            "Diarienummer" if sv else "Case number",
            info.case_number or _ph("diarienummer", "case number", lang),
        ),
        HeaderField(
            "Handläggare" if sv else "Case officer",
            signer or _ph("handläggare", "case officer", lang),
        ),
    ]
    title = ("Yttrande över remiss: " if sv else "Response to consultation: ") + remiss.title
    sections: list[Section] = []

    proposal = Section("Förslag till beslut" if sv else "Proposed decision", key="forslag")
    if response.proposal.strip():
        proposal.blocks.append(ItemList([[" ".join(response.proposal.split())]], numbered=True))
    else:
        proposal.blocks.append(_ph("förslag till beslut", "proposed decision", lang))
    sections.append(proposal)

    stance = Section("Ställningstagande" if sv else "Position", key="stallningstagande")
    label = stance_label(response.stance, lang)
    stance.blocks.append(
        Paragraph(
            [
                f"{who.name} {label}"
                + (
                    (" förslaget." if sv else " the proposal.")
                    if response.stance is not None
                    else "."
                )
            ]
        )
    )
    if remiss.alternatives:
        names = ", ".join(case.alternative_name(a, lang) for a in remiss.alternatives)
        stance.blocks.append(
            Paragraph([("Remissen gäller: " if sv else "The consultation concerns: ") + names])
        )
    sections.append(stance)

    matter = Section("Ärendet" if sv else "The matter", key="arendet")
    sent = []
    if remiss.sent_by:
        sent.append(
            f"{remiss.sent_by} har remitterat ärendet till {who.name}"
            if sv
            else f"{remiss.sent_by} has sent the matter to {who.name} for consultation"
        )
    if remiss.sent:
        sent.append(("den " if sv else "on ") + remiss.sent.isoformat())
    if remiss.deadline:
        sent.append(
            f"(sista svarsdag: {remiss.deadline.text})"
            if sv
            else f"(answers due: {remiss.deadline.text})"
        )
    if sent:
        matter.blocks.append(Paragraph([" ".join(sent) + "."]))
    if remiss.document:
        matter.blocks.append(
            Paragraph([("Remitterat underlag: " if sv else "Documents sent: ") + remiss.document])
        )
    if not matter.blocks:
        matter.blocks.append(_ph("vad som remitterats och av vem", "what was sent, by whom", lang))
    sections.append(matter)

    answer = Section("Yttrande" if sv else "Response", key="yttrande")
    answer.blocks.extend(_paragraphs(response.text) or [_ph("yttrandet", "the response", lang)])
    sections.append(answer)

    if response.swot_additions:
        swot = Section(
            "Förslag till tillägg i SWOT-analysen" if sv else "Proposed SWOT additions",
            key="swot",
        )
        by_alt: dict[str, list[list[str]]] = {}
        for category in CATEGORY_ORDER:
            for item in response.swot_additions:
                if item.category == category:
                    by_alt.setdefault(item.alternative, []).append(
                        [category_label(category, lang), " ".join(item.text.split())]
                    )
        for alt, rows in by_alt.items():
            name = case.alternative_name(alt, lang)
            swot.blocks.append(
                Table(
                    ["Kategori" if sv else "Category", "Tillägg" if sv else "Addition"],
                    [list(r) for r in rows],
                    caption=(f"Tillägg till SWOT för {name}" if sv else f"SWOT additions: {name}"),
                )
            )
        sections.append(swot)

    decided = Section("Beslut i ärendet" if sv else "Decision on the response", key="beslutat")
    decided.blocks.append(
        Paragraph([("Beslutat av: " if sv else "Decided by: ") + response.decided_by])
        if response.decided_by
        else _ph("vilket organ som beslutade yttrandet", "the body that decided it", lang)
    )
    if response.received_by is not None:  # the utredare entered it for the party
        how = received_label(response.received_by, lang)
        when = f" {response.date.isoformat()}" if response.date else ""
        by = f" ({response.entered_by})" if response.entered_by else ""
        decided.blocks.append(
            Paragraph(
                [
                    f"Svaret kom in {how}{when} och fördes in av utredaren{by}."
                    if sv
                    else f"The answer came {how}{when} and was entered by the investigator{by}."
                ],
                emphasis="italic",
            )
        )
    sections.append(decided)

    sign = Section("Underskrift" if sv else "Signature", key="underskrift")
    if response.signed_by:  # "Lotta Tronêt, förvaltningschef": name and title on one line
        sign.blocks.append(Paragraph([", ".join(response.signed_by)]))
    else:
        sign.blocks.append(_ph("underskrift", "signature", lang))
    sections.append(sign)

    copy = Section("Kopia till" if sv else "Copy to", key="kopia")
    if response.copy_to:
        copy.blocks.append(ItemList([[c] for c in response.copy_to]))
    else:
        copy.blocks.append(_ph("mottagare av kopia", "recipients of a copy", lang))
    sections.append(copy)

    meta = case_meta(case, "remissvar" if sv else "consultation response", lang, response.date)
    meta.author = response.signed_by[0] if response.signed_by else meta.author
    meta.committee = who.name
    if who.name not in meta.keywords:
        meta.keywords.append(who.name)
    return Document(
        title=title,
        header=header,
        sections=sections,
        municipality=info.municipality.name,
        lang=lang,
        toc=False,
        meta=meta,
    )
