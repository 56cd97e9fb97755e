"""The Content-Security-Policy in a real browser: the case pages load, their scripts run
(HTMX), and Chromium reports no CSP violation; the new pages pass axe-core."""

from __future__ import annotations

from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian chromium (make sysdeps)"),
]

PAGES = [
    "/",
    "/arenden/{key}/",
    "/arenden/{key}/organisation/",
    "/arenden/{key}/remiss/",
    "/arenden/{key}/status/",
    "/arenden/{key}/dokument/",
    "/arenden/{key}/utskick/",
]


def test_no_csp_violation_on_the_case_pages(
    browser_login, live_server, record, axe_serious, screenshot_dir
):
    page = browser_login("utredare")
    violations = []
    page.on(
        "console",
        lambda msg: violations.append(msg.text) if "Content Security Policy" in msg.text else None,
    )
    for path in PAGES:
        response = page.goto(live_server.url + path.format(key=record.key))
        assert response.status == 200, path
        assert "Content-Security-Policy" in {k.title(): v for k, v in response.headers.items()}
        page.wait_for_load_state("networkidle")
        assert page.evaluate("() => typeof htmx") == "object", path  # our script ran
    assert violations == []
    page.goto(f"{live_server.url}/arenden/{record.key}/utskick/")
    page.screenshot(path=str(screenshot_dir / "case-mail.png"), full_page=True)
    assert axe_serious(page) == []
