"""``oversyn-manage restore FILE``: read an archive from ``backup`` into an empty database."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from oversyn.web.ops.backup import BackupError, restore


class Command(BaseCommand):
    help = "Läs in en säkerhetskopia från `backup` i en ny, migrerad databas."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="arkivfilen från `oversyn-manage backup`")

    def handle(self, *args, file: Path, **options):
        try:
            manifest = restore(file)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        rows = sum(manifest["counts"].values())
        self.stdout.write(
            f"{file}: {rows} rader återställda (kopia från {manifest['created']}, "
            f"{manifest['engine']})"
        )
