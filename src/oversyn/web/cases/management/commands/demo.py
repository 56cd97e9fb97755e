"""``oversyn-manage demo``: migrate, load the example cases, print the login, serve on :8000.

The one command behind ``make demo``.  Uses the database from DATABASE_URL (default: an
SQLite file ``oversyn.sqlite3`` in the current directory).
"""

from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Demo: migrera, läs in exempelärendena, skapa demoanvändare och starta servern."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--addrport", default="127.0.0.1:8000")
        parser.add_argument(
            "--no-serve", action="store_true", help="Förbered bara databasen; starta ingen server."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("migrate", interactive=False, verbosity=0)
        call_command("load_examples", stdout=self.stdout)
        if options["no_serve"]:
            return
        self.stdout.write(f"Öppna http://{options['addrport']}/ i webbläsaren (Ctrl-C avslutar).")
        call_command("runserver", options["addrport"], use_reloader=False)
