"""Evaluation and document pages: services, roles, audit and template upload.

Worked example: seed 000 (examples/ia-till-ifo.yaml) evaluates ``nulage`` and ``ia-till-ifo``
on four principles (samverkan, styrning, service, resurser) on the scale 0–3, with equal
weights.  Hand-worked: a bedömare who gives IA → IFO 3, 3, 2, 2 and nuläge 1, 1, 2, 1 gives
weighted sums 3+3+2+2 = 10 and 1+1+2+1 = 5 (equal weights rescaled to sum 4, so the
weighted sum is the plain sum), so IA → IFO ranks first.
"""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from oversyn.web.cases.models import AuditRecord, CaseRecord, CaseTemplate
from oversyn.web.evaluation import actions as esvc
from oversyn.web.platform import shared

pytestmark = pytest.mark.django_db

PRINCIPLES = ["samverkan", "styrning", "service", "resurser"]
BEDOMARE_SCORES = {"ia-till-ifo": [3, 3, 2, 2], "nulage": [1, 1, 2, 1]}


def _case(record):
    return shared.load(CaseRecord.objects.get(pk=record.pk))


def _scores(values):
    return [
        {"alternative": alt, "criterion": c, "score": s, "motivation": f"{alt}/{c}: skäl"}
        for alt, row in values.items()
        for c, s in zip(PRINCIPLES, row, strict=True)
    ]


def _score_as(user, record, values):
    ev = _case(record).evaluation
    return esvc.scores_save(
        actor=user,
        record=record,
        scores=_scores(values),
        base=esvc.scores_token(ev, esvc.assessor_id_for(user)),
    )


def test_each_assessor_changes_only_their_own_scores(record, users):
    _score_as(users["utredare"], record, {"ia-till-ifo": [2, 2, 2, 2], "nulage": [1, 1, 1, 1]})
    before = [a for a in _case(record).evaluation.assessments if a.assessor == "utredare"]
    _score_as(users["bedomare"], record, BEDOMARE_SCORES)
    _score_as(users["bedomare"], record, {"ia-till-ifo": [3, 3, 3, 3], "nulage": [0, 0, 0, 0]})
    ev = _case(record).evaluation
    assert [a for a in ev.assessments if a.assessor == "utredare"] == before
    mine = {
        (a.alternative, a.criterion): a.score for a in ev.assessments if a.assessor == "bedomare"
    }
    assert mine[("ia-till-ifo", "service")] == 3
    assert mine[("nulage", "samverkan")] == 0
    assert len(mine) == 8
    assert {a.id for a in ev.assessors} == {"utredare", "bedomare"}


def test_score_needs_motivation(record, users):
    scores = _scores(BEDOMARE_SCORES)
    scores[0]["motivation"] = " "
    with pytest.raises(shared.ServiceError, match="motivering"):
        esvc.scores_save(
            actor=users["bedomare"],
            record=record,
            scores=scores,
            base=esvc.scores_token(_case(record).evaluation, "bedomare"),
        )
    assert _case(record).evaluation.assessments == []


def test_lasare_cannot_score_service_or_view(record, users, client):
    with pytest.raises(PermissionDenied):
        _score_as(users["lasare"], record, BEDOMARE_SCORES)
    client.force_login(users["lasare"])
    url = reverse("cases:eval_scoring", args=[record.key])
    assert client.get(url).status_code == 403
    assert client.post(url, {"score-0-0": "2", "motivation-0-0": "x"}).status_code == 403
    assert _case(record).evaluation.assessments == []


def test_bedomare_cannot_change_criteria(record, users, client):
    ev = _case(record).evaluation
    with pytest.raises(PermissionDenied):
        esvc.weights_update(
            actor=users["bedomare"],
            record=record,
            weights={"mode": "equal"},
            aggregation="median",
            base=esvc.weights_token(ev),
        )
    client.force_login(users["bedomare"])
    response = client.post(
        reverse("cases:gate_save", args=[record.key]),
        {"id": "g1", "name": "Krav", "level": "ska", "base": shared.token(None)},
    )
    assert response.status_code == 403
    assert _case(record).evaluation.gates == []


def test_criteria_and_scores_are_audited(record, users):
    ev = _case(record).evaluation
    esvc.gate_save(
        actor=users["utredare"],
        record=record,
        gate_id=None,
        data={
            "id": "lag",
            "name": "Följer lagen",
            "level": "ska",
            "results": [
                {"alternative": "nulage", "answer": "ja"},
                {"alternative": "ia-till-ifo", "answer": "delvis", "note": "Ja exkl. 1"},
            ],
        },
        base=shared.token(None),
    )
    esvc.weights_update(
        actor=users["utredare"],
        record=record,
        weights={"mode": "order", "order": ["samverkan", "service", "styrning", "resurser"]},
        aggregation="mean",
        base=esvc.weights_token(ev),
    )
    _score_as(users["bedomare"], record, BEDOMARE_SCORES)
    gate = AuditRecord.objects.get(case=record, object_type="gate")
    assert gate.before is None and gate.after["results"][1]["note"] == "Ja exkl. 1"
    weights = AuditRecord.objects.get(case=record, object_type="weights")
    assert weights.before["weights"]["mode"] == "equal"
    assert weights.after["weights"]["order"][0] == "samverkan"
    scores = AuditRecord.objects.get(case=record, object_type="scores")
    assert scores.user == users["bedomare"] and scores.before == [] and len(scores.after) == 8


def test_stale_criteria_form_is_a_conflict(record, users):
    stale = esvc.weights_token(_case(record).evaluation)
    esvc.weights_update(
        actor=users["utredare"],
        record=record,
        weights={"mode": "equal"},
        aggregation="median",
        base=stale,
    )
    with pytest.raises(shared.ConflictError):
        esvc.weights_update(
            actor=users["utredare"],
            record=record,
            weights={"mode": "equal"},
            aggregation="mean",
            base=stale,
        )


def test_scoring_form_and_results_page(record, users, client):
    client.force_login(users["bedomare"])
    url = reverse("cases:eval_scoring", args=[record.key])
    page = client.get(url)
    assert page.status_code == 200
    base = page.context["base"]
    data = {"base": base}
    for n, alt in enumerate(["nulage", "ia-till-ifo"]):
        for m, score in enumerate(BEDOMARE_SCORES[alt]):
            data[f"score-{n}-{m}"] = str(score)
            data[f"motivation-{n}-{m}"] = "Motiverat."
    response = client.post(url, data)
    assert response.status_code == 302
    results = client.get(reverse("cases:eval_results", args=[record.key]))
    ranking = results.context["r"]["ranking"]
    assert [(a["rank"], a["score"]) for a in ranking] == [(1, "10"), (2, "5")]
    assert "IA flyttas till IFO" in ranking[0]["name"]
    assert results.context["r"]["smaa"]["chart"]["src"].startswith("data:image/png;base64,")
    assert b"Rangacceptans i tabellform" in results.content


def test_scoring_form_keeps_input_on_error(record, users, client):
    client.force_login(users["bedomare"])
    url = reverse("cases:eval_scoring", args=[record.key])
    base = client.get(url).context["base"]
    response = client.post(url, {"base": base, "score-0-0": "7", "motivation-0-0": "För högt"})
    assert response.status_code == 400
    assert "mellan 0 och 3" in response.content.decode()
    assert "För högt" in response.content.decode()


def test_criteria_forms_keep_input_on_error(record, users, client):
    """A refused gate, principle or weights form comes back with what the user typed."""
    client.force_login(users["utredare"])
    page = client.get(reverse("cases:eval_criteria", args=[record.key]))
    new_base = page.context["new_base"]
    # a new gate whose id is taken: the level and the per-alternative answers come back
    gate = {"base": new_base, "id": "lagkrav-x", "name": "Lagkrav", "level": "ska"}
    url = reverse("cases:gate_save", args=[record.key])
    assert client.post(url, gate).status_code == 302
    response = client.post(
        url,
        {
            **gate,
            "name": "Lagkrav igen",
            "level": "bör",
            "answer-ia-till-ifo": "delvis",
            "note-ia-till-ifo": "Oklart om SoL",
        },
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "används redan" in html
    assert 'value="Lagkrav igen"' in html and "Oklart om SoL" in html
    assert '<option value="delvis" selected>' in html
    # an existing principle with a scale bound that is not a number: the text stays
    principle = _case(record).evaluation.principles[0]
    response = client.post(
        reverse("cases:principle_save", args=[record.key]),
        {
            "principle_id": principle.id,
            "base": shared.token(principle),
            "id": principle.id,
            "name": "Samverkan över gränser",
            "description": "Ny text",
            "scale_min": "noll",
            "scale_max": "3",
        },
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "noll är inget tal" in html
    assert 'value="Samverkan över gränser"' in html and 'value="noll"' in html
    # weights: the typed numbers and the chosen mode stay
    page = client.get(reverse("cases:eval_criteria", args=[record.key]))
    response = client.post(
        reverse("cases:weights_save", args=[record.key]),
        {
            "base": page.context["weights_base"],
            "mode": "exact",
            "aggregation": "median",
            "value-samverkan": "2",
            "value-styrning": "tre",
        },
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert 'name="value-styrning" value="tre"' in html
    assert '<option value="exact" selected>' in html
    assert '<option value="median" selected>' in html
    assert _case(record).evaluation.weights.mode == "equal"  # nothing stored


def _docx_bytes(heading="Mall"):
    from docx import Document

    doc = Document()
    doc.add_heading(heading, 1)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def test_template_upload_validated_and_used(record, users, client):
    client.force_login(users["utredare"])
    url = reverse("cases:document", args=[record.key])
    bad = client.post(url, {"file": SimpleUploadedFile("mall.docx", b"not a zip")})
    assert bad.status_code == 400
    assert "inte ett Word-dokument" in bad.content.decode()
    wrong = client.post(url, {"file": SimpleUploadedFile("mall.txt", b"x")})
    assert "måste vara ett Word-dokument" in wrong.content.decode()
    assert not CaseTemplate.objects.exists()
    assert not AuditRecord.objects.filter(object_type="template").exists()
    good = client.post(url, {"file": SimpleUploadedFile("kommun.docx", _docx_bytes())})
    assert good.status_code == 302
    assert CaseTemplate.objects.get(case=record).filename == "kommun.docx"
    audit = AuditRecord.objects.get(object_type="template")
    assert audit.after["filename"] == "kommun.docx" and audit.user == users["utredare"]
    response = client.get(reverse("cases:document_download", args=[record.key, "docx"]))
    from docx import Document

    word = Document(io.BytesIO(response.content))
    headings = [p.text for p in word.paragraphs if p.style.name.startswith("Heading")]
    assert "Förslag till beslut" in headings


def test_bedomare_cannot_upload_template(record, users, client):
    client.force_login(users["bedomare"])
    url = reverse("cases:document", args=[record.key])
    response = client.post(url, {"file": SimpleUploadedFile("kommun.docx", _docx_bytes())})
    assert response.status_code == 403
    assert not CaseTemplate.objects.exists()


def test_preview_is_sandboxed(record, users, client):
    client.force_login(users["lasare"])
    response = client.get(reverse("cases:document_preview", args=[record.key]))
    assert response.status_code == 200
    assert "sandbox" in response["Content-Security-Policy"]
    assert "Förslag till beslut" in response.content.decode()


def test_criteria_page_renders_for_all_roles(record, users, client):
    for name in ("utredare", "bedomare", "lasare"):
        client.force_login(users[name])
        assert client.get(reverse("cases:eval_criteria", args=[record.key])).status_code == 200


def test_criteria_forms_through_the_views(record, users, client):
    """A gate answered per alternative, an order of weights, and a bad number in Swedish."""
    client.force_login(users["utredare"])
    response = client.post(
        reverse("cases:gate_save", args=[record.key]),
        {
            "base": shared.token(None),
            "id": "samlat",
            "name": "Samlat ansvar för försörjningsstöd",
            "level": "ska",
            "answer-nulage": "nej",
            "answer-ia-till-ifo": "ja",
            "note-ia-till-ifo": "IA och IFO i samma förvaltning",
        },
    )
    assert response.status_code == 302
    ev = _case(record).evaluation
    answers = {r.alternative: r.answer.value for r in ev.gates[0].results}
    assert answers == {"nulage": "nej", "ia-till-ifo": "ja"}
    response = client.post(
        reverse("cases:weights_save", args=[record.key]),
        {
            "base": esvc.weights_token(ev),
            "mode": "order",
            "aggregation": "median",
            "order-samverkan": "1",
            "order-styrning": "3",
            "order-service": "2",
            "order-resurser": "4",
        },
    )
    assert response.status_code == 302
    ev = _case(record).evaluation
    assert ev.weights.order == ["samverkan", "service", "styrning", "resurser"]
    assert ev.aggregation == "median"
    response = client.post(
        reverse("cases:weights_save", args=[record.key]),
        {"base": esvc.weights_token(ev), "mode": "exact", "value-samverkan": "mycket"},
    )
    assert response.status_code == 400
    assert "mycket är inget tal" in response.content.decode()
    # nuläge fails a ska gate: the results page names the exclusion
    results = client.get(reverse("cases:eval_results", args=[record.key])).content.decode()
    assert "utesluts eftersom ett ska-krav besvaras med Nej" in results


# -- measured (metric) criteria on the criteria page -------------------------------------------
#
# Worked example: seed 003 (examples/flyktingverksamhet-2018.yaml) has cost lines for 2018:
# "Behåll" 4 personer × 42 857 kr/månad × 12 = 2 057 136 kr; "Samla under UN" an own HVB
# 150 000–320 000 kr/månad × 12 = 1 800 000–3 840 000 kr, whose middle is 2 820 000 kr.
# Swedish numbers on the page have a no-break space between thousands.

NBSP = "\u00a0"


def _criteria_page(client, record):
    return client.get(reverse("cases:eval_criteria", args=[record.key]))


def _metric_form(**fields):
    return {"source": "values", "direction": "", "unit": "", **fields}


def test_yearly_cost_criterion_added_through_the_view(record_2018, users, client):
    client.force_login(users["utredare"])
    ev = _case(record_2018).evaluation
    # the example already holds this criterion: remove it, then add it again in the web app
    response = client.post(
        reverse("cases:metric_delete", args=[record_2018.key, "kostnad-2018"]),
        {"base": esvc.metric_token(ev, "kostnad-2018")},
    )
    assert response.status_code == 302
    html = _criteria_page(client, record_2018).content.decode()
    assert "Inga mätta kriterier ännu." in html and f"2{NBSP}057{NBSP}136" not in html
    response = client.post(
        reverse("cases:metric_save", args=[record_2018.key]),
        _metric_form(
            base=shared.token(None),
            id="hvb-kostnad",
            name="Kostnad för HVB",
            source="yearly_cost_year",
            year="2018",
            unit="kr",
        ),
    )
    assert response.status_code == 302
    metric = _case(record_2018).evaluation.metrics[0]
    assert (metric.id, metric.metric, metric.direction, metric.values) == (
        "hvb-kostnad",
        "yearly_cost:2018",
        None,
        {},
    )
    page = _criteria_page(client, record_2018)
    html = page.content.decode()
    assert "Årskostnad 2018 ur kostnadsposterna" in html
    assert f'<td class="num">2{NBSP}820{NBSP}000</td>' in html
    assert f'<td class="num">2{NBSP}057{NBSP}136</td>' in html
    assert "lägre är bättre" in html  # the yearly cost's own direction
    # the weights table has the new criterion
    assert "hvb-kostnad" in [c["id"] for c in page.context["criteria"]]
    assert 'name="value-hvb-kostnad"' in html
    audit = AuditRecord.objects.filter(case=record_2018, object_type="metric").order_by("pk")
    assert [(a.action, a.object_id) for a in audit] == [
        ("delete", "kostnad-2018"),
        ("create", "hvb-kostnad"),
    ]
    assert audit[0].before["metric"]["metric"] == "yearly_cost:2018" and audit[0].after is None
    assert audit[1].before is None and audit[1].after["metric"] == "yearly_cost:2018"
    assert audit[1].user == users["utredare"]


def test_entered_values_with_decimal_comma_and_spaces(record, users, client):
    client.force_login(users["utredare"])
    url = reverse("cases:metric_save", args=[record.key])
    response = client.post(
        url,
        _metric_form(
            base=shared.token(None),
            id="vantetid",
            name="Väntetid till första besök",
            unit="dagar",
            direction="lower",
            **{"value-nulage": "12,5", "value-ia-till-ifo": "0,5"},
            worst="30",
            best="0",
        ),
    )
    assert response.status_code == 302
    metric = _case(record).evaluation.metrics[0]
    assert metric.values == {"nulage": 12.5, "ia-till-ifo": 0.5}
    assert (metric.value_function.worst, metric.value_function.best) == (30.0, 0.0)
    html = _criteria_page(client, record).content.decode()
    assert "Inmatade värden" in html
    assert '<td class="num">12,5</td>' in html and '<td class="num">0,5</td>' in html
    assert 'name="value-nulage" value="12,5"' in html  # the edit form, Swedish style
    # change it: spaces between thousands, a new name; the audit has before and after
    response = client.post(
        url,
        _metric_form(
            metric_id="vantetid",
            base=shared.token(metric),
            id="vantetid",
            name="Väntetid (dagar)",
            direction="lower",
            **{"value-nulage": "2 057 136", "value-ia-till-ifo": "1\u00a0000,25"},
        ),
    )
    assert response.status_code == 302
    metric = _case(record).evaluation.metrics[0]
    assert metric.values == {"nulage": 2057136.0, "ia-till-ifo": 1000.25}
    assert metric.name == "Väntetid (dagar)" and metric.value_function.worst is None
    update = AuditRecord.objects.get(case=record, object_type="metric", action="update")
    assert update.before["values"]["nulage"] == 12.5
    assert update.after["values"]["nulage"] == 2057136.0
    html = _criteria_page(client, record).content.decode()
    assert f'<td class="num">2{NBSP}057{NBSP}136</td>' in html
    assert f'<td class="num">1{NBSP}000,25</td>' in html


def test_structural_metric_criterion_uses_the_analysis(record, users, client):
    client.force_login(users["utredare"])
    response = client.post(
        reverse("cases:metric_save", args=[record.key]),
        _metric_form(
            base=shared.token(None),
            id="gransandel",
            name="Samverkan över gränsen",
            source="analysis:cross_boundary_interaction_share",
        ),
    )
    assert response.status_code == 302
    case = _case(record)
    metric = case.evaluation.metrics[0]
    assert metric.metric == "cross_boundary_interaction_share" and metric.direction is None
    from oversyn.core.evaluation.engine import evaluate_case
    from oversyn.core.fmt import format_share

    values = evaluate_case(case, "sv", samples=0).metric_values["gransandel"]
    html = _criteria_page(client, record).content.decode()
    assert "Strukturanalys: Andel samverkan över förvaltningsgräns" in html
    for value in values.values():
        assert f'<td class="num">{format_share(value, 1, "sv")}</td>' in html


def test_bedomare_cannot_add_or_delete_metric_criteria(record_2018, users, client):
    client.force_login(users["bedomare"])
    before = _case(record_2018).evaluation
    response = client.post(
        reverse("cases:metric_save", args=[record_2018.key]),
        _metric_form(base=shared.token(None), id="x", name="X", **{"value-nulage": "1"}),
    )
    assert response.status_code == 403
    response = client.post(
        reverse("cases:metric_delete", args=[record_2018.key, "kostnad-2018"]),
        {"base": esvc.metric_token(before, "kostnad-2018")},
    )
    assert response.status_code == 403
    assert _case(record_2018).evaluation == before
    assert not AuditRecord.objects.filter(case=record_2018, object_type="metric").exists()
    # the bedömare sees the criterion and its values, read only
    html = _criteria_page(client, record_2018).content.decode()
    assert "Årskostnad 2018 ur kostnadsposterna" in html
    assert f"2{NBSP}057{NBSP}136" in html
    assert reverse("cases:metric_save", args=[record_2018.key]) not in html


def test_refused_metric_form_keeps_what_was_typed(record, users, client):
    """The IA case has no cost lines: a yearly-cost criterion is refused in Swedish, and a
    value that is not a number too; the form comes back as typed, nothing is stored."""
    client.force_login(users["utredare"])
    url = reverse("cases:metric_save", args=[record.key])
    response = client.post(
        url,
        _metric_form(
            base=shared.token(None),
            id="kostnad",
            name="Årskostnad för IA",
            source="yearly_cost",
            unit="tkr",
            description="Ur budgeten",
        ),
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "Årskostnad för IA: årskostnaden hämtas ur ärendets kostnadsposter" in html
    assert 'value="Årskostnad för IA"' in html and 'value="tkr"' in html
    assert '<option value="yearly_cost" selected>' in html
    assert ">Ur budgeten</textarea>" in html
    assert 'id="m-new-id"' in html and '<details class="box" open><summary>Nytt mätt' in html
    response = client.post(
        url,
        _metric_form(
            base=shared.token(None),
            id="vantetid",
            name="Väntetid",
            direction="lower",
            **{"value-nulage": "tre", "value-ia-till-ifo": "2,5"},
        ),
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "Värde för Nuläge: tre är inget tal." in html
    assert 'name="value-nulage" value="tre"' in html
    assert 'name="value-ia-till-ifo" value="2,5"' in html
    assert '<option value="lower" selected>' in html
    # entered values without a direction: which way is better is asked for
    response = client.post(
        url,
        _metric_form(base=shared.token(None), id="v", name="Väntetid", **{"value-nulage": "3"}),
    )
    assert response.status_code == 400
    assert "Väntetid: välj vilket håll som är bättre" in response.content.decode()
    assert _case(record).evaluation.metrics == []
    assert not AuditRecord.objects.filter(case=record, object_type="metric").exists()


def test_refused_edit_of_a_metric_keeps_the_typed_year(record_2018, users, client):
    client.force_login(users["utredare"])
    metric = _case(record_2018).evaluation.metrics[0]
    form = _metric_form(
        metric_id=metric.id,
        base=shared.token(metric),
        id=metric.id,
        name="Kostnad för HVB",
        source="yearly_cost_year",
        unit="kr",
    )
    url = reverse("cases:metric_save", args=[record_2018.key])
    for year, message in (
        ("tjugo", "År: skriv året med fyra siffror, t.ex. 2018 (du skrev ”tjugo”)."),
        ("2031", "Kostnad för HVB: Kostnadsposterna gäller åren 2018–2019, inte 2031"),
    ):
        response = client.post(url, {**form, "year": year})
        html = response.content.decode()
        assert response.status_code == 400
        assert message in html
        assert f'name="year" value="{year}"' in html
        assert '<details class="box" open>' in html
    assert _case(record_2018).evaluation.metrics[0] == metric


def test_deleting_a_metric_removes_its_weight(record_2018, users, client):
    ev = _case(record_2018).evaluation
    stale = esvc.metric_token(ev, "kostnad-2018")  # read before its weight was set
    values = {"arbetsmiljo": 1.0, "kvalitet": 2.0, "likabehandling": 1.0, "kostnad-2018": 3.0}
    esvc.weights_update(
        actor=users["utredare"],
        record=record_2018,
        weights={"mode": "exact", "values": values},
        aggregation="mean",
        base=esvc.weights_token(ev),
    )
    client.force_login(users["utredare"])
    url = reverse("cases:metric_delete", args=[record_2018.key, "kostnad-2018"])
    response = client.post(url, {"base": stale})
    assert response.status_code == 400 and "Någon annan har sparat" in response.content.decode()
    assert len(_case(record_2018).evaluation.metrics) == 1
    current = esvc.metric_token(_case(record_2018).evaluation, "kostnad-2018")
    assert client.post(url, {"base": current}).status_code == 302
    ev = _case(record_2018).evaluation
    assert ev.metrics == [] and ev.weights.mode == "exact"
    assert ev.weights.values == {"arbetsmiljo": 1.0, "kvalitet": 2.0, "likabehandling": 1.0}
    audit = AuditRecord.objects.get(case=record_2018, object_type="metric", action="delete")
    assert audit.before["weights"] == {"value": 3.0} and audit.user == users["utredare"]
    assert audit.before["metric"]["id"] == "kostnad-2018" and audit.after is None


def test_renamed_metric_keeps_its_weight_and_new_one_needs_a_weight(record_2018, users):
    ev = _case(record_2018).evaluation
    order = ["kostnad-2018", "kvalitet", "arbetsmiljo", "likabehandling"]
    esvc.weights_update(
        actor=users["utredare"],
        record=record_2018,
        weights={"mode": "order", "order": order},
        aggregation="mean",
        base=esvc.weights_token(ev),
    )
    metric = _case(record_2018).evaluation.metrics[0]
    esvc.metric_save(
        actor=users["utredare"],
        record=record_2018,
        metric_id=metric.id,
        data={**metric.model_dump(mode="json"), "id": "hvb-2018"},
        base=shared.token(metric),
    )
    ev = _case(record_2018).evaluation
    assert ev.weights.order == ["hvb-2018", "kvalitet", "arbetsmiljo", "likabehandling"]
    # a new criterion under an order of weights has no place in it yet: refused with the way out
    with pytest.raises(shared.ServiceError) as refused:
        esvc.metric_save(
            actor=users["utredare"],
            record=record_2018,
            metric_id=None,
            data={"id": "snitt", "name": "Kostnad i snitt", "metric": "yearly_cost"},
            base=shared.token(None),
        )
    assert "Kostnad i snitt har ingen vikt än. Välj lika vikter" in refused.value.messages[0]
    assert [m.id for m in _case(record_2018).evaluation.metrics] == ["hvb-2018"]


def test_renamed_principle_keeps_its_weight(record, users):
    ev = _case(record).evaluation
    values = {"samverkan": 3.0, "styrning": 1.0, "service": 1.0, "resurser": 1.0}
    esvc.weights_update(
        actor=users["utredare"],
        record=record,
        weights={"mode": "exact", "values": values},
        aggregation="mean",
        base=esvc.weights_token(ev),
    )
    principle = _case(record).evaluation.principles[0]
    esvc.principle_save(
        actor=users["utredare"],
        record=record,
        principle_id=principle.id,
        data={**principle.model_dump(mode="json"), "id": "samverkan-ny"},
        base=shared.token(principle),
    )
    weights = _case(record).evaluation.weights
    assert weights.values["samverkan-ny"] == 3.0 and "samverkan" not in weights.values


def test_value_function_points_from_the_case_file_survive_a_web_edit(record, users, client):
    """Break points are only written in the case file; saving the form keeps them."""
    points = [[0.0, 3.0], [10.0, 1.0], [20.0, 0.0]]
    esvc.metric_save(
        actor=users["utredare"],
        record=record,
        metric_id=None,
        data={
            "id": "dagar",
            "name": "Handläggningstid",
            "values": {"nulage": 14.0, "ia-till-ifo": 9.0},
            "value_function": {"points": points},
        },
        base=shared.token(None),
    )
    metric = _case(record).evaluation.metrics[0]
    client.force_login(users["utredare"])
    html = _criteria_page(client, record).content.decode()
    assert "Värdefunktionen har brytpunkter ur ärendefilen (antal: 3)" in html
    response = client.post(
        reverse("cases:metric_save", args=[record.key]),
        _metric_form(
            metric_id="dagar",
            base=shared.token(metric),
            id="dagar",
            name="Handläggningstid i dagar",
            unit="dagar",
            **{"value-nulage": "14", "value-ia-till-ifo": "8,5"},
        ),
    )
    assert response.status_code == 302
    metric = _case(record).evaluation.metrics[0]
    assert [list(p) for p in metric.value_function.points] == points
    assert metric.values == {"nulage": 14.0, "ia-till-ifo": 8.5} and metric.unit == "dagar"
