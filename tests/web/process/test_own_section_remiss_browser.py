"""Issue 12 items 6 and 7 in Chromium (Playwright): an own section and a remiss answer that
came by e-mail, through the forms only.

Worked example: seed 000 (IA → IFO).  The utredare adds the section "Facklig samverkan" after
"Ekonomiska konsekvenser" with a bold word and a bullet list; writes a remiss with one party row,
adds a second row with the "Lägg till remissinstans" button (a plain submit, no JavaScript
needed), sends it dated 2025-03-03, and enters Vision's answer that came by e-mail on
2025-03-28 ("avstyrker").  The page marks the answer as entered by the utredare, the HTML
document has the own section in place with its bold word, and the draft sent on remiss has it
too.  axe-core finds no serious or critical violations on the new pages.
"""

from __future__ import annotations

import datetime as dt
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


def test_own_section_and_an_answer_entered_for_the_party(
    browser_login, axe_serious, live_server, users, record, screenshot_dir
):
    base = f"{live_server.url}/arenden/{record.key}"
    page = browser_login("utredare")
    page.goto(base + "/")

    # an own section, placed after Ekonomiska konsekvenser
    page.get_by_role("link", name="Egna avsnitt", exact=True).click()
    page.wait_for_url("**/egna-avsnitt/")
    page.fill("#id_heading", "Facklig samverkan")
    page.fill("#id_text", "Samverkan skedde i **två** steg:\n\n- MBL § 11\n- Information")
    page.select_option("#id_after", "ekonomi")
    page.get_by_role("button", name="Spara avsnittet").click()
    page.get_by_text("Avsnittet sparades.").wait_for()
    assert page.locator("#section-facklig-samverkan strong").inner_text() == "två"
    assert axe_serious(page) == []
    page.screenshot(path=str(screenshot_dir / "own-sections.png"), full_page=True)

    # a remiss with a second party row added by the button
    page.goto(base + "/remiss/ny/")
    page.fill("#id_id", "remiss-ia")
    page.fill("#id_title", "Remiss: IA flyttas till IFO")
    page.fill("#id_deadline", "2025-03-31")
    page.get_by_label("IA flyttas till IFO i socialförvaltningen").check()
    page.fill("#id_party-0-id", "sn")
    page.fill("#id_party-0-name", "Socialnämnden")
    assert page.locator("#id_party-1-id").count() == 0
    page.get_by_role("button", name="Lägg till remissinstans").click()
    page.locator("#id_party-1-id").wait_for()
    assert page.input_value("#id_party-0-name") == "Socialnämnden"  # what was typed is kept
    page.fill("#id_party-1-id", "vision")
    page.fill("#id_party-1-name", "Vision")
    page.select_option("#id_party-1-kind", "union")
    page.get_by_role("button", name="Spara remissen").click()
    page.wait_for_url("**/remiss/remiss-ia/")
    page.fill("#id_sent", "2025-03-03")
    page.get_by_role("button", name="Skicka remissen").click()
    page.get_by_text("Remissen skickades").first.wait_for()

    # Vision's answer came by e-mail: the utredare enters it
    page.get_by_role("link", name="För in svar (papper eller e-post) (Vision)").click()
    page.wait_for_url("**/svar/vision/")
    page.get_by_label("med e-post").check()
    page.get_by_label("avstyrker").check()
    page.fill("#id_date", "2025-03-28")
    page.fill("#id_text", "Vision avstyrker: arbetsmarknadsinsatserna riskerar att tappa fart.")
    assert axe_serious(page) == []
    page.screenshot(path=str(screenshot_dir / "remiss-answer-entry.png"), full_page=True)
    page.get_by_role("button", name="Spara svaret").click()
    page.wait_for_url("**/remiss/remiss-ia/")
    page.get_by_text("Svaret från Vision fördes in.").wait_for()
    assert page.get_by_text("Kom in med e-post, infört av utredare").is_visible()
    assert page.get_by_text(
        "Svaret från Vision kom med e-post 2025-03-28 och fördes in av utredaren."
    ).is_visible()
    page.screenshot(path=str(screenshot_dir / "remiss-on-behalf.png"), full_page=True)

    case = shared.load(CaseRecord.objects.get(pk=record.pk))
    remiss = case.remisses[0]
    assert remiss.sent == dt.date(2025, 3, 3)
    assert [p.id for p in remiss.parties] == ["sn", "vision"]
    (answer,) = remiss.responses
    assert (answer.party, answer.received_by.value, answer.entered_by) == (
        "vision",
        "email",
        "utredare",
    )

    # the HTML document: the own section after Ekonomiska konsekvenser, with its bold word
    doc = page.context.new_page()
    doc.goto(base + "/dokument/forhandsvisning/")  # the HTML document as the web shows it
    headings = doc.locator("h2").all_inner_texts()
    at = headings.index("Ekonomiska konsekvenser")
    assert headings[at + 1] == "Facklig samverkan"
    section = doc.locator("section", has=doc.get_by_role("heading", name="Facklig samverkan"))
    assert section.locator("strong").first.inner_text() == "två"
    assert section.locator("li").all_inner_texts() == ["MBL § 11", "Information"]
    doc.screenshot(path=str(screenshot_dir / "document-own-section.png"), full_page=True)
    # and the draft sent on remiss has it too
    doc.goto(base + "/remiss/remiss-ia/skickat-underlag/")
    assert "Facklig samverkan" in doc.locator("h2").all_inner_texts()
