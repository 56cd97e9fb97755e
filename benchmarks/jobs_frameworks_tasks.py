"""The short job of benchmarks/jobs_frameworks.py, once per framework (imported by the
workers, so it lives in its own module; ``BENCH_FRAMEWORK`` says which one is wanted)."""

from __future__ import annotations

import os

REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/3")
FRAMEWORK = os.environ.get("BENCH_FRAMEWORK", "")


def short_job(i: int) -> int:
    """A short job: a little arithmetic, no I/O (the framework's own cost is measured)."""
    return sum(range(1000)) + i


if FRAMEWORK == "django-tasks":
    from django_tasks import task

    @task()
    def dt_short_job(i: int) -> int:
        return short_job(i)


if FRAMEWORK == "celery":
    from celery import Celery

    app = Celery("jobs_bench", broker=REDIS_URL, backend=REDIS_URL)
    app.conf.update(worker_prefetch_multiplier=1, task_acks_late=False, result_expires=600)
    celery_short_job = app.task(name="jobs_bench.short_job")(short_job)
