"""Reads: a case's content, its analysis, history and gaps.

Which cases a user sees (and :class:`CaseAccess`) is the platform's
(:mod:`oversyn.web.platform.selectors`), re-exported here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from oversyn.core.analysis import METRICS, AlternativeAnalysis, analyze_case
from oversyn.core.case import Case
from oversyn.core.errors import AlternativeError
from oversyn.core.fmt import format_metric
from oversyn.web.cases.models import AuditRecord, CaseRecord, Membership
from oversyn.web.platform.lang import current_lang
from oversyn.web.platform.selectors import CaseAccess as CaseAccess
from oversyn.web.platform.selectors import case_for_user as case_for_user
from oversyn.web.platform.selectors import cases_for_user as cases_for_user


def case_history(record: CaseRecord) -> QuerySet[AuditRecord]:
    return AuditRecord.objects.filter(case=record).select_related("user")


def case_members(record: CaseRecord) -> QuerySet[Membership]:
    return Membership.objects.filter(case=record).select_related("user").order_by("user__username")


# -- analysis ----------------------------------------------------------------------------------


@dataclass
class MetricRow:
    label: str
    values: list[str]
    better: str | None


def analysis_table(case: Case) -> dict[str, Any]:
    """The structural analysis of nuläge and every alternative, formatted for a table."""
    lang = current_lang()
    try:
        results: list[AlternativeAnalysis] = analyze_case(case, lang)
    except AlternativeError as exc:  # stored cases validate, so this means a bug
        return {"error": exc.message(lang), "columns": [], "rows": [], "checks": []}
    rows = []
    for name, info in METRICS.items():
        values = [r.metrics.get(name) for r in results]
        if all(v is None for v in values):
            continue
        rows.append(
            MetricRow(
                info.label(lang), [format_metric(v, info.kind, lang) for v in values], info.better
            )
        )
    from oversyn.core.finance import requirement_text, staff_changes

    changes = staff_changes(case, lang)
    shown = case.finance.savings is not None or any(
        (c.fte_difference or 0) != 0 or c.saving is not None for c in changes
    )
    return {
        "error": None,
        "columns": [r.name for r in results],
        "rows": rows,
        "checks": [(r.name, r.checks) for r in results],
        "requirement": requirement_text(case, lang) or "",
        "staff": [
            {"staff": c.staff_text(lang), "comparison": c.comparison(lang), "name": c.name}
            for c in changes
        ]
        if shown
        else [],
    }


# -- what is still missing for a complete beslutsunderlag --------------------------------------


def missing_items(case: Case) -> list[str]:
    """What the case still lacks before a beslutsunderlag can be written from it.

    Checked from the case content alone: the directive and its deadline, a diarienummer, at
    least one alternative, evidence of interaction, and figures that are estimates rather than
    the municipality's own.  (Evaluation and the document are listed once those modules are in
    the product.)
    """
    info = case.case
    missing = []
    if info.directive is None:
        missing.append(_("Direktivet saknas."))
    elif not info.directive.deadline:
        missing.append(_("Direktivet anger ingen tidsfrist."))
    if not info.case_number:
        missing.append(_("Diarienummer saknas."))
    if not case.alternatives:
        missing.append(_("Inga alternativ till nuläget är beskrivna."))
    if not case.interactions:
        missing.append(_("Samverkan mellan enheter är inte beskriven."))
    if not case.journeys:
        missing.append(_("Inga medborgarkedjor (journeys) är beskrivna."))
    estimated = [u for u in case.baseline.units if u.estimated]
    if estimated:
        missing.append(
            _(
                "%(n)d av %(total)d enheter har uppskattade siffror som bör ersättas med "
                "kommunens egna."
            )
            % {"n": len(estimated), "total": len(case.baseline.units)}
        )
    no_fte = [u for u in case.baseline.units if u.fte is None]
    if no_fte:
        missing.append(_("%(n)d enheter saknar årsarbetare.") % {"n": len(no_fte)})
    estimated_links = [i for i in case.interactions if i.estimated]
    if estimated_links:
        missing.append(
            _("%(n)d samverkansuppgifter är uppskattningar.") % {"n": len(estimated_links)}
        )
    return missing


def case_yaml(record: Any, case: Case) -> str:
    """The case file (YAML) of this case version, the export (cached per version; ~0.5 s for
    the 2,000-unit case)."""
    from oversyn.io.casefile import dump_case
    from oversyn.web.platform.cache import cached

    return cached(record, "export-yaml", lambda: dump_case(case), lang="-")


def warm_export(record: Any, case: Case) -> None:
    """The warm-up job's part (oversyn.web.platform.warmup): the case file export."""
    case_yaml(record, case)
