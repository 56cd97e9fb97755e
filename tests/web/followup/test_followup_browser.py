"""Follow-up in Chromium (Playwright, Debian's /usr/bin/chromium, headless).

Worked example: seed 004 (Motala).  The investigator adds a responsibility area with two
responsible bodies (Kommunstyrelsen chosen from the organisation, Socialnämnden typed) and sees
the "more than one responsible" flag in the area's row; adds an indicator to the goal
"Meningsfull sysselsättning", types the value 47,5 for 2019 and sees it in the value table and
the chart; uploads the recorded Kolada file (tests/io/data, KPI N00000 for 0583) and sees
2017's 44,1.  axe-core finds no serious or critical violations on the three pages and the edit
forms.  Screenshots: followup-goals.png and followup-responsibilities.png in
$OVERSYN_SCREENSHOTS (else the test's tmp dir).
"""

from __future__ import annotations

import os

import pytest

from oversyn.web.cases.models import CaseRecord
from oversyn.web.platform import shared

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not os.path.exists("/usr/bin/chromium"), reason="needs Debian chromium (make sysdeps)"
    ),
]

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def _case(record):
    return shared.load(CaseRecord.objects.get(pk=record.pk))


def test_investigator_follows_up_responsibilities_and_indicators(
    browser_login, axe_serious, live_server, users, motala_record, kolada_file, screenshot_dir
):
    page = browser_login("utredare")
    base = f"{live_server.url}/arenden/{motala_record.key}"
    found = {}

    # the case navigation leads to follow-up; the sub-navigation to the three pages
    page.goto(base + "/")
    page.locator("nav.casenav").get_by_role("link", name="Uppföljning").click()
    page.wait_for_url("**/mal/")
    page.locator("nav.subnav").get_by_role("link", name="Ansvarsfördelning").click()
    page.wait_for_url("**/ansvar/")
    assert page.locator("tr#area-arbetsmarknad").get_by_text("Ingen ansvarig").is_visible()

    # a new area with two responsible bodies → flagged in its row
    page.get_by_role("link", name="Nytt ansvarsområde").click()
    page.wait_for_url("**/ansvar/ny/")
    if v := axe_serious(page):
        found["ansvar/ny"] = v
    page.fill("#id_id", "samordning")
    page.fill("#id_name", "Samordning av integrationsarbetet")
    page.select_option("#id_roles-0-body", "ks")
    page.select_option("#id_roles-0-role", "ansvarig")
    page.fill("#id_roles-1-body_name", "Socialnämnden")
    page.select_option("#id_roles-1-role", "ansvarig")
    page.get_by_role("button", name="Spara", exact=True).click()
    page.wait_for_url("**/ansvar/#area-samordning")
    row = page.locator("tr#area-samordning")
    assert row.get_by_text("Flera ansvariga: Kommunstyrelsen, Socialnämnden").is_visible()
    assert [r.body for r in _case(motala_record).responsibilities[-1].roles] == [
        "ks",
        "Socialnämnden",
    ]
    if v := axe_serious(page):
        found["ansvar"] = v
    page.screenshot(path=str(screenshot_dir / "followup-responsibilities.png"), full_page=True)

    # an indicator for the first goal, then a value typed by hand
    page.goto(base + "/mal/")
    goal = page.locator("#goal-meningsfull-sysselsattning")
    goal.get_by_role("link", name="Ny indikator").click()
    page.wait_for_url("**/indikatorer/ny/")
    page.fill("#id_id", "arbete")
    page.fill("#id_name", "Andel i arbete")
    page.fill("#id_unit", "%")
    page.fill("#id_source", "Kolada")
    page.fill("#id_kolada_kpi", "N00000")
    page.fill("#id_baseline_period", "2017")
    page.fill("#id_baseline_value", "44,1")
    page.fill("#id_target_period", "2022")
    page.fill("#id_target_value", "50,1")
    page.select_option("#id_direction", "up")
    if v := axe_serious(page):
        found["indikator/ny"] = v
    page.get_by_role("button", name="Spara", exact=True).click()
    page.wait_for_url("**/mal/#ind-meningsfull-sysselsattning-arbete")
    indicator = page.locator("#ind-meningsfull-sysselsattning-arbete")
    indicator.get_by_label("Period", exact=True).fill("2019")
    indicator.get_by_label("Värde", exact=True).fill("47,5")
    indicator.get_by_role("button", name="Spara värdet").click()
    page.wait_for_url("**/mal/#ind-meningsfull-sysselsattning-arbete")
    indicator = page.locator("#ind-meningsfull-sysselsattning-arbete")
    table = indicator.get_by_role("table")
    assert table.get_by_role("row", name="2019 47,5").is_visible()
    chart = indicator.get_by_role("img")
    assert "2019: 47,5" in (chart.get_attribute("alt") or "")

    # a broken file: Swedish error at the indicator, nothing stored
    version = CaseRecord.objects.get(pk=motala_record.pk).version
    indicator.get_by_label("Kolada-fil (JSON, API v3)").set_input_files(
        files=[{"name": "fel.json", "mimeType": "application/json", "buffer": b'{"count": 0}'}]
    )
    indicator.get_by_role("button", name="Läs in").click()
    error = page.get_by_role("alert")
    error.wait_for()
    assert "fel.json har inte Koladas format (API v3)" in error.inner_text()
    assert CaseRecord.objects.get(pk=motala_record.pk).version == version

    # the recorded Kolada file: 2017 and 2018 merge in beside the typed 2019
    indicator = page.locator("#ind-meningsfull-sysselsattning-arbete")
    indicator.get_by_label("Kolada-fil (JSON, API v3)").set_input_files(str(kolada_file))
    indicator.get_by_role("button", name="Läs in").click()
    page.get_by_text("7 värden lästes in från kolada_v3_N00000_0583.json.").wait_for()
    indicator = page.locator("#ind-meningsfull-sysselsattning-arbete")
    table = indicator.get_by_role("table")
    assert table.get_by_role("row", name="2017 44,1 41 47").is_visible()
    assert "2017: 44,1; 2018: 46,3" in (indicator.get_by_role("img").get_attribute("alt") or "")
    values = _case(motala_record).goals[0].indicators[0].values
    assert [(v.period, v.gender, v.value) for v in values if v.gender == "T"] == [
        ("2017", "T", 44.1),
        ("2018", "T", 46.3),
        ("2019", "T", None),  # Kolada's 2019 is missing and replaces the typed 47,5
    ]
    if v := axe_serious(page):
        found["mal"] = v
    indicator.scroll_into_view_if_needed()
    page.screenshot(path=str(screenshot_dir / "followup-goals.png"), full_page=True)

    page.goto(base + "/revision/")
    assert page.get_by_text("Deloitte AB på uppdrag av kommunens revisorer").first.is_visible()
    if v := axe_serious(page):
        found["revision"] = v
    page.goto(base + "/revision/mal-riktlinjer/")
    assert page.locator("#id_actions-1-due").input_value() == "våren 2019"
    if v := axe_serious(page):
        found["revision/edit"] = v
    page.screenshot(path=str(screenshot_dir / "followup-recommendation-form.png"), full_page=True)
    assert found == {}
