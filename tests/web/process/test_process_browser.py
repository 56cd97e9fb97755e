"""The process pages in Chromium (Playwright, Debian's /usr/bin/chromium, headless).

Worked example: seed 003 (UN 2018-02-21 § 13).  The decision is taken but the MBL negotiation
is not recorded, so the overview prompts for it; the investigator opens the checklist, records
the negotiation as done on 2018-02-15 (before the decision) and the prompt goes away.  Then
she enters a cost line (a one-off 250 000 kr for the own HVB) and reads the new total in the
comparison.  axe-core must find no serious or critical WCAG violations on the pages.
Screenshots go to $OVERSYN_SCREENSHOTS if set (else the test's tmp dir).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from oversyn.web.cases import services
from oversyn.web.cases.models import CaseRecord
from oversyn.web.platform import shared

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not Path("/usr/bin/chromium").exists(), reason="needs Debian chromium (make sysdeps)"
    ),
]

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

NB = "\u00a0"
MBL = "MBL-förhandling enligt 11 §"


@pytest.fixture
def shots(tmp_path):
    folder = Path(os.environ.get("OVERSYN_SCREENSHOTS", tmp_path))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def test_checklist_prompt_and_cost_line(
    browser_login, live_server, users, record_2018, axe_serious, shots
):
    page = browser_login("utredare")
    base = f"{live_server.url}/arenden/{record_2018.key}"
    page.goto(base + "/")
    prompt = page.locator("#process-prompt")
    assert prompt.get_by_text(f"{MBL} är inte genomförd men beslutet är fattat").is_visible()
    assert prompt.locator("#prompt-open-items").get_by_role("link", name=MBL).is_visible()
    assert axe_serious(page) == []
    prompt.screenshot(path=str(shots / "process-overview.png"))

    page.get_by_role("link", name="Checklista", exact=True).click()
    page.wait_for_url("**/checklista/")
    assert page.get_by_role("heading", name="Ordningen stämmer inte").is_visible()
    assert axe_serious(page) == []
    page.screenshot(path=str(shots / "process-checklist.png"), full_page=True)

    page.get_by_label(f"Status: {MBL}").select_option("done")
    page.get_by_label(f"Datum: {MBL}").fill("2018-02-15")
    page.get_by_label(f"Ansvarig: {MBL}").fill("HR-chefen")
    page.get_by_role("button", name="Spara checklistan").click()
    page.wait_for_url("**/checklista/?alternativ=*")
    assert page.get_by_text("Checklistan sparades.").is_visible()
    entry = next(
        e
        for e in shared.load(CaseRecord.objects.get(pk=record_2018.pk)).checklist
        if e.item == "mbl_negotiation"
    )
    assert (entry.status.value, entry.date.isoformat()) == ("done", "2018-02-15")

    page.goto(base + "/")
    prompt = page.locator("#process-prompt")
    assert prompt.get_by_text(MBL).count() == 0  # the prompt for MBL is gone
    assert prompt.get_by_text("Riskbedömning av arbetsmiljön").count() > 0  # still open

    page.get_by_role("link", name="Kostnader", exact=True).click()
    page.wait_for_url("**/kostnader/")
    row = page.locator("#cost-row-samla-under-un")
    assert f"3{NB}600{NB}000–7{NB}680{NB}000{NB}kr" in row.inner_text()
    page.get_by_label("Alternativ", exact=True).select_option("samla-under-un")
    page.get_by_label("Kostnadspost", exact=True).fill("Iordningställa lokaler för eget HVB")
    page.get_by_label("Slag").select_option("one_off")
    page.get_by_label("Beloppet gäller").select_option("total")
    page.get_by_label("Belopp, lägsta (kr)").fill("250 000")
    page.get_by_role("button", name="Spara kostnadsposten").click()
    page.wait_for_url("**/kostnader/#h-comparison")
    row = page.locator("#cost-row-samla-under-un")
    assert f"250{NB}000{NB}kr" in row.inner_text()
    assert f"3{NB}850{NB}000–7{NB}930{NB}000{NB}kr" in row.inner_text()
    assert axe_serious(page) == []
    page.screenshot(path=str(shots / "costs.png"), full_page=True)

    for part in ("status", "beslut"):
        page.goto(f"{base}/{part}/")
        assert axe_serious(page) == [], part
        page.screenshot(path=str(shots / f"process-{part}.png"), full_page=True)
    page.goto(f"{base}/swot/?andra=behall-och-integrera-hvb")
    assert axe_serious(page) == []


def test_swot_with_remiss_additions(browser_login, live_server, users, axe_serious, shots):
    """Seed 002 (Enköping 2021): the consultant's SWOT and Socialnämnden's additions."""
    from oversyn.io.casefile import load_case

    examples = Path(__file__).resolve().parents[3] / "examples"
    record = services.case_create(
        actor=users["utredare"], case=load_case(examples / "enkoping-2021.yaml")
    )
    page = browser_login("utredare")
    page.goto(f"{live_server.url}/arenden/{record.key}/swot/")
    strengths = page.locator("#swot-gemensam-forvaltning td.q-strength")
    assert "En väg in för invånaren – Socialnämnden" in strengths.inner_text()
    assert axe_serious(page) == []
    page.screenshot(path=str(shots / "process-swot.png"), full_page=True)


def test_reader_sees_checklist_without_editing(browser_login, live_server, users, record_2018):
    page = browser_login("lasare")
    page.goto(f"{live_server.url}/arenden/{record_2018.key}/checklista/")
    assert page.get_by_label(f"Status: {MBL}").is_disabled()
    assert page.get_by_role("button", name="Spara checklistan").count() == 0
