"""Derived results of a case, computed once per case version (issue 11, item 6).

What the pages show besides the case itself — the structural analysis of every alternative,
an alternative's diff and org tree, evaluation results, checks, the document preview, the
parsed case itself — depends only on the stored case and the language.  It is computed once
and kept in Django's cache framework (alias :data:`ALIAS`: local memory per process by
default, Redis shared by the workers when ``REDIS_URL`` / ``OVERSYN_REDIS_URL`` is set; see
``settings.CACHES``).

The key holds the case row's id **and its version** (``CaseRecord.version``, bumped by every
write in :func:`oversyn.web.platform.repository.commit`), so a write invalidates naturally: the
next read asks for a key nobody has written yet, and the old entries expire (``TIMEOUT``) or
are evicted.  Nothing ever has to be deleted, and two workers can never disagree about which
version an entry belongs to.

    analysis = cached(access.record, "analysis", lambda: analysis_table(case))

A value must be picklable (the cache stores pickles, even in local memory, so the caller gets
its own copy and cannot change what the next request reads).  A cache that is down (Redis
unreachable) makes the page compute its result instead of failing.

**After a write** (issue 13: a page never waits more than a second for computation).  The
derived results of a large case take seconds (the analysis of 6 alternatives on 2,000 units,
the document preview with its charts), so they are not computed in the request that first
misses them: every write of a large case (:func:`computes_in_background`) enqueues one
warm-up job (:mod:`oversyn.web.platform.warmup`, coalesced: many writes, one job), and a page
asked for before the job is done gets :class:`Pending` from ``cached(..., background=True)``
and shows a placeholder that polls.  A small case (the seeds, the tests) still computes
inline: it takes milliseconds.  When no worker is alive (``oversyn-manage jobs_worker``'s
heartbeat) or the cache is not shared with the workers (local memory), pages compute inline
as before.
"""

from __future__ import annotations

import contextlib
import contextvars
import gc
import hashlib
import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterator
from typing import Any, TypeVar, cast

from django.conf import settings
from django.core.cache import caches
from django.utils import translation

T = TypeVar("T")

#: The cache alias for derived results (``settings.CACHES``).
ALIAS = "derived"
#: A second level shared with the job workers, when ``ALIAS`` is this process's memory
#: (``settings.CACHES``; files beside the SQLite database without Redis): a value is read from
#: memory first, then from here (and kept in memory), and written to both.  So warm pages
#: cost what they cost in memory, and what the warm-up job computed reaches every process.
SHARED_ALIAS = "derived-shared"
#: Prefix of every key, with the scheme's version: change it when the shape of values changes.
PREFIX = "oversyn:d1"

log = logging.getLogger(__name__)
_MISSING = object()


def version_token(record: Any) -> str:
    """What identifies one version of a case: the row's id, its version and the time of that
    write (``12:57:1764612345.123456``).  The time guards against a row id and version that
    come back with other content (a database restored from a backup, a test database rolled
    back), which a shared cache would otherwise answer with the old results."""
    stamp = record.updated_at.timestamp() if record.updated_at else 0
    return f"{record.pk}:{record.version}:{stamp:.6f}"


def cache_key(record: Any, name: str, *parts: Any, lang: str | None = None) -> str:
    """The key of derived result ``name`` of this version of the case, in language ``lang``
    (the request's language by default), for the arguments ``parts`` (an alternative id …)."""
    lang = lang or translation.get_language() or "sv"
    key = f"{PREFIX}:{name}:{version_token(record)}:{lang}"
    if parts:
        digest = hashlib.sha256(repr(parts).encode()).hexdigest()[:20]
        key += f":{digest}"
    return key


class Pending(Exception):
    """The derived result is not in the cache and is computed by a warm-up job: the page
    shows a placeholder that polls (:func:`oversyn.web.platform.warmup.pending_page`)."""


#: True while the warm-up job computes: ``background=True`` then computes, never raises.
_computing: contextvars.ContextVar[bool] = contextvars.ContextVar("computing", default=False)


@contextlib.contextmanager
def computing() -> Iterator[None]:
    """Inside, :func:`cached` computes what it misses even when asked for ``background``."""
    token = _computing.set(True)
    try:
        yield
    finally:
        _computing.reset(token)


def case_size(case: Any) -> int:
    """The measure of a case's derived work: units × organisations (nuläge and every
    alternative).  Measured (benchmarks/web_large_case.py): the analysis, diffs and builder
    cost about 0.05–0.1 ms per unit and organisation, the document preview about ten times
    that; the seeds are below 200, the large benchmark case 14,000."""
    return len(case.baseline.units) * (len(case.alternatives) + 1)


def shared() -> bool:
    """Whether the derived cache is one the workers share (Redis, files), not only this
    process's own memory (a warm-up in a worker would warm nobody's cache)."""
    backend = str(settings.CACHES.get(ALIAS, {}).get("BACKEND", ""))
    return (
        SHARED_ALIAS in settings.CACHES
        or not backend.endswith("LocMemCache")
        or bool(getattr(settings, "OVERSYN_WARM_UP_LOCAL", False))
    )


def _levels() -> list[Any]:
    stores = [caches[ALIAS]]
    if SHARED_ALIAS in settings.CACHES:
        stores.append(caches[SHARED_ALIAS])
    return stores


def store_get(key: str, default: Any = None) -> Any:
    """The value under ``key`` from the first level that has it (memory, then shared; a value
    found in the shared level is kept in memory too).  Raises what the cache raises."""
    stores = _levels()
    for level, store in enumerate(stores):
        value = store.get(key, _MISSING)
        if value is not _MISSING:
            if level > 0:
                with contextlib.suppress(Exception):
                    stores[0].set(key, value)
            return value
    return default


def store_set(key: str, value: Any) -> None:
    """Write ``value`` under ``key`` to every level.  Raises what the cache raises."""
    for store in _levels():
        store.set(key, value)


def store_delete(key: str) -> None:
    for store in _levels():
        store.delete(key)


def clear() -> None:
    """Empty every level and this process's parsed cases (tests, the benchmark's cold
    requests)."""
    for store in _levels():
        store.clear()
    forget_parsed()


# -- the parsed case, kept in this process ------------------------------------------------------
#
# Reading the cached case back (a pickle of the validated case) cost ~30 ms of unpickling per
# request on the 2,000-unit case, and its ~100,000 new objects per request, promoted to the
# old generation while the request ran, made Python's cyclic garbage collector run a full
# collection every second request (150–300 ms walking every object of the process; measured
# with gc.callbacks, benchmarks/web_large_case.py).  So the parsed case of the last few
# versions read is kept here as it is, shared by the requests of this process: a case version
# never changes (a write makes a new version), and every change goes through an action that
# reads the case afresh (repository.fresh) and copies what it changes (model_copy), so a
# reader must not change it either.  The test profile checks that none does
# (``OVERSYN_PARSED_CASE_CHECK``: a digest of the case compared at every read).
#
# A large case (``OVERSYN_GC_FREEZE_SIZE``) is moved out of the collector's sight when it is
# kept (gc.freeze(): the objects alive then are never walked again), so a full collection
# walks only what requests create.  An evicted case is still freed (reference counting; a
# parsed case holds no reference cycles), see tests/web/platform/test_cache.py.

_parsed: OrderedDict[str, tuple[Any, str | None]] = OrderedDict()
_parsed_lock = threading.Lock()


def _parsed_limit() -> int:
    return int(getattr(settings, "OVERSYN_PARSED_CASES", 4))


def _digest(case: Any) -> str | None:
    if not getattr(settings, "OVERSYN_PARSED_CASE_CHECK", False):
        return None
    return hashlib.sha256(case.model_dump_json().encode()).hexdigest()


def forget_parsed() -> None:
    with _parsed_lock:
        _parsed.clear()


def remember_parsed(record: Any, case: Any) -> None:
    """Keep ``case`` as the parsed case of this version of ``record`` in this process."""
    limit = _parsed_limit()
    if limit <= 0:
        return
    entry = (case, _digest(case))
    with _parsed_lock:
        _parsed[version_token(record)] = entry
        _parsed.move_to_end(version_token(record))
        while len(_parsed) > limit:
            _parsed.popitem(last=False)
    if case_size(case) >= int(getattr(settings, "OVERSYN_GC_FREEZE_SIZE", 2000)):
        gc.collect(1)  # the young garbage is not frozen with it
        gc.freeze()


def parsed_case(record: Any, load: Callable[[], T]) -> T:
    """The parsed case of this version of ``record``: kept in this process, else from the
    cache (``"case"``), else ``load()``.  Shared: the caller must not change it."""
    token = version_token(record)
    with _parsed_lock:
        entry = _parsed.get(token)
        if entry is not None:
            _parsed.move_to_end(token)
    if entry is not None:
        case, digest = entry
        if digest is not None and _digest(case) != digest:
            with _parsed_lock:
                _parsed.pop(token, None)
            raise RuntimeError(
                f"the parsed case {token} was changed in memory by a reader; a reader must "
                "copy what it changes (model_copy), the case is shared by the requests"
            )
        return cast(T, case)
    case = cached(record, "case", load, lang="-")
    remember_parsed(record, case)
    return case


_alive: dict[str, float] = {}


def workers_alive() -> bool:
    """Whether a job worker beat within the last two minutes (asked at most every 10 s)."""
    now = time.monotonic()
    if now - _alive.get("checked", -1e9) < 10:
        return bool(_alive.get("alive"))
    from datetime import timedelta

    from django.utils import timezone

    from oversyn.web.ops.models import Heartbeat

    try:
        alive = Heartbeat.objects.filter(
            name="jobs_worker", last_beat__gte=timezone.now() - timedelta(minutes=2)
        ).exists()
    except Exception:
        alive = False
    _alive.update(checked=now, alive=float(alive))
    return alive


def computes_in_background(case: Any) -> bool:
    """Whether the derived results of ``case`` are left to the warm-up job: the case is
    large (``OVERSYN_WARM_UP_SIZE``, default 2,000 units × organisations: a few hundred
    milliseconds inline), warm-up is on (``OVERSYN_WARM_UP``), the cache is shared with the
    workers and a worker is alive."""
    if not getattr(settings, "OVERSYN_WARM_UP", True) or _computing.get():
        return False
    if case_size(case) < int(getattr(settings, "OVERSYN_WARM_UP_SIZE", 2000)):
        return False
    return shared() and workers_alive()


def present(record: Any, name: str, *parts: Any, lang: str | None = None) -> bool:
    """Whether the derived result is in the cache (without reading it)."""
    try:
        key = cache_key(record, name, *parts, lang=lang)
        return any(store.has_key(key) for store in _levels())
    except Exception:
        return False


def put(record: Any, name: str, value: Any, *parts: Any, lang: str | None = None) -> None:
    """Store a derived result already at hand (the parsed case a write just validated)."""
    try:
        store_set(cache_key(record, name, *parts, lang=lang), value)
    except Exception:
        log.warning("cache set failed for %s", name, exc_info=True)


def cached(
    record: Any,
    name: str,
    compute: Callable[[], T],
    *parts: Any,
    lang: str | None = None,
    background: bool = False,
) -> T:
    """The derived result ``name`` (for ``parts``) of the case version in ``record``: from the
    cache, or computed by ``compute()`` and stored.  ``lang`` is the language the result is
    in (the request's by default; ``"-"`` for a result in no language).  With
    ``background`` (the caller's :func:`computes_in_background`) a miss raises
    :class:`Pending` instead of computing, except inside :func:`computing` (the warm-up job).
    A cache error is logged, not raised."""
    key = cache_key(record, name, *parts, lang=lang)
    try:
        value = store_get(key, _MISSING)
    except Exception:  # a cache that is down must not take the page with it
        log.warning("cache get failed for %s", key, exc_info=True)
        return compute()
    if value is not _MISSING:
        return cast(T, value)
    if background and not _computing.get():
        raise Pending(name)
    value = compute()
    try:
        store_set(key, value)
    except Exception:
        log.warning("cache set failed for %s", key, exc_info=True)
    return value


def peek(record: Any, name: str, *parts: Any, lang: str | None = None) -> Any:
    """The cached value (or ``None``) without computing: for tests and the benchmark."""
    try:
        return store_get(cache_key(record, name, *parts, lang=lang))
    except Exception:
        return None


__all__ = [
    "ALIAS",
    "Pending",
    "cache_key",
    "cached",
    "case_size",
    "clear",
    "computes_in_background",
    "computing",
    "forget_parsed",
    "parsed_case",
    "peek",
    "present",
    "put",
    "remember_parsed",
    "store_delete",
    "store_get",
    "store_set",
    "version_token",
]
