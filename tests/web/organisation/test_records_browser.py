"""In Chromium: 1,000,000 service records → upload, column mapping, the progress bar to the
end, the heat map; only the aggregate stored; cancel a running job; a bad file's located
Swedish error that changes nothing.  A job worker runs in a thread of the test process
against the live server's database (``job_worker`` in tests/web/conftest.py)."""

from __future__ import annotations

import contextlib
import time
from pathlib import Path

import pytest
from django.db import connection

from oversyn.io.evidence.synth import synth_events, write_events
from oversyn.web.cases.models import CaseRecord
from oversyn.web.jobs.models import Job, JobStatus
from oversyn.web.jobs.runner import start_job


@pytest.fixture
def worker(job_worker):
    """A job worker in a thread of this process (tests/web/conftest.py: ThreadWorker)."""
    return job_worker


def _db_bytes() -> int:
    with connection.cursor() as cur:
        if connection.vendor == "sqlite":
            cur.execute("PRAGMA page_count")
            pages = cur.fetchone()[0]
            cur.execute("PRAGMA page_size")
            return pages * cur.fetchone()[0]
        cur.execute("SELECT pg_database_size(current_database())")
        return int(cur.fetchone()[0])


def _files(folder: Path) -> list[Path]:
    return [p for p in Path(folder).rglob("*") if p.is_file()]


def test_a_million_records_become_a_heat_map(
    browser_login,
    live_server,
    users,
    record,
    seed_case,
    tmp_path,
    job_files,
    worker,
    screenshot_dir,
):
    table = synth_events(seed_case, persons=600_000, seed=13)
    assert table.num_rows >= 1_000_000
    source = tmp_path / "insatser-2024.parquet"
    write_events(table.slice(0, 1_000_000), source)
    before_db, before_version = _db_bytes(), record.version
    page = browser_login("utredare")
    page.goto(f"{live_server.url}/arenden/{record.key}/samverkan/")
    page.set_input_files("#id_poster", str(source))
    page.get_by_role("button", name="Ladda upp och välj kolumner").click()
    page.wait_for_url("**/samverkan/poster/*/")
    # the suggested mapping
    assert page.locator("#id_person").input_value() == "personnyckel"
    assert page.locator("#id_unit").input_value() == "enhet"
    assert page.locator("#id_start").input_value() == "startdatum"
    assert page.locator("#id_end").input_value() == "slutdatum"
    page.fill("#id_period", "2024")
    page.get_by_role("button", name="Starta beräkningen").click()
    page.wait_for_url("**/samverkan/?jobb=*")
    bar = page.locator(".job-progress progress")
    seen = set()
    deadline = time.monotonic() + 150
    assert bar.count() == 1
    # the bar is polled until the job is done; then the page reloads without it
    while time.monotonic() < deadline and page.locator(".job-progress").count():
        with contextlib.suppress(Exception):  # swapped or reloaded meanwhile
            seen.add(bar.first.get_attribute("value", timeout=1000))
        page.wait_for_timeout(300)
    page.screenshot(path=str(screenshot_dir / "records-heatmap.png"), full_page=True)
    job = Job.objects.get()
    assert job.status == JobStatus.DONE, job.error
    # the page showed the bar while it polled; that each progress report is visible at once
    # is tested deterministically (a gated job seen from a second connection) in
    # tests/web/jobs/test_progress_visible.py — here, with the suite on every core, a poll
    # may only catch the first value before the job ends
    assert seen and all(v is None or 0 <= int(v) <= 100 for v in seen), seen
    assert page.locator("table.heat td.heat-5").count() >= 1
    assert page.locator("figure.heatmap img").evaluate("img => img.naturalWidth") > 0
    # only the aggregate is stored: the file is gone, the database grew by kilobytes
    assert not _files(job_files)
    grown = _db_bytes() - before_db
    assert grown < 1_000_000, f"the database grew by {grown} bytes"
    row = CaseRecord.objects.get(pk=record.pk)
    assert row.version == before_version + 1 == job.result_version
    assert job.result["records"] == 1_000_000
    print(
        f"1 M records: job {job.result['seconds']} s, database +{grown / 1024:.0f} kB,",
        f"bar {sorted(seen, key=str)}",
    )


def test_cancel_a_running_job(browser_login, live_server, users, record, worker):
    job = start_job(
        actor=users["utredare"],
        record=record,
        kind="selftest",
        params={"seconds": 60, "steps": 120},
    )
    page = browser_login("utredare")
    page.goto(f"{live_server.url}/jobb/{job.pk}/")
    page.wait_for_function(
        "() => document.querySelector('.job-progress')?.dataset.status === 'running'",
        timeout=30_000,
    )
    page.get_by_role("button", name="Avbryt jobbet").click()
    page.wait_for_selector("text=Jobbet avbröts.")
    assert page.locator(".job-progress").get_attribute("data-status") == "cancelled"
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and worker.running_task:
        time.sleep(0.2)
    job.refresh_from_db()
    assert job.status == JobStatus.CANCELLED and job.result is None and not worker.running_task


def test_a_bad_file_gives_a_located_error_and_changes_nothing(
    browser_login, live_server, users, record, seed_case, tmp_path, job_files, worker
):
    path = tmp_path / "poster.csv"
    write_events(synth_events(seed_case, persons=300, seed=2), path)
    lines = path.read_text().splitlines()
    cells = lines[4].split(",")
    cells[2] = "2024-02-31"  # line 5: no such date
    lines[4] = ",".join(cells)
    path.write_text("\n".join(lines) + "\n")
    content_before = CaseRecord.objects.get(pk=record.pk).content
    page = browser_login("utredare")
    page.goto(f"{live_server.url}/arenden/{record.key}/samverkan/")
    page.set_input_files("#id_poster", str(path))
    page.get_by_role("button", name="Ladda upp och välj kolumner").click()
    page.wait_for_url("**/samverkan/poster/*/")
    page.get_by_role("button", name="Starta beräkningen").click()
    page.wait_for_selector(".job-error", timeout=60_000)
    text = page.locator(".job-error").inner_text()
    assert "Jobbet misslyckades; ingenting ändrades i ärendet." in text
    assert "poster.csv:5" in text and "2024-02-31" in text, text
    row = CaseRecord.objects.get(pk=record.pk)
    assert row.version == record.version and row.content == content_before
    assert not _files(job_files)
