"""Two worker processes on PostgreSQL share one queue: 20 jobs, each run exactly once.

Runs when the tests use PostgreSQL (``DATABASE_URL=postgres://…``, the second half of
``make test``).  The workers are real ``oversyn-manage jobs_worker --batch`` processes against
the test database; django-tasks-db hands each task to one of them with ``SELECT … FOR UPDATE
SKIP LOCKED``.  Exactly once is checked on both levels: the queue's own record (one claiming
worker per task, every task successful) and the job rows (one run each, all done).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections import Counter

import pytest
from django.db import connection

from oversyn.web.jobs.models import Job, JobStatus
from oversyn.web.jobs.runner import start_job

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]


def _database_url() -> str:
    s = connection.settings_dict
    auth = s["USER"] + (f":{s['PASSWORD']}" if s.get("PASSWORD") else "")
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


def test_two_workers_run_twenty_jobs_each_exactly_once(users, record):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (DATABASE_URL=postgres://…)")
    from django_tasks_db.models import DBTaskResult

    jobs = [
        start_job(actor=users["utredare"], record=record, kind="selftest", params={"seconds": 0.4})
        for _ in range(20)
    ]  # autocommit: each job is enqueued at once
    assert DBTaskResult.objects.count() == 20
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "DJANGO_SETTINGS_MODULE": "oversyn.web.settings_test",
    }
    command = [sys.executable, "-m", "oversyn.web.manage", "jobs_worker", "--batch", "-v", "0"]
    started = time.perf_counter()
    workers = [subprocess.Popen(command, env=env) for _ in range(2)]
    for worker in workers:
        assert worker.wait(timeout=240) == 0
    elapsed = time.perf_counter() - started
    rows = list(Job.objects.filter(pk__in=[j.pk for j in jobs]))
    assert {r.status for r in rows} == {JobStatus.DONE}
    assert [r.runs for r in rows] == [1] * 20
    tasks = list(DBTaskResult.objects.all())
    assert {t.status for t in tasks} == {"SUCCESSFUL"}
    assert all(len(t.worker_ids) == 1 for t in tasks)  # each task claimed by one worker once
    by_worker = Counter(r.result["worker"] for r in rows)
    print(f"20 jobs of 0.4 s on 2 workers in {elapsed:.1f} s: {dict(by_worker)}")
    assert len(by_worker) == 2 and sum(by_worker.values()) == 20
