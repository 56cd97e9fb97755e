"""In Chromium: "Skapa dokument i bakgrunden" — the progress, then the download link of the
DOCX written for this case version.  A job worker runs in a thread (``job_worker``)."""

from __future__ import annotations

import zipfile

from oversyn.web.jobs.models import Job, JobStatus


def test_a_document_in_the_background_is_downloaded_when_done(
    browser_login, live_server, users, record, job_worker, tmp_path
):
    page = browser_login("utredare")
    # the preview frame builds the whole document: do not wait for it
    page.goto(f"{live_server.url}/arenden/{record.key}/dokument/", wait_until="domcontentloaded")
    page.select_option("#doc-job-fmt", "docx")
    page.get_by_role("button", name="Skapa dokument i bakgrunden").click()
    page.wait_for_url("**/dokument/?jobb=*", wait_until="domcontentloaded")
    assert page.locator(".job-progress").count() == 1
    # the block polls until the job ends; then the page reloads and lists the file
    link = page.locator("ul.doc-files a")
    link.wait_for(timeout=120_000)
    job = Job.objects.get()
    assert job.status == JobStatus.DONE and job.case_version == record.version
    assert page.locator(".job-progress").get_attribute("data-status") == "done"
    assert f"version {record.version}, skapad" in page.locator("ul.doc-files").inner_text()
    # the link is fetched with the browser's own session (Chromium's download event did not
    # fire for this link under the live server in CI; the response is what a click gets)
    href = link.get_attribute("href")
    assert link.get_attribute("download") is not None
    response = page.request.get(live_server.url + href)
    assert response.status == 200
    disposition = response.headers["content-disposition"]
    assert disposition.startswith("attachment")
    assert f'filename="{record.key}-beslutsunderlag-v{record.version}.docx"' in disposition
    target = tmp_path / "hamtad.docx"
    target.write_bytes(response.body())
    assert zipfile.is_zipfile(target) and target.stat().st_size == job.result["bytes"]
