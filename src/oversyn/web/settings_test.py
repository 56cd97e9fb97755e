"""Settings for the test suite (pytest-django): the ``test`` profile of :mod:`settings`."""

import os

os.environ["OVERSYN_ENV"] = "test"

import tempfile
from pathlib import Path

from oversyn.web.settings import *  # noqa: F403

# uploaded job files of tests that do not choose their own folder stay out of the work tree
OVERSYN_JOB_FILES = Path(tempfile.gettempdir()) / f"oversyn-test-jobbfiler-{os.getpid()}"

# The SQLite test database is a file in memory-backed storage, not ``:memory:``: the live
# server of the browser tests answers the page's requests (a form, its preview, its images) in
# threads, and an in-memory database is one connection those threads would share — two
# requests at once then broke each other's transactions ("pop from empty list", "database
# table is locked") and every later test.  A file gives each thread its own connection, with
# the WAL journal and busy timeout the production settings use.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    _shm = Path("/dev/shm") if Path("/dev/shm").is_dir() else Path(tempfile.gettempdir())
    DATABASES["default"]["TEST"] = {"NAME": str(_shm / f"oversyn-test-{os.getpid()}.sqlite3")}  # noqa: F405
