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

from oversyn.web.cases import services
from oversyn.web.cases import services_evaluation as esvc
from oversyn.web.cases.models import AuditRecord, CaseRecord, CaseTemplate

pytestmark = pytest.mark.django_db

PRINCIPLES = ["samverkan", "styrning", "service", "resurser"]
BEDOMARE_SCORES = {"ia-till-ifo": [3, 3, 2, 2], "nulage": [1, 1, 2, 1]}


def _case(record):
    return services.load(CaseRecord.objects.get(pk=record.pk))


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
    with pytest.raises(services.ServiceError, match="motivering"):
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
        {"id": "g1", "name": "Krav", "level": "ska", "base": services.token(None)},
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
        base=services.token(None),
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
    with pytest.raises(services.ConflictError):
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
            "base": services.token(principle),
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
            "base": services.token(None),
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
