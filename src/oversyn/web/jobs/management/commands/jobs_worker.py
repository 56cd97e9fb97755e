"""``oversyn-manage jobs_worker``: run background jobs (django-tasks-db's worker + heartbeat).

Start as many as wanted, on any number of machines that reach the database (and the shared
job-file folder ``OVERSYN_JOB_FILES``): each takes one task at a time with ``SELECT … FOR
UPDATE SKIP LOCKED``.  Every ``--beat`` seconds the worker writes the heartbeat
``jobs_worker`` that ``/halsa/`` checks (``OVERSYN_HEARTBEATS``).  On start it marks the jobs
that a dead worker on this machine left ``running`` as failed.  With ``--reminders`` it also
sends the day's reminders (``send_reminders``) whenever their last run is a day old, so an
installation without the daily timer (``make demo``) keeps ``/halsa/`` green.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket
import threading
from typing import Any

from django.core.management.base import BaseCommand
from django.db import close_old_connections, connection
from django.utils import timezone
from django.utils.crypto import get_random_string
from django.utils.translation import gettext as _
from django_tasks_db.management.commands.db_worker import Worker

from oversyn.web.jobs.models import Job, JobStatus
from oversyn.web.jobs.runner import _cleanup, worker_name
from oversyn.web.notifications.services import HEARTBEAT as REMINDERS_HEARTBEAT
from oversyn.web.notifications.services import send_reminders
from oversyn.web.ops.models import Heartbeat as Beat
from oversyn.web.ops.models import beat

HEARTBEAT = "jobs_worker"
#: how often the reminders run when the worker sends them (the timer's daily run)
REMINDERS_EVERY = dt.timedelta(hours=24)
log = logging.getLogger("oversyn.jobs")


def reminders_if_due(now: dt.datetime | None = None) -> bool:
    """Send the day's reminders if they have not run within :data:`REMINDERS_EVERY`; True if
    they ran.  ``send_reminders`` is idempotent, so two workers doing this at once send nothing
    twice."""
    now = now or timezone.now()
    last = Beat.objects.filter(name=REMINDERS_HEARTBEAT).values_list("last_beat", flat=True)
    if last and now - last[0] < REMINDERS_EVERY:
        return False
    send_reminders(today=timezone.localdate(now))
    return True


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def fail_orphans() -> int:
    """Jobs left ``running`` by a worker process on this machine that no longer exists."""
    host = socket.gethostname()
    orphans = []
    for job in Job.objects.filter(status=JobStatus.RUNNING, worker__startswith=host + ":"):
        _host, _sep, pid = job.worker.rpartition(":")
        if pid.isdigit() and not _alive(int(pid)):
            orphans.append(job.pk)
    if orphans:
        for job in Job.objects.filter(pk__in=orphans):
            _cleanup(job)  # e.g. the uploaded records of the job
        Job.objects.filter(pk__in=orphans, status=JobStatus.RUNNING).update(
            status=JobStatus.FAILED,
            finished_at=timezone.now(),
            error=_("Arbetaren stoppades medan jobbet körde; starta jobbet igen."),
            message=_("Misslyckades."),
        )
    return len(orphans)


class Heartbeat(threading.Thread):
    """Beats every ``interval`` seconds while the worker's main thread lives."""

    def __init__(self, interval: float, worker: Worker) -> None:
        super().__init__(daemon=True, name="jobs-heartbeat")
        self.interval = interval
        self.worker = worker
        self.stopped = threading.Event()

    def run(self) -> None:
        main = threading.main_thread()
        while not self.stopped.is_set() and main.is_alive():
            try:
                state = "kör ett jobb" if self.worker.running_task else "väntar"
                beat(HEARTBEAT, f"{worker_name()} {state}, {self.worker._run_tasks} jobb")
            except Exception:
                pass  # the database is away: /halsa/ reports the stale beat
            finally:
                connection.close()
            self.stopped.wait(self.interval)


class Reminders(threading.Thread):
    """Checks every ``interval`` seconds whether the day's reminders are due, while the worker's
    main thread lives (its own thread: sending mail must not delay the heartbeat)."""

    def __init__(self, interval: float) -> None:
        super().__init__(daemon=True, name="jobs-reminders")
        self.interval = interval
        self.stopped = threading.Event()

    def run(self) -> None:
        main = threading.main_thread()
        while not self.stopped.wait(self.interval) and main.is_alive():
            try:
                reminders_if_due()
            except Exception:
                log.exception("the reminders failed; next try in %s s", self.interval)
            finally:
                connection.close()


class Command(BaseCommand):
    help = "Kör bakgrundsjobb (django-tasks-db-arbetare med livstecken för /halsa/)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--interval", type=float, default=1.0, help="Sekunder mellan köförsök.")
        parser.add_argument("--beat", type=float, default=30.0, help="Sekunder mellan livstecken.")
        parser.add_argument("--batch", action="store_true", help="Kör köade jobb och avsluta.")
        parser.add_argument("--max-tasks", type=int, default=None)
        parser.add_argument("--queue-name", default="default")
        parser.add_argument(
            "--reminders",
            action="store_true",
            help="Skicka också dagens påminnelser när de inte har körts på ett dygn "
            "(i stället för den dagliga timern).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        close_old_connections()
        orphans = fail_orphans()
        if orphans:
            self.stdout.write(f"{orphans} jobb som en stoppad arbetare lämnade markerades som fel.")
        worker = Worker(
            queue_names=options["queue_name"].split(","),
            interval=options["interval"],
            batch=options["batch"],
            backend_name="default",
            startup_delay=not options["batch"],
            max_tasks=options["max_tasks"],
            worker_id=f"{socket.gethostname()[:20]}-{os.getpid()}-{get_random_string(8)}",
            excluded_queue_names=[],
        )
        heart = Heartbeat(options["beat"], worker)
        beat(HEARTBEAT, f"{worker_name()} startar")
        heart.start()
        reminders = Reminders(options["beat"]) if options["reminders"] else None
        if reminders is not None:
            try:  # once before the first task (the demo's /halsa/ is green from the start)
                reminders_if_due()
            except Exception:
                log.exception("the reminders failed; next try in %s s", options["beat"])
            reminders.start()
        worker.configure_signals()
        try:
            worker.run()
        finally:
            heart.stopped.set()
            if reminders is not None:
                reminders.stopped.set()
