"""The steering group's decision to exclude or keep an alternative, with its reasons, through
the generic item form (Linköping 2017, seed 001: "Organisationsalternativ 1 bedöms inte:" and
reasons that are sentences with commas, one per line)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from oversyn.web.platform import shared

pytestmark = pytest.mark.django_db

REASONS = [
    "Överensstämma med den politiska organisationen, som innebär ett helhetsansvar.",
    "Ge förutsättningar för en sammanhållen styrning, ledning och uppföljning.",
]


def test_an_exclusion_with_reasons_is_made_and_edited_in_the_form(record, users, client):
    client.force_login(users["utredare"])
    alt = shared.load(record).alternatives[0].id
    url = reverse("cases:item_new", args=[record.key, "evaluation_decision"])
    page = client.get(url).content.decode()
    assert '<textarea id="f-reasons"' in page and f'<option value="{alt}"' in page
    response = client.post(
        url,
        {
            "alternative": alt,
            "action": "exclude",
            "motivation": "Stödjer inte utgångspunkterna i samma utsträckning.",
            "reasons_heading": "Organisationsalternativ 1 bedöms inte:",
            "reasons": "\n".join(REASONS),
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    record.refresh_from_db()
    (decision,) = shared.load(record).evaluation.decisions
    assert (decision.alternative, decision.action) == (alt, "exclude")
    assert decision.reasons == REASONS  # the commas inside a reason do not split it
    edit = client.get(reverse("cases:item_edit", args=[record.key, "evaluation_decision", alt]))
    assert "\n".join(REASONS) in edit.content.decode()
    # the exclusion takes effect in the evaluation's results
    results = client.get(reverse("cases:eval_results", args=[record.key])).content.decode()
    assert "exkluder" in results.lower()
