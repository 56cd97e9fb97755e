"""Savings requirement and budget frames in the web: the form, the comparison on the analysis
(overview), results and finance pages, and the document's financing section.

Worked by hand on seed 000 (examples/ia-till-ifo.yaml): the baseline has 1 348 FTE.  An
alternative "Besparing" that takes Äldreomsorg from 420 to 409 FTE (−11) at 650 000 kr per
FTE saves 11 × 650 000 = 7 150 000 kr = 7,15 mnkr, 0,65 mnkr more than 6,5 mnkr."""

from __future__ import annotations

import pytest
from django.urls import reverse

from oversyn.documents.build import build_document
from oversyn.documents.render_html import render_html
from oversyn.web.cases import finance as fsvc
from oversyn.web.cases import services
from oversyn.web.cases.models import AuditRecord, CaseRecord
from oversyn.web.platform import registry, shared

pytestmark = pytest.mark.django_db
NB = "\u00a0"


def _case(record):
    return shared.load(CaseRecord.objects.get(pk=record.pk))


@pytest.fixture
def cut(record, users, seed_case):
    """The seed case with a staff-cut alternative (Äldreomsorg 420 → 409 FTE)."""
    from oversyn.core.case import Alternative
    from oversyn.core.operations import UpdateUnit

    case = seed_case.model_copy(
        update={
            "alternatives": [
                *seed_case.alternatives,
                Alternative(
                    id="besparing",
                    name="Besparing",
                    operations=[UpdateUnit(unit="aldreomsorg", fte=409)],
                ),
            ]
        }
    )
    from oversyn.io.casefile import dump_case

    services.case_import(
        actor=users["utredare"],
        record=record,
        text=dump_case(case),
        filename="besparing.yaml",
        expected_version=CaseRecord.objects.get(pk=record.pk).version,
    )
    return record


def test_finance_form_comparison_and_document(cut, users, client):
    client.force_login(users["utredare"])
    url = reverse("cases:finance", args=[cut.key])
    base = fsvc.finance_token(_case(cut))
    response = client.post(
        url,
        {
            "base": base,
            "amount": "6,5 mnkr",
            "year": "2026",
            "note": "Budget 2026",
            "cost_per_fte": "650 000",
        },
    )
    assert response.status_code == 302
    finance = _case(cut).finance
    assert finance.savings.amount == 6_500_000 and finance.cost_per_fte == 650_000
    assert AuditRecord.objects.filter(case=cut, object_type="finance").count() == 1
    expected = f"Besparing ger 7,15{NB}mnkr, 0,65{NB}mnkr mer än kravet på 6,5{NB}mnkr"
    page = client.get(url).content.decode()
    assert expected in page and "1 348 → 1 337" in page.replace(NB, " ")
    assert 'value="6 500 000"' in page  # shown in Swedish format, not "6500000.0"
    overview = client.get(reverse("cases:overview", args=[cut.key])).content.decode()
    assert expected in overview and "Årsarbetare" in overview
    results = client.get(reverse("cases:eval_results", args=[cut.key])).content.decode()
    assert expected in results
    html = render_html(build_document(_case(cut), "besparing"))
    assert expected in html
    assert f"Effektiviseringskrav: 6,5{NB}mnkr från 2026" in html
    # the staff cut's delta, in the analysis (overview) and in the document (420 − 11 = 409)
    delta = "Årsarbetare i Äldreomsorg: 420 → 409 (−11)"
    assert delta in html.replace(NB, " ")
    assert "1 348 → 1 337" in overview.replace(NB, " ")


def test_bad_amount_is_located_and_nothing_changes(cut, users, client):
    client.force_login(users["utredare"])
    url = reverse("cases:finance", args=[cut.key])
    before = _case(cut).finance
    response = client.post(
        url, {"base": fsvc.finance_token(_case(cut)), "amount": "mycket", "cost_per_fte": "-5"}
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert "mycket är inget belopp" in text
    assert _case(cut).finance == before


def test_lasare_reads_but_cannot_save(cut, users, client):
    client.force_login(users["lasare"])
    url = reverse("cases:finance", args=[cut.key])
    assert client.get(url).status_code == 200
    assert client.post(url, {"amount": "1000"}).status_code == 403


def test_budget_transfer_is_a_registered_kind_in_the_financing(cut, users):
    kind = registry.get("budget_transfer")
    registry.item_save(
        actor=users["utredare"],
        record=cut,
        kind=kind,
        item_id=None,
        data={
            "alternative": "besparing",
            "amount": 2_500_000,
            "year": 2026,
            "source": "Socialnämnden",
            "target": "Arbetsmarknadsnämnden",
            "remaining": 1_000_000,
        },
    )
    case = _case(cut)
    assert [t.id for t in case.finance.transfers] == [
        "ram-socialnamnden-arbetsmarknadsnamnden-2026"
    ]
    html = render_html(build_document(case, "besparing"))
    assert (
        f"Budgetram om 2,5{NB}mnkr flyttas från och med 2026 från Socialnämnden till "
        f"Arbetsmarknadsnämnden; 1{NB}mnkr stannar kvar hos Socialnämnden." in html
    )
    assert "finansiering och budgetram som flyttas" not in html
    other = render_html(build_document(case, "ia-till-ifo"))
    assert "Arbetsmarknadsnämnden" not in other


def test_the_generic_transfer_form_through_the_web(cut, users, client):
    client.force_login(users["utredare"])
    url = reverse("cases:item_new", args=[cut.key, "budget_transfer"])
    page = client.get(url).content.decode()
    assert "Från nämnd" in page and '<option value="besparing"' in page
    response = client.post(
        url,
        {
            "alternative": "besparing",
            "amount": "2500000",
            "year": "2026",
            "source": "Socialnämnden",
            "target": "Kommunstyrelsen",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    (transfer,) = _case(cut).finance.transfers
    assert transfer.id == "ram-socialnamnden-kommunstyrelsen-2026"
    finance_page = client.get(reverse("cases:finance", args=[cut.key])).content.decode()
    assert "flyttas från och med 2026 från Socialnämnden till Kommunstyrelsen" in finance_page
