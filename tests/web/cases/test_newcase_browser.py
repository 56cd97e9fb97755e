"""In Chromium: a case from an empty database through the "Nytt ärende" form to a downloaded
DOCX; and a conclusion of Nuläge after the gates exclude every other alternative."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from tests.web.helpers_newcase import create_case_through_form, download_docx_text

from oversyn.web.cases.models import CaseRecord
from oversyn.web.evaluation import actions as esvc
from oversyn.web.platform import shared

CHROMIUM = Path("/usr/bin/chromium")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian chromium (make sysdeps)"),
]
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def test_new_case_from_an_empty_database_to_docx(
    browser_login, axe_serious, live_server, users, screenshot_dir
):
    assert not CaseRecord.objects.exists()
    page = browser_login("utredare")
    page.goto(live_server.url + "/nytt-arende/")
    page.screenshot(path=str(screenshot_dir / "newcase-form.png"), full_page=True)
    assert axe_serious(page) == []
    key = create_case_through_form(
        page,
        live_server.url,
        title="Översyn av socialförvaltningen",
        municipality="0580",
        committee="Kommunstyrelsen",
        case_number="KS 2025/0123",
        directive_by="Kommunstyrelsen",
        directive_to="Kommundirektören",
        directive_deadline="våren 2026",
        directive_text="Utred socialförvaltningens organisation.",
    )
    assert key == "oversyn-av-socialforvaltningen"
    page.screenshot(path=str(screenshot_dir / "newcase-overview.png"), full_page=True)
    case = shared.load(CaseRecord.objects.get(key=key))
    assert case.case.municipality.name == "Linköpings kommun"
    assert page.get_by_role("heading", name="Strukturanalys").is_visible()
    texts = download_docx_text(page, live_server.url, key)
    joined = "\n".join(texts)
    assert "Översyn av socialförvaltningen" in joined
    assert "KS 2025/0123" in joined
    assert "Kommunledningsförvaltningen" in joined  # the skeleton's key figures


def test_gates_leave_only_nulage_and_the_user_proposes_it(
    browser_login, live_server, users, record, screenshot_dir
):
    esvc.gate_save(
        actor=users["utredare"],
        record=record,
        gate_id=None,
        data={
            "id": "lag",
            "name": "Följer lagen",
            "level": "ska",
            "results": [
                {"alternative": "nulage", "answer": "ja"},
                {"alternative": "ia-till-ifo", "answer": "nej"},
            ],
        },
        base=shared.token(None),
    )
    page = browser_login("utredare")
    page.goto(f"{live_server.url}/arenden/{record.key}/utvardering/")
    assert page.get_by_text("Ingen rangordning ännu").count() == 0
    page.get_by_text("återstår bara Nuläge").first.wait_for()
    page.get_by_role("link", name="Ange eller ändra slutsatsen").click()
    page.wait_for_url("**/utvardering/slutsats/")
    page.check("#alt-nulage")
    page.fill("#id_text", "Inget förändringsalternativ klarar lagkravet; nuläget behålls.")
    page.screenshot(path=str(screenshot_dir / "conclusion-form.png"), full_page=True)
    page.get_by_role("button", name="Spara slutsatsen").click()
    page.wait_for_url("**/utvardering/")
    page.screenshot(path=str(screenshot_dir / "conclusion-nulage.png"), full_page=True)
    ev = shared.load(CaseRecord.objects.get(pk=record.pk)).evaluation
    assert ev.conclusion is not None and ev.conclusion.alternative == "nulage"
    texts = download_docx_text(page, live_server.url, record.key)
    joined = "\n".join(texts)
    assert "Kommunstyrelsen beslutar att behålla nuvarande organisation." in joined
    assert "Förslaget är att behålla nuvarande organisation" in joined
    assert "--alternative" not in joined
