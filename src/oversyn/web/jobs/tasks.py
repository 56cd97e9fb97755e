"""The one task on django-tasks' queue: run a :class:`~oversyn.web.jobs.models.Job`.

Chosen framework: **django-tasks** (the backport of Django 6's ``django.tasks``) with its
database backend **django-tasks-db**: no broker beside the database we already run, works on
SQLite and PostgreSQL, and its workers take a task with ``SELECT … FOR UPDATE SKIP LOCKED``
on PostgreSQL (an exclusive transaction on SQLite), so N workers on any number of machines
share one queue.  Measured (docs/operations.md): two worker processes on PostgreSQL ran 20
jobs each exactly once, 10 each (tests/web/jobs/test_workers_pg.py); a job waits at most the
poll interval (1 s) before a free worker starts it, which at our volume (a few long jobs an
hour) costs nothing, so RQ or Celery — a broker beside the database, whose loss would lose
queued jobs — was not needed.
"""

from __future__ import annotations

from django_tasks import task

from oversyn.web.jobs.runner import execute


@task()
def run_job(job_id: str) -> str:
    return execute(job_id)
