"""History in Chromium: show an earlier version, diff two versions in words, restore one."""

from __future__ import annotations

from pathlib import Path

import pytest

from oversyn.web.cases import services
from oversyn.web.cases.models import AuditRecord, CaseRecord
from oversyn.web.platform import shared

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not Path("/usr/bin/chromium").exists(), reason="needs Debian chromium"),
]


def test_show_diff_and_restore_a_revision(browser_login, live_server, users, record):
    first = record.version
    case = shared.load(record)
    services.case_info_update(
        actor=users["utredare"],
        record=record,
        data={**case.case.model_dump(mode="json"), "title": "Omdöpt ärende"},
        base=shared.token(case.case),
    )
    page = browser_login("utredare")
    page.goto(f"{live_server.url}/arenden/{record.key}/historik/")
    page.select_option("#fran", str(first))
    page.select_option("#till", str(first + 1))
    page.get_by_role("button", name="Jämför").click()
    page.wait_for_url("**/historik/jamfor/**")
    assert page.get_by_text("→ Omdöpt ärende").is_visible()

    page.goto(f"{live_server.url}/arenden/{record.key}/historik/")
    page.get_by_role("link", name=f"Version {first}", exact=True).click()
    page.wait_for_url(f"**/historik/{first}/")
    assert page.get_by_role("heading", name=f"Version {first}").is_visible()
    page.get_by_role("button", name=f"Återställ version {first}").click()
    page.wait_for_url(f"**/arenden/{record.key}/historik/")
    assert page.get_by_text(f"Version {first} återställdes som en ny version.").is_visible()
    row = CaseRecord.objects.get(pk=record.pk)
    assert row.version == first + 2
    assert shared.load(row).case.title == case.case.title
    assert AuditRecord.objects.filter(case=row, action="restore").count() == 1
