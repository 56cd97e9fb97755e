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
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from typing import Any, TypeVar, cast

from django.core.cache import caches
from django.utils import translation

T = TypeVar("T")

#: The cache alias for derived results (``settings.CACHES``).
ALIAS = "derived"
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


def cached(
    record: Any, name: str, compute: Callable[[], T], *parts: Any, lang: str | None = None
) -> T:
    """The derived result ``name`` (for ``parts``) of the case version in ``record``: from the
    cache, or computed by ``compute()`` and stored.  ``lang`` is the language the result is
    in (the request's by default; ``"-"`` for a result in no language).  A cache error is
    logged, not raised."""
    key = cache_key(record, name, *parts, lang=lang)
    cache = caches[ALIAS]
    try:
        value = cache.get(key, _MISSING)
    except Exception:  # a cache that is down must not take the page with it
        log.warning("cache get failed for %s", key, exc_info=True)
        return compute()
    if value is not _MISSING:
        return cast(T, value)
    value = compute()
    try:
        cache.set(key, value)
    except Exception:
        log.warning("cache set failed for %s", key, exc_info=True)
    return value


def peek(record: Any, name: str, *parts: Any, lang: str | None = None) -> Any:
    """The cached value (or ``None``) without computing: for tests and the benchmark."""
    try:
        return caches[ALIAS].get(cache_key(record, name, *parts, lang=lang))
    except Exception:
        return None


__all__ = ["ALIAS", "cache_key", "cached", "peek", "version_token"]
