"""The remiss answer flow in Chromium (Playwright), as the investigator and as a party.

Worked example: seed 000 (IA → IFO) on remiss to Socialnämnden, as Enköping's Socialnämnden
answered its remiss with "förslag tillägg" to the SWOT (seed 002).  The utredare creates the
remiss with a deadline, lets the party user ``instans`` answer for Socialnämnden and sends it;
``instans`` (no case member) opens its inbox, reads the alternative's diff sentence, answers
"tillstyrker delvis" with a text and a SWOT weakness; the answer is in the case, ``instans``
gets 404 on the case overview, and the utredare reads the answer and the core's summary
sentence.  axe-core finds no serious or critical violations on the two pages.
Screenshots go to $OVERSYN_SCREENSHOTS if set (else the test's tmp dir).
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

MOVE_SENTENCE = (
    "Integration och arbetsmarknad flyttas från Vuxenutbildningen "
    "(Barn- och utbildningsförvaltningen) till Individ- och familjeomsorg (Socialförvaltningen)."
)
WEAKNESS = "Arbetsmarknadsinsatserna riskerar att prioriteras ned i IFO"


def test_party_answers_the_remiss(
    browser_login, axe_serious, live_server, users, record, screenshot_dir, django_user_model
):
    django_user_model.objects.create_user(username="instans", password="pw-instans")
    due = (dt.date.today() + dt.timedelta(days=30)).isoformat()

    # the investigator writes the remiss, names the party's user and sends it
    page = browser_login("utredare")
    page.goto(f"{live_server.url}/arenden/{record.key}/")
    page.get_by_role("link", name="Remiss", exact=True).click()
    page.get_by_role("link", name="Ny remiss").click()
    page.fill("#id_id", "remiss-ia")
    page.fill("#id_title", "Remiss: IA flyttas till IFO")
    page.fill("#id_sent_by", "Kommunstyrelsen")
    page.fill("#id_deadline", due)
    page.fill("#id_document", "Vi skickar utkastet till beslutsunderlag på remiss.")
    page.get_by_label("IA flyttas till IFO i socialförvaltningen").check()
    page.fill("#id_party-0-id", "sn")
    page.fill("#id_party-0-name", "Socialnämnden")
    page.select_option("#id_party-0-committee", "sn")
    page.get_by_role("button", name="Spara remissen").click()
    page.wait_for_url("**/remiss/remiss-ia/")
    page.select_option("#pu-sn", "instans")
    page.get_by_role("button", name="Ge åtkomst").click()
    page.get_by_role("button", name="Skicka remissen").click()
    page.get_by_text("Remissen skickades").first.wait_for()
    assert page.get_by_text("Det som skickades sparades").is_visible()
    assert axe_serious(page) == []
    page.screenshot(path=str(screenshot_dir / "remiss-edit.png"), full_page=True)

    # the party's user: inbox, the remiss as sent, the answer
    party = browser_login("instans")
    party.get_by_role("link", name="Remisser", exact=True).click()
    party.wait_for_url("**/remiss/")
    assert party.get_by_text("inte besvarad").is_visible()
    party.get_by_role("link", name="Remiss: IA flyttas till IFO").click()
    party.wait_for_url("**/remiss/*/")
    assert party.get_by_text(MOVE_SENTENCE).is_visible()
    assert party.get_by_text("30 dagar kvar").is_visible()
    party.get_by_label("tillstyrker delvis").check()
    party.fill("#id_decided_by", "Socialnämndens sammanträde")
    party.fill("#id_text", "Nämnden ser fördelar men vill se en konsekvensanalys först.")
    party.select_option("#id_swot-0-category", "weakness")
    party.fill("#id_swot-0-text", WEAKNESS)
    party.get_by_role("button", name="Skicka svaret").click()
    party.get_by_text("Ert svar är sparat.").wait_for()
    assert axe_serious(party) == []
    party.screenshot(path=str(screenshot_dir / "remiss-party.png"), full_page=True)

    case = shared.load(CaseRecord.objects.get(pk=record.pk))
    response = case.remisses[0].responses[0]
    assert (response.party, response.stance.value) == ("sn", "tillstyrker_delvis")
    assert [(a.category.value, a.text) for a in response.swot_additions] == [("weakness", WEAKNESS)]
    assert party.goto(f"{live_server.url}/arenden/{record.key}/").status == 404

    # the investigator reads the answer and the summary
    page.goto(f"{live_server.url}/arenden/{record.key}/remiss/")
    assert page.get_by_text("1 av 1 har svarat: Socialnämnden tillstyrker delvis.").is_visible()
    assert page.get_by_text(WEAKNESS).is_visible()
    assert axe_serious(page) == []
    page.screenshot(path=str(screenshot_dir / "remiss-investigator.png"), full_page=True)
