"""Settings for the test suite (pytest-django): the ``test`` profile of :mod:`settings`."""

import os

os.environ["OVERSYN_ENV"] = "test"

import tempfile
from pathlib import Path

from oversyn.web.settings import *  # noqa: F403

# uploaded job files of tests that do not choose their own folder stay out of the work tree
OVERSYN_JOB_FILES = Path(tempfile.gettempdir()) / f"oversyn-test-jobbfiler-{os.getpid()}"
