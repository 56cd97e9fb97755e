"""``oversyn-manage backup FILE``: the database's content in one archive (see ops.backup)."""

from pathlib import Path

from django.core.management.base import BaseCommand

from oversyn.web.ops.backup import backup


class Command(BaseCommand):
    help = "Skriv databasens innehåll (ärenden, användare, roller, historik …) till en arkivfil."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="arkivfilen som skrivs (.zip)")

    def handle(self, *args, file: Path, **options):
        manifest = backup(file)
        rows = sum(manifest["counts"].values())
        self.stdout.write(f"{file}: {rows} rader från {len(manifest['counts'])} tabeller")
