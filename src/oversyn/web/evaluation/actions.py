"""Writes to a case's evaluation: criteria and weights (utredare) and scores (bedömare).

Same contract as every action (:mod:`oversyn.web.platform.actions`):
``<entity>_<action>(*, actor, …)``, the role is checked, the whole case is validated (including
:func:`oversyn.core.evaluation.validate.validate_evaluation`), the row is written with a
compare-and-swap and an :class:`AuditRecord` is created in the same transaction.

A user scores only as themself: :func:`assessor_id_for` maps the user to an
:class:`~oversyn.core.evaluation.model.Assessor` id (the user name), and :func:`scores_save`
replaces that assessor's assessments and nobody else's.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from pydantic import BaseModel
from pydantic import ValidationError as PydanticValidationError

from oversyn.core.case import Case
from oversyn.core.evaluation.edit import remove_criterion, rename_criterion
from oversyn.core.evaluation.model import (
    Assessment,
    Assessor,
    Decision,
    Evaluation,
    Gate,
    Metric,
    Principle,
    Weights,
)
from oversyn.core.evaluation.validate import validate_evaluation
from oversyn.web.cases.models import Action, CaseRecord
from oversyn.web.platform import registry
from oversyn.web.platform.actions import Change, check_token, run
from oversyn.web.platform.lang import current_lang
from oversyn.web.platform.messages import pydantic_errors, validated_or_refused
from oversyn.web.platform.shared import (
    EDIT,
    SCORE,
    ServiceError,
    token,
)

# The criteria are case item kinds (their generic actions, the API and the registry test come
# from these registrations).  The evaluation's own pages edit them through the actions below,
# which also rename a criterion's id with its scores and weight (core.evaluation.edit).
_by_name = registry.first_text("name")


def _without_criterion(case: Case, removed: Any) -> Case:
    """A principle or metric goes with its scores and weight (the core's cascade)."""
    return case.model_copy(update={"evaluation": remove_criterion(case.evaluation, removed.id)})


registry.register(
    registry.list_kind(
        "gate",
        Gate,
        ("evaluation", "gates"),
        lambda: _("Utgångspunkten"),
        lambda: _("Grundläggande utgångspunkter"),
        _by_name,
        labels=lambda: {"name": _("Lydelse"), "description": _("Beskrivning"), "level": _("Nivå")},
        example=lambda case: {"id": "registertest", "name": "Registertestkrav", "level": "ska"},
        url_name="eval_criteria",
    )
)
registry.register(
    registry.list_kind(
        "principle",
        Principle,
        ("evaluation", "principles"),
        lambda: _("Principen"),
        lambda: _("Principer"),
        _by_name,
        labels=lambda: {"name": _("Namn"), "description": _("Beskrivning")},
        example=lambda case: {"id": "registertest", "name": "Registertestprincip"},
        url_name="eval_criteria",
        on_delete=_without_criterion,
    )
)


def _decision_display(decision: Any) -> str:
    return f"{decision.alternative}: " + (
        _("exkluderas") if decision.action == "exclude" else _("behålls")
    )


# An explicit decision to exclude or keep an alternative (the steering group's "alternativ 1 och
# 4 exkluderas", with its reasons), one per alternative: its generic pages are in the menu.
registry.register(
    registry.ItemKind(
        name="evaluation_decision",
        model=Decision,
        path=("evaluation", "decisions"),
        key="alternative",
        label=lambda: _("Beslutet om alternativet"),
        plural=lambda: _("Exkludera eller behålla"),
        display=_decision_display,
        object_type="evaluation_decision",
        labels=lambda: {
            "alternative": _("Alternativ"),
            "action": _("Beslut"),
            "by": _("Beslutat av (bedömare)"),
            "motivation": _("Motivering"),
            "reasons_heading": _("Inledning till skälen"),
            "reasons": _("Skäl"),
        },
        example=lambda case: {
            "alternative": case.alternatives[-1].id,
            "action": "keep",
            "motivation": "Registertestbeslut",
        },
        menu="utredning",
        # the assessor who decided is chosen by name, not typed as an id
        extra={"choices": {"by": lambda case: [(a.id, a.name) for a in case.evaluation.assessors]}},
    )
)
registry.register(
    registry.list_kind(
        "metric",
        Metric,
        ("evaluation", "metrics"),
        lambda: _("Måttet"),
        lambda: _("Mätbara kriterier"),
        _by_name,
        labels=lambda: {
            "name": _("Namn"),
            "description": _("Beskrivning"),
            "metric": _("Mått"),
            "unit": _("Enhet"),
            "direction": _("Bättre"),
        },
        example=lambda case: {
            "id": "registertest",
            "name": "Registertestmått",
            "metric": "cross_boundary_interaction_share",
        },
        url_name="eval_criteria",
        on_delete=_without_criterion,
    )
)


def assessor_id_for(user: Any) -> str:
    """The assessor id a user scores as: the user name, with characters ids forbid as '-'."""
    return re.sub(r"[^A-Za-z0-9ÅÄÖåäöÉéÜü_.\-]", "-", user.get_username())[:80]


def own_assessments(ev: Evaluation, assessor_id: str) -> list[Assessment]:
    return [a for a in ev.assessments if a.assessor == assessor_id]


def _eval_write(
    *,
    actor: Any,
    record: CaseRecord,
    base: str,
    current: Callable[[Evaluation], Any],
    change: Callable[[Evaluation], Evaluation],
    object_type: str,
    object_id: str,
    object_repr: str,
    message: str,
    permission: str = EDIT,
    action: str = Action.UPDATE,
    current_after: Callable[[Evaluation], Any] | None = None,
    check: Callable[[Case], list[str]] | None = None,
) -> CaseRecord:
    """The common write of an evaluation part, as a :func:`platform.actions.run` action (by
    default an update with the utredare's ``EDIT`` permission): version token, ``change``,
    then ``check`` (messages that say more than the whole-case validation would); the role
    check, validation, write and audit are ``run``'s."""

    def execute(case: Case) -> Change:
        before = current(case.evaluation)
        check_token(before, base)
        try:
            new_ev = change(case.evaluation)
        except PydanticValidationError as exc:
            raise ServiceError(pydantic_errors(exc)) from exc
        new_case = case.model_copy(update={"evaluation": new_ev})
        if check is not None and (problems := check(new_case)):
            raise ServiceError(problems)
        return Change(
            case=new_case,
            action=action,
            object_type=object_type,
            object_id=object_id,
            object_repr=object_repr,
            before=before,
            after=(current_after or current)(new_ev),
            message=message,
        )

    return run(actor=actor, record=record, execute=execute, permission=permission)


def _part_state(ev: Evaluation, part: str) -> dict[str, Any]:
    """An evaluation-wide part (``alternatives``, ``conclusion``, ``scale``) as its version
    token and the audit record see it: ``{part: its JSON}``."""
    value = getattr(ev, part)
    if isinstance(value, BaseModel):
        value = value.model_dump(mode="json")
    elif isinstance(value, list):
        value = list(value)
    return {part: value}


def part_token(ev: Evaluation, part: str) -> str:
    """The version token of an evaluation-wide part (the form's ``base``)."""
    return token(_part_state(ev, part))


def alternatives_token(ev: Evaluation) -> str:
    return part_token(ev, "alternatives")


def conclusion_token(ev: Evaluation) -> str:
    return part_token(ev, "conclusion")


def scale_token(ev: Evaluation) -> str:
    return part_token(ev, "scale")


#: What the audit says of a change of each evaluation-wide part: (object_repr, message).
_PART_AUDIT = {
    "alternatives": (
        gettext_lazy("Alternativ som värderas"),
        gettext_lazy("Alternativen som värderas ändrades."),
    ),
    "conclusion": (
        gettext_lazy("Värderingens slutsats"),
        gettext_lazy("Värderingens slutsats sparades."),
    ),
    "scale": (gettext_lazy("Poängskalan"), gettext_lazy("Poängskalan sparades.")),
}


def _part_write(
    *,
    actor: Any,
    record: CaseRecord,
    base: str,
    part: str,
    change: Callable[[Evaluation], Evaluation],
) -> CaseRecord:
    """Change an evaluation-wide part (the utredare's): :func:`_eval_write` of ``part``,
    audited in the words of ``_PART_AUDIT``."""
    object_repr, message = _PART_AUDIT[part]
    return _eval_write(
        actor=actor,
        record=record,
        base=base,
        current=lambda ev: _part_state(ev, part),
        change=change,
        object_type="evaluation",
        object_id=part,
        object_repr=str(object_repr),
        message=str(message),
    )


def _find(items: list[Any], obj_id: str | None) -> Any:
    return next((i for i in items if i.id == obj_id), None) if obj_id else None


def _upsert(items: list[Any], old_id: str | None, new: Any) -> list[Any]:
    if old_id is None:  # an id in use: refused by the core's uniqueness rule on validation
        return [*items, new]
    return [new if i.id == old_id else i for i in items]


def _weight_entries(w: Weights, crit_id: str) -> dict[str, Any]:
    """The criterion's own entries in the weights (for a delete's token and audit record)."""
    entries: dict[str, Any] = {}
    if crit_id in w.values:
        entries["value"] = w.values[crit_id]
    if crit_id in w.order:
        entries["order"] = w.order.index(crit_id) + 1
    if crit_id in w.intervals:
        entries["interval"] = list(w.intervals[crit_id])
    return entries


# -- criteria (utredare) -----------------------------------------------------------------------


def _criterion_actions(
    field: str,
    model: type[Gate | Principle | Metric],
    arg: str,
    saved: Callable[[], str],
    deleted: Callable[[], str],
    state: Callable[[Evaluation, str], Any],
    remove: Callable[[Evaluation, str], Evaluation] = remove_criterion,
    rename: bool = True,
    check: Callable[[Case, Any, bool], list[str]] | None = None,
) -> tuple[Callable[..., CaseRecord], Callable[..., CaseRecord]]:
    """The save and delete of one criterion of the evaluation's list ``field``, the criterion
    addressed by the keyword ``arg``: ``gate_save(actor=, record=, gate_id=, data=, base=)``
    creates (``gate_id`` None) or changes one, ``gate_delete(actor=, record=, gate_id=,
    base=)`` removes one.

    ``model`` parses ``data``; with ``rename`` a changed id takes its scores and weight with
    it (the core's :func:`rename_criterion`); ``check(case, criterion, new)`` gives messages
    that refuse the saved case; ``saved()``/``deleted()`` are the messages (with the
    criterion's ``%(name)s`` / ``%(id)s``); ``state(ev, id)`` is what a delete's version
    token and audit record hold (the criterion with its scores or weight), ``remove`` the
    removal (default: the core's cascade)."""
    object_type = model.__name__.lower()

    def save(
        *, actor: Any, record: CaseRecord, data: dict[str, Any], base: str, **item: Any
    ) -> CaseRecord:
        old_id: str | None = item[arg]
        built: list[Any] = []

        def change(ev: Evaluation) -> Evaluation:
            new = model.model_validate(data)
            built.append(new)
            ev = ev.model_copy(update={field: _upsert(getattr(ev, field), old_id, new)})
            return rename_criterion(ev, old_id, new.id) if rename and old_id else ev

        return _eval_write(
            actor=actor,
            record=record,
            base=base,
            current=lambda ev: _find(getattr(ev, field), old_id),
            current_after=lambda ev: _find(getattr(ev, field), str(data.get("id", ""))),
            change=change,
            check=(lambda case: check(case, built[0], old_id is None)) if check else None,
            action=Action.UPDATE if old_id else Action.CREATE,
            object_type=object_type,
            object_id=str(data.get("id", "")),
            object_repr=str(data.get("name", "")),
            message=saved() % {"name": data.get("name", "")},
        )

    def delete(*, actor: Any, record: CaseRecord, base: str, **item: Any) -> CaseRecord:
        crit_id: str = item[arg]
        return _eval_write(
            actor=actor,
            record=record,
            base=base,
            current=lambda ev: state(ev, crit_id),
            change=lambda ev: remove(ev, crit_id),
            action=Action.DELETE,
            object_type=object_type,
            object_id=crit_id,
            object_repr=crit_id,
            message=deleted() % {"id": crit_id},
        )

    return save, delete


# A gate (ska/bör) with its answer per alternative; its id is its own (no scores or weight).
gate_save, gate_delete = _criterion_actions(
    "gates",
    Gate,
    "gate_id",
    lambda: _("Utgångspunkten %(name)s sparades."),
    lambda: _("Utgångspunkten %(id)s togs bort."),
    state=lambda ev, gate_id: _find(ev.gates, gate_id),
    remove=lambda ev, gate_id: ev.model_copy(
        update={"gates": [g for g in ev.gates if g.id != gate_id]}
    ),
    rename=False,
)


def _principle_state(ev: Evaluation, principle_id: str) -> dict[str, Any] | None:
    """A principle with its scores (a delete's version token and audit record)."""
    principle = _find(ev.principles, principle_id)
    if principle is None:
        return None
    return {
        "principle": principle.model_dump(mode="json"),
        "assessments": [
            a.model_dump(mode="json") for a in ev.assessments if a.criterion == principle_id
        ],
    }


# A principle (scored by the bedömare), optionally with its own scale; it goes with its scores
# and weight (all kept in the audit record).
principle_save, principle_delete = _criterion_actions(
    "principles",
    Principle,
    "principle_id",
    lambda: _("Principen %(name)s sparades."),
    lambda: _("Principen %(id)s togs bort med sina poäng."),
    state=_principle_state,
)


def principle_token(ev: Evaluation, principle_id: str) -> str:
    """The version token :func:`principle_delete` expects."""
    return token(_principle_state(ev, principle_id))


# -- measured criteria (utredare) --------------------------------------------------------------

_METRIC_PROBLEMS = {
    # the core's messages name the case file's fields; the web form has its own words
    "eval_metric_direction": lambda: _(
        "välj vilket håll som är bättre (högre eller lägre); måttet säger det inte självt."
    ),
    "eval_cost_metric_no_costs": lambda: _(
        "årskostnaden hämtas ur ärendets kostnadsposter, men ärendet har inga. Lägg in "
        "kostnaderna under Kostnader först, eller mata in värdena."
    ),
    "eval_metric_no_source": lambda: _(
        "ange ett värde för minst ett alternativ, eller välj ett mått som källa."
    ),
    "eval_value_function": lambda: _("sämsta och bästa värdet kan inte vara samma tal."),
}


def _metric_problems(case: Case, metric: Metric) -> list[str]:
    """The evaluation's problems located at ``metric``, each led by the criterion's name."""
    index = next((i for i, m in enumerate(case.evaluation.metrics) if m is metric), None)
    lang = current_lang()
    found = []
    for problem in validate_evaluation(case):
        if index is not None and problem.loc[:3] == ("evaluation", "metrics", index):
            phrase = _METRIC_PROBLEMS.get(problem.code)
            found.append(phrase() if phrase else problem.message(lang))
    return [_("%(name)s: %(problem)s") % {"name": metric.name, "problem": p} for p in found]


def _lacks_weight(case: Case, crit_id: str) -> bool:
    """Exact, ordered or interval weights that leave ``crit_id`` out."""
    for p in validate_evaluation(case):
        if p.code in ("eval_weight_missing", "eval_order_incomplete"):
            ids = str(p.params.get("ids", p.params.get("missing", "")))
            if crit_id in ids.split(", "):
                return True
    return False


def _metric_check(case: Case, metric: Metric, new: bool) -> list[str]:
    """The saved metric's problems in the form's words, led by its name; a new one also
    needs a weight when the weights name every criterion."""
    problems = _metric_problems(case, metric)
    if new and _lacks_weight(case, metric.id):
        problems.append(
            _(
                "Vikterna anges för varje kriterium, och %(name)s har ingen vikt än. "
                "Välj lika vikter under Vikter, lägg till kriteriet och ange sedan "
                "vikterna igen."
            )
            % {"name": metric.name}
        )
    return problems


def _metric_state(ev: Evaluation, metric_id: str) -> dict[str, Any] | None:
    metric = _find(ev.metrics, metric_id)
    if metric is None:
        return None
    return {
        "metric": metric.model_dump(mode="json"),
        "weights": _weight_entries(ev.weights, metric_id),
    }


def metric_token(ev: Evaluation, metric_id: str) -> str:
    """The version token :func:`metric_delete` expects."""
    return token(_metric_state(ev, metric_id))


# A measured criterion: ``data`` is the whole :class:`~oversyn.core.evaluation.model.Metric`,
# its source a structural-analysis metric or ``yearly_cost[:ÅÅÅÅ]`` (``metric``) or entered
# ``values``.  A changed id takes its weight with it, a delete removes the weight too.
metric_save, metric_delete = _criterion_actions(
    "metrics",
    Metric,
    "metric_id",
    lambda: _("Det mätta kriteriet %(name)s sparades."),
    lambda: _("Det mätta kriteriet %(id)s togs bort med sin vikt."),
    state=_metric_state,
    check=_metric_check,
)


def _weights_state(ev: Evaluation) -> dict[str, Any]:
    return {"weights": ev.weights.model_dump(mode="json"), "aggregation": ev.aggregation}


def weights_token(ev: Evaluation) -> str:
    return token(_weights_state(ev))


def weights_update(
    *, actor: Any, record: CaseRecord, weights: dict[str, Any], aggregation: str, base: str
) -> CaseRecord:
    """Set the weights mode (lika, exakta, rangordning, intervall) and the aggregation."""

    def change(ev: Evaluation) -> Evaluation:
        w = Weights.model_validate(weights)
        return Evaluation.model_validate(
            {
                **ev.model_dump(mode="json"),
                "weights": w.model_dump(mode="json"),
                "aggregation": aggregation,
            }
        )

    return _eval_write(
        actor=actor,
        record=record,
        base=base,
        current=_weights_state,
        change=change,
        object_type="weights",
        object_id="weights",
        object_repr=_("Vikter"),
        message=_("Vikterna ändrades."),
    )


# -- scores (each bedömare as themself) --------------------------------------------------------


def scores_token(ev: Evaluation, assessor_id: str) -> str:
    return token(own_assessments(ev, assessor_id))


def scores_save(
    *, actor: Any, record: CaseRecord, scores: list[dict[str, Any]], base: str
) -> CaseRecord:
    """Replace the actor's own scores: ``scores`` holds alternative, criterion, score, motivation.

    The actor becomes an assessor (id from :func:`assessor_id_for`) the first time.  Other
    assessors' scores are never touched.  A score without a motivation is refused: the
    motivation is what the document quotes.
    """
    assessor = assessor_id_for(actor)

    def change(ev: Evaluation) -> Evaluation:
        missing = [s for s in scores if not str(s.get("motivation", "")).strip()]
        if missing:
            raise ServiceError(
                [_("Varje poäng behöver en motivering (%(n)d saknas).") % {"n": len(missing)}]
            )
        mine = [Assessment.model_validate({**s, "assessor": assessor}) for s in scores]
        others = [a for a in ev.assessments if a.assessor != assessor]
        assessors = list(ev.assessors)
        if not any(a.id == assessor for a in assessors):
            name = getattr(actor, "get_full_name", lambda: "")() or actor.get_username()
            assessors.append(Assessor(id=assessor, name=name))
        return ev.model_copy(update={"assessments": others + mine, "assessors": assessors})

    return _eval_write(
        actor=actor,
        record=record,
        permission=SCORE,
        base=base,
        current=lambda ev: own_assessments(ev, assessor),
        change=change,
        object_type="scores",
        object_id=assessor,
        object_repr=_("Poäng av %(who)s") % {"who": actor.get_username()},
        message=_("%(who)s sparade %(n)d poäng med motiveringar.")
        % {"who": actor.get_username(), "n": len(scores)},
    )


def evaluation_alternatives_update(
    *, actor: Any, record: CaseRecord, alternatives: list[str], base: str
) -> CaseRecord:
    """Choose which alternatives are evaluated (nuläge included or not), in the given order."""
    if not alternatives:
        raise ServiceError([_("Välj minst ett alternativ att värdera.")])
    return _part_write(
        actor=actor,
        record=record,
        base=base,
        part="alternatives",
        change=lambda ev: ev.model_copy(update={"alternatives": list(alternatives)}),
    )


# -- the conclusion (utredare) -----------------------------------------------------------------


def conclusion_save(
    *, actor: Any, record: CaseRecord, data: dict[str, Any], base: str
) -> CaseRecord:
    """Set the evaluation's conclusion: the proposed alternative (nuläge is a proper choice:
    "keep the current organisation"), who concluded it (an assessor) and its text; empty
    fields clear it.  The document's proposal, Förslag till beslut and summary follow it."""
    from oversyn.core.evaluation.model import Conclusion

    fields = {k: v for k, v in data.items() if v not in ("", None)}

    def change(ev: Evaluation) -> Evaluation:
        conclusion = Conclusion.model_validate(fields) if fields else None
        return ev.model_copy(update={"conclusion": conclusion})

    return _part_write(
        actor=actor,
        record=record,
        base=base,
        part="conclusion",
        change=change,
    )


def scale_save(*, actor: Any, record: CaseRecord, data: dict[str, Any], base: str) -> CaseRecord:
    """Set the evaluation-wide score scale: its lowest and highest score and what the scores
    mean, in the document's words (Linköping 2017: "0 motsvarar inga organisatoriska
    förutsättningar och 3 goda förutsättningar"); the principles without a scale of their own
    are scored on it.  Scores already given outside a new range are refused by the whole-case
    validation, naming them."""
    from oversyn.core.evaluation.model import Scale

    def change(ev: Evaluation) -> Evaluation:
        scale = validated_or_refused(
            Scale,
            {
                "min": data.get("min", ev.scale.min),
                "max": data.get("max", ev.scale.max),
                "meaning": str(data.get("meaning") or "").strip(),
            },
            {
                "min": _("Lägsta poäng"),
                "max": _("Högsta poäng"),
                "meaning": _("Vad poängen betyder"),
            },
        )
        if scale.max <= scale.min:
            raise ServiceError([_("Högsta poäng måste vara större än lägsta poäng.")])
        return ev.model_copy(update={"scale": scale})

    return _part_write(
        actor=actor,
        record=record,
        base=base,
        part="scale",
        change=change,
    )
