"""The evaluation's conclusion: a form where Nuläge is a proper choice; a result that leaves
only Nuläge is a result; the document's proposal follows the conclusion (seed 000)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from oversyn.documents.build import build_document
from oversyn.documents.render_html import render_html
from oversyn.web.cases.models import AuditRecord, CaseRecord
from oversyn.web.evaluation import actions as esvc
from oversyn.web.platform import shared

pytestmark = pytest.mark.django_db


def _case(record):
    return shared.load(CaseRecord.objects.get(pk=record.pk))


def _exclude_the_change(record, users):
    """A must gate that IA → IFO fails and nuläge passes."""
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
                {"alternative": "ia-till-ifo", "answer": "nej"},
            ],
        },
        base=shared.token(None),
    )


def test_only_nulage_left_is_a_result(record, users, client):
    _exclude_the_change(record, users)
    client.force_login(users["lasare"])
    page = client.get(reverse("cases:eval_results", args=[record.key])).content.decode()
    assert "Ingen rangordning ännu" not in page
    assert "återstår bara Nuläge" in page
    assert "Beslutsunderlaget föreslår: Nuläge." in page
    # the document proposes keeping the organisation, as the only one left
    html = render_html(build_document(_case(record)))
    assert "beslutar att behålla nuvarande organisation" in html
    assert "oversyn report" not in html and "--alternative" not in html


def test_conclusion_form_saves_nulage_with_audit(record, users, client):
    client.force_login(users["utredare"])
    url = reverse("cases:eval_conclusion", args=[record.key])
    page = client.get(url).content.decode()
    assert "Nuläge – behåll nuvarande organisation" in page
    base = esvc.conclusion_token(_case(record).evaluation)
    response = client.post(
        url, {"alternative": "nulage", "text": "Styrgruppen förordar nuläget.", "base": base}
    )
    assert response.status_code == 302
    conclusion = _case(record).evaluation.conclusion
    assert conclusion.alternative == "nulage" and conclusion.text.startswith("Styrgruppen")
    audit = AuditRecord.objects.filter(case=record, object_id="conclusion").get()
    assert audit.before == {"conclusion": None}
    html = render_html(build_document(_case(record)))
    assert "beslutar att behålla nuvarande organisation" in html
    assert "Förslaget är att behålla nuvarande organisation enligt värderingens slutsats" in html
    # clearing it: the document no longer follows a conclusion
    base = esvc.conclusion_token(_case(record).evaluation)
    assert client.post(url, {"alternative": "", "text": "", "base": base}).status_code == 302
    assert _case(record).evaluation.conclusion is None


def test_conclusion_refuses_unknown_alternative_and_stale_form(record, users, client):
    client.force_login(users["utredare"])
    url = reverse("cases:eval_conclusion", args=[record.key])
    base = esvc.conclusion_token(_case(record).evaluation)
    bad = client.post(url, {"alternative": "finns-inte", "base": base})
    assert bad.status_code == 400 and _case(record).evaluation.conclusion is None
    assert "finns-inte" in bad.content.decode()
    stale = client.post(url, {"alternative": "nulage", "base": "gammal"})
    assert stale.status_code == 400 and "Någon annan har sparat" in stale.content.decode()


def test_bedomare_reads_but_cannot_save_the_conclusion(record, users, client):
    client.force_login(users["bedomare"])
    url = reverse("cases:eval_conclusion", args=[record.key])
    assert client.get(url).status_code == 200
    assert client.post(url, {"alternative": "nulage", "base": ""}).status_code == 403


def test_document_page_accepts_nulage(record, users, client):
    client.force_login(users["lasare"])
    url = reverse("cases:document", args=[record.key])
    page = client.get(url + "?alternativ=nulage")
    assert page.status_code == 200
    assert client.get(url + "?alternativ=finns-inte").status_code == 404
    preview = client.get(
        reverse("cases:document_preview", args=[record.key]) + "?alternativ=nulage"
    ).content.decode()
    assert "beslutar att behålla nuvarande organisation" in preview


def test_no_page_or_document_names_a_cli_flag(seed_case):
    from pathlib import Path

    from oversyn.core.evaluation.model import Evaluation

    root = Path(__file__).resolve().parents[3] / "src" / "oversyn" / "web"
    for path in root.glob("**/templates/**/*.html"):
        text = path.read_text(encoding="utf-8")
        assert "--alternative" not in text and "oversyn report" not in text, path
    # a document with nothing proposed (two alternatives, no evaluation) asks for the
    # conclusion, not for a command-line flag
    second = seed_case.alternatives[0].model_copy(update={"id": "andra", "name": "Andra"})
    case = seed_case.model_copy(
        update={"alternatives": [*seed_case.alternatives, second], "evaluation": Evaluation()}
    )
    html = render_html(build_document(case))
    assert "ange värderingens slutsats" in html
    assert "--alternative" not in html and "oversyn report" not in html
    assert "oversyn analyze" not in html
