"""The case as a municipal matter in the beslutsunderlag: remiss, SWOT, costs, the process
checklist, status and deadlines, follow-up (goals, audit, responsibilities) and the recipients
of a decision; and the protokollsutdrag (minutes extract) of a decision.

Every fact comes from :mod:`oversyn.core.process` (``review.process_report`` and its sibling
functions); this module only decides how a Swedish tjänsteskrivelse shows it.  Where the case
has no data for a part, the part is a placeholder ("Att fylla i: …"), never invented text.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from oversyn.core.case import BASELINE_ID, Case
from oversyn.core.fmt import format_number
from oversyn.core.i18n import DEFAULT_LANG, Lang, join_words
from oversyn.core.process.audit import STATUS_LABELS as AUDIT_STATUS
from oversyn.core.process.checklist import decision_for
from oversyn.core.process.costs import Range
from oversyn.core.process.decision import (
    appeal_period,
    deciding_decision,
    preparation_chain,
    stage_label,
)
from oversyn.core.process.goals import indicator_progress, indicator_series
from oversyn.core.process.lifecycle import status_label
from oversyn.core.process.markup import Run, parse_markup
from oversyn.core.process.model import (
    SECTION_PLACES,
    ChecklistStatus,
    CostBasis,
    CostKind,
    CustomSection,
    Decision,
    Indicator,
    Role,
)
from oversyn.core.process.remiss import received_label, stance_label
from oversyn.core.process.responsibility import responsibility_matrix
from oversyn.core.process.swot import category_label, swot_table
from oversyn.documents.meta import case_meta
from oversyn.documents.model import (
    Block,
    Document,
    Figure,
    HeaderField,
    Inline,
    ItemList,
    Paragraph,
    Placeholder,
    Section,
    Styled,
    Table,
)

if TYPE_CHECKING:
    from oversyn.core.process.checklist import ChecklistItem
    from oversyn.core.process.lifecycle import DeadlineView
    from oversyn.core.process.messages import Finding
    from oversyn.core.process.review import ProcessReport
    from oversyn.documents.build import Context

ORDER_CODES = (
    "order_decision_before",
    "order_not_done_before_decision",
    "order_effective_before_decision",
    "remiss_after_decision",
)

CHECK_STATUS: dict[ChecklistStatus, tuple[str, str]] = {
    ChecklistStatus.TODO: ("att\u00a0göra", "to do"),
    ChecklistStatus.IN_PROGRESS: ("pågår", "in progress"),
    ChecklistStatus.DONE: ("klar", "done"),
    ChecklistStatus.NOT_APPLICABLE: ("gäller inte", "not applicable"),
}

BASIS_LABELS: dict[CostBasis, tuple[str, str]] = {
    CostBasis.TOTAL: ("kr", "SEK"),
    CostBasis.PER_YEAR: ("kr per år", "SEK per year"),
    CostBasis.PER_MONTH: ("kr per månad", "SEK per month"),
    CostBasis.PER_PERSON_PER_YEAR: ("kr per person och år", "SEK per person and year"),
    CostBasis.PER_PERSON_PER_MONTH: ("kr per person och månad", "SEK per person and month"),
}

ROLE_LABELS: dict[Role, tuple[str, str]] = {
    Role.RESPONSIBLE: ("ansvarig", "responsible"),
    Role.CONTRIBUTES: ("medverkande", "contributes"),
    Role.INFORMED: ("informeras", "informed"),
}

DEADLINE_STATES: dict[str, tuple[str, str]] = {
    "done": ("klar", "done"),
    "overdue": ("passerad", "overdue"),
    "due_soon": ("snart", "due soon"),
    "ok": ("inom tid", "on time"),
    "unreadable": ("kan inte läsas", "unreadable"),
}


def _w(pair: tuple[str, str], lang: Lang) -> str:
    return pair[0] if lang == "sv" else pair[1]


def _ph(sv: str, en: str, lang: Lang) -> Placeholder:
    return Placeholder(sv if lang == "sv" else en, lang)


def _sentence(text: str) -> str:
    return text if text.endswith((".", "!", "?")) else text + "."


def _d(value: date | None) -> str:
    return value.isoformat() if value else "–"


def money(value: Range | float, lang: Lang) -> str:
    """``(1 800 000, 3 840 000)`` → "1 800 000–3 840 000 kr"; a point range as one amount."""
    low, high = value if isinstance(value, tuple) else (value, value)
    unit = "kr" if lang == "sv" else "SEK"
    if round(low) == round(high):
        return f"{format_number(round(low), 0, lang)}\u00a0{unit}"
    return f"{format_number(round(low), 0, lang)}–{format_number(round(high), 0, lang)}\u00a0{unit}"


def document_today(case: Case) -> date:
    """The day the document speaks of: the case's as-of date when set, else the case's date
    when it is a date, else today."""
    if case.case.as_of is not None:
        return case.case.as_of
    try:
        return date.fromisoformat((case.case.date or "").strip())
    except ValueError:
        return date.today()


def _body_name(ctx: Context, body: str) -> str:
    """A body given by id in the organisation (committee or administration) or by name."""
    org = ctx.orgs[BASELINE_ID]
    if org.committee(body) is not None:
        return org.label("committee", body)
    if org.administration(body) is not None:
        return org.label("administration", body)
    return body


# -- Ärendet: remiss ---------------------------------------------------------------------------


def remiss_section(ctx: Context, report: ProcessReport) -> Section | None:
    """Remiss: to whom, the deadline, who answered what and when, who is missing, who was late
    (``remiss.summarise_remiss``), and each answer's proposal."""
    case, lang = ctx.case, ctx.lang
    if not case.remisses:
        return None
    sv = lang == "sv"
    section = Section("Remiss" if sv else "Consultation", key="remiss")
    for remiss, summary in zip(case.remisses, report.remisses, strict=True):
        section.blocks.append(Paragraph([remiss.title], emphasis="bold"))
        facts = []
        if remiss.sent_by or remiss.sent:
            who = remiss.sent_by or ""
            when = f" {remiss.sent.isoformat()}" if remiss.sent else ""
            facts.append(
                f"Remissen skickades av {who}{when}".replace("av  ", "").strip() + "."
                if sv
                else f"Sent by {who}{when}".strip() + "."
            )
        if remiss.document:
            facts.append(
                ("Remitterat underlag: " if sv else "Documents sent: ")
                + remiss.document.rstrip(".")
                + "."
            )
        if remiss.alternatives:
            names = [ctx.name(a) for a in remiss.alternatives if a in case.alternative_ids()]
            if names:
                facts.append(
                    ("Remitterat alternativ: " if sv else "Alternatives: ")
                    + join_words(names, lang)
                    + "."
                )
        for fact in facts:
            section.blocks.append(Paragraph([fact]))
        section.blocks.append(Paragraph([" ".join(summary.sentences(lang))]))
        responses = {r.party: r for r in remiss.responses}
        rows: list[list[Inline]] = []
        late = {a.party for a in summary.late}
        for party in remiss.parties:
            response = responses.get(party.id)
            if response is None:
                if summary.sent is None:  # a draft: nobody can have answered yet
                    rows.append([party.name, "–", "–", "–"])
                    continue
                rows.append([party.name, "har inte svarat" if sv else "has not answered", "–", "–"])
                continue
            when = _d(response.date)
            if party.id in late:
                when += " (efter svarstiden)" if sv else " (late)"
            if response.received_by is not None:
                how = received_label(response.received_by, lang)
                when += f" ({how}, infört av utredaren)" if sv else f" ({how}, entered for them)"
            gist = response.proposal or (response.text.strip().split("\n\n")[0])
            gist = " ".join(gist.split())
            if response.decided_by:
                gist = f"{gist} ({response.decided_by})" if gist else response.decided_by
            rows.append([party.name, stance_label(response.stance, lang), when, gist or "–"])
        for answer in summary.answers:
            if answer.party in summary.unknown:
                rows.append(
                    [answer.party_name, stance_label(answer.stance, lang), _d(answer.date), "–"]
                )
        if rows:
            section.blocks.append(
                Table(
                    ["Remissinstans", "Ställningstagande", "Svar inkom", "Förslag i svaret"]
                    if sv
                    else ["Party", "Position", "Answered", "Proposal in the answer"],
                    rows,
                    caption="Remissvar" if sv else "Answers",
                )
            )
        additions = sum(len(r.swot_additions) for r in remiss.responses)
        if additions:
            section.blocks.append(
                Paragraph(
                    [
                        f"Remissvaren föreslår {additions} tillägg till SWOT-analysen; "
                        "de redovisas under SWOT-analys med remissinstansen angiven."
                        if sv
                        else f"The answers propose {additions} additions to the SWOT analysis, "
                        "shown under SWOT with the party named."
                    ]
                )
            )
    return section


# -- Ärendet: beredningsgång ------------------------------------------------------------------


def preparation_section(ctx: Context) -> Section | None:
    """Beredningsgång: the case's decisions in order (arbetsutskott §, nämnd §, the deciding
    body's §) — body, date, §, what it decided, the alternative and the effective date."""
    case, lang = ctx.case, ctx.lang
    if not case.decisions:
        return None
    sv = lang == "sv"
    deciding = deciding_decision(case.decisions)
    rows: list[list[Inline]] = []
    for d in preparation_chain(case.decisions):
        what = d.text or d.title or "–"
        if d.alternative is not None and d.alternative in case.alternative_ids():
            what = f"{_sentence(what) if what != '–' else ''} " + (
                f"Avser {ctx.name(d.alternative)}." if sv else f"About {ctx.name(d.alternative)}."
            )
        if d.effective is not None:
            what = f"{what.strip()} " + (
                f"Gäller från {d.effective.isoformat()}."
                if sv
                else f"Effective from {d.effective.isoformat()}."
            )
        rows.append(
            [
                d.date.isoformat(),
                _body_name(ctx, d.body),
                d.paragraph or "–",
                stage_label(d, deciding, lang),
                " ".join(what.split()),
            ]
        )
    blocks: list[Block] = [
        Table(
            ["Datum", "Organ", "Paragraf", "Steg", "Beslut"]
            if sv
            else ["Date", "Body", "Paragraph", "Step", "Decision"],
            rows,
            caption="Ärendets beredning och beslut" if sv else "Preparation and decision",
        )
    ]
    if deciding is not None:
        ref = decision_reference(deciding)
        blocks.append(
            Paragraph(
                [f"Beslutet i ärendet: {ref}." if sv else f"The decision in the matter: {ref}."]
            )
        )
    return Section("Beredningsgång" if sv else "Preparation", blocks, key="beredningsgang")


# -- own sections --------------------------------------------------------------------------------


def _markup_runs(runs: list[Run]) -> list[Inline]:
    return [Styled(r.text, r.bold, r.italic) if (r.bold or r.italic) else r.text for r in runs]


def custom_section(section: CustomSection) -> Section:
    """An own section: its heading and its text's paragraphs and bullet lists (the markup is
    read by the core; nothing in it becomes HTML)."""
    blocks: list[Block] = []
    for block in parse_markup(section.text):
        if block.kind == "paragraph":
            blocks.append(Paragraph(_markup_runs(block.runs)))
        else:
            blocks.append(ItemList([_markup_runs(item) for item in block.items]))
    return Section(section.heading, blocks, key=f"eget-{section.id}")


def place_custom_sections(case: Case, sections: list[Section]) -> list[Section]:
    """``sections`` with the case's own sections after the customary section each names
    (same place: by ``order``, then file order).  A place the document lacks this time (no
    SWOT, no risks) puts the section after the nearest earlier place that is there."""
    if not case.sections:
        return sections
    places = list(SECTION_PLACES)
    present = [s.key for s in sections]
    by_key: dict[str, list[CustomSection]] = {}
    for own in sorted(case.sections, key=lambda c: c.order):
        key = own.after
        index = places.index(key)
        while key not in present and index > 0:
            index -= 1
            key = places[index]
        if key not in present:
            key = present[0]
        by_key.setdefault(key, []).append(own)
    out: list[Section] = []
    for s in sections:
        out.append(s)
        out.extend(custom_section(c) for c in by_key.get(s.key, []))
    return out


# -- SWOT --------------------------------------------------------------------------------------


def swot_section(ctx: Context) -> Section | None:
    """SWOT per alternative: the case's own analyses and the parties' additions from their
    remiss answers, each item with its author (``swot.swot_table``).  ``None`` when the case
    has no SWOT at all (the section is only there where the case has one)."""
    lang = ctx.lang
    sv = lang == "sv"
    subsections: list[Section] = []
    for alt_id in ctx.case.alternative_ids():
        table = swot_table(ctx.case, alt_id)
        if not table.entries:
            continue
        sub = Section(ctx.heading(alt_id), key=f"swot-{alt_id}")
        own = [e.author for e in table.entries if not e.addition and e.author]
        added = [e.author for e in table.entries if e.addition and e.author]
        parts = []
        if own:
            parts.append(
                ("Analysen är gjord av " if sv else "Analysis by ")
                + join_words(list(dict.fromkeys(own)), lang)
            )
        if added:
            parts.append(
                ("med tillägg i remissvar från " if sv else "with additions in answers from ")
                + join_words(list(dict.fromkeys(added)), lang)
            )
        if parts:
            sub.blocks.append(Paragraph([", ".join(parts) + "."]))
        rows: list[list[Inline]] = []
        for category, entries in table.by_category().items():
            for i, e in enumerate(entries):
                author = e.author or "–"
                if e.addition:
                    author += " (tillägg i remissvar)" if sv else " (addition in answer)"
                rows.append([category_label(category, lang) if i == 0 else "", e.text, author])
        sub.blocks.append(
            Table(
                ["", "Punkt" if sv else "Item", "Av" if sv else "By"],
                rows,
                caption=f"SWOT, {ctx.heading(alt_id)}",
            )
        )
        subsections.append(sub)
    if not subsections:
        return None
    return Section("SWOT-analys" if sv else "SWOT analysis", subsections=subsections, key="swot")


# -- Ekonomiska konsekvenser ---------------------------------------------------------------------


def economy_blocks(ctx: Context, report: ProcessReport) -> list[Block]:
    """Yearly totals with ranges per alternative, and the cost lines they come from."""
    lang, case = ctx.lang, ctx.case
    sv = lang == "sv"
    comparison = report.costs
    if not comparison.rows:
        return []
    years = comparison.years
    has_one_off = any(r.one_off != (0.0, 0.0) for r in comparison.rows)
    header = ["Alternativ" if sv else "Alternative", *[str(y) for y in years]]
    if has_one_off:
        header.append("Engångskostnad" if sv else "One-off")
    if len(years) > 1 or has_one_off:
        span = f"{years[0]}–{years[-1]}" if len(years) > 1 else (str(years[0]) if years else "")
        header.append(f"Summa {span}".strip() if sv else f"Total {span}".strip())
    rows: list[list[Inline]] = []
    for row in comparison.rows:
        cells: list[Inline] = [ctx.heading(row.alternative)]
        cells += [money(row.per_year[y], lang) if y in row.per_year else "–" for y in years]
        if has_one_off:
            cells.append(money(row.one_off, lang))
        if len(header) > len(cells):
            cells.append(money(row.total, lang))
        rows.append(cells)
    missing = [
        ctx.heading(a)
        for a in case.alternative_ids()
        if comparison.row(a) is None and a != BASELINE_ID
    ]
    notes = []
    if missing:
        notes.append(
            ("Utan kostnadsuppgifter i ärendet: " if sv else "No cost data in the case: ")
            + join_words(missing, lang)
            + "."
        )
    if any(
        r.per_year and r.per_year[min(r.per_year)][0] != r.per_year[min(r.per_year)][1]
        for r in comparison.rows
    ):
        notes.append(
            "Belopp med bindestreck är spann (lägsta–högsta)."
            if sv
            else "Amounts with a dash are ranges (lowest–highest)."
        )
    blocks: list[Block] = [
        Paragraph(
            [
                "Kostnaderna per år och alternativ, beräknade från ärendets kostnadsposter:"
                if sv
                else "Costs per year and alternative, from the case's cost lines:"
            ]
        ),
        Table(
            header,
            rows,
            caption="Kostnader per år och alternativ" if sv else "Costs per year and alternative",
            align="l" + "r" * (len(header) - 1),
            notes=notes,
        ),
    ]
    line_rows: list[list[Inline]] = []
    for line in case.costs:
        amount = money((line.low, line.high if line.high is not None else line.low), lang)
        basis = _w(BASIS_LABELS[line.basis], lang)
        amount = amount.replace("\u00a0kr", "").replace("\u00a0SEK", "") + f" {basis}"
        if line.kind == CostKind.ONE_OFF:
            amount += " (engångs)" if sv else " (one-off)"
        if line.volumes:
            when = "; ".join(
                f"{y}: {format_number(v, 1, lang)} {'pers.' if sv else 'persons'}"
                for y, v in sorted(line.volumes.items())
            )
        elif line.years:
            when = ", ".join(str(y) for y in line.years)
        else:
            when = "alla år" if sv else "all years"
        source = line.source or "–"
        if line.estimated:
            source += " (uppskattning)" if sv else " (estimate)"
        short = ctx.heading(line.alternative).split(":")[0].replace(" ", "\u00a0")  # names above
        line_rows.append([line.label, short, amount, when, source])
    blocks.append(
        Table(
            [
                "Kostnadspost" if sv else "Cost line",
                "Alternativ" if sv else "Alternative",
                "Belopp" if sv else "Amount",
                "År / volym" if sv else "Years / volume",
                "Källa" if sv else "Source",
            ],
            line_rows,
            caption="Kostnadsposter" if sv else "Cost lines",
        )
    )
    return blocks


# -- Konsekvenser: the process checklist ---------------------------------------------------------


def proposed_checklist(ctx: Context, report: ProcessReport) -> list[ChecklistItem]:
    if ctx.proposed is None:
        return []
    return report.checklists.get(ctx.proposed, [])


def order_warnings(ctx: Context, report: ProcessReport) -> list[Finding]:
    prefix = f"{ctx.proposed}:"
    return [
        f for f in report.findings if f.code in ORDER_CODES and (f.subject or "").startswith(prefix)
    ]


def item_sentence(item: ChecklistItem, lang: Lang) -> str:
    """ "MBL-förhandling enligt 11 §: klar 2018-02-10." with the note and the responsible."""
    text = f"{item.title(lang)}: {_w(CHECK_STATUS[item.status], lang)}"
    if item.date:
        text += f" {item.date.isoformat()}"
    if item.responsible:
        text += (" (ansvarig: " if lang == "sv" else " (responsible: ") + item.responsible + ")"
    text += "."
    if item.note:
        text += " " + item.note.strip()
    return text


def checklist_section(ctx: Context, report: ProcessReport) -> Section:
    """The process checklist for the proposed alternative with status and dates, and the
    order warnings (decision before the MBL negotiation or risk assessment …)."""
    lang = ctx.lang
    sv = lang == "sv"
    section = Section("Processens checklista" if sv else "Process checklist", key="checklista")
    if ctx.proposed is None:
        section.blocks.append(
            _ph(
                "checklista för det alternativ som föreslås (välj alternativ)",
                "checklist for the proposed alternative (choose an alternative)",
                lang,
            )
        )
        return section
    items = proposed_checklist(ctx, report)
    applying = [i for i in items if i.applies or i.status != ChecklistStatus.NOT_APPLICABLE]
    if not applying:
        section.blocks.append(
            Paragraph(
                [
                    "Förslaget ändrar inte organisationen; checklistans punkter gäller inte."
                    if sv
                    else "The proposal does not change the organisation; no checklist item applies."
                ]
            )
        )
        return section
    section.blocks.append(
        Paragraph(
            [
                f"Det här behöver göras för {ctx.heading(ctx.proposed)} utöver själva beslutet; "
                "status och datum som de är registrerade i ärendet."
                if sv
                else f"What {ctx.heading(ctx.proposed)} needs besides the decision itself; "
                "status and dates as recorded in the case."
            ]
        )
    )
    rows: list[list[Inline]] = []
    for item in applying:
        why = item.reason(lang)
        if item.note:
            why += " " + item.note.strip()
        rows.append(
            [
                item.title(lang),
                _w(CHECK_STATUS[item.status], lang),
                _d(item.date),
                f"{why} {item.ground(lang)}",
            ]
        )
    section.blocks.append(
        Table(
            [
                "Punkt" if sv else "Item",
                "Status",
                "Datum" if sv else "Date",
                "Varför" if sv else "Why",
            ],
            rows,
            caption=("Checklista, " if sv else "Checklist, ") + ctx.heading(ctx.proposed),
        )
    )
    rest = [i.title(lang) for i in items if i not in applying]
    if rest:
        section.blocks.append(
            Paragraph(
                [("Gäller inte förslaget: " if sv else "Not applicable: ") + "; ".join(rest) + "."]
            )
        )
    warnings = order_warnings(ctx, report)
    if warnings:
        section.blocks.append(
            Paragraph(["Varningar om ordningen:" if sv else "Order warnings:"], emphasis="bold")
        )
        word = {
            "error": "Fel" if sv else "Error",
            "warning": "Varning" if sv else "Warning",
            "info": "Obs" if sv else "Note",
        }
        section.blocks.append(
            ItemList(
                [[f"{word.get(f.level, f.level)}: {_sentence(f.text(lang))}"] for f in warnings]
            )
        )
    return section


def checklist_item(ctx: Context, report: ProcessReport, code: str) -> ChecklistItem | None:
    return next((i for i in proposed_checklist(ctx, report) if i.code == code), None)


def recorded(item: ChecklistItem | None) -> bool:
    """The user has recorded something for the item (status, date or note)."""
    return item is not None and (
        item.status not in (ChecklistStatus.TODO, ChecklistStatus.NOT_APPLICABLE)
        or item.date is not None
        or bool(item.note)
    )


# -- Genomförande och tidplan --------------------------------------------------------------------


def effective_date(ctx: Context, report: ProcessReport) -> tuple[date | None, str]:
    """The effective date: the decision's, else the checklist's; with where it comes from."""
    decision = proposed_decision(ctx)
    if decision is not None and decision.effective is not None:
        where = f"{decision.body} {decision.date.isoformat()}"
        if decision.paragraph:
            where += f" {decision.paragraph}"
        return decision.effective, where
    item = checklist_item(ctx, report, "effective_date")
    if item is not None and item.date is not None:
        return item.date, "checklistan" if ctx.lang == "sv" else "the checklist"
    return None, ""


def _deadline_label(ctx: Context, view: DeadlineView) -> str:
    """The deadline's label; an answer to the auditors names the recommendation by its
    number in the document ("Rekommendation 2") instead of its id."""
    parts = view.id.split(":")
    if parts[0] == "audit" and len(parts) == 2:
        ids = [r.id for r in ctx.case.audit_recommendations]
        if parts[1] in ids:
            n = ids.index(parts[1]) + 1
            return (
                f"Svar till revisionen: rekommendation {n}"
                if ctx.lang == "sv"
                else f"Answer to the auditors: recommendation {n}"
            )
    return view.label(ctx.lang)


def implementation_section(ctx: Context, report: ProcessReport) -> Section:
    """Status history, the case's deadlines as date ranges, and the effective date."""
    lang, case = ctx.lang, ctx.case
    sv = lang == "sv"
    section = Section(
        "Genomförande och tidplan" if sv else "Implementation and timetable", key="genomforande"
    )
    history = case.lifecycle.history
    eff, where = effective_date(ctx, report)
    if not history and not report.deadlines and eff is None:
        section.blocks.append(
            _ph(
                "genomförande och tidplan (ärendets gång, tidsfrister, ikraftträdande)",
                "implementation and timetable (case history, deadlines, effective date)",
                lang,
            )
        )
        return section
    if history:
        section.blocks.append(
            Paragraph(
                [
                    f"Ärendet är i skedet {status_label(report.status, lang)} "
                    f"({report.today.isoformat()})."
                    if sv
                    else f"The case is at the stage {status_label(report.status, lang)} "
                    f"({report.today.isoformat()})."
                ]
            )
        )
    history = case.lifecycle.history
    if history:
        rows: list[list[Inline]] = [
            [status_label(h.status, lang), _d(h.date), h.by or "–", h.note or "–"] for h in history
        ]
        section.subsections.append(
            Section(
                "Ärendets gång" if sv else "Case history",
                [
                    Table(
                        [
                            "Skede" if sv else "Stage",
                            "Datum" if sv else "Date",
                            "Av" if sv else "By",
                            "Anmärkning" if sv else "Note",
                        ],
                        rows,
                    )
                ],
                key="arendets-gang",
            )
        )
    if report.deadlines:
        rows = []
        for v in report.deadlines:
            period = (
                (
                    v.period.start.isoformat()
                    if v.period.start == v.period.end
                    else f"{v.period.start.isoformat()} – {v.period.end.isoformat()}"
                )
                if v.period
                else "–"
            )
            state = _w(DEADLINE_STATES.get(v.state, (v.state, v.state)), lang)
            if v.state == "done" and v.done:
                state += f" {v.done.isoformat()}"
            elif v.state in ("overdue", "due_soon", "ok") and v.days is not None:
                days = abs(v.days)
                state += (
                    f" ({days} dagar {'sedan' if v.days < 0 else 'kvar'})"
                    if sv
                    else f" ({days} days {'ago' if v.days < 0 else 'left'})"
                )
            rows.append([_deadline_label(ctx, v), v.text, period, state])
        section.subsections.append(
            Section(
                "Tidsfrister" if sv else "Deadlines",
                [
                    Table(
                        [
                            "Tidsfrist" if sv else "Deadline",
                            "Som det står" if sv else "As written",
                            "Period",
                            "Läge" if sv else "State",
                        ],
                        rows,
                        caption=(
                            f"Läget den {report.today.isoformat()}"
                            if sv
                            else f"As of {report.today.isoformat()}"
                        ),
                    )
                ],
                key="tidsfrister",
            )
        )
    effective = Section("Ikraftträdande" if sv else "Effective date", key="ikrafttradande")
    if eff is not None:
        effective.blocks.append(
            Paragraph(
                [
                    f"Förändringen gäller från och med {eff.isoformat()} ({where})."
                    if sv
                    else f"The change takes effect on {eff.isoformat()} ({where})."
                ]
            )
        )
    else:
        effective.blocks.append(_ph("datum då förändringen träder i kraft", "effective date", lang))
    section.subsections.append(effective)
    section.subsections.append(
        Section(
            "Tidplan" if sv else "Timetable",
            [
                _ph(
                    "tidplan för genomförandet (aktiviteter, ansvariga, datum)",
                    "implementation plan (activities, owners, dates)",
                    lang,
                )
            ],
            key="tidplan",
        )
    )
    return section


# -- Uppföljning ---------------------------------------------------------------------------------


def indicator_figure(indicator: Indicator, lang: Lang) -> Figure | None:
    """A small time series of the indicator (values labelled, baseline and target as dashed
    and dotted lines with text labels, so nothing depends on colour)."""
    from oversyn.documents.plots import _png, new_figure

    series = [(p, v) for p, v in indicator_series(indicator) if v is not None]
    if not series:
        return None
    sv = lang == "sv"
    fig = new_figure(12 / 2.54, 5.5 / 2.54)
    ax = fig.add_subplot()
    xs = list(range(len(series)))
    ys = [v for _, v in series]
    ax.plot(xs, ys, color="#1b1b1b", marker="o", linewidth=1.4)
    for x, y in zip(xs, ys, strict=True):
        ax.annotate(
            format_number(y, 1, lang),
            (x, y),
            textcoords="offset points",
            xytext=(0, 6),
            ha="center",
            fontsize=8,
        )
    ax.set_xticks(xs, [p for p, _ in series])
    for ref, style, word in (
        (indicator.baseline, "--", "utgångsvärde" if sv else "baseline"),
        (indicator.target, ":", "mål" if sv else "target"),
    ):
        if ref is not None and ref.value is not None:
            ax.axhline(ref.value, color="#5a5a5a", linestyle=style, linewidth=1)
            ax.text(
                0.99,
                ref.value,
                f"{word} {format_number(ref.value, 1, lang)}",
                transform=ax.get_yaxis_transform(),
                ha="right",
                va="bottom",
                fontsize=7.5,
                color="#333333",
            )
    ax.set_ylabel(indicator.unit or "")
    ax.spines[["top", "right"]].set_visible(False)
    ax.margins(x=0.15, y=0.25)
    fig.tight_layout()
    values = "; ".join(f"{p}: {format_number(v, 1, lang)}" for p, v in series)
    extra = []
    if indicator.baseline and indicator.baseline.value is not None:
        extra.append(
            f"{'utgångsvärde' if sv else 'baseline'} "
            f"{format_number(indicator.baseline.value, 1, lang)}"
        )
    if indicator.target and indicator.target.value is not None:
        extra.append(
            f"{'mål' if sv else 'target'} {format_number(indicator.target.value, 1, lang)}"
        )
    alt = f"{indicator.name}{' (' + indicator.unit + ')' if indicator.unit else ''}: {values}"
    if extra:
        alt += "; " + ", ".join(extra)
    return Figure(
        _png(fig, lang),
        alt + ".",
        f"{indicator.name} över tid" if sv else f"{indicator.name} over time",
        width_cm=12.0,
    )


def _value_text(value: float | None, period: str | None, unit: str, lang: Lang) -> str:
    if value is None:
        return "–"
    text = format_number(value, 1, lang) + (f" {unit}" if unit else "")
    return f"{text} ({period})" if period else text


def goals_section(ctx: Context) -> Section | None:
    lang, case = ctx.lang, ctx.case
    if not case.goals:
        return None
    sv = lang == "sv"
    section = Section("Mål och indikatorer" if sv else "Goals and indicators", key="mal")
    section.blocks.append(
        ItemList(
            [
                [
                    g.text
                    + (f" ({g.source})" if g.source else "")
                    + (f". {g.note}" if g.note else "")
                ]
                for g in case.goals
            ]
        )
    )
    rows: list[list[Inline]] = []
    figures: list[Block] = []
    for goal in case.goals:
        for ind in goal.indicators:
            progress = indicator_progress(ind)
            base = ind.baseline
            target = ind.target
            series = [(p, v) for p, v in indicator_series(ind) if v is not None]
            over_time = "; ".join(f"{p}: {format_number(v, 1, lang)}" for p, v in series) or "–"
            share = (
                f" ({format_number(round(progress.share_of_way * 100), 0, lang)} % av vägen)"
                if sv and progress.share_of_way is not None
                else f" ({round(progress.share_of_way * 100)} % of the way)"
                if progress.share_of_way is not None
                else ""
            )
            rows.append(
                [
                    ind.name,
                    goal.text,
                    _value_text(
                        base.value if base else None, base.period if base else None, ind.unit, lang
                    ),
                    _value_text(
                        target.value if target else None,
                        target.period if target else None,
                        ind.unit,
                        lang,
                    ),
                    over_time + share,
                    ind.source or (f"Kolada {ind.kolada_kpi}" if ind.kolada_kpi else "–"),
                ]
            )
            figure = indicator_figure(ind, lang)
            if figure is not None:
                figures.append(figure)
    if rows:
        section.blocks.append(
            Table(
                [
                    "Indikator" if sv else "Indicator",
                    "Mål" if sv else "Goal",
                    "Utgångsvärde" if sv else "Baseline",
                    "Målvärde" if sv else "Target",
                    "Värden över tid" if sv else "Values over time",
                    "Källa" if sv else "Source",
                ],
                rows,
                caption="Indikatorer" if sv else "Indicators",
            )
        )
        section.blocks.extend(figures)
    else:
        section.blocks.append(
            _ph(
                "indikatorer med utgångsvärde och målvärde för målen",
                "indicators with baseline and target for the goals",
                lang,
            )
        )
    return section


def audit_section(ctx: Context) -> Section | None:
    lang, case = ctx.lang, ctx.case
    recs = case.audit_recommendations
    if not recs:
        return None
    sv = lang == "sv"
    section = Section(
        "Revisionens rekommendationer" if sv else "Audit recommendations", key="revision"
    )
    reports = list(dict.fromkeys(r.report for r in recs if r.report))
    auditors = list(dict.fromkeys(r.auditor for r in recs if r.auditor))
    if reports or auditors:
        section.blocks.append(
            Paragraph([("Granskning: " if sv else "Audit: ") + "; ".join(reports + auditors) + "."])
        )
    for n, rec in enumerate(recs, 1):
        section.blocks.append(
            Paragraph(
                [f"{'Rekommendation' if sv else 'Recommendation'} {n}: {rec.text}"],
                emphasis="bold",
            )
        )
        facts = []
        if rec.addressed_to:
            facts.append(
                ("Riktad till " if sv else "Addressed to ")
                + join_words([_body_name(ctx, b) for b in rec.addressed_to], lang)
            )
        if rec.answer_due is not None:
            facts.append(
                ("svar senast " if sv else "answer due ")
                + rec.answer_due.text.removeprefix("senast den ").removeprefix("senast ")
            )
        facts.append("status: " + _w(AUDIT_STATUS[rec.status], lang))
        line = "; ".join(facts)
        section.blocks.append(Paragraph([line[:1].upper() + line[1:] + "."]))
        if rec.response.strip():
            response = " ".join(rec.response.split())
            when = f" ({rec.responded.isoformat()})" if rec.responded else ""
            section.blocks.append(
                Paragraph([("Svar" if sv else "Response") + f"{when}: {response}"])
            )
        else:
            section.blocks.append(Paragraph([_ph("nämndens svar", "the body's response", lang)]))
        if rec.actions:
            items: list[list[Inline]] = []
            for action in rec.actions:
                parts = [action.text]
                if action.owner:
                    parts.append(("ansvarig: " if sv else "owner: ") + action.owner)
                if action.due is not None:
                    parts.append(("senast " if sv else "due ") + action.due.text)
                if action.done is not None:
                    parts.append(("klar " if sv else "done ") + action.done.isoformat())
                items.append(
                    [
                        " – ".join(parts[:1])
                        + (" (" + "; ".join(parts[1:]) + ")" if parts[1:] else "")
                    ]
                )
            section.blocks.append(Paragraph(["Åtgärder:" if sv else "Actions:"]))
            section.blocks.append(ItemList(items))
    return section


def responsibility_section(ctx: Context, report: ProcessReport) -> Section | None:
    lang, case = ctx.lang, ctx.case
    if not case.responsibilities:
        return None
    sv = lang == "sv"
    matrix = responsibility_matrix(case.responsibilities)
    section = Section("Ansvarsfördelning" if sv else "Responsibilities", key="ansvar")
    rows: list[list[Inline]] = []
    for area in matrix.areas:
        cells: list[Inline] = [matrix.area_names[area]]
        for body in matrix.bodies:
            role = matrix.role(area, body)
            cells.append(_w(ROLE_LABELS[role], lang) if role else "–")
        rows.append(cells)
    section.blocks.append(
        Table(
            ["Område" if sv else "Area", *[_body_name(ctx, b) for b in matrix.bodies]],
            rows,
            caption="Ansvarsmatris" if sv else "Responsibility matrix",
            align="l" + "c" * len(matrix.bodies),
        )
    )
    flags = [f for f in report.findings if f.code.startswith("responsibility_")]
    if flags:
        section.blocks.append(
            Paragraph(
                ["Att åtgärda i ansvarsfördelningen:" if sv else "To resolve:"], emphasis="bold"
            )
        )
        section.blocks.append(ItemList([[_sentence(f.text(lang))] for f in flags]))
    return section


def follow_up_section(ctx: Context, report: ProcessReport) -> Section:
    lang = ctx.lang
    sv = lang == "sv"
    section = Section("Uppföljning" if sv else "Follow-up", key="uppfoljning")
    parts = [goals_section(ctx), audit_section(ctx), responsibility_section(ctx, report)]
    section.subsections.extend(p for p in parts if p is not None)
    if not section.subsections:
        section.blocks.append(
            _ph(
                "hur och när beslutet följs upp (mål, indikatorer, tidpunkter)",
                "how and when the decision is followed up (goals, indicators, dates)",
                lang,
            )
        )
    elif not ctx.case.goals:
        section.blocks.append(
            _ph("mål och indikatorer för uppföljningen", "goals and indicators to follow up", lang)
        )
    return section


# -- Beslutet skickas till -----------------------------------------------------------------------


def proposed_decision(ctx: Context) -> Decision | None:
    """The case's decision about the proposed alternative (or about the case as a whole): the
    deciding decision of the preparation chain when it is about the proposal, else the first
    decision about it."""
    deciding = deciding_decision(ctx.case.decisions)
    if deciding is not None and deciding.alternative == ctx.proposed:
        return deciding
    for d in ctx.case.decisions:
        if d.alternative == ctx.proposed or (d.alternative is None and ctx.proposed is not None):
            return d
    return None


def decision_reference(decision: Decision) -> str:
    ref = f"{decision.body} {decision.date.isoformat()}"
    if decision.paragraph:
        ref += f", {decision.paragraph}"
    return ref


# -- Protokollsutdrag ----------------------------------------------------------------------------


def choose_decision(case: Case, decision_id: str | None, alternative: str | None) -> Decision:
    """The decision to extract: by id, else the one about ``alternative``, else the first.
    Raises ``KeyError`` when there is none."""
    if decision_id is not None:
        for d in case.decisions:
            if d.id == decision_id:
                return d
        raise KeyError(decision_id)
    found = decision_for(case, alternative)
    if found is None:
        raise KeyError("decision")
    return found


def build_extract(
    case: Case,
    decision_id: str | None = None,
    alternative: str | None = None,
    lang: Lang = DEFAULT_LANG,
) -> Document:
    """The protokollsutdrag of one decision: § number, body, date, the decision text,
    justering, anslag with the computed last day for appeal (KL 13 kap. 5 §), expediering.
    Missing parts (justering, anslag) are placeholders."""
    sv = lang == "sv"
    d = choose_decision(case, decision_id, alternative)
    header = [
        HeaderField("Organ" if sv else "Body", d.body),
        HeaderField("Sammanträdesdatum" if sv else "Meeting date", d.date.isoformat()),
        HeaderField(
            "Paragraf" if sv else "Paragraph", d.paragraph or _ph("paragraf", "paragraph", lang)
        ),
        HeaderField(
            "Diarienummer" if sv else "Case number",
            d.case_number or case.case.case_number or _ph("diarienummer", "case number", lang),
        ),
    ]
    matter = d.title or case.case.title
    title = f"{d.paragraph} {matter}".strip() if d.paragraph else matter
    sections: list[Section] = []
    decision = Section("Beslut" if sv else "Decision", key="beslut")
    if d.text.strip():
        decision.blocks.extend(
            Paragraph([" ".join(p.split())]) for p in d.text.strip().split("\n\n") if p.strip()
        )
    else:
        decision.blocks.append(
            _ph("beslutet som det står i protokollet", "the decision text", lang)
        )
    if d.effective:
        decision.blocks.append(
            Paragraph(
                [
                    f"Beslutet gäller från och med {d.effective.isoformat()}."
                    if sv
                    else f"The decision takes effect on {d.effective.isoformat()}."
                ]
            )
        )
    if d.note:
        decision.blocks.append(Paragraph([" ".join(d.note.split())], emphasis="italic"))
    sections.append(decision)
    attest = Section("Justering" if sv else "Attestation", key="justering")
    att = d.attestation
    if att is not None and (att.date or att.by):
        if att.date:
            attest.blocks.append(
                Paragraph(
                    [
                        ("Protokollet justerades " if sv else "Attested on ")
                        + att.date.isoformat()
                        + "."
                    ]
                )
            )
        if att.by:
            attest.blocks.append(
                Paragraph(
                    [("Justerare: " if sv else "Attested by: ") + join_words(att.by, lang) + "."]
                )
            )
    else:
        attest.blocks.append(
            _ph("justeringsdatum och justerare", "date and persons attesting", lang)
        )
    sections.append(attest)
    notice = Section("Anslag och överklagande" if sv else "Notice and appeal", key="anslag")
    period = appeal_period(d)
    if period is not None:
        notice.blocks.append(
            Table(
                ["Uppgift", "Datum"] if sv else ["Item", "Date"],
                [
                    [
                        "Anslaget sattes upp" if sv else "Notice posted",
                        period.notice_posted.isoformat(),
                    ],
                    [
                        "Sista dag för överklagande" if sv else "Last day for appeal",
                        period.last_day.isoformat(),
                    ],
                ],
                caption="Anslag" if sv else "Notice",
            )
        )
        notice.blocks.append(
            Paragraph(
                [
                    period.text(lang)
                    + (
                        " Tre veckor från anslaget (kommunallagen 13 kap. 5 §); infaller "
                        "sista dagen på en lördag, söndag eller helgdag flyttas den "
                        "till nästa vardag."
                        if sv
                        else " Three weeks from the notice (Local Government Act 13:5), "
                        "moved to the next working day when it falls on a weekend or holiday."
                    )
                ]
            )
        )
    else:
        notice.blocks.append(
            _ph(
                "datum då anslaget om justering sattes upp (sista dag för överklagande räknas "
                "fram: tre veckor från anslaget)",
                "date the notice was posted (the last day for appeal is three weeks later)",
                lang,
            )
        )
    sections.append(notice)
    dist = Section("Expedieras till" if sv else "Distribution", key="expediering")
    if d.distribution:
        dist.blocks.append(ItemList([[n] for n in d.distribution]))
    else:
        dist.blocks.append(_ph("mottagare av utdraget", "recipients", lang))
    sections.append(dist)
    certify = Section("Utdragsbestyrkande" if sv else "Certified extract", key="bestyrkande")
    certify.blocks.append(_ph("underskrift (utdragsbestyrkande)", "signature", lang))
    sections.append(certify)
    meta = case_meta(case, "protokollsutdrag" if sv else "extract from the minutes", lang, d.date)
    meta.committee = d.body
    meta.subject = d.case_number or meta.subject
    if d.paragraph:
        meta.keywords.append(d.paragraph)
    return Document(
        title=("Protokollsutdrag: " if sv else "Extract from the minutes: ") + title,
        header=header,
        sections=sections,
        municipality=case.case.municipality.name,
        lang=lang,
        toc=False,
        meta=meta,
    )
