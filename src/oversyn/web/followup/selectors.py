"""Reads for the follow-up pages: audit recommendations with the core's overview and findings,
the responsibility matrix with its flags, and goals with indicators, progress and charts.

Every figure and flag comes from :mod:`oversyn.core.process` (``audit``, ``responsibility``,
``goals``); the chart is the beslutsunderlag's own ``indicator_figure``.  This module only
arranges them for the templates.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.utils.translation import gettext as _

from oversyn.core.case import Case
from oversyn.core.process.audit import audit_findings, audit_overview
from oversyn.core.process.goals import indicator_progress
from oversyn.core.process.messages import Finding
from oversyn.core.process.model import AuditRecommendation, Goal, Indicator
from oversyn.core.process.responsibility import responsibility_findings, responsibility_matrix
from oversyn.web.followup import forms as ff
from oversyn.web.platform.lang import current_lang
from oversyn.web.platform.shared import item_token

# -- bodies ------------------------------------------------------------------------------------


def body_choices(case: Case) -> list[tuple[str, str]]:
    """The organisation's committees, then its administrations: (id, name)."""
    org = case.baseline
    return [(c.id, c.name) for c in org.committees] + [(a.id, a.name) for a in org.administrations]


def body_label(case: Case, body: str) -> str:
    """A body given by id in the organisation or by name."""
    return dict(body_choices(case)).get(body, body)


# -- audit -------------------------------------------------------------------------------------


@dataclass
class ActionRow:
    text: str
    owner: str
    due: str
    due_end: date | None
    done: date | None
    overdue: bool


@dataclass
class RecommendationRow:
    rec: AuditRecommendation
    number: int
    status: str
    addressed: list[str]
    actions: list[ActionRow]
    findings: list[str]
    base: str


@dataclass
class AuditPage:
    rows: list[RecommendationRow]
    total: int
    by_status: list[tuple[str, int]]
    answered: int
    unanswered: int
    actions: int
    actions_done: int
    overdue_actions: int
    findings: list[str]
    today: date


def audit_page(case: Case, today: date) -> AuditPage:
    lang = current_lang()
    recs = case.audit_recommendations
    overview = audit_overview(recs, today)
    findings = audit_findings(recs, today)
    labels = dict(ff.status_choices())
    rows = []
    for n, rec in enumerate(recs, 1):
        actions = [
            ActionRow(
                a.text,
                a.owner or "",
                a.due.text if a.due else "",
                a.due.end if a.due else None,
                a.done,
                a.done is None
                and a.due is not None
                and a.due.end is not None
                and a.due.end < today,
            )
            for a in rec.actions
        ]
        rows.append(
            RecommendationRow(
                rec,
                n,
                str(labels[rec.status.value]),
                [body_label(case, b) for b in rec.addressed_to],
                actions,
                [f.text(lang) for f in findings if f.subject == rec.id],
                item_token(case, "audit_recommendations", rec.id),
            )
        )
    return AuditPage(
        rows,
        overview.total,
        [(str(labels[k]), v) for k, v in overview.by_status.items()],
        overview.answered,
        overview.total - overview.answered,
        overview.actions,
        overview.actions_done,
        overview.overdue_actions,
        [f.text(lang) for f in findings],
        today,
    )


# -- responsibilities --------------------------------------------------------------------------


@dataclass
class AreaRow:
    id: str
    name: str
    description: str
    cells: list[tuple[str, str]]  # (role value, label) per body; ("", "") when none
    flags: list[str]
    flag_kind: str  # "none" / "many" / ""
    base: str


@dataclass
class ResponsibilityPage:
    bodies: list[str]
    rows: list[AreaRow]
    findings: list[str]
    no_responsible: int
    many_responsible: int


def responsibility_page(case: Case) -> ResponsibilityPage:
    lang = current_lang()
    areas = case.responsibilities
    # the core's findings name bodies as written (ids); the page shows their names
    matrix = responsibility_matrix(areas)
    findings = [
        Finding(
            f.level,
            f.code,
            {
                **f.params,
                "bodies": ", ".join(body_label(case, b) for b in matrix.responsible(f.subject)),
            },
            f.subject,
        )
        if f.code == "responsibility_many" and f.subject is not None
        else f
        for f in responsibility_findings(areas)
    ]
    labels = dict(ff.role_choices())
    rows = []
    for area in areas:
        mine = [f for f in findings if f.subject == area.id]
        responsible = [body_label(case, b) for b in matrix.responsible(area.id)]
        flags = [
            _("Ingen ansvarig")
            if f.code == "responsibility_none"
            else _("Flera ansvariga: %(bodies)s") % {"bodies": ", ".join(responsible)}
            for f in mine
        ]
        rows.append(
            AreaRow(
                area.id,
                area.name,
                area.description,
                [
                    (role.value, str(labels[role.value]))
                    if (role := matrix.role(area.id, b))
                    else ("", "")
                    for b in matrix.bodies
                ],
                flags,
                "none"
                if any(f.code == "responsibility_none" for f in mine)
                else "many"
                if mine
                else "",
                item_token(case, "responsibilities", area.id),
            )
        )
    return ResponsibilityPage(
        [body_label(case, b) for b in matrix.bodies],
        rows,
        [f.text(lang) for f in findings],
        sum(1 for r in rows if r.flag_kind == "none"),
        sum(1 for r in rows if r.flag_kind == "many"),
    )


# -- goals and indicators ----------------------------------------------------------------------


@dataclass
class ValueRow:
    period: str
    values: dict[str, float | None]  # gender → value
    sources: list[str]


@dataclass
class IndicatorView:
    ind: Indicator
    direction: str
    table: list[ValueRow]
    genders: list[str]
    latest: float | None
    latest_period: str | None
    share_percent: int | None
    chart: dict[str, str] | None
    values: list[Any] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    key: str = ""  # "goal/indicator": which form a failed POST came from
    dom: str = ""  # safe for HTML ids


@dataclass
class GoalView:
    goal: Goal
    base: str
    indicators: list[IndicatorView]


def indicator_view(ind: Indicator, chart: bool = True) -> IndicatorView:
    lang = current_lang()
    periods: dict[str, ValueRow] = {}
    genders: list[str] = []
    for v in sorted(ind.values, key=lambda v: (v.period, "TKM".find(v.gender))):
        row = periods.setdefault(v.period, ValueRow(v.period, {}, []))
        row.values[v.gender] = v.value
        if v.source and v.source not in row.sources:
            row.sources.append(v.source)
        if v.gender not in genders:
            genders.append(v.gender)
    genders.sort(key=lambda g: "TKM".find(g) if g in "TKM" else 9)
    progress = indicator_progress(ind)
    share = progress.share_of_way
    figure = None
    if chart:
        from oversyn.documents.process_sections import indicator_figure

        fig = indicator_figure(ind, lang)
        if fig is not None:
            figure = {
                "src": "data:image/png;base64," + base64.b64encode(fig.png).decode("ascii"),
                "alt": fig.alt,
                "caption": fig.caption,
            }
    direction = (
        ""
        if ind.higher_is_better is None
        else _("högre är bättre")
        if ind.higher_is_better
        else _("lägre är bättre")
    )
    return IndicatorView(
        ind,
        direction,
        list(periods.values()),
        genders,
        progress.latest,
        progress.latest_period,
        None if share is None else round(share * 100),
        figure,
        sorted(ind.values, key=lambda v: (v.period, v.gender)),
        list(dict.fromkeys(s for row in periods.values() for s in row.sources)),
    )


def goals_page(case: Case) -> list[GoalView]:
    out = []
    for gi, goal in enumerate(case.goals, 1):
        views = []
        for ii, ind in enumerate(goal.indicators, 1):
            view = indicator_view(ind)
            view.key, view.dom = f"{goal.id}/{ind.id}", f"{gi}-{ii}"
            views.append(view)
        out.append(GoalView(goal, item_token(case, "goals", goal.id), views))
    return out
