"""The risk register in the web app: the registered kind's pages for seed 003's two risks, a
risk graded through the form, and the Riskanalys section with its matrix in the document."""

from __future__ import annotations

import pytest
from django.urls import reverse

from oversyn.web.cases.models import AuditRecord, CaseRecord
from oversyn.web.platform.registry import get, item_token_of
from oversyn.web.platform.repository import load

pytestmark = pytest.mark.django_db


@pytest.fixture
def refugee(record_2018):
    return record_2018


def test_risk_list_shows_the_seed_risks_and_the_menu_links_it(client, users, refugee):
    client.force_login(users["utredare"])
    url = reverse("cases:item_list", kwargs={"key": refugee.key, "kind": "risk"})
    html = client.get(url).content.decode()
    assert "Delade tjänster och deltidstjänster i små enheter" in html
    overview = client.get(reverse("cases:overview", args=[refugee.key])).content.decode()
    assert url in overview  # the case menu's Utredning group links the register


def test_grading_a_risk_through_the_form_puts_it_in_the_matrix(client, users, refugee):
    client.force_login(users["utredare"])
    args = {"key": refugee.key, "kind": "risk", "item_id": "hvb-kvalitet-kostnad"}
    page = client.get(reverse("cases:item_edit", kwargs=args)).content.decode()
    assert "Sannolikhet (1–5)" in page
    case = load(CaseRecord.objects.get(pk=refugee.pk))
    risk = next(r for r in case.risks if r.id == "hvb-kvalitet-kostnad")
    data = {
        **{k: v for k, v in risk.model_dump(mode="json").items() if v is not None},
        "probability": "4",
        "consequence": "3",
        "mitigation": "Köp platser i stället för eget HVB",
    }
    data["base"] = item_token_of(case, get("risk"), "hvb-kvalitet-kostnad")
    response = client.post(reverse("cases:item_edit", kwargs=args), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    case = load(CaseRecord.objects.get(pk=refugee.pk))
    graded = next(r for r in case.risks if r.id == "hvb-kvalitet-kostnad")
    assert (graded.probability, graded.consequence) == (4, 3)
    audit = AuditRecord.objects.filter(case=refugee, object_type="risks").latest("pk")
    assert audit.object_id == "hvb-kvalitet-kostnad"
    preview = client.get(reverse("cases:document_preview", args=[refugee.key])).content.decode()
    assert "Riskanalys" in preview
    assert "R1 (hög)" in preview and "12 (hög)" in preview


def test_an_ungraded_half_is_refused_with_the_field_named(client, users, refugee):
    client.force_login(users["utredare"])
    args = {"key": refugee.key, "kind": "risk"}
    response = client.post(
        reverse("cases:item_new", kwargs=args),
        {"alternative": "samla-under-un", "title": "Bara sannolikhet", "probability": "3"},
    )
    assert response.status_code == 400
    assert "både sannolikhet och konsekvens" in response.content.decode()
    case = load(CaseRecord.objects.get(pk=refugee.pk))
    assert len(case.risks) == 2
