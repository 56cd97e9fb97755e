"""The one task on django-tasks' queue: run a :class:`~oversyn.web.jobs.models.Job`.

Chosen framework: **django-tasks** (the backport of Django 6's ``django.tasks``) with its
database backend **django-tasks-db**: no broker beside the database we already run, works on
SQLite and PostgreSQL, and its workers take a task with ``SELECT … FOR UPDATE SKIP LOCKED``
on PostgreSQL (an exclusive transaction on SQLite), so N workers on any number of machines
share one queue.  Measured against RQ on the machine's Redis (docs/operations.md): enqueue
and pick-up latency are alike at our volume (a job a minute, each taking seconds to minutes),
and RQ would add a second store whose loss loses queued jobs.
"""

from __future__ import annotations

from django_tasks import task

from oversyn.web.jobs.runner import execute


@task()
def run_job(job_id: str) -> str:
    return execute(job_id)
