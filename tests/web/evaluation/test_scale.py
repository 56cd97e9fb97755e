"""The evaluation-wide score scale and what its scores mean (Linköping 2017, seed 001: "0
motsvarar inga organisatoriska förutsättningar och 3 goda förutsättningar"), set in its form
on the evaluation pages; the scoring page and the document say it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from oversyn.web.cases.models import AuditRecord, CaseRecord
from oversyn.web.evaluation import actions as esvc
from oversyn.web.platform import shared

pytestmark = pytest.mark.django_db

MEANING = "0 motsvarar inga organisatoriska förutsättningar och 3 goda förutsättningar."


def _ev(record):
    return shared.load(CaseRecord.objects.get(pk=record.pk)).evaluation


def test_the_scale_page_is_linked_from_the_evaluation_and_saves_the_meaning(client, users, record):
    client.force_login(users["utredare"])
    url = reverse("cases:eval_scale", args=[record.key])
    for page in ("eval_results", "eval_criteria"):
        html = client.get(reverse(f"cases:{page}", args=[record.key])).content.decode()
        assert f'href="{url}"' in html, page
    form = client.get(url).content.decode()
    assert 'id="id_min" value="0"' in form and 'id="id_max" value="3"' in form
    base = esvc.scale_token(_ev(record))
    response = client.post(url, {"min": "0", "max": "3", "meaning": MEANING, "base": base})
    assert response.status_code == 302
    ev = _ev(record)
    assert (ev.scale.min, ev.scale.max, ev.scale.meaning) == (0, 3, MEANING)
    audit = AuditRecord.objects.filter(case=record).latest("pk")
    assert (audit.object_id, audit.message) == ("scale", "Poängskalan sparades.")
    assert audit.after == {"scale": {"min": 0.0, "max": 3.0, "meaning": MEANING}}
    client.force_login(users["bedomare"])
    scoring = client.get(reverse("cases:eval_scoring", args=[record.key])).content.decode()
    assert MEANING in scoring
    html = client.get(
        reverse("cases:document_download", args=[record.key, "html"])
    ).content.decode()
    assert MEANING in html


def test_bad_input_is_refused_with_a_located_message_and_nothing_changes(client, users, record):
    client.force_login(users["utredare"])
    url = reverse("cases:eval_scale", args=[record.key])
    before = _ev(record).scale
    base = esvc.scale_token(_ev(record))
    for posted, message in (
        ({"min": "noll", "max": "3"}, "Lägsta poäng: noll är inget tal."),
        ({"min": "3", "max": "1"}, "Högsta poäng måste vara större än lägsta poäng."),
        ({"min": "0", "max": "3", "base": "gammal"}, "Någon annan har sparat"),
    ):
        response = client.post(url, {"meaning": "Ny betydelse", "base": base, **posted})
        assert response.status_code == 400
        html = response.content.decode()
        assert message in html and "Ny betydelse" in html
    assert _ev(record).scale == before


def test_scores_outside_a_narrower_scale_are_refused(client, users, record):
    ev = _ev(record)
    esvc.scores_save(
        actor=users["bedomare"],
        record=record,
        scores=[
            {"alternative": "ia-till-ifo", "criterion": p.id, "score": 3, "motivation": "skäl"}
            for p in ev.principles
        ],
        base=esvc.scores_token(ev, "bedomare"),
    )
    client.force_login(users["utredare"])
    response = client.post(
        reverse("cases:eval_scale", args=[record.key]),
        {"min": "0", "max": "2", "meaning": "", "base": esvc.scale_token(_ev(record))},
    )
    assert response.status_code == 400
    assert "3" in response.content.decode()
    assert _ev(record).scale.max == 3


def test_a_reader_sees_the_scale_but_may_not_change_it(client, users, record):
    client.force_login(users["lasare"])
    url = reverse("cases:eval_scale", args=[record.key])
    page = client.get(url).content.decode()
    assert "disabled" in page and "Spara skalan" not in page
    assert client.post(url, {"min": "1", "max": "5", "base": ""}).status_code == 403
    assert _ev(record).scale.max == 3
