"""The document preview in its sandboxed frame loads its images from their signed addresses
(issue 11, item 6): the frame sends no session, the images still show."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian chromium (make sysdeps)"),
]
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def test_preview_frame_shows_its_images(browser_login, live_server, record, screenshot_dir):
    page = browser_login("lasare")
    page.goto(f"{live_server.url}/arenden/{record.key}/dokument/")
    frame = page.frame_locator("iframe.docpreview")
    images = frame.locator("img")
    images.first.wait_for(timeout=120_000)
    count = images.count()
    assert count > 0
    for i in range(count):
        src = images.nth(i).get_attribute("src") or ""
        assert "/dokument/bild/" in src and not src.startswith("data:")
    # every image decodes (a refused request fails decode(): width 0)
    widths = [
        images.nth(i).evaluate("img => img.decode().then(() => img.naturalWidth, () => 0)")
        for i in range(count)
    ]
    assert all(w > 0 for w in widths), widths
    page.screenshot(path=str(screenshot_dir / "preview-images.png"), full_page=False)
