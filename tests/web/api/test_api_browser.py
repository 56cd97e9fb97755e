"""The interactive API docs in Chromium: Swagger UI from ninja's own static files renders the
operations under the site's CSP (no violation reported), logged in by the session."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_api_docs_render_under_the_csp(browser_login, live_server, users, screenshot_dir):
    page = browser_login("lasare")
    violations: list[str] = []
    page.on(
        "console",
        lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None,
    )
    page.goto(live_server.url + "/api/v1/docs")
    page.wait_for_selector(".opblock", timeout=20_000)
    assert page.locator(".opblock").count() >= 90
    assert "Översyn API" in page.inner_text(".info")
    page.screenshot(path=str(screenshot_dir / "api-docs.png"))
    assert violations == []
