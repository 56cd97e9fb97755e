"""``oversyn-manage demo``: migrate, load the example cases, print the login, serve on :8000.

The one command behind ``make demo``.  Uses the database from DATABASE_URL (default: an
SQLite file ``oversyn.sqlite3`` in the current directory).  Beside the web server it starts
one background-job worker (``oversyn-manage jobs_worker --reminders``: it also sends the daily
reminders, which production runs from a timer) and stops it when the server ends.
"""

from __future__ import annotations

import subprocess
import sys
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand

#: the demo's worker: jobs each second, and the daily reminders (no timer in a demo)
WORKER = ["jobs_worker", "--interval", "1", "--reminders"]


def start_worker() -> subprocess.Popen[bytes]:
    """One job worker in a child process (the same settings and database as this one), which
    also sends the day's reminders, so ``/halsa/`` is green in the demo."""
    return subprocess.Popen([sys.executable, "-m", "oversyn.web.manage", *WORKER])


def stop_worker(worker: subprocess.Popen[bytes]) -> None:
    if worker.poll() is None:
        worker.terminate()  # the worker finishes its running task's step and exits
        try:
            worker.wait(timeout=10)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()


class Command(BaseCommand):
    help = "Demo: migrera, läs in exempelärendena, skapa demoanvändare och starta servern."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--addrport", default="127.0.0.1:8000")
        parser.add_argument(
            "--no-serve", action="store_true", help="Förbered bara databasen; starta ingen server."
        )
        parser.add_argument(
            "--no-worker", action="store_true", help="Starta ingen arbetare för bakgrundsjobb."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("migrate", interactive=False, verbosity=0)
        call_command("load_examples", stdout=self.stdout)
        if options["no_serve"]:
            return
        worker = None if options["no_worker"] else start_worker()
        if worker is not None:
            self.stdout.write(f"Bakgrundsjobb: en arbetare körs (process {worker.pid}).")
        self.stdout.write(f"Öppna http://{options['addrport']}/ i webbläsaren (Ctrl-C avslutar).")
        try:
            call_command("runserver", options["addrport"], use_reloader=False)
        finally:
            if worker is not None:
                stop_worker(worker)
