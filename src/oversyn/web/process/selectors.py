"""Reads for the process pages: status and deadlines, SWOT, costs, decisions, checklist, and
the prompts on the case overview.

Everything computed here comes from the core (:mod:`oversyn.core.process`); these functions
only pick what a page shows, put it in the user's language and attach the version tokens the
edit forms carry.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils.translation import gettext as _

from oversyn.core.case import BASELINE_ID, Case
from oversyn.core.errors import AlternativeError
from oversyn.core.fmt import format_number
from oversyn.core.i18n import Lang
from oversyn.core.process.checklist import (
    BEFORE_DECISION,
    ChecklistItem,
    generate_checklist,
    order_findings,
)
from oversyn.core.process.costs import compare_costs, horizon, line_one_off, line_per_year
from oversyn.core.process.decision import (
    appeal_period,
    chain_findings,
    deciding_decision,
    decision_findings,
    extract_lines,
    preparation_chain,
    stage_label,
)
from oversyn.core.process.lifecycle import (
    case_deadlines,
    current_status,
    deadline_findings,
    history_findings,
    status_label,
)
from oversyn.core.process.messages import Finding
from oversyn.core.process.model import (
    STATUS_ORDER,
    ChecklistStatus,
    CostBasis,
    CostKind,
    SwotCategory,
)
from oversyn.core.process.swot import category_label, swot_table
from oversyn.documents.process_sections import money
from oversyn.web.platform.shared import token
from oversyn.web.process.actions import checklist_token


def _state_labels() -> dict[str, str]:
    return {
        "done": _("klar"),
        "overdue": _("försenad"),
        "due_soon": _("snart"),
        "ok": _("i tid"),
        "unreadable": _("kan inte läsas"),
    }


def days_text(state: str, days: int | None) -> str:
    """'för 3 dagar sedan' / 'om 5 dagar' for a deadline that is overdue or due soon."""
    if days is None or state not in ("overdue", "due_soon"):
        return ""
    # one string per form (Swedish and English share the plural rule n != 1)
    if days < 0:
        return _("1 dag sedan") if days == -1 else _("%(n)d dagar sedan") % {"n": -days}
    return _("om 1 dag") if days == 1 else _("om %(n)d dagar") % {"n": days}


# The words of a cost line's kind and basis and of a checklist status, in the order the forms
# offer them (the forms' choices are these).


def kind_labels() -> dict[str, str]:
    return {CostKind.YEARLY.value: _("årlig kostnad"), CostKind.ONE_OFF.value: _("engångskostnad")}


def basis_labels() -> dict[str, str]:
    return {
        CostBasis.PER_YEAR.value: _("per år"),
        CostBasis.PER_MONTH.value: _("per månad"),
        CostBasis.PER_PERSON_PER_YEAR.value: _("per person och år"),
        CostBasis.PER_PERSON_PER_MONTH.value: _("per person och månad"),
        CostBasis.TOTAL.value: _("totalt"),
    }


def checklist_status_labels() -> dict[str, str]:
    return {
        ChecklistStatus.TODO.value: _("att göra"),
        ChecklistStatus.IN_PROGRESS.value: _("pågår"),
        ChecklistStatus.DONE.value: _("klart"),
        ChecklistStatus.NOT_APPLICABLE.value: _("ej aktuellt"),
    }


@dataclass(frozen=True)
class Message:
    """A core finding in the user's language, with the object it is about."""

    level: str
    text: str
    subject: str | None


def _messages(findings: list[Finding], lang: Lang) -> list[Message]:
    return [Message(f.level, f.text(lang), f.subject) for f in findings]


def alternative_choices(case: Case, lang: Lang, baseline: bool = True) -> list[tuple[str, str]]:
    ids = case.alternative_ids() if baseline else [a.id for a in case.alternatives]
    return [(a, case.alternative_name(a, lang)) for a in ids]


# -- status and deadlines ----------------------------------------------------------------------


def status_page(case: Case, today: date, lang: Lang) -> dict[str, Any]:
    life = case.lifecycle
    status = current_status(life, today)
    reached = STATUS_ORDER.index(status)
    views = case_deadlines(case, today)
    findings = _messages(deadline_findings(views), lang)
    by_subject = {m.subject: m for m in findings}
    own = {d.id: d for d in life.deadlines}
    states = _state_labels()
    deadlines = []
    for v in views:
        item = own.get(v.id)
        deadlines.append(
            {
                "id": v.id,
                "label": v.label(lang),
                "text": v.text,
                "start": v.period.start if v.period else None,
                "end": v.period.end if v.period else None,
                "state": v.state,
                "state_label": states[v.state],
                "days": v.days,
                "days_text": days_text(v.state, v.days),
                "done": v.done,
                "message": by_subject.get(v.id),
                "own": item is not None,
                "token": token(item) if item is not None else "",
                "note": item.note if item is not None else "",
            }
        )
    return {
        "status": status.value,
        "status_label": status_label(status, lang),
        "stages": [
            {"label": status_label(s, lang), "done": i < reached, "current": i == reached}
            for i, s in enumerate(STATUS_ORDER)
        ],
        "history": [
            {"entry": h, "label": status_label(h.status, lang), "index": i, "token": token(h)}
            for i, h in enumerate(life.history)
        ],
        "history_token": token(life.history),
        "history_messages": _messages(history_findings(life), lang),
        "deadlines": deadlines,
        "deadline_messages": findings,
        "today": today,
    }


# -- SWOT --------------------------------------------------------------------------------------


def swot_page(case: Case, lang: Lang) -> list[dict[str, Any]]:
    """Per alternative (nuläge first): the four quadrants and the investigator's own SWOT."""
    out = []
    own = {s.alternative: s for s in case.swot}
    for alt in case.alternative_ids():
        table = swot_table(case, alt)
        quads = table.by_category()
        if alt == BASELINE_ID and not table.entries and alt not in own:
            continue  # nuläge only when the case has a SWOT of it
        out.append(
            {
                "id": alt,
                "name": case.alternative_name(alt, lang),
                "swot": own.get(alt),
                "token": token(own[alt]) if alt in own else "",
                "empty": not table.entries,
                "authors": table.authors(),
                "rows": [
                    [
                        {"label": category_label(c, lang), "key": c.value, "items": quads[c]}
                        for c in pair
                    ]
                    for pair in (
                        (SwotCategory.STRENGTH, SwotCategory.WEAKNESS),
                        (SwotCategory.OPPORTUNITY, SwotCategory.THREAT),
                    )
                ],
            }
        )
    return out


# -- costs -------------------------------------------------------------------------------------


def costs_page(case: Case, lang: Lang) -> dict[str, Any]:
    comparison = compare_costs(case, lang)
    years = comparison.years
    has_one_off = any(r.one_off != (0.0, 0.0) for r in comparison.rows)
    rows = []
    for r in comparison.rows:
        rows.append(
            {
                "id": r.alternative,
                "name": r.name,
                "cells": [money(r.per_year[y], lang) if y in r.per_year else "–" for y in years],
                "one_off": money(r.one_off, lang) if r.one_off != (0.0, 0.0) else "–",
                "total": money(r.total, lang),
                "average": money(r.yearly_average(years), lang),
            }
        )
    kinds, bases = kind_labels(), basis_labels()
    all_years = horizon(case.costs)
    lines = []
    for line in case.costs:
        high = line.high if line.high is not None else line.low
        if line.kind == CostKind.ONE_OFF:
            computed = [(_("engångs"), money(line_one_off(line), lang))]
        else:
            computed = [(str(y), money(v, lang)) for y, v in line_per_year(line, all_years).items()]
        lines.append(
            {
                "line": line,
                "alternative": case.alternative_name(line.alternative, lang),
                "kind": kinds[line.kind.value],
                "amount": f"{money((line.low, high), lang)} {bases[line.basis.value]}",
                "volumes": "; ".join(
                    f"{y}: {format_number(v, 1, lang)}" for y, v in sorted(line.volumes.items())
                ),
                "years": ", ".join(str(y) for y in line.years),
                "computed": computed,
                "token": token(line),
            }
        )
    missing = [
        case.alternative_name(a, lang)
        for a in case.alternative_ids()
        if a != BASELINE_ID and comparison.row(a) is None
    ]
    ranged = any(
        any(round(lo) != round(hi) for lo, hi in r.per_year.values()) for r in comparison.rows
    )
    span = f"{years[0]}–{years[-1]}" if len(years) > 1 else (str(years[0]) if years else "")
    return {
        "years": years,
        "span": span,
        "rows": rows,
        "has_one_off": has_one_off,
        "lines": lines,
        "missing": missing,
        "ranged": ranged,
    }


# -- decisions ---------------------------------------------------------------------------------


def decisions_page(case: Case, lang: Lang) -> list[dict[str, Any]]:
    """The decisions as the preparation chain (by date), each with its step and whether it is
    the decision in the matter (the one the document's proposal and Ikraftträdande use)."""
    out = []
    deciding = deciding_decision(case.decisions)
    chain = _messages(chain_findings(case.decisions), lang)
    for d in preparation_chain(case.decisions):
        period = appeal_period(d)
        out.append(
            {
                "d": d,
                "stage": stage_label(d, deciding, lang),
                "deciding": d is deciding,
                "alternative": case.alternative_name(d.alternative, lang) if d.alternative else "",
                "appeal_last_day": period.last_day if period else None,
                "appeal_text": period.text(lang) if period else "",
                "messages": _messages(decision_findings(d), lang)
                + [m for m in chain if m.subject == d.id],
                "lines": extract_lines(d, lang),
                "token": token(d),
            }
        )
    return out


# -- own sections --------------------------------------------------------------------------------


def sections_page(case: Case, lang: Lang) -> list[dict[str, Any]]:
    """The own sections by place (in the document's order), then by their order; each with
    its text as the document shows it (paragraphs and lists of runs, no HTML)."""
    from oversyn.core.process.markup import parse_markup
    from oversyn.core.process.model import SECTION_PLACES

    places = list(SECTION_PLACES)
    ordered = sorted(case.sections, key=lambda s: (places.index(s.after), s.order))
    return [
        {
            "s": s,
            "place": SECTION_PLACES[s.after][0 if lang == "sv" else 1],
            "blocks": parse_markup(s.text),
            "token": token(s),
        }
        for s in ordered
    ]


# -- checklist ---------------------------------------------------------------------------------


def default_alternative(case: Case) -> str | None:
    """The alternative the checklist is about: the decided one, else the first alternative."""
    for d in case.decisions:
        if d.alternative and d.alternative != BASELINE_ID and case.alternative(d.alternative):
            return d.alternative
    return case.alternatives[0].id if case.alternatives else None


def _checklist(case: Case, alternative: str) -> list[ChecklistItem] | None:
    try:
        return generate_checklist(case, alternative)
    except (AlternativeError, KeyError):
        return None


def checklist_page(case: Case, alternative: str, lang: Lang) -> dict[str, Any]:
    items = _checklist(case, alternative)
    if items is None:
        return {"items": [], "messages": [], "error": True}
    messages = _messages(order_findings(case, items, alternative), lang)
    flagged = {m.subject for m in messages}
    labels = checklist_status_labels()
    return {
        "error": False,
        "messages": messages,
        "items": [
            {
                "code": i.code,
                "title": i.title(lang),
                "ground": i.ground(lang),
                "reason": i.reason(lang),
                "applies": i.applies,
                "status": i.status.value,
                "status_label": labels[i.status.value],
                "date": i.date,
                "responsible": i.responsible or "",
                "note": i.note,
                "before_decision": i.code in BEFORE_DECISION,
                "flagged": i.code in flagged,
                "token": checklist_token(case.checklist, i.code),
            }
            for i in items
        ],
    }


# -- the day the case is judged on --------------------------------------------------------------


def case_today(case: Case) -> date:
    """The day every deadline and warning of the case is judged on in the web: the case's
    as-of date when set (a historic or paused case), else today in the site's time zone."""
    from django.utils import timezone

    return case.as_of(timezone.localdate())


# -- overview prompts --------------------------------------------------------------------------


def overview_prompts(case: Case, today: date, lang: Lang | None = None) -> dict[str, Any]:
    """What the overview's process box shows: the status, the next open deadlines with their
    warnings, the checklist items that must happen before the decision and are not done, and
    the order warnings; each entry says which page fixes it (``page``)."""
    if lang is None:
        from oversyn.web.platform.lang import current_lang

        lang = current_lang()
    status = current_status(case.lifecycle, today)
    views = case_deadlines(case, today)
    warnings = {m.subject: m for m in _messages(deadline_findings(views), lang)}
    upcoming = [v for v in views if v.state != "done"][:3]
    states = _state_labels()
    deadlines = [
        {
            "label": v.label(lang),
            "text": v.text,
            "end": v.period.end if v.period else None,
            "state": v.state,
            "state_label": states[v.state],
            "message": warnings.get(v.id),
        }
        for v in upcoming
    ]
    alternative = default_alternative(case)
    open_items: list[dict[str, Any]] = []
    order: list[Message] = []
    if alternative is not None:
        items = _checklist(case, alternative) or []
        labels = checklist_status_labels()
        open_items = [
            {"code": i.code, "title": i.title(lang), "status_label": labels[i.status.value]}
            for i in items
            if i.code in BEFORE_DECISION
            and i.applies
            and i.status not in (ChecklistStatus.DONE, ChecklistStatus.NOT_APPLICABLE)
        ]
        order = _messages(order_findings(case, items, alternative), lang)
    return {
        "status_label": status_label(status, lang),
        "today": today,
        "as_of": case.case.as_of,
        "deadlines": deadlines,
        "alternative": alternative,
        "alternative_name": case.alternative_name(alternative, lang) if alternative else "",
        "open_items": open_items,
        "order": order,
        "attention": bool(open_items or order or any(d["message"] for d in deadlines)),
    }
