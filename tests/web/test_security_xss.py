"""Script and template injection in every text field (issue 16, item 6).

Each example case gets :data:`PAYLOAD` appended to every text the case model accepts it in
(ids, dates, numbers and references keep their values: the model refuses a payload there, so
the poisoning reverts exactly those).  The poisoned cases are then

* opened page by page in Chromium, which listens for dialogs: an ``alert`` that runs would be
  a dialog; no element may carry the injected ``onerror``/``onload`` handlers;
* rendered as the beslutsunderlag in HTML, DOCX and PDF: the payload is text there (escaped in
  HTML, literal in the Word XML and in the PDF's text), and the template expressions
  (``{{'xssmark'|upper}}``, ``${…}``) are never evaluated (XSSMARK appears nowhere).
"""

from __future__ import annotations

import io
import os
import subprocess
import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from pydantic import ValidationError

from oversyn.core.case import Case
from oversyn.core.evaluation.validate import validate_evaluation
from oversyn.core.validate import validate_case
from oversyn.io.casefile import load_case
from oversyn.web.cases import services
from oversyn.web.cases.models import CaseRecord, Role

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
PAYLOAD = (
    '<script>alert("x1")</script><img src=x onerror=alert("x2")>'
    "\"'><svg onload=alert('x3')>{{7*191}}{{'xssmark'|upper}}{% debug %}"
    "${'xssmark'.toUpperCase()}"
)
EVALUATED = "XSSMARK"  # what {{'xssmark'|upper}} or the ${…} literal would give if evaluated


def _set(data: Any, loc: tuple[Any, ...], value: Any) -> None:
    for part in loc[:-1]:
        data = data[part]
    data[loc[-1]] = value


def _get(data: Any, loc: tuple[Any, ...]) -> Any:
    for part in loc:
        data = data[part]
    return data


def _leaves(data: Any, loc: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    if isinstance(data, dict):
        return [p for k, v in data.items() for p in _leaves(v, (*loc, k))]
    if isinstance(data, list):
        return [p for i, v in enumerate(data) for p in _leaves(v, (*loc, i))]
    return [loc] if isinstance(data, str) else []


def poisoned(case: Case, new_id: str) -> tuple[Case, int]:
    """``case`` with PAYLOAD appended to every text that stays valid; (case, texts poisoned)."""
    original = case.model_dump(mode="json")
    original["case"]["id"] = new_id
    data = case.model_dump(mode="json")
    data["case"]["id"] = new_id
    # every text but the case id and the format marker (a version, not text: read by the
    # format upgrade, which refuses an unknown one)
    leaves = [loc for loc in _leaves(data) if loc not in (("case", "id"), ("format",))]
    for loc in leaves:
        _set(data, loc, _get(data, loc) + " " + PAYLOAD)
    for _round in range(60):
        try:
            candidate = Case.model_validate(data)
        except ValidationError as exc:
            bad = {tuple(e["loc"]) for e in exc.errors()}
        else:
            problems = validate_case(candidate) + validate_evaluation(candidate)
            if not problems:
                kept = sum(PAYLOAD in _get(data, loc) for loc in leaves)
                return candidate, kept
            bad = {tuple(p.loc) for p in problems}
        reverted = 0
        for loc in leaves:  # revert the leaves under (or at) every location refused
            refused = any(loc[: len(b)] == b or b[: len(loc)] == loc for b in bad if b)
            if refused and _get(data, loc) != _get(original, loc):
                _set(data, loc, _get(original, loc))
                reverted += 1
        if not reverted:  # a refusal we cannot place: revert one leaf at a time from the end
            for loc in reversed(leaves):
                if _get(data, loc) != _get(original, loc):
                    _set(data, loc, _get(original, loc))
                    break
    raise AssertionError("could not poison the case")


@pytest.fixture
def poisoned_records(users):
    out = []
    for path in sorted(EXAMPLES.glob("*.yaml")):
        case, kept = poisoned(load_case(path), "xss-" + path.stem)
        assert kept > 20, (path.name, kept)
        record = services.case_create(actor=users["utredare"], case=case)
        services.membership_set(
            actor=users["utredare"], record=record, user=users["lasare"], role=Role.LASARE
        )
        out.append((record, kept))
    print("poisoned texts per case:", {r.key: k for r, k in out})
    return out


def _case_urls(record: CaseRecord) -> list[str]:
    from tests.web.test_all_pages import _case_pages, _object_pages

    urls = [reverse(f"cases:{name}", args=[record.key]) for name in _case_pages()]
    urls += _object_pages(record.key)
    return [u for u in urls if not u.endswith((".xlsx", ".yaml")) and "/dokument/" not in u]


@pytest.mark.django_db
def test_the_payload_is_text_in_every_document_format(client, users, poisoned_records):
    client.force_login(users["utredare"])
    for record, _kept in poisoned_records:
        html = client.get(reverse("cases:document_download", args=[record.key, "html"]))
        assert html.status_code == 200
        text = html.content.decode()
        assert "&lt;script&gt;alert(" in text, record.key
        assert '<script>alert("x1")' not in text and "onerror=alert" not in text.replace(
            "onerror=alert(&quot;", ""
        ).replace("onerror=alert(&#x27;", "")
        assert EVALUATED not in text
        docx = client.get(reverse("cases:document_download", args=[record.key, "docx"]))
        assert docx.status_code == 200
        with zipfile.ZipFile(io.BytesIO(docx.content)) as archive:
            xml = archive.read("word/document.xml").decode()
        assert "&lt;script&gt;alert(" in xml and EVALUATED not in xml
        assert "{{7*191}}" in xml
    record = poisoned_records[0][0]
    pdf = client.get(reverse("cases:document_download", args=[record.key, "pdf"]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    pdf_text = subprocess.run(
        ["pdftotext", "-", "-"], input=pdf.content, capture_output=True, check=True
    ).stdout.decode()
    assert "<script>alert(" in pdf_text and EVALUATED not in pdf_text


@pytest.mark.django_db
def test_the_payload_is_escaped_on_every_page(client, users, poisoned_records):
    """The same check without a browser (fast; the browser test below runs the scripts)."""
    client.force_login(users["utredare"])
    pages = 0
    for record, _kept in poisoned_records:
        for url in _case_urls(record):
            response = client.get(url)
            if response.status_code in (302, 405):  # a form's POST address: 405 or back to its page
                continue
            assert response.status_code == 200, url
            if not response["Content-Type"].startswith("text/"):  # an image (a heat map)
                continue
            text = response.content.decode()
            assert '<script>alert("x1")' not in text, url
            assert "<img src=x onerror" not in text and "<svg onload" not in text, url
            assert EVALUATED not in text, url
            pages += 1
    assert pages > 100


CHROMIUM = Path("/usr/bin/chromium")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian chromium (make sysdeps)")
def test_no_injected_script_runs_in_the_browser(browser_login, live_server, poisoned_records):
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    page = browser_login("utredare")
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(f"{page.url}: {d.message}"), d.dismiss()))
    opened = 0
    for record, _kept in poisoned_records:
        for url in _case_urls(record):
            response = page.goto(live_server.url + url)
            if response is None or response.status == 405:
                continue
            assert response.status == 200, url
            page.wait_for_load_state("load")
            injected = page.evaluate(
                "() => document.querySelectorAll('img[src=\"x\"], svg[onload], [onerror]').length"
            )
            assert injected == 0, url
            opened += 1
        page.goto(live_server.url + reverse("cases:document_preview", args=[record.key]))
        page.wait_for_load_state("load")
    assert dialogs == []
    assert opened > 100
    page.goto(live_server.url + "/")
    page.evaluate("() => alert('probe')")  # the listener itself works: a real alert is seen
    assert [d.rsplit(": ", 1)[-1] for d in dialogs] == ["probe"]
    print(f"XSS: {opened} pages opened in Chromium, 0 dialogs")
