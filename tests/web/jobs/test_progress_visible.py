"""A running job's progress is visible to other connections at once, not when the job ends.

Each ``ctx.progress()`` is its own committed UPDATE (the job function runs outside any
transaction; only its final write to the case is one atomic action), so a page polling from
another connection sees every step.  Checked two ways, on SQLite (the test database file) and,
with ``DATABASE_URL=postgres://…``, on PostgreSQL:

* a job in a thread of this process (its own connection) that waits at each step until the
  test, on the main connection, has seen that step's value — a held transaction would make
  the test wait in vain;
* a real ``oversyn-manage jobs_worker --batch`` process running the self-test job while the
  test polls the row.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time

import pytest
from django.db import connection, connections, transaction

from oversyn.web.jobs.models import Job, JobStatus
from oversyn.web.jobs.runner import JobContext, execute, job_kind, start_job

pytestmark = pytest.mark.django_db(transaction=True)

STEPS = (0.25, 0.5, 0.75)
SEEN: dict[float, threading.Event] = {}


@job_kind("test_progress_gate", label=lambda: "Test")
def _gated(ctx: JobContext, params: dict) -> dict:
    # a job in a transaction of its own making would hide its progress until the end: the
    # runner must not hold one around the job function
    assert not transaction.get_connection().in_atomic_block
    for step in STEPS:
        ctx.progress(step, f"steg {step}")
        if not SEEN[step].wait(20):
            raise AssertionError(f"the progress {step} was not seen from another connection")
    return {"steps": len(STEPS)}


def _progress_now(job_id) -> tuple[str, float]:
    status, progress = Job.objects.values_list("status", "progress").get(pk=job_id)
    return status, progress


def test_each_progress_step_is_seen_by_another_connection_while_the_job_runs(users, record):
    SEEN.clear()
    SEEN.update({step: threading.Event() for step in STEPS})
    job = start_job(actor=users["utredare"], record=record, kind="test_progress_gate", params={})
    outcome: list[str] = []

    def work() -> None:
        try:
            outcome.append(execute(str(job.pk)))
        finally:
            connections.close_all()  # this thread's own connection

    thread = threading.Thread(target=work, daemon=True)
    thread.start()
    observed = []
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not all(e.is_set() for e in SEEN.values()):
        status, progress = _progress_now(job.pk)
        if status == JobStatus.RUNNING and progress in SEEN and not SEEN[progress].is_set():
            observed.append(progress)
            SEEN[progress].set()  # the job goes on only when its step was seen here
        time.sleep(0.01)
    thread.join(30)
    assert observed == list(STEPS), observed
    assert outcome == [JobStatus.DONE]
    job.refresh_from_db()
    assert job.status == JobStatus.DONE and job.progress == 1.0


def _database_url() -> str:
    s = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{s['NAME']}"
    auth = s["USER"] + (f":{s['PASSWORD']}" if s.get("PASSWORD") else "")
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


def test_a_real_worker_process_shows_its_progress_while_it_runs(users, record):
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        pytest.skip("an in-memory database cannot be shared with a worker process")
    job = start_job(
        actor=users["utredare"],
        record=record,
        kind="selftest",
        params={"seconds": 3.0, "steps": 6},
    )
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "DJANGO_SETTINGS_MODULE": "oversyn.web.settings_test",
    }
    command = [sys.executable, "-m", "oversyn.web.manage", "jobs_worker", "--batch", "-v", "0"]
    worker = subprocess.Popen(command, env=env)
    seen: set[float] = set()
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and worker.poll() is None:
            status, progress = _progress_now(job.pk)
            if status == JobStatus.RUNNING:
                seen.add(round(progress, 4))
            time.sleep(0.05)
        assert worker.wait(timeout=60) == 0
    finally:
        if worker.poll() is None:
            worker.kill()
    job.refresh_from_db()
    assert job.status == JobStatus.DONE, job.error
    below_end = sorted(p for p in seen if p < 1.0)
    # six steps of 0.5 s each, polled every 0.05 s: most of them are seen while running
    assert len(below_end) >= 3, below_end
