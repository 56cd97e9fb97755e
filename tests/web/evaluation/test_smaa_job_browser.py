"""In Chromium: start "Robusthetsanalys med fler dragningar" on the results page, watch its
progress reach 100 % and read the acceptability table with the version it was computed on.
A job worker runs in a thread of the test process (``job_worker`` in tests/web/conftest.py)."""

from __future__ import annotations

from oversyn.web.cases.models import CaseRecord
from oversyn.web.evaluation import actions as esvc
from oversyn.web.jobs.models import Job, JobStatus
from oversyn.web.platform import shared

PRINCIPLES = ["samverkan", "styrning", "service", "resurser"]


def _score_as(user, record, values):
    ev = shared.load(CaseRecord.objects.get(pk=record.pk)).evaluation
    scores = [
        {"alternative": alt, "criterion": c, "score": s, "motivation": f"{alt}/{c}: skäl"}
        for alt, row in values.items()
        for c, s in zip(PRINCIPLES, row, strict=True)
    ]
    esvc.scores_save(
        actor=user,
        record=record,
        scores=scores,
        base=esvc.scores_token(ev, esvc.assessor_id_for(user)),
    )


def test_start_the_analysis_see_it_reach_100_percent_and_its_table(
    browser_login, live_server, users, record, job_worker, screenshot_dir
):
    _score_as(users["utredare"], record, {"ia-till-ifo": [2, 2, 2, 2], "nulage": [1, 3, 2, 2]})
    _score_as(users["bedomare"], record, {"ia-till-ifo": [3, 3, 2, 2], "nulage": [1, 1, 2, 1]})
    version = CaseRecord.objects.get(pk=record.pk).version
    page = browser_login("utredare")
    page.goto(f"{live_server.url}/arenden/{record.key}/utvardering/")
    assert page.get_by_text("Ingen analys med fler dragningar ännu.").is_visible()
    page.fill("#id_samples", "200000")
    page.fill("#id_seed", "4")
    page.get_by_role("button", name="Starta robusthetsanalysen").click()
    page.wait_for_url("**/utvardering/?jobb=*")
    block = page.locator("#h-smaa-job ~ .job-progress, section .job-progress").first
    # the block polls until the job ends, then the page reloads with the job's 100 %
    page.wait_for_function(
        "() => document.querySelector('.job-progress')?.dataset.status === 'done'",
        timeout=120_000,
    )
    page.wait_for_selector("table.smaa-job", timeout=30_000)
    assert block.locator("progress").get_attribute("value") == "100"
    assert "100 %" in block.inner_text()
    job = Job.objects.get()
    assert job.status == JobStatus.DONE and job.case_version == version
    meta = page.locator(".smaa-job-meta").inner_text()
    assert f"200 000 dragningar, slumpfrö 4, beräknad på version {version}" in meta.replace(
        "\u00a0", " "
    )
    rows = page.locator("table.smaa-job tbody tr")
    assert rows.count() == 2
    cells = rows.first.locator("td").all_inner_texts()
    assert len(cells) == 3 and all(c.strip().endswith("%") for c in cells)
    assert not page.locator(".smaa-job-stale").count()
    page.screenshot(path=str(screenshot_dir / "smaa-job.png"), full_page=True)
