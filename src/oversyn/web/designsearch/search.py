"""The design search as a background job: the question from the form, the job, its result.

The form's question (:func:`parse_question`) is stored as the job's ``params``; the job
(:func:`run_design_search`) builds the partition problem of the case *as it was when the
job was started* (``ctx.case``), solves it with :mod:`oversyn.core.optimize.design` and
returns the proposal as JSON: the alternative (its operations and Swedish description, the
same as ``oversyn optimize --write-case`` writes) and the summary of gains and costs.  The
function only needs ``ctx.case`` and ``ctx.progress``, so a test can run it inline.
"""

from __future__ import annotations

from typing import Any, Protocol

from django.utils.translation import gettext as _

from oversyn.core.analysis import _cross_weight
from oversyn.core.case import Case
from oversyn.core.model import InteractionKind, Organisation
from oversyn.core.optimize.design import Constraints, DesignError, build_design, solve_design
from oversyn.core.optimize.design import to_alternative as design_alternative
from oversyn.web.platform.lang import current_lang

KIND = "design_search"
MAX_TIME_LIMIT = 120


class QuestionError(ValueError):
    """The form's question is not usable; ``messages`` (Swedish) say where and what."""

    def __init__(self, messages: list[str]) -> None:
        self.messages = messages
        super().__init__("; ".join(messages))


class Context(Protocol):
    """What the job needs of the job framework's context."""

    @property
    def case(self) -> Case: ...

    def progress(self, fraction: float, message: str = "") -> None: ...


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def _by_id_and_name(objects: Any) -> dict[str, str]:
    """Each object's id under its id and under its case-folded name."""
    found = {o.id: o.id for o in objects}
    found.update({o.name.casefold(): o.id for o in objects})
    return found


def _look_up(table: dict[str, str], text: str, missing: str, errors: list[str]) -> str:
    """The id ``text`` names in ``table``; else ``text`` itself, with ``missing`` (the
    message, already filled in) added to ``errors``."""
    found = table.get(text) or table.get(text.casefold())
    if found is None:
        errors.append(missing)
        return text
    return found


class _Names:
    """Units and administrations by id or (case-insensitive) name, as the user writes them."""

    def __init__(self, org: Organisation) -> None:
        self.units = _by_id_and_name(org.units)
        self.adms = _by_id_and_name(org.administrations)

    def unit(self, text: str, where: str, errors: list[str]) -> str:
        missing = _("%(where)s: enheten ”%(name)s” finns inte i nuläget.")
        return _look_up(self.units, text, missing % {"where": where, "name": text}, errors)

    def adm(self, text: str, where: str, errors: list[str]) -> str:
        missing = _("%(where)s: förvaltningen ”%(name)s” finns inte i nuläget.")
        return _look_up(self.adms, text, missing % {"where": where, "name": text}, errors)


def _int(text: str, where: str, errors: list[str], low: int, high: int | None = None) -> int | None:
    text = (text or "").strip()
    if not text:
        return None
    try:
        value = int(text)
    except ValueError:
        errors.append(_("%(where)s: ”%(text)s” är inget heltal.") % {"where": where, "text": text})
        return None
    if value < low or (high is not None and value > high):
        errors.append(
            _("%(where)s: %(value)s ligger utanför %(low)s–%(high)s.")
            % {"where": where, "value": value, "low": low, "high": high if high else "…"}
        )
        return None
    return value


def _number(text: str, where: str, errors: list[str]) -> float | None:
    clean = "".join(text.split()).replace(",", ".").replace("\u2212", "-")
    try:
        value = float(clean)
    except ValueError:
        errors.append(_("%(where)s: ”%(text)s” är inget tal.") % {"where": where, "text": text})
        return None
    if value < 0:
        errors.append(_("%(where)s: talet får inte vara negativt.") % {"where": where})
        return None
    return value


def parse_question(post: Any, case: Case) -> dict[str, Any]:
    """The job's params from the form (``post``: a QueryDict or dict of strings); raises
    :class:`QuestionError` with every problem, each naming its field and line."""
    org = case.baseline
    names = _Names(org)
    errors: list[str] = []
    today = len(org.administrations)
    k = _int(post.get("administrations", ""), _("Antal förvaltningar"), errors, 1, 50)
    level = _int(post.get("level", ""), _("Nivå"), errors, 1, 10)
    max_moves = _int(post.get("max_moves", ""), _("Högst antal flyttade enheter"), errors, 0)
    limit = _int(post.get("time_limit", ""), _("Tidsgräns"), errors, 1, MAX_TIME_LIMIT)
    together: list[list[str]] = []
    for number, line in enumerate(_lines(post.get("together", "")), 1):
        where = _("Ska vara tillsammans, rad %(n)s") % {"n": number}
        group = [names.unit(p.strip(), where, errors) for p in line.split(",") if p.strip()]
        if len(group) < 2:
            errors.append(
                _("%(where)s: ange minst två enheter, åtskilda med komma.") % {"where": where}
            )
        together.append(group)
    apart: list[list[str]] = []
    for number, line in enumerate(_lines(post.get("apart", "")), 1):
        where = _("Ska vara åtskilda, rad %(n)s") % {"n": number}
        pair = [names.unit(p.strip(), where, errors) for p in line.split(",") if p.strip()]
        if len(pair) != 2:
            errors.append(
                _("%(where)s: ange precis två enheter, åtskilda med komma.") % {"where": where}
            )
        apart.append(pair)
    fixed: dict[str, str] = {}
    for number, line in enumerate(_lines(post.get("fixed", "")), 1):
        where = _("Låsta enheter, rad %(n)s") % {"n": number}
        unit, sep, adm = line.partition("=")
        if not sep:
            errors.append(_("%(where)s: skriv enhet = förvaltning.") % {"where": where})
            continue
        fixed[names.unit(unit.strip(), where, errors)] = names.adm(adm.strip(), where, errors)
    limits: dict[str, dict[str, float]] = {"min_fte": {}, "max_fte": {}}
    for field, label in (
        ("min_fte", _("Minsta årsarbetare")),
        ("max_fte", _("Högsta årsarbetare")),
    ):
        for number, line in enumerate(_lines(post.get(field, "")), 1):
            where = f"{label}, " + _("rad %(n)s") % {"n": number}
            adm, sep, value = line.partition("=")
            if not sep:
                errors.append(_("%(where)s: skriv förvaltning = antal.") % {"where": where})
                continue
            adm_id = names.adm(adm.strip(), where, errors)
            amount = _number(value.strip(), where, errors)
            if amount is not None:
                limits[field][adm_id] = amount
    if errors:
        raise QuestionError(errors)
    return {
        "administrations": k if k is not None else today,
        "level": level or 1,
        "together": together,
        "apart": apart,
        "fixed": fixed,
        "legal": bool(post.get("legal")),
        "min_fte": limits["min_fte"],
        "max_fte": limits["max_fte"],
        "max_moves": max_moves,
        "time_limit": limit or 10,
    }


def _constraints(params: dict[str, Any]) -> Constraints:
    return Constraints(
        together=[list(g) for g in params.get("together", [])],
        apart=[(a, b) for a, b in params.get("apart", [])],
        fixed=dict(params.get("fixed", {})),
        min_fte={k: float(v) for k, v in params.get("min_fte", {}).items()},
        max_fte={k: float(v) for k, v in params.get("max_fte", {}).items()},
        max_moves=params.get("max_moves"),
        legal=bool(params.get("legal", True)),
    )


def _cross_by_kind(case: Case, org: Organisation, kind: InteractionKind) -> float:
    chosen = [i for i in case.interactions if i.kind == kind]
    return _cross_weight(org, chosen, "administration")[0]


def run_design_search(ctx: Context, params: dict[str, Any]) -> dict[str, Any]:
    """The job: search, and return the proposal (JSON) — nothing is written to the case."""
    from oversyn.web.jobs.runner import JobError

    case = ctx.case
    k = int(params.get("administrations") or len(case.baseline.administrations))
    ctx.progress(0.05, _("Bygger sökproblemet …"))
    try:
        design = build_design(case, k, int(params.get("level") or 1), _constraints(params))
    except DesignError as exc:
        raise JobError(exc.message(current_lang())) from exc
    except ValueError as exc:
        raise JobError(str(exc)) from exc
    items = design.problem.n
    ctx.progress(
        0.15,
        _("Söker bland %(n)s enheter och %(k)s förvaltningar (högst %(s)s s) …")
        % {"n": items, "k": k, "s": params.get("time_limit", 10)},
    )
    try:
        solution = solve_design(design, time_limit=float(params.get("time_limit") or 10))
    except ValueError as exc:  # e.g. a together group with no common administration
        raise JobError(str(exc)) from exc
    impossible = _(
        "Ingen organisation uppfyller alla villkor (antal förvaltningar, låsta enheter, "
        "årsarbetargränser, laglig myndighetsutövning). Lätta på något villkor."
    )
    if not solution.assignment:
        raise JobError(impossible)
    ctx.progress(0.9, _("Skriver förslaget …"))
    alternative, summary = design_alternative(case, design, solution)
    if not summary.get("feasible"):  # the heuristic's best is not within the conditions
        raise JobError(impossible)
    after_case = case.model_copy(update={"alternatives": [alternative]})
    after = after_case.organisation(alternative.id)
    handoffs = InteractionKind.HANDOFFS
    summary["handoffs_before"] = _cross_by_kind(case, case.baseline, handoffs)
    summary["handoffs_after"] = _cross_by_kind(case, after, handoffs)
    summary["administrations_before"] = len(case.baseline.administrations)
    summary["administrations_after"] = k
    summary["bound"] = solution.bound
    return {
        "alternative": alternative.model_dump(mode="json"),
        "summary": summary,
    }
