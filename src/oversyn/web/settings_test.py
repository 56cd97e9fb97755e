"""Settings for the test suite (pytest-django): the ``test`` profile of :mod:`settings`."""

import os

os.environ["OVERSYN_ENV"] = "test"

from oversyn.web.settings import *  # noqa: F403
