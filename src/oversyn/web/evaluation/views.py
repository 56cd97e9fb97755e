"""Evaluation pages: criteria and weights (utredare), scoring (each bedömare), results.

The forms here have one field per alternative, principle or criterion, so the views read
``request.POST`` directly into the plain data the services validate (pydantic + the case's
own evaluation checks); every refusal comes back as the service's Swedish message.
"""

from __future__ import annotations

from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from oversyn.core.analysis import METRICS
from oversyn.core.evaluation.validate import COST_METRIC, evaluated_alternatives, is_cost_metric
from oversyn.core.ids import unique_id
from oversyn.web.evaluation import actions as esvc
from oversyn.web.evaluation import selectors as esel
from oversyn.web.platform import selectors as sel
from oversyn.web.platform import shared as svc
from oversyn.web.platform.lang import current_lang
from oversyn.web.platform.routes import Routes
from oversyn.web.platform.views import attempt, case_view, page_context

route = Routes()  # this module's URL patterns (urls.py), each beside its view


def _weight_modes() -> list[tuple[str, str]]:
    labels = {
        "equal": _("lika vikter"),
        "exact": _("exakta vikter"),
        "order": _("rangordning (viktigast först)"),
        "intervals": _("intervall (andel av totalen)"),
    }
    return list(labels.items())


def _float(text: str, what: str, errors: list[str]) -> float | None:
    """A number as a Swede writes it: decimal comma, spaces between thousands ("2 057 136")."""
    text = "".join(text.split()).replace(",", ".").replace("\u2212", "-")
    if not text:
        return None
    try:
        return float(text)
    except ValueError:
        errors.append(_("%(what)s: %(text)s är inget tal.") % {"what": what, "text": text})
        return None


def _num(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


def _entry(value: float | None) -> str:
    """A stored number in a form field, exactly and with a decimal comma (2057136, 0,5)."""
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else repr(float(value)).replace(".", ",")


def _posted_gate(post: Any, alt_ids: list[str], names: dict[str, str]) -> dict[str, Any]:
    """A gate form as the user filled it in (shown again after a refusal)."""
    gate = SimpleNamespace(
        id=post.get("id", ""),
        name=post.get("name", ""),
        description=post.get("description", ""),
        level=SimpleNamespace(value=post.get("level", "ska")),
        results=[],
    )
    answers = [
        {
            "id": a,
            "name": names.get(a, a),
            "answer": post.get(f"answer-{a}", ""),
            "note": post.get(f"note-{a}", ""),
        }
        for a in alt_ids
    ]
    return {"gate": gate, "answers": answers, "open": True}


def _principle_fields(p: Any) -> dict[str, Any]:
    scale = getattr(p, "scale", None)
    return {
        "p": p,
        "min_text": _num(scale.min) if scale else "",
        "max_text": _num(scale.max) if scale else "",
        "meaning_text": scale.meaning if scale else "",
    }


def _posted_principle(post: Any) -> dict[str, Any]:
    p = SimpleNamespace(
        id=post.get("id", ""), name=post.get("name", ""), description=post.get("description", "")
    )
    return {
        "p": p,
        "min_text": post.get("scale_min", ""),
        "max_text": post.get("scale_max", ""),
        "meaning_text": post.get("scale_meaning", ""),
        "open": True,
    }


def _metric_sources() -> list[tuple[str, list[tuple[str, str]]]]:
    """The source select: entered values, the yearly cost, each structural-analysis metric."""
    lang = current_lang()
    return [
        (
            _("Inmatat eller ur kostnaderna"),
            [
                ("values", _("Inmatade värden")),
                ("yearly_cost", _("Årskostnad (medel över åren)")),
                ("yearly_cost_year", _("Årskostnad för ett visst år")),
            ],
        ),
        (
            _("Strukturanalys"),
            [(f"analysis:{name}", info.label(lang)) for name, info in METRICS.items()],
        ),
    ]


def _directions() -> list[tuple[str, str]]:
    return [
        ("", _("enligt måttet")),
        ("higher", _("högre är bättre")),
        ("lower", _("lägre är bättre")),
    ]


def _metric_fields(m: Any, alt_ids: list[str], names: dict[str, str]) -> dict[str, Any]:
    """A measured criterion's form as stored (``m`` None: the empty new form)."""
    source, year = "values", ""
    if m is not None and is_cost_metric(m.metric):
        year = m.metric.partition(":")[2]
        source = "yearly_cost_year" if year else "yearly_cost"
    elif m is not None and m.metric is not None:
        source = f"analysis:{m.metric}"
    vf = m.value_function if m is not None else None
    return {
        "m": m,
        "source": source,
        "year": year,
        "direction": (m.direction or "") if m is not None else "",
        "worst_text": _entry(vf.worst) if vf else "",
        "best_text": _entry(vf.best) if vf else "",
        "points": list(vf.points) if vf else [],
        "values": [
            {
                "id": a,
                "name": names.get(a, a),
                "text": _entry(m.values.get(a)) if m is not None else "",
            }
            for a in alt_ids
        ],
    }


def _posted_metric(
    post: Any, alt_ids: list[str], names: dict[str, str], stored: Any
) -> dict[str, Any]:
    """A measured criterion's form as the user filled it in (shown again after a refusal)."""
    m = SimpleNamespace(
        id=post.get("id", ""),
        name=post.get("name", ""),
        description=post.get("description", ""),
        unit=post.get("unit", ""),
    )
    return {
        "m": m,
        "source": post.get("source", "values"),
        "year": post.get("year", ""),
        "direction": post.get("direction", ""),
        "worst_text": post.get("worst", ""),
        "best_text": post.get("best", ""),
        "points": list(stored.value_function.points) if stored is not None else [],
        "values": [
            {"id": a, "name": names.get(a, a), "text": post.get(f"value-{a}", "")} for a in alt_ids
        ],
        "open": True,
    }


def _criteria_context(
    access: sel.CaseAccess, errors: list[str], posted: tuple[str, Any] | None = None
) -> dict[str, Any]:
    """The criteria page; ``posted`` = (which form, request.POST) keeps what the user typed
    in the form that was refused, so nothing typed is lost."""
    form, post = posted if posted else ("", None)
    case = access.case
    ev = case.evaluation
    names = esel.alternative_names(case)
    alt_ids = evaluated_alternatives(case)
    gates = []
    for g in ev.gates:
        results = {r.alternative: r for r in g.results}
        if form == "gate" and post.get("gate_id") == g.id:
            gates.append({**_posted_gate(post, alt_ids, names), "base": post.get("base", "")})
            continue
        gates.append(
            {
                "gate": g,
                "base": svc.token(g),
                "answers": [
                    {
                        "id": a,
                        "name": names.get(a, a),
                        "answer": results[a].answer.value if a in results else "",
                        "note": results[a].note if a in results else "",
                    }
                    for a in alt_ids
                ],
            }
        )
    principles = []
    for p in ev.principles:
        fields = (
            _posted_principle(post)
            if form == "principle" and post.get("principle_id") == p.id
            else _principle_fields(p)
        )
        base = post.get("base", "") if fields.get("open") else svc.token(p)
        principles.append({**fields, "base": base, "delete_base": esvc.principle_token(ev, p.id)})
    new_gate = (
        _posted_gate(post, alt_ids, names)
        if form == "gate" and not post.get("gate_id")
        else {"gate": None, "answers": [{"id": a, "name": names.get(a, a)} for a in alt_ids]}
    )
    new_principle = (
        _posted_principle(post)
        if form == "principle" and not post.get("principle_id")
        else _principle_fields(None)
    )
    metrics = []
    for row in esel.metric_rows(case, current_lang()):
        m = row["m"]
        fields = (
            _posted_metric(post, alt_ids, names, m)
            if form == "metric" and post.get("metric_id") == m.id
            else _metric_fields(m, alt_ids, names)
        )
        base = post.get("base", "") if fields.get("open") else svc.token(m)
        metrics.append(
            {**row, "f": fields, "base": base, "delete_base": esvc.metric_token(ev, m.id)}
        )
    new_metric = (
        _posted_metric(post, alt_ids, names, None)
        if form == "metric" and not post.get("metric_id")
        else _metric_fields(None, alt_ids, names)
    )
    w = ev.weights
    criteria = [
        {
            "id": c,
            "name": ev.criterion_name(c),
            "value": w.values.get(c, ""),
            "order": w.order.index(c) + 1 if c in w.order else "",
            "lo": w.intervals[c][0] if c in w.intervals else "",
            "hi": w.intervals[c][1] if c in w.intervals else "",
        }
        for c in ev.criterion_ids()
    ]
    weights_mode, aggregation = w.mode, ev.aggregation
    if form == "weights":
        for c in criteria:
            for key, name in (("value", "value"), ("order", "order"), ("lo", "lo"), ("hi", "hi")):
                c[key] = post.get(f"{name}-{c['id']}", "")
        weights_mode = post.get("mode", w.mode)
        aggregation = post.get("aggregation", ev.aggregation)
    choices = [("nulage", names["nulage"])] + [(a.id, a.name) for a in case.alternatives]
    return page_context(
        access,
        alt_choices=[{"id": i, "name": n, "checked": i in alt_ids} for i, n in choices],
        alternatives_base=esvc.alternatives_token(ev),
        gates=gates,
        new_gate=new_gate,
        new_principle=new_principle,
        new_base=svc.token(None),
        principles=principles,
        metrics=metrics,
        metric_alternatives=[names.get(a, a) for a in alt_ids],
        new_metric=new_metric,
        metric_sources=_metric_sources(),
        directions=_directions(),
        criteria=criteria,
        weights_base=esvc.weights_token(ev),
        weight_modes=_weight_modes(),
        weights_mode=weights_mode,
        aggregation=aggregation,
        scale=ev.scale,
        errors=errors,
    )


@route("utvardering/kriterier/", "eval_criteria")
@case_view()
def criteria(request: HttpRequest, access: sel.CaseAccess) -> HttpResponse:
    return render(request, "evaluation/criteria.html", _criteria_context(access, []))


def _after(
    request: HttpRequest,
    access: sel.CaseAccess,
    service: Any,
    anchor: str,
    form: str = "",
    errors: list[str] | None = None,
    **kwargs: Any,
) -> HttpResponse:
    """Call the write ``service`` for this case with the form's version token (unless the
    form's own parsing found ``errors``); on a refusal show the page again with the messages
    and, for ``form``, what the user typed."""
    if not errors:
        outcome = attempt(
            lambda: service(
                actor=request.user,
                record=access.record,
                base=request.POST.get("base", ""),
                **kwargs,
            )
        )
        if outcome.ok:
            messages.success(request, _("Sparat."))
            return redirect(reverse("cases:eval_criteria", args=[access.record.key]) + anchor)
        errors = outcome.errors
    access = sel.case_for_user(request.user, access.record.key)
    context = _criteria_context(access, errors, (form, request.POST) if form else None)
    return render(request, "evaluation/criteria.html", context, status=400)


def _criterion_delete(service: Any, anchor: str) -> Any:
    """A criterion's delete button (its id is the URL's one argument): ``service``, then the
    criteria page at ``anchor`` (or the page again with the refusal)."""

    @require_POST
    @case_view(svc.EDIT)
    def view(request: HttpRequest, access: sel.CaseAccess, **crit: str) -> HttpResponse:
        return _after(request, access, service, anchor, **crit)

    return view


@route("utvardering/alternativ/", "eval_alternatives")
@require_POST
@case_view(svc.EDIT)
def alternatives_save(request: HttpRequest, access: sel.CaseAccess) -> HttpResponse:
    chosen = request.POST.getlist("alternatives")
    return _after(
        request,
        access,
        esvc.evaluation_alternatives_update,
        "#h-evalalts",
        alternatives=chosen,
    )


def _criterion_id(p: Any, case: Any, old_field: str) -> str:
    """The typed id, or for a new criterion without one an id made from its name (unique
    among the case's gates, principles and metrics): ids are shown, never required."""
    typed = str(p.get("id", "")).strip()
    if typed or p.get(old_field) or not str(p.get("name", "")).strip():
        return typed
    ev = case.evaluation
    taken = {c.id for c in (*ev.gates, *ev.principles, *ev.metrics)}
    return unique_id(str(p.get("name")).strip(), taken)


def _criterion_save(service: Any, anchor: str, form: str, parse: Any) -> Any:
    """A criterion form's POST address (``form``: "gate", "principle", "metric"): ``parse(post,
    case, errors)`` reads the posted form as the criterion's dict (adding to ``errors`` what
    it cannot read), ``service`` saves it (new, or the one named by ``<form>_id``); then the
    criteria page at ``anchor``, or the page again with the messages and what was typed."""

    @require_POST
    @case_view(svc.EDIT)
    def view(request: HttpRequest, access: sel.CaseAccess) -> HttpResponse:
        errors: list[str] = []
        data = parse(request.POST, access.case, errors)
        old = {f"{form}_id": request.POST.get(f"{form}_id") or None}
        return _after(request, access, service, anchor, form, errors=errors, data=data, **old)

    return view


def _gate_data(p: Any, case: Any, errors: list[str]) -> dict[str, Any]:
    """The posted gate form: its wording and level, and the answer per alternative."""
    results = []
    for alt in evaluated_alternatives(case):
        answer = p.get(f"answer-{alt}", "")
        if answer:
            results.append({"alternative": alt, "answer": answer, "note": p.get(f"note-{alt}", "")})
    return {
        "id": _criterion_id(p, case, "gate_id"),
        "name": p.get("name", "").strip(),
        "description": p.get("description", "").strip(),
        "level": p.get("level", "ska"),
        "results": results,
    }


gate_save = route("utvardering/krav/", "gate_save")(
    _criterion_save(esvc.gate_save, "#h-gates", "gate", _gate_data)
)
gate_delete = route("utvardering/krav/<str:gate_id>/ta-bort/", "gate_delete")(
    _criterion_delete(esvc.gate_delete, "#h-gates")
)


def _principle_data(p: Any, case: Any, errors: list[str]) -> dict[str, Any]:
    """The posted principle form, with its own scale when one of its fields is filled in."""
    data: dict[str, Any] = {
        "id": _criterion_id(p, case, "principle_id"),
        "name": p.get("name", "").strip(),
        "description": p.get("description", "").strip(),
    }
    lo = _float(p.get("scale_min", ""), _("Skalans minsta värde"), errors)
    hi = _float(p.get("scale_max", ""), _("Skalans högsta värde"), errors)
    meaning = p.get("scale_meaning", "").strip()
    if lo is not None or hi is not None or meaning:
        scale = case.evaluation.scale
        data["scale"] = {
            "min": scale.min if lo is None else lo,
            "max": scale.max if hi is None else hi,
            "meaning": meaning,
        }
    return data


principle_save = route("utvardering/principer/", "principle_save")(
    _criterion_save(esvc.principle_save, "#h-principles", "principle", _principle_data)
)


principle_delete = route("utvardering/principer/<str:principle_id>/ta-bort/", "principle_delete")(
    _criterion_delete(esvc.principle_delete, "#h-principles")
)


def _metric_data(post: Any, case: Any, errors: list[str]) -> dict[str, Any]:
    """The posted measured-criterion form as a :class:`Metric` dict; values are read only for
    the source "Inmatade värden", the year only for "Årskostnad för ett visst år"."""
    names = esel.alternative_names(case)
    data: dict[str, Any] = {
        "id": _criterion_id(post, case, "metric_id"),
        "name": post.get("name", "").strip(),
        "description": post.get("description", "").strip(),
        "unit": post.get("unit", "").strip(),
    }
    source = post.get("source", "values")
    if source == "values":
        values = {}
        for alt in evaluated_alternatives(case):
            what = _("Värde för %(alt)s") % {"alt": names.get(alt, alt)}
            v = _float(post.get(f"value-{alt}", ""), what, errors)
            if v is not None:
                values[alt] = v
        data["values"] = values
    elif source == "yearly_cost":
        data["metric"] = COST_METRIC
    elif source == "yearly_cost_year":
        year = post.get("year", "").strip()
        if len(year) == 4 and year.isdigit():
            data["metric"] = f"{COST_METRIC}:{year}"
        else:
            errors.append(
                _("År: skriv året med fyra siffror, t.ex. 2018 (du skrev ”%(year)s”).")
                % {"year": year}
            )
    elif source.removeprefix("analysis:") in METRICS:
        data["metric"] = source.removeprefix("analysis:")
    else:
        errors.append(_("Välj varifrån värdena kommer."))
    if post.get("direction") in ("higher", "lower"):
        data["direction"] = post["direction"]
    vf: dict[str, Any] = {}
    for key, what in (("worst", _("Sämsta värde")), ("best", _("Bästa värde"))):
        v = _float(post.get(key, ""), what, errors)
        if v is not None:
            vf[key] = v
    stored = next((m for m in case.evaluation.metrics if m.id == post.get("metric_id")), None)
    if stored is not None and stored.value_function.points:  # from the case file: kept
        vf["points"] = stored.value_function.points
    data["value_function"] = vf
    return data


metric_save = route("utvardering/matt/", "metric_save")(
    _criterion_save(esvc.metric_save, "#h-metrics", "metric", _metric_data)
)


metric_delete = route("utvardering/matt/<str:metric_id>/ta-bort/", "metric_delete")(
    _criterion_delete(esvc.metric_delete, "#h-metrics")
)


@route("utvardering/vikter/", "weights_save")
@require_POST
@case_view(svc.EDIT)
def weights_save(request: HttpRequest, access: sel.CaseAccess) -> HttpResponse:
    p = request.POST
    errors: list[str] = []
    mode = p.get("mode", "equal")
    ev = access.case.evaluation
    weights: dict[str, Any] = {"mode": mode}
    if mode == "exact":
        values = {}
        for c in ev.criterion_ids():
            v = _float(p.get(f"value-{c}", ""), ev.criterion_name(c), errors)
            if v is not None:
                values[c] = v
        weights["values"] = values
    elif mode == "order":
        positions = []
        for c in ev.criterion_ids():
            v = _float(p.get(f"order-{c}", ""), ev.criterion_name(c), errors)
            if v is not None:
                positions.append((v, c))
        weights["order"] = [c for _v, c in sorted(positions)]
    elif mode == "intervals":
        intervals = {}
        for c in ev.criterion_ids():
            lo = _float(p.get(f"lo-{c}", ""), ev.criterion_name(c), errors)
            hi = _float(p.get(f"hi-{c}", ""), ev.criterion_name(c), errors)
            if lo is not None and hi is not None:
                intervals[c] = (lo, hi)
        weights["intervals"] = intervals

    return _after(
        request,
        access,
        esvc.weights_update,
        "#h-weights",
        "weights",
        errors=errors,
        weights=weights,
        aggregation=p.get("aggregation", "mean"),
    )


@route("utvardering/poang/", "eval_scoring")
@case_view(svc.SCORE)
def scoring(request: HttpRequest, access: sel.CaseAccess) -> HttpResponse:
    """The actor's own scoring form: a score and a motivation per alternative and principle."""
    assessor = esvc.assessor_id_for(request.user)
    ev = access.case.evaluation
    rows = esel.scoring_rows(access.case, assessor)
    errors: list[str] = []
    status = 200
    base = esvc.scores_token(ev, assessor)
    if request.method == "POST":
        p = request.POST
        scores = []
        for row in rows:
            for cell in row["cells"]:
                cell.motivation = p.get(f"motivation-{cell.field}", "").strip()
                raw = p.get(f"score-{cell.field}", "")
                what = f"{row['name']}, {cell.principle.name}"
                cell.score = _float(raw, what, errors)
                if cell.score is None:
                    continue
                if not cell.min <= cell.score <= cell.max:
                    errors.append(
                        _("%(what)s: poängen ska ligga mellan %(lo)s och %(hi)s.")
                        % {"what": what, "lo": f"{cell.min:g}", "hi": f"{cell.max:g}"}
                    )
                scores.append(
                    {
                        "alternative": cell.alternative,
                        "criterion": cell.principle.id,
                        "score": cell.score,
                        "motivation": cell.motivation,
                    }
                )
        if not errors:
            try:
                esvc.scores_save(
                    actor=request.user,
                    record=access.record,
                    scores=scores,
                    base=p.get("base", ""),
                )
            except svc.ServiceError as exc:
                errors = exc.messages
            else:
                messages.success(request, _("Dina poäng och motiveringar är sparade."))
                return redirect("cases:eval_results", key=access.record.key)
        status = 400
        base = p.get("base", base)
    assessor_name = next((a.name for a in ev.assessors if a.id == assessor), "")
    return render(
        request,
        "evaluation/scoring.html",
        page_context(
            access,
            rows=rows,
            base=base,
            errors=errors,
            assessor=assessor,
            assessor_name=assessor_name or request.user.get_username(),
            scale=ev.scale,
        ),
        status=status,
    )


@route("utvardering/", "eval_results")
@case_view()
def results(request: HttpRequest, access: sel.CaseAccess) -> HttpResponse:
    return _results_page(request, access)


def _results_page(
    request: HttpRequest,
    access: sel.CaseAccess,
    smaa_form: dict[str, Any] | None = None,
    smaa_errors: list[str] | None = None,
) -> HttpResponse:
    from oversyn.web.evaluation.jobs import KIND, MAX_SAMPLES, MIN_SAMPLES
    from oversyn.web.jobs.models import Job
    from oversyn.web.jobs.views import shown_jobs

    lang = current_lang()
    jobs = shown_jobs(request, access.record, KIND, done_too=True)
    done = Job.objects.filter(case=access.record, kind=KIND, status="done").first()
    smaa_job = (
        esel.smaa_job_result(done, access.case, access.record.version, lang) if done else None
    )
    return render(
        request,
        "evaluation/results.html",
        page_context(
            access,
            r=esel.evaluation_results(access.case, lang),
            can_score=access.can(svc.SCORE),
            smaa_jobs=jobs,
            smaa_job=smaa_job,
            smaa_form=smaa_form or {"samples": "100000", "seed": "0"},
            smaa_errors=smaa_errors or [],
            smaa_limits={"lo": MIN_SAMPLES, "hi": MAX_SAMPLES},
        ),
        status=400 if smaa_errors else 200,
    )


@route("utvardering/robusthet/", "eval_smaa_job")
@require_POST
@case_view(svc.EDIT)
def smaa_job_start(request: HttpRequest, access: sel.CaseAccess) -> HttpResponse:
    """Start "Robusthetsanalys med fler dragningar" (a job); the page then shows its progress."""
    from oversyn.web.evaluation.jobs import KIND, SmaaQuestionError, parse_smaa_question
    from oversyn.web.jobs.runner import start_job
    from oversyn.web.jobs.views import job_started

    try:
        params = parse_smaa_question(request.POST)
    except SmaaQuestionError as exc:
        form = {k: request.POST.get(k, "") for k in ("samples", "seed")}
        return _results_page(request, access, form, exc.messages)
    job = start_job(actor=request.user, record=access.record, kind=KIND, params=params)
    started = _("Robusthetsanalysen startade i bakgrunden.")
    return job_started(request, access.record, job, "eval_results", started, "#h-smaa-job")


def _part_post(
    request: HttpRequest,
    access: sel.CaseAccess,
    values: dict[str, str],
    parse: Callable[[dict[str, str], list[str]], dict[str, Any]],
    save: Callable[..., Any],
    saved: str,
    back: str,
) -> tuple[dict[str, str], list[str], int, HttpResponse | None]:
    """The one form of an evaluation-wide part (the conclusion, the scale): ``values`` (the
    stored ones, with ``base``) for a GET; on a POST, for the utredare, the typed values
    (stripped), ``parse(typed, errors)`` reads them as the part's data and ``save(actor=,
    record=, data=, base=)`` saves it, then the message ``saved`` and a redirect to the case
    page ``back``.  Returns (the values to show, the errors, the status, the redirect)."""
    if request.method != "POST":
        return values, [], 200, None
    access.require(svc.EDIT)
    typed = {k: request.POST.get(k, "").strip() for k in values}
    errors: list[str] = []
    data = parse(typed, errors)
    if not errors:
        outcome = attempt(
            lambda: save(actor=request.user, record=access.record, data=data, base=typed["base"])
        )
        if outcome.ok:
            messages.success(request, saved)
            return typed, [], 200, redirect(back, key=access.record.key)
        errors = outcome.errors
    return typed, errors, 400, None


def _scale_data(typed: dict[str, str], errors: list[str]) -> dict[str, Any]:
    """The typed scale: what the scores mean, and the lowest and highest score as numbers."""
    data: dict[str, Any] = {"meaning": typed["meaning"]}
    for name, label in (("min", _("Lägsta poäng")), ("max", _("Högsta poäng"))):
        number = _float(typed[name], label, errors)
        if number is not None:
            data[name] = number
    return data


@route("utvardering/slutsats/", "eval_conclusion")
@case_view()
def conclusion(request: HttpRequest, access: sel.CaseAccess) -> HttpResponse:
    """The evaluation's conclusion: the proposed alternative (Nuläge is a choice), who
    concluded it and the text; what the evaluation itself gives is shown beside it."""
    from oversyn.core.case import BASELINE_ID
    from oversyn.core.evaluation.engine import evaluate_case

    case = access.case
    ev = case.evaluation
    current = ev.conclusion
    values = {
        "alternative": current.alternative if current and current.alternative else "",
        "by": current.by if current and current.by else "",
        "text": current.text if current else "",
        "base": esvc.conclusion_token(ev),
    }
    values, errors, status, saved = _part_post(
        request,
        access,
        values,
        lambda typed, errors: {k: typed[k] for k in ("alternative", "by", "text")},
        esvc.conclusion_save,
        _("Slutsatsen sparades."),
        "cases:eval_results",
    )
    if saved is not None:
        return saved
    lang = current_lang()
    result = evaluate_case(case, lang, samples=0) if not ev.is_empty() else None
    excluded = {a.id for a in result.alternatives if a.excluded} if result else set()
    options = [
        {
            "id": alt_id,
            "name": case.alternative_name(alt_id, lang),
            "excluded": alt_id in excluded,
        }
        for alt_id in case.alternative_ids()
    ]
    proposal = result.proposal() if result is not None else (None, "none")
    return render(
        request,
        "evaluation/conclusion.html",
        page_context(
            access,
            values=values,
            options=options,
            assessors=ev.assessors,
            errors=errors,
            computed=case.alternative_name(proposal[0], lang) if proposal[0] else "",
            computed_reason=proposal[1],
            baseline_id=BASELINE_ID,
        ),
        status=status,
    )


@route("utvardering/skala/", "eval_scale")
@case_view()
def scale(request: HttpRequest, access: sel.CaseAccess) -> HttpResponse:
    """The evaluation-wide score scale (lowest, highest score, what the scores mean), on
    which every principle without a scale of its own is scored."""
    ev = access.case.evaluation
    values = {
        "min": _entry(ev.scale.min),
        "max": _entry(ev.scale.max),
        "meaning": ev.scale.meaning,
        "base": esvc.scale_token(ev),
    }
    values, errors, status, saved = _part_post(
        request,
        access,
        values,
        _scale_data,
        esvc.scale_save,
        _("Poängskalan sparades."),
        "cases:eval_criteria",
    )
    if saved is not None:
        return saved
    own = [p.name for p in ev.principles if p.scale is not None]
    return render(
        request,
        "evaluation/scale.html",
        page_context(access, values=values, errors=errors, own_scale=own),
        status=status,
    )
