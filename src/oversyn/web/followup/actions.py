"""Writes for follow-up: audit recommendations, responsibility areas, goals and indicators.

Recommendations, areas and goals are registered kinds: their saves and deletes are the
registry's (:func:`registry.named_actions`), with the whole-case validation, the stale-form
check, located Swedish messages and the audit record in one transaction.  Indicators, their
values and Kolada imports change one goal, so they are saved as that goal with the goal's
version token.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils.translation import gettext as _

from oversyn.core.process import model as process
from oversyn.core.process.goals import merge_values
from oversyn.io.kolada import KoladaFormatError, parse_kolada
from oversyn.io.limits import BoundError, load_json
from oversyn.web.cases.models import CaseRecord
from oversyn.web.platform import registry
from oversyn.web.platform import shared as svc
from oversyn.web.platform.lang import current_lang
from oversyn.web.platform.messages import validated_or_refused
from oversyn.web.platform.permissions import require
from oversyn.web.uploads import limits

# -- Swedish messages for the item models ----------------------------------------------------


def _labels() -> dict[str, str]:
    return {
        "id": _("Id"),
        "text": _("Text"),
        "addressed_to": _("Riktad till"),
        "auditor": _("Revisor"),
        "report": _("Granskningsrapport"),
        "answer_due": _("Svar senast"),
        "response": _("Nämndens svar"),
        "responded": _("Svarsdatum"),
        "status": _("Status"),
        "note": _("Anteckning"),
        "owner": _("Ansvarig"),
        "due": _("Klar senast"),
        "done": _("Klar datum"),
        "name": _("Namn"),
        "description": _("Beskrivning"),
        "body": _("Organ"),
        "role": _("Roll"),
        "source": _("Källa"),
        "unit": _("Enhet"),
        "kolada_kpi": _("Kolada-nyckeltal"),
        "municipality": _("Kommunkod"),
        "baseline": _("Utgångsvärde"),
        "target": _("Målvärde"),
        "period": _("Period"),
        "value": _("Värde"),
        "gender": _("Kön"),
        "higher_is_better": _("Riktning"),
    }


def _list_labels() -> dict[str, str]:
    return {
        "actions": _("Åtgärd %(n)d"),
        "roles": _("Roll %(n)d"),
        "indicators": _("Indikator %(n)d"),
        "values": _("Värde %(n)d"),
    }


def _build(model: type[Any], data: dict[str, Any]) -> Any:
    return validated_or_refused(model, data, _labels(), _list_labels())


# -- the item kinds this app registers (their generic actions: platform.registry) -----------


def _kind(
    name: str,
    model: type[Any],
    field: str,
    label: Callable[[], str],
    plural: Callable[[], str],
    shown: str,
    url_name: str,
) -> registry.ItemKind:
    """A follow-up list of the case, named by its ``shown`` field, with its own page."""
    return registry.register(
        registry.list_kind(
            name,
            model,
            field,
            label,
            plural,
            registry.first_text(shown),
            example=lambda case: {"id": "registertest", shown: f"Registertest {name}"},
            url_name=url_name,
            labels=_labels,
            list_labels=_list_labels,
        )
    )


AUDIT_KIND = _kind(
    "audit_recommendation",
    process.AuditRecommendation,
    "audit_recommendations",
    lambda: _("Rekommendationen"),
    lambda: _("Revisionsrekommendationer"),
    "text",
    "followup_audit",
)
AREA_KIND = _kind(
    "responsibility",
    process.ResponsibilityArea,
    "responsibilities",
    lambda: _("Ansvarsområdet"),
    lambda: _("Ansvarsområden"),
    "name",
    "followup_responsibilities",
)
GOAL_KIND = _kind(
    "goal", process.Goal, "goals", lambda: _("Målet"), lambda: _("Mål"), "text", "followup_goals"
)
GOALS = "goals"

# -- audit recommendations, responsibility areas, goals: the registry's actions ---------------

#: Add (``rec_id`` None) or change a recommendation with its actions (deadlines as written,
#: "våren 2019", are read by the core); remove one.
audit_recommendation_save, audit_recommendation_delete = registry.named_actions(
    AUDIT_KIND.name, "rec_id"
)
_area_save, responsibility_area_delete = registry.named_actions(AREA_KIND.name, "area_id")
#: A goal's own fields (text, source, owner, note); a change keeps its indicators.
goal_save, goal_delete = registry.named_actions(GOAL_KIND.name, "goal_id", keep=("indicators",))


def responsibility_area_save(
    *, actor: Any, record: CaseRecord, area_id: str | None, data: dict[str, Any], base: str = ""
) -> CaseRecord:
    """Add or change a responsibility area and its roles (body × ansvarig/medverkande/
    informeras).  A body may have one role per area."""
    require(actor, record, svc.EDIT)
    bodies = [str(r.get("body", "")).strip() for r in data.get("roles", [])]
    twice = sorted({b for b in bodies if b and bodies.count(b) > 1})
    if twice:
        raise svc.ServiceError(
            [
                _("%(body)s har mer än en roll i området; ange en roll per organ.") % {"body": body}
                for body in twice
            ]
        )
    return _area_save(actor=actor, record=record, area_id=area_id, data=data, base=base)


# -- goals, indicators and values --------------------------------------------------------------


def _goal(record: CaseRecord, goal_id: str) -> process.Goal:
    case = svc.load(CaseRecord.objects.get(pk=record.pk))
    goal = next((g for g in case.goals if g.id == goal_id), None)
    if goal is None:
        raise svc.ConflictError(current=None)
    return goal


def _save_goal(*, actor: Any, record: CaseRecord, goal: process.Goal, base: str) -> CaseRecord:
    return svc.case_item_save(
        actor=actor, record=record, field=GOALS, item_id=goal.id, data=goal, base=base
    )


def _indicator(goal: process.Goal, indicator_id: str) -> process.Indicator:
    indicator = next((i for i in goal.indicators if i.id == indicator_id), None)
    if indicator is None:
        raise svc.ConflictError(current=goal)
    return indicator


def _with_indicator(goal: process.Goal, indicator: process.Indicator) -> process.Goal:
    indicators = [indicator if i.id == indicator.id else i for i in goal.indicators]
    return goal.model_copy(update={"indicators": indicators})


def indicator_save(
    *,
    actor: Any,
    record: CaseRecord,
    goal_id: str,
    indicator_id: str | None,
    data: dict[str, Any],
    base: str,
) -> CaseRecord:
    """Add (``indicator_id`` None) or change an indicator of a goal; its values stay.
    ``base`` is the goal's version token."""
    require(actor, record, svc.EDIT)
    goal = _goal(record, goal_id)
    data = {k: v for k, v in data.items() if k != "values"}
    if indicator_id is not None:
        old = _indicator(goal, indicator_id)
        data = {**data, "id": indicator_id, "values": [v.model_dump() for v in old.values]}
    new = _build(process.Indicator, data)
    if indicator_id is None:  # an id in use: refused by the core's uniqueness rule
        goal = goal.model_copy(update={"indicators": [*goal.indicators, new]})
    else:
        goal = _with_indicator(goal, new)
    return _save_goal(actor=actor, record=record, goal=goal, base=base)


def indicator_delete(
    *, actor: Any, record: CaseRecord, goal_id: str, indicator_id: str, base: str
) -> CaseRecord:
    require(actor, record, svc.EDIT)
    goal = _goal(record, goal_id)
    _indicator(goal, indicator_id)
    goal = goal.model_copy(
        update={"indicators": [i for i in goal.indicators if i.id != indicator_id]}
    )
    return _save_goal(actor=actor, record=record, goal=goal, base=base)


def indicator_value_save(
    *,
    actor: Any,
    record: CaseRecord,
    goal_id: str,
    indicator_id: str,
    data: dict[str, Any],
    base: str,
) -> CaseRecord:
    """Add a value (period, value, gender T/K/M); a value for the same period and gender is
    replaced."""
    require(actor, record, svc.EDIT)
    goal = _goal(record, goal_id)
    indicator = _indicator(goal, indicator_id)
    value = _build(process.IndicatorValue, data)
    if value.gender not in ("T", "K", "M"):
        raise svc.ServiceError(
            [
                _("Kön ska vara T (totalt), K (kvinnor) eller M (män), inte %(g)s.")
                % {"g": value.gender}
            ]
        )
    goal, _updated = _merge(goal, indicator, [value])
    return _save_goal(actor=actor, record=record, goal=goal, base=base)


def _merge(
    goal: process.Goal, indicator: process.Indicator, values: list[process.IndicatorValue]
) -> tuple[process.Goal, process.Indicator]:
    merged = {(v.period, v.gender): v for v in indicator.values}
    for v in values:
        merged[(v.period, v.gender)] = v
    new = indicator.model_copy(
        update={"values": sorted(merged.values(), key=lambda v: (v.period, v.gender))}
    )
    return _with_indicator(goal, new), new


def indicator_value_delete(
    *,
    actor: Any,
    record: CaseRecord,
    goal_id: str,
    indicator_id: str,
    period: str,
    gender: str,
    base: str,
) -> CaseRecord:
    require(actor, record, svc.EDIT)
    goal = _goal(record, goal_id)
    indicator = _indicator(goal, indicator_id)
    values = [v for v in indicator.values if (v.period, v.gender) != (period, gender)]
    if len(values) == len(indicator.values):
        raise svc.ConflictError(current=indicator)
    goal = _with_indicator(goal, indicator.model_copy(update={"values": values}))
    return _save_goal(actor=actor, record=record, goal=goal, base=base)


def kolada_import(
    *,
    actor: Any,
    record: CaseRecord,
    goal_id: str,
    indicator_id: str,
    text: str,
    filename: str,
    base: str,
) -> tuple[CaseRecord, int]:
    """Merge the values of a Kolada v3 JSON file (``GET /v3/data/kpi/{kpi}/municipality/
    {id}``) into an indicator that names a Kolada KPI; its municipality (or else the case's
    municipality code) chooses the series.  Returns the record and the number of values read.
    A file that is not Kolada's shape, or has no values for the KPI and municipality, is
    refused with a Swedish message and nothing is stored."""
    require(actor, record, svc.EDIT)
    goal = _goal(record, goal_id)
    indicator = _indicator(goal, indicator_id)
    if not indicator.kolada_kpi:
        raise svc.ServiceError(
            [
                _(
                    "Indikatorn %(name)s har inget Kolada-nyckeltal; ange nyckeltalets id "
                    "(t.ex. N00914) på indikatorn först."
                )
                % {"name": indicator.name}
            ]
        )
    case = svc.load(CaseRecord.objects.get(pk=record.pk))
    municipality = indicator.municipality or case.case.municipality.code
    if not municipality:
        raise svc.ServiceError(
            [_("Ange kommunkoden (t.ex. 0583) på indikatorn %(name)s.") % {"name": indicator.name}]
        )
    try:
        data = load_json(text, limits())
    except BoundError as exc:
        if exc.code == "json_syntax":
            raise svc.ServiceError(
                [
                    _("%(file)s är inte giltig JSON (rad %(line)d): %(msg)s.")
                    % {"file": filename, "line": exc.line, "msg": exc.params["problem"]}
                ]
            ) from exc
        raise svc.ServiceError([exc.located(filename, current_lang())]) from exc
    try:
        series = parse_kolada(data, f"Kolada ({filename})")
    except KoladaFormatError as exc:
        raise svc.ServiceError(
            [
                _("%(file)s har inte Koladas format (API v3): %(msg)s.")
                % {"file": filename, "msg": str(exc)}
            ]
        ) from exc
    match = next(
        (s for s in series if s.kpi == indicator.kolada_kpi and s.municipality == municipality),
        None,
    )
    if match is None or not match.values:
        found = ", ".join(f"{s.kpi} ({s.municipality})" for s in series) or _("inga värden alls")
        raise svc.ServiceError(
            [
                _(
                    "%(file)s har inga värden för nyckeltalet %(kpi)s i kommun %(muni)s; "
                    "filen innehåller: %(found)s."
                )
                % {
                    "file": filename,
                    "kpi": indicator.kolada_kpi,
                    "muni": municipality,
                    "found": found,
                }
            ]
        )
    goals, updated = merge_values([goal], match.kpi, match.municipality, match.values)
    if indicator.id not in updated:  # another municipality is set on the indicator
        raise svc.ConflictError(current=indicator)
    row = _save_goal(actor=actor, record=record, goal=goals[0], base=base)
    return row, len(match.values)
