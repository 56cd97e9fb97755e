"""Every page of every seed case opens, in Swedish and in English, for the demo utredare.

The five example cases (examples/*.yaml, from the seeds) are loaded the way ``make demo``
loads them (``load_examples``).  Each URL of the cases app that takes only the case id is
requested with GET: a page answers 200, a write-only view 405 (it takes POST), never an error.
Pages that need an object id (an alternative, a remiss …) are opened for every such object the
case holds.  Worked example for the sentences: seed 003's § 13 (flyktingverksamhet-2018).
"""

from __future__ import annotations

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import URLPattern, reverse

from oversyn.web.cases import urls as case_urls
from oversyn.web.cases.models import CaseRecord
from oversyn.web.platform import shared

pytestmark = pytest.mark.django_db

CASES = ["enkoping-2021", "flyktingverksamhet-2018", "ia-till-ifo", "linkoping-2017", "motala-2018"]


@pytest.fixture
def demo_client(client):
    call_command("load_examples", stdout=StringIO())
    client.force_login(get_user_model().objects.get(username="demo"))
    return client


def _case_pages() -> list[str]:
    """Names of the case URLs whose only parameter is the case id."""
    names = []
    for p in case_urls.urlpatterns:
        assert isinstance(p, URLPattern)
        if str(p.pattern).startswith("arenden/<str:key>/") and set(p.pattern.converters) == {"key"}:
            names.append(p.name)
    return names


def _object_pages(key: str) -> list[str]:
    case = shared.load(CaseRecord.objects.get(key=key))
    urls = [reverse("cases:alternative", args=[key, a.id]) for a in case.alternatives]
    urls += [reverse("cases:remiss_edit", args=[key, r.id]) for r in case.remisses]
    urls += [reverse("cases:org_object", args=[key, "unit", u.id]) for u in case.baseline.units]
    urls += [
        reverse("cases:org_object", args=[key, "committee", c.id]) for c in case.baseline.committees
    ]
    return urls


@pytest.mark.parametrize("key", CASES)
@pytest.mark.parametrize("lang", ["sv", "en"])
def test_every_page_of_every_seed_case_opens(demo_client, key, lang):
    demo_client.cookies["django_language"] = lang
    assert CaseRecord.objects.filter(key=key).exists()
    names = _case_pages()
    assert {"overview", "remiss_list", "process_checklist", "followup_goals"} <= set(names)
    opened = 0
    for name in names:
        url = reverse(f"cases:{name}", args=[key])
        response = demo_client.get(url)
        if response.status_code == 302:  # a form's POST address: GET goes to the form's page
            assert demo_client.get(response["Location"]).status_code == 200, (url, response)
            continue
        assert response.status_code in (200, 405), (url, response.status_code)
        opened += response.status_code == 200
    for url in _object_pages(key):
        response = demo_client.get(url)
        assert response.status_code == 200, (url, response.status_code)
    assert opened >= 20


def test_the_decision_page_of_seed_003_says_paragraph_and_appeal(demo_client):
    page = demo_client.get(reverse("cases:process_decisions", args=["flyktingverksamhet-2018"]))
    html = page.content.decode()
    assert "§ 13" in html and "Utbildningsnämnden" in html
