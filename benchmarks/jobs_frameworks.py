"""Which task framework runs Översyn's background jobs: django-tasks (db backend) against
RQ and Celery on Redis, measured in one run (issue 13, item 1).

For each framework, with **one worker process** as it would be started in production:

* **enqueue latency**: the time ``enqueue`` / ``delay`` takes in the web process (median and
  95th percentile of 200, while no worker runs);
* **200 short jobs**: the time from the first enqueue until all 200 are finished, with the
  worker already started and idle;
* **worker RSS**: resident memory (VmRSS, and the peak VmHWM) of the worker process after the
  200 jobs; for RQ also its forked work horse is not counted (it lives for one job).

django-tasks runs as Översyn uses it: ``oversyn-manage jobs_worker`` (django-tasks-db's
worker, 1 s poll interval, heartbeat thread) on a fresh SQLite database (WAL) in a temporary
folder, or on ``--database-url`` (e.g. PostgreSQL).  RQ (``rq worker``, the default forking
worker) and Celery (``celery worker --pool solo``, one process) use Redis at ``--redis``
(db 3 by default; flushed before and after).  RQ and Celery are installed only for the
benchmark (``pip install rq celery redis`` in the venv), not as product dependencies.

    PYTHONPATH=src .venv/bin/python benchmarks/jobs_frameworks.py [--jobs 200]
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
HERE = Path(__file__).resolve().parent


def _mem_mb(pid: int) -> tuple[float, float]:
    text = Path(f"/proc/{pid}/status").read_text()
    rss = re.search(r"VmRSS:\s+(\d+) kB", text)
    hwm = re.search(r"VmHWM:\s+(\d+) kB", text)
    return (int(rss[1]) / 1024 if rss else float("nan"), int(hwm[1]) / 1024 if hwm else 0.0)


def _env(framework: str, extra: dict[str, str] | None = None) -> dict[str, str]:
    path = os.pathsep.join([str(HERE), str(ROOT / "src"), os.environ.get("PYTHONPATH", "")])
    return {**os.environ, "PYTHONPATH": path, "BENCH_FRAMEWORK": framework, **(extra or {})}


def _wait(predicate: Any, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise TimeoutError(what)
        time.sleep(0.005)


def _stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def _latency(times: list[float]) -> tuple[float, float]:
    ms = sorted(t * 1000 for t in times)
    return statistics.median(ms), ms[min(len(ms) - 1, int(0.95 * len(ms)))]


def bench_django_tasks(n: int, database_url: str | None, tmp: Path) -> dict[str, Any]:
    url = database_url or f"sqlite:///{tmp / 'bench.sqlite3'}"
    extra = {
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "oversyn.web.settings",
        "OVERSYN_ENV": "dev",
        "OVERSYN_JOB_FILES": str(tmp / "jobbfiler"),
    }
    env = _env("django-tasks", extra)
    manage = [sys.executable, "-m", "oversyn.web.manage"]
    subprocess.run([*manage, "migrate", "-v", "0"], env=env, check=True)
    os.environ.update(extra)
    os.environ["BENCH_FRAMEWORK"] = "django-tasks"
    sys.path[:0] = [str(HERE), str(ROOT / "src")]
    import django

    django.setup()
    import jobs_frameworks_tasks as t
    from django_tasks_db.models import DBTaskResult

    DBTaskResult.objects.all().delete()
    times = []
    for i in range(n):
        started = time.perf_counter()
        t.dt_short_job.enqueue(i)
        times.append(time.perf_counter() - started)
    DBTaskResult.objects.all().delete()  # the latency batch is not run
    worker = subprocess.Popen([*manage, "jobs_worker", "-v", "0"], env=env)
    try:
        warm = t.dt_short_job.enqueue(-1)
        _wait(
            lambda: DBTaskResult.objects.filter(pk=warm.id, status="SUCCESSFUL").exists(),
            120,
            "warm-up",
        )
        started = time.perf_counter()
        ids = [t.dt_short_job.enqueue(i).id for i in range(n)]
        _wait(
            lambda: DBTaskResult.objects.filter(pk__in=ids, status="SUCCESSFUL").count() == n,
            600,
            "django-tasks jobs",
        )
        elapsed = time.perf_counter() - started
        rss, hwm = _mem_mb(worker.pid)
    finally:
        _stop(worker)
    return {"enqueue": _latency(times), "jobs": elapsed, "rss": rss, "hwm": hwm}


def bench_rq(n: int, redis_url: str) -> dict[str, Any]:
    from redis import Redis
    from rq import Queue
    from rq.registry import FinishedJobRegistry

    sys.path[:0] = [str(HERE)]
    import jobs_frameworks_tasks as t

    conn = Redis.from_url(redis_url)
    conn.flushdb()
    q = Queue("bench", connection=conn)
    times = []
    for i in range(n):
        started = time.perf_counter()
        q.enqueue(t.short_job, i)
        times.append(time.perf_counter() - started)
    conn.flushdb()
    q = Queue("bench", connection=conn)
    worker = subprocess.Popen(
        [str(Path(sys.executable).parent / "rq"), "worker", "--url", redis_url, "-q", "bench"],
        env=_env("rq"),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        warm = q.enqueue(t.short_job, -1)
        _wait(lambda: warm.get_status(refresh=True) == "finished", 120, "rq warm-up")
        finished = FinishedJobRegistry(queue=q)
        base = finished.count
        started = time.perf_counter()
        for i in range(n):
            q.enqueue(t.short_job, i)
        _wait(lambda: finished.count - base >= n, 600, "rq jobs")
        elapsed = time.perf_counter() - started
        rss, hwm = _mem_mb(worker.pid)
    finally:
        _stop(worker)
        conn.flushdb()
    return {"enqueue": _latency(times), "jobs": elapsed, "rss": rss, "hwm": hwm}


def bench_celery(n: int, redis_url: str) -> dict[str, Any]:
    os.environ["BENCH_FRAMEWORK"] = "celery"
    os.environ["BENCH_REDIS_URL"] = redis_url
    sys.path[:0] = [str(HERE)]
    import importlib

    import jobs_frameworks_tasks as t

    t = importlib.reload(t)
    from redis import Redis

    conn = Redis.from_url(redis_url)
    conn.flushdb()
    times = []
    for i in range(n):
        started = time.perf_counter()
        t.celery_short_job.delay(i)
        times.append(time.perf_counter() - started)
    conn.flushdb()
    command = [
        str(Path(sys.executable).parent / "celery"),
        "-A",
        "jobs_frameworks_tasks",
        "worker",
        "--pool",
        "solo",
        "--concurrency",
        "1",
        "--loglevel",
        "WARNING",
        "--without-gossip",
        "--without-mingle",
        "--without-heartbeat",
    ]
    worker = subprocess.Popen(
        command,
        env=_env("celery", {"BENCH_REDIS_URL": redis_url}),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        warm = t.celery_short_job.delay(-1)
        warm.get(timeout=120)
        started = time.perf_counter()
        results = [t.celery_short_job.delay(i) for i in range(n)]
        _wait(lambda: results[-1].ready(), 600, "celery jobs")
        _wait(lambda: all(r.ready() for r in results), 600, "celery jobs")
        elapsed = time.perf_counter() - started
        rss, hwm = _mem_mb(worker.pid)
    finally:
        _stop(worker)
        conn.flushdb()
    return {"enqueue": _latency(times), "jobs": elapsed, "rss": rss, "hwm": hwm}


def _child(framework: str, args: argparse.Namespace, tmp: Path) -> dict[str, Any]:
    """Each framework in a fresh interpreter (no imports carried over from another)."""
    import json

    code = (
        f"import json, sys, argparse; sys.path.insert(0, {str(HERE)!r}); "
        "import jobs_frameworks as b; "
        "a = argparse.Namespace(**json.loads(sys.argv[1])); "
        f"print(json.dumps(b.run_one({framework!r}, a, b.Path(sys.argv[2]))))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, json.dumps(vars(args)), str(tmp)],
        env=_env(framework),
        capture_output=True,
        text=True,
    )
    if out.returncode != 0:
        return {"error": (out.stderr.strip().splitlines() or ["?"])[-1]}
    return json.loads(out.stdout.strip().splitlines()[-1])


def run_one(framework: str, args: argparse.Namespace, tmp: Path) -> dict[str, Any]:
    if framework == "django-tasks":
        return bench_django_tasks(args.jobs, args.database_url, tmp)
    if framework == "rq":
        return bench_rq(args.jobs, args.redis)
    return bench_celery(args.jobs, args.redis)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--jobs", type=int, default=200)
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/3")
    parser.add_argument("--database-url", default=None, help="django-tasks' database")
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        for framework in ("django-tasks", "rq", "celery"):
            print(f"… {framework}", file=sys.stderr, flush=True)
            rows.append((framework, _child(framework, args, Path(folder))))
    db = "PostgreSQL" if (args.database_url or "").startswith("postgres") else "SQLite"
    print(f"\n{args.jobs} short jobs, one worker; django-tasks on {db}, RQ/Celery on Redis\n")
    header = (
        "| framework | enqueue median (ms) | enqueue p95 (ms) | "
        f"{args.jobs} jobs (s) | jobs/s | worker RSS (MB) | worker peak (MB) |"
    )
    print(header)
    print("|---|---:|---:|---:|---:|---:|---:|")
    for name, r in rows:
        if "error" in r:
            print(f"| {name} | failed: {r['error']} | | | | | |")
            continue
        med, p95 = r["enqueue"]
        print(
            f"| {name} | {med:.2f} | {p95:.2f} | {r['jobs']:.2f} | {args.jobs / r['jobs']:.0f} "
            f"| {r['rss']:.0f} | {r['hwm']:.0f} |"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
