"""The job framework: start, run once, progress, cancel, fail, permissions, pages, worker."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from oversyn.web.jobs.models import Job, JobStatus
from oversyn.web.jobs.runner import (
    JobContext,
    JobError,
    cancel_job,
    execute,
    job_kind,
    start_job,
)
from oversyn.web.ops.models import Heartbeat

pytestmark = pytest.mark.django_db

CLEANED: list[dict] = []


@job_kind("test_cancel_self", label=lambda: "Test", cleanup=CLEANED.append)
def _cancel_self(ctx: JobContext, params: dict) -> dict:
    ctx.progress(0.5, "halvvägs")
    cancel_job(actor=ctx.actor, job=ctx.job)
    assert ctx.cancelled()
    ctx.progress(0.6, "vidare")  # raises JobCancelled
    return {"never": True}


@job_kind("test_fail", label=lambda: "Test", cleanup=CLEANED.append)
def _fail(ctx: JobContext, params: dict) -> dict:
    ctx.progress(0.2, "räknar")
    raise JobError(["poster.csv:7: ogiltigt datum '2024-13-01' i kolumnen start"])


@job_kind("test_crash", label=lambda: "Test")
def _crash(ctx: JobContext, params: dict) -> dict:
    raise ZeroDivisionError("division by zero")


def test_a_job_runs_once_with_its_case_version(users, record):
    job = start_job(actor=users["utredare"], record=record, kind="selftest", params={"seconds": 0})
    assert job.status == JobStatus.QUEUED and job.case_version == record.version
    assert execute(str(job.pk)) == JobStatus.DONE
    job.refresh_from_db()
    assert (
        job.progress == 1.0
        and job.runs == 1
        and job.result["units"]
        == len(
            __import__("oversyn.web.platform.repository", fromlist=["load"])
            .load(record)
            .baseline.units
        )
    )
    # delivered again: not run again
    assert execute(str(job.pk)) == JobStatus.DONE
    job.refresh_from_db()
    assert job.runs == 1


def test_only_editors_start_jobs(users, record):
    with pytest.raises(PermissionDenied):
        start_job(actor=users["lasare"], record=record, kind="selftest", params={})
    with pytest.raises(PermissionDenied):
        start_job(actor=users["outsider"], record=record, kind="selftest", params={})
    assert not Job.objects.exists()


def test_cancel_a_queued_job_never_runs_it(users, record):
    job = start_job(actor=users["utredare"], record=record, kind="selftest", params={})
    assert cancel_job(actor=users["utredare"], job=job)
    assert execute(str(job.pk)) == JobStatus.CANCELLED
    job.refresh_from_db()
    assert job.runs == 0 and job.status == JobStatus.CANCELLED
    assert not cancel_job(actor=users["utredare"], job=job)  # already over


def test_cancel_a_running_job_stops_it_at_its_next_progress(users, record):
    CLEANED.clear()
    job = start_job(
        actor=users["utredare"], record=record, kind="test_cancel_self", params={"x": 1}
    )
    assert execute(str(job.pk)) == JobStatus.CANCELLED
    job.refresh_from_db()
    assert job.status == JobStatus.CANCELLED and job.result is None and job.progress == 0.5
    assert CLEANED == [{"x": 1}]  # its files are cleaned up


def test_a_failing_job_keeps_the_located_swedish_error(users, record):
    CLEANED.clear()
    version = record.version
    job = start_job(actor=users["utredare"], record=record, kind="test_fail", params={"y": 2})
    assert execute(str(job.pk)) == JobStatus.FAILED
    job.refresh_from_db()
    assert "poster.csv:7" in job.error and job.result is None
    assert CLEANED == [{"y": 2}]
    record.refresh_from_db()
    assert record.version == version


def test_an_unexpected_exception_fails_the_job_with_its_kind(users, record):
    job = start_job(actor=users["utredare"], record=record, kind="test_crash", params={})
    assert execute(str(job.pk)) == JobStatus.FAILED
    job.refresh_from_db()
    assert "Oväntat fel" in job.error and "ZeroDivisionError" in job.error


def test_job_pages_follow_the_case_permissions(users, record, other_record):
    job = start_job(actor=users["utredare"], record=record, kind="selftest", params={})
    url = reverse("cases:job", kwargs={"job_id": job.pk})
    reader = Client()
    reader.force_login(users["lasare"])
    data = reader.get(url, HTTP_ACCEPT="application/json").json()
    assert data["status"] == "queued" and data["case_version"] == record.version
    partial = reader.get(url + "?reload=1", HTTP_HX_REQUEST="true")
    assert b'hx-trigger="every 1s"' in partial.content and b"<progress" in partial.content
    assert b"Avbryt jobbet" not in partial.content  # a reader cannot cancel
    assert reader.post(reverse("cases:job_cancel", kwargs={"job_id": job.pk})).status_code == 403
    outsider = Client()
    outsider.force_login(users["outsider"])
    assert outsider.get(url).status_code == 404
    listing = reader.get(reverse("cases:case_jobs", kwargs={"key": record.key}))
    assert "Testjobb" in listing.content.decode()
    editor = Client()
    editor.force_login(users["utredare"])
    response = editor.post(reverse("cases:job_cancel", kwargs={"job_id": job.pk}))
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == JobStatus.CANCELLED
    done = reader.get(url + "?reload=1", HTTP_HX_REQUEST="true")
    assert done["HX-Refresh"] == "true" and b"hx-trigger" not in done.content


def test_the_job_page_does_not_link_to_itself(users, record):
    """The progress block links to the job's page everywhere but on that page, also after
    a poll."""
    job = start_job(actor=users["utredare"], record=record, kind="selftest", params={})
    url = reverse("cases:job", kwargs={"job_id": job.pk})
    client = Client()
    client.force_login(users["utredare"])
    link = f'href="{url}"'.encode()
    page = client.get(url)
    assert page.status_code == 200 and link not in page.content
    assert b"sida=1" in page.content  # its poll says where it is
    polled = client.get(url + "?reload=1&sida=1", HTTP_HX_REQUEST="true")
    assert b"<progress" in polled.content and link not in polled.content
    elsewhere = client.get(url + "?reload=0", HTTP_HX_REQUEST="true")  # a case page's poll
    assert link in elsewhere.content


@pytest.mark.django_db(transaction=True)  # the worker closes old connections, as in production
def test_the_worker_runs_queued_jobs_and_beats(users, record):
    jobs = [
        start_job(actor=users["utredare"], record=record, kind="selftest", params={"seconds": 0})
        for _ in range(3)
    ]
    assert all(Job.objects.get(pk=j.pk).task_id for j in jobs)
    call_command("jobs_worker", "--batch", "--interval", "0")
    assert set(Job.objects.values_list("status", flat=True)) == {JobStatus.DONE}
    assert Heartbeat.objects.filter(name="jobs_worker").exists()
