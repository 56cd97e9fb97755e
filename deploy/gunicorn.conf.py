"""gunicorn configuration for Översyn (deploy/oversyn-web.service: ``gunicorn -c …``).

Values come from the environment so one file serves every installation:
``OVERSYN_BIND`` (default 127.0.0.1:8000, behind nginx), ``OVERSYN_WORKERS`` (default
2 × cores + 1), ``OVERSYN_TIMEOUT`` (seconds; the PDF of a large case takes a few).
"""

import multiprocessing
import os

wsgi_app = "oversyn.web.wsgi:application"
bind = os.environ.get("OVERSYN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("OVERSYN_WORKERS", str(multiprocessing.cpu_count() * 2 + 1)))
threads = int(os.environ.get("OVERSYN_THREADS", "1"))
timeout = int(os.environ.get("OVERSYN_TIMEOUT", "120"))
graceful_timeout = 30
keepalive = 5
# Restart a worker now and then: bounds the memory of long-running processes.
max_requests = 1000
max_requests_jitter = 100
# Only nginx on this host may set X-Forwarded-*.
forwarded_allow_ips = os.environ.get("OVERSYN_FORWARDED_ALLOW_IPS", "127.0.0.1")
# Django logs JSON lines itself (request id, user); gunicorn's own lines go to stderr (journald).
accesslog = None
errorlog = "-"
loglevel = os.environ.get("OVERSYN_GUNICORN_LOG_LEVEL", "info")
preload_app = True


def pre_fork(server, worker):  # type: ignore[no-untyped-def]
    """Before each worker is forked: the preloaded application's objects are moved out of the
    cyclic garbage collector's walks (gc.freeze), so a worker's full collections walk only
    what its requests create, and do not touch (copy) the memory pages shared with the
    master.  A large parsed case is frozen the same way in the worker when it is read
    (oversyn.web.platform.cache.parsed_case)."""
    import gc

    gc.freeze()
