"""The design search in Chromium (Playwright, /usr/bin/chromium, headless).

Seed 001 (Linköping 2017, four administrations): the utredare asks for two, fewer than today,
watches the job end, sees the proposal — proven optimal, its gains and costs, the organisation
before and after — and adds it as an alternative; the alternative's structure analysis on the
case overview shows the cross-boundary weight the proposal promised.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from oversyn.core.analysis import _cross_weight
from oversyn.io.casefile import load_case
from oversyn.web.cases import services
from oversyn.web.cases.models import CaseRecord
from oversyn.web.platform import shared

CHROMIUM = Path("/usr/bin/chromium")
LINKOPING = Path(__file__).resolve().parents[3] / "examples" / "linkoping-2017.yaml"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian chromium (make sysdeps)"),
]

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def test_a_search_for_fewer_administrations_becomes_an_alternative(
    browser_login, axe_serious, live_server, users, screenshot_dir
):
    from oversyn.web.jobs.models import Job
    from oversyn.web.jobs.runner import execute

    record = services.case_create(actor=users["utredare"], case=load_case(LINKOPING))
    page = browser_login("utredare")
    page.goto(f"{live_server.url}/arenden/{record.key}/")
    page.get_by_role("link", name="Organisationssökning").first.click()
    page.wait_for_url(f"**/arenden/{record.key}/sok/")
    assert "I dag 4." in page.locator("#help-adm").inner_text()
    page.fill("#id_administrations", "2")
    page.screenshot(path=str(screenshot_dir / "design-search-question.png"), full_page=True)
    page.get_by_role("button", name="Starta sökningen").click()
    page.wait_for_url("**/sok/*/")
    page.locator(".job-progress").wait_for()
    job = Job.objects.get(case=record, kind="design_search")
    assert execute(str(job.pk)) == "done"  # the worker's part, here in the test's thread
    page.locator("#proposal").wait_for(timeout=60000)  # the progress poll reloads the page
    assert page.locator(".proof").inner_text().startswith("Bevisat optimalt")
    figures = page.locator("#figures").inner_text().replace("\xa0", " ")
    assert "Samverkan över förvaltningsgräns\t8 800\t0" in figures
    assert "Antal förvaltningar\t4\t2" in figures
    assert page.locator("#tree-before li.adm").count() == 4
    assert page.locator("#tree-after li.adm").count() == 2
    assert page.locator("#tree-after li.mark-moved").count() >= 1
    assert axe_serious(page) == []
    page.screenshot(path=str(screenshot_dir / "design-search.png"), full_page=True)

    page.fill("#id_name", "Två förvaltningar")
    page.get_by_role("button", name="Lägg till som alternativ").click()
    page.wait_for_url("**/alternativ/tva-forvaltningar/")
    case = shared.load(CaseRecord.objects.get(pk=record.pk))
    alt = case.alternative("tva-forvaltningar")
    assert alt is not None and alt.operations[0].op == "merge_administrations"
    summary = job.__class__.objects.get(pk=job.pk).result["summary"]
    cross, _total = _cross_weight(
        case.organisation("tva-forvaltningar"), case.interactions, "administration"
    )
    assert cross == summary["cross_weight_after"]
    page.screenshot(path=str(screenshot_dir / "design-search-alternative.png"), full_page=True)
