"""A person using the app in Chromium (Playwright, Debian's /usr/bin/chromium, headless).

Worked example: seed 000 (IA → IFO).  The investigator creates an alternative that moves IA
(``ia``) to the social services administration (``sof``) and reads the diff sentence that the
core's diff gives for that move; a bedömare cannot change the organisation; a läsare of this
case gets 404 for another case.  axe-core (vendored in tests/web/vendor/axe.min.js, no
network) must find no serious or critical WCAG violations on the main pages.
Screenshots go to $OVERSYN_SCREENSHOTS if set (else the test's tmp dir).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from oversyn.web.cases.models import CaseRecord
from oversyn.web.platform import shared

CHROMIUM = Path("/usr/bin/chromium")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian chromium (make sysdeps)"),
]

# Playwright's sync API runs an event loop in this thread; the ORM calls made by fixtures and
# assertions here are still plain synchronous calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

MOVE_SENTENCE = (
    "Integration och arbetsmarknad flyttas från Vuxenutbildningen "
    "(Barn- och utbildningsförvaltningen) till Socialförvaltningen."
)


def test_investigator_builds_alternative_that_moves_a_unit(
    browser_login, axe_serious, live_server, users, record, screenshot_dir
):
    page = browser_login("utredare")
    page.goto(f"{live_server.url}/arenden/{record.key}/organisation/")
    page.screenshot(path=str(screenshot_dir / "organisation.png"), full_page=True)
    page.goto(live_server.url + "/")
    page.get_by_role("link", name=record.title).click()
    page.wait_for_url(f"**/arenden/{record.key}/")
    assert page.get_by_role("heading", name="Strukturanalys").is_visible()
    page.screenshot(path=str(screenshot_dir / "case-overview.png"), full_page=True)

    page.get_by_text("Nytt alternativ").click()
    page.fill("#id_id", "ia-direkt-sof")
    page.fill("#id_name", "IA direkt under socialförvaltningen")
    page.get_by_role("button", name="Skapa alternativet").click()
    page.wait_for_url("**/alternativ/ia-direkt-sof/")

    page.select_option("#op-form select[name=unit]", "ia")
    page.select_option("#op-form select[name=to_administration]", "sof")
    preview = page.locator("#preview")
    # the live diff via HTMX (what the change does, and the whole difference), nothing saved yet
    preview.locator("#preview-diff").get_by_text(MOVE_SENTENCE).wait_for()
    assert (
        shared.load(CaseRecord.objects.get(pk=record.pk)).alternative("ia-direkt-sof").operations
        == []
    )

    page.get_by_role("button", name="Lägg till ändringen").click()
    page.wait_for_url("**/alternativ/ia-direkt-sof/")
    assert page.locator("#saved-diff").inner_text().strip() == MOVE_SENTENCE
    assert page.locator("li.mark-moved").first.is_visible()
    saved = shared.load(CaseRecord.objects.get(pk=record.pk)).alternative("ia-direkt-sof")
    assert [o.op for o in saved.operations] == ["move_unit"]

    # an operation that cannot apply: Swedish error in the live preview
    page.select_option("#op-form select[name=unit]", "ifo")
    page.select_option("#op-form select[name=to_parent]", "ifo-vuxen")
    preview.get_by_text("kan inte flyttas under sig själv").wait_for()
    page.screenshot(path=str(screenshot_dir / "alternative-builder.png"), full_page=True)


def test_bedomare_cannot_edit_the_organisation(
    browser_login, axe_serious, live_server, users, record
):
    page = browser_login("bedomare")
    page.goto(f"{live_server.url}/arenden/{record.key}/organisation/unit/ia/")
    assert page.get_by_text("får läsa men inte ändra").is_visible()
    assert page.get_by_role("button", name="Spara").count() == 0
    assert page.locator("#id_name").is_disabled()
    token = page.locator("input[name=csrfmiddlewaretoken]").first.input_value()
    response = page.request.post(
        f"{live_server.url}/arenden/{record.key}/organisation/unit/ia/",
        form={"csrfmiddlewaretoken": token, "name": "Ändrad", "administration": "sof"},
        headers={"Referer": live_server.url},
    )
    assert response.status == 403
    page.goto(f"{live_server.url}/arenden/{record.key}/alternativ/ia-till-ifo/")
    assert page.get_by_role("button", name="Lägg till ändringen").count() == 0


def test_reader_of_one_case_cannot_open_another(
    browser_login, axe_serious, live_server, users, record, other_record
):
    page = browser_login("lasare")
    assert page.get_by_role("link", name=record.title).is_visible()
    assert page.get_by_text("Annat ärende").count() == 0
    response = page.goto(f"{live_server.url}/arenden/{other_record.key}/")
    assert response.status == 404


def test_main_pages_have_no_serious_accessibility_violations(
    browser_login, axe_serious, live_server, users, record
):
    page = browser_login("utredare")
    paths = [
        "/",
        f"/arenden/{record.key}/",
        f"/arenden/{record.key}/organisation/",
        f"/arenden/{record.key}/organisation/unit/ia/",
        f"/arenden/{record.key}/alternativ/ia-till-ifo/",
        f"/arenden/{record.key}/samverkan/",
        f"/arenden/{record.key}/historik/",
        f"/arenden/{record.key}/medlemmar/",
        f"/arenden/{record.key}/uppgifter/",
        f"/arenden/{record.key}/utvardering/",
        f"/arenden/{record.key}/utvardering/kriterier/",
        f"/arenden/{record.key}/utvardering/poang/",
        f"/arenden/{record.key}/dokument/",
    ]
    found = {}
    for path in paths:
        page.goto(live_server.url + path)
        violations = axe_serious(page)
        if violations:
            found[path] = violations
    page.context.clear_cookies()
    page.goto(live_server.url + "/logga-in/")
    if violations := axe_serious(page):
        found["/logga-in/"] = violations
    assert found == {}


# Hand-worked ranking (equal weights on the seed's four principles, scale 0–3, so the weighted
# score is the plain sum): the new alternative 3+3+3+2 = 11, IA → IFO 3+3+2+2 = 10,
# nuläge 1+1+2+1 = 5.
SCORES = {
    "nulage": [1, 1, 2, 1],
    "ia-till-ifo": [3, 3, 2, 2],
    "ia-direkt-sof": [3, 3, 3, 2],
}


def test_bedomare_scores_and_downloads_the_document(
    browser_login, axe_serious, live_server, users, record, screenshot_dir
):
    import io

    from docx import Document

    page = browser_login("utredare")
    page.get_by_role("link", name=record.title).click()
    page.wait_for_url(f"**/arenden/{record.key}/")
    page.get_by_text("Nytt alternativ").click()
    page.fill("#id_id", "ia-direkt-sof")
    page.fill("#id_name", "IA direkt under socialförvaltningen")
    page.get_by_role("button", name="Skapa alternativet").click()
    page.wait_for_url("**/alternativ/ia-direkt-sof/")
    page.select_option("#op-form select[name=unit]", "ia")
    page.select_option("#op-form select[name=to_administration]", "sof")
    page.locator("#preview-diff").get_by_text(MOVE_SENTENCE).wait_for()
    page.get_by_role("button", name="Lägg till ändringen").click()
    page.wait_for_url("**/alternativ/ia-direkt-sof/")
    # the utredare puts the new alternative under evaluation
    page.get_by_role("link", name="Utvärdering").click()
    page.get_by_role("link", name="Ändra kriterier och vikter").click()
    page.get_by_label("IA direkt under socialförvaltningen").check()
    page.get_by_role("button", name="Spara urvalet").click()
    page.wait_for_url("**/utvardering/kriterier/#h-evalalts")
    page.context.close()

    page = browser_login("bedomare")
    page.goto(f"{live_server.url}/arenden/{record.key}/utvardering/")
    page.get_by_role("link", name="Poängsätt som du själv").click()
    page.wait_for_url("**/utvardering/poang/")
    assert page.get_by_role("link", name="Ändra kriterier och vikter").count() == 0
    for n, alt in enumerate(["nulage", "ia-till-ifo", "ia-direkt-sof"]):
        for m, score in enumerate(SCORES[alt]):
            page.fill(f"#score-{n}-{m}", str(score))
            page.fill(f"#motivation-{n}-{m}", f"Motivering {alt} {m + 1}.")
    page.get_by_role("button", name="Spara mina poäng").click()
    page.wait_for_url(f"**/arenden/{record.key}/utvardering/")
    rows = page.locator("table.ranking tbody tr")
    assert rows.count() == 3
    assert rows.nth(0).inner_text().split("\t") == [
        "1",
        "IA direkt under socialförvaltningen",
        "11",
    ]
    assert rows.nth(2).inner_text().split("\t")[1:] == ["Nuläge", "5"]
    assert page.locator("figure.chart img").get_attribute("alt")
    page.screenshot(path=str(screenshot_dir / "evaluation-results.png"), full_page=True)
    ev = shared.load(CaseRecord.objects.get(pk=record.pk)).evaluation
    assert {a.assessor for a in ev.assessments} == {"bedomare"}
    assert all(a.motivation.startswith("Motivering") for a in ev.assessments)

    page.get_by_role("link", name="Beslutsunderlag").click()
    page.wait_for_url("**/dokument/")
    page.frame_locator("iframe.docpreview").get_by_text("Förslag till beslut").first.wait_for()
    page.screenshot(path=str(screenshot_dir / "document.png"), full_page=True)
    with page.expect_download() as info:
        page.get_by_role("link", name="Ladda ned Word (DOCX)").click()
    word = Document(io.BytesIO(Path(info.value.path()).read_bytes()))
    headings = [p.text for p in word.paragraphs if p.style.name.startswith("Heading")]
    assert "Förslag till beslut" in headings
