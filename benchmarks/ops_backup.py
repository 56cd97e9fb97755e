"""Backup and restore of the database's content: time and archive size (issue 14, item 4).

Builds an SQLite database with the demo (five example cases, demo users, their audit trail)
plus the large municipality of :mod:`large_case` (2,000 units, 5,000 interactions,
6 alternatives), then times ``oversyn-manage backup`` and ``restore`` into a fresh SQLite
database, and, with ``--pg URL`` (an empty PostgreSQL database), into PostgreSQL too.  Each
command runs in its own process as an operator runs it; the time of a no-op command (Django's
start-up) is printed beside it.  Target: backup and restore of this database under 30 s each.

    PYTHONPATH=src python benchmarks/ops_backup.py [--pg postgres://postgres@127.0.0.1/bench]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
TARGET_S = 30.0

ADD_LARGE = r"""
import sys, django; django.setup()
sys.path.insert(0, %r)
from django.contrib.auth import get_user_model
from large_case import large_case
from oversyn.web.cases.services import case_create
user = get_user_model().objects.create_user("bench", password="bench-oversyn")
case_create(actor=user, case=large_case(), message="Benchmark: stor kommun.")
"""


def run(url: str, *args: str) -> float:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OVERSYN_", "DJANGO_"))}
    env.update(
        {
            "DATABASE_URL": url,
            "OVERSYN_ENV": "dev",
            "OVERSYN_LOG_LEVEL": "WARNING",
            "DJANGO_SETTINGS_MODULE": "oversyn.web.settings",
        }
    )
    start = time.perf_counter()
    subprocess.run([sys.executable, *args], env=env, check=True, capture_output=True)
    return time.perf_counter() - start


def manage(url: str, *args: str) -> float:
    return run(url, "-m", "oversyn.web.manage", *args)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pg", default="", help="an empty PostgreSQL database to restore into")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="oversyn-backup-"))
    try:
        source = f"sqlite:///{tmp / 'source.sqlite3'}"
        manage(source, "demo", "--no-serve")
        run(source, "-c", ADD_LARGE % str(HERE))
        startup = manage(source, "check")
        archive = tmp / "backup.zip"
        t_backup = manage(source, "backup", str(archive))
        size = archive.stat().st_size
        targets = [("SQLite", f"sqlite:///{tmp / 'restored.sqlite3'}")]
        if args.pg:
            targets.append(("PostgreSQL", args.pg))
        print(f"start-up of a command (check): {startup:.1f} s")
        print(f"backup: {t_backup:.1f} s, archive {size / 1e6:.2f} MB")
        misses = t_backup > TARGET_S
        for name, url in targets:
            manage(url, "migrate", "--noinput")
            t_restore = manage(url, "restore", str(archive))
            print(f"restore into {name}: {t_restore:.1f} s")
            misses += t_restore > TARGET_S
        print("ok" if not misses else f"{misses} over the target of {TARGET_S:.0f} s")
        return 0
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
