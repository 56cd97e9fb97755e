"""In Chromium: a case file larger than OVERSYN_JOB_INLINE_BYTES (256 kB, the default)
imported as a new case from the case list — the job's page with its progress bar, then the
new case opens when the job is done.  A job worker runs in a thread (``job_worker``)."""

from __future__ import annotations

from django.conf import settings

from oversyn.io.casefile import dump_case
from oversyn.web.cases.models import CaseRecord
from oversyn.web.jobs.models import Job, JobStatus
from oversyn.web.platform import shared


def test_a_large_case_file_becomes_a_new_case_through_its_job(
    browser_login, live_server, users, seed_case, job_worker, job_files, tmp_path
):
    # a long summary makes the seed a large file (about 300 kB) that is still a valid case
    summary = " ".join(["Sammanfattningen av översynen."] * 10_000)
    big = seed_case.model_copy(
        update={"case": seed_case.case.model_copy(update={"summary": summary})}
    )
    source = tmp_path / "stor-arendefil.yaml"
    source.write_text(dump_case(big), encoding="utf-8")
    assert source.stat().st_size > settings.OVERSYN_JOB_INLINE_BYTES
    job_worker.paused = True  # the job waits in the queue while the page is looked at
    page = browser_login("utredare")
    page.set_input_files("#id_file", str(source))
    page.get_by_role("button", name="Importera").click()
    page.wait_for_url("**/jobb/*/?oppna=1")
    block = page.locator(".job-progress")
    assert block.count() == 1 and block.get_attribute("data-status") == "queued"
    assert page.locator(".job-progress progress").get_attribute("value") == "0"
    assert "Nytt ärende från ärendefil" in block.inner_text()
    assert page.get_by_role("button", name="Avbryt jobbet").count() == 1
    assert not CaseRecord.objects.exists()  # no case while the job waits
    job_worker.paused = False
    # the block polls every second; when the job is done the page opens the new case
    page.wait_for_url(f"{live_server.url}/arenden/*/", timeout=120_000)
    job = Job.objects.get()
    assert job.status == JobStatus.DONE, job.error
    row = CaseRecord.objects.get()
    assert page.url == f"{live_server.url}/arenden/{row.key}/"
    assert shared.load(row).case.summary == summary
    assert seed_case.case.title in page.locator("h1, .casetitle").first.inner_text()
    assert not [p for p in job_files.rglob("*") if p.is_file()]  # the upload is gone
