"""``/halsa/``: is the service healthy? Database, cache and every job's heartbeat.

200 with ``{"status": "ok", "checks": {...}}`` when all pass, 503 with ``"status": "fel"``
otherwise.  The jobs and how old their last beat may be are ``OVERSYN_HEARTBEATS``; a job
that has never beaten, or not within its time, is reported stopped.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache

from oversyn.web.ops.models import Heartbeat


def check_database() -> dict[str, Any]:
    try:
        with connection.cursor() as cur:
            cur.execute("SELECT 1")
            cur.fetchone()
    except Exception as exc:
        return {"ok": False, "error": f"{type(exc).__name__}: {exc}"}
    return {"ok": True, "engine": connection.vendor}


def check_cache() -> dict[str, Any]:
    key, value = "oversyn-halsa", uuid.uuid4().hex
    try:
        cache.set(key, value, 30)
        ok = cache.get(key) == value
    except Exception as exc:
        return {"ok": False, "error": f"{type(exc).__name__}: {exc}"}
    return {"ok": ok} if ok else {"ok": False, "error": "cachen returnerade inte värdet"}


def check_heartbeats(now: dt.datetime | None = None) -> dict[str, Any]:
    now = now or timezone.now()
    result: dict[str, Any] = {}
    try:
        beats = {h.name: h for h in Heartbeat.objects.all()}
    except Exception as exc:
        return {"*": {"ok": False, "error": f"{type(exc).__name__}: {exc}"}}
    for name, max_age in settings.OVERSYN_HEARTBEATS.items():
        beat = beats.get(name)
        if beat is None:
            result[name] = {"ok": False, "error": "har aldrig kört"}
            continue
        age = (now - beat.last_beat).total_seconds()
        entry = {
            "ok": age <= max_age,
            "last_beat": beat.last_beat.isoformat(),
            "age_seconds": int(age),
            "max_age_seconds": max_age,
        }
        if age > max_age:
            entry["error"] = "stoppat: inget livstecken inom den tillåtna tiden"
        result[name] = entry
    return result


@never_cache
def halsa(request: HttpRequest) -> JsonResponse:
    checks = {"database": check_database(), "cache": check_cache()}
    if checks["database"]["ok"]:
        checks["jobs"] = check_heartbeats()
    ok = all(c["ok"] for c in (checks["database"], checks["cache"])) and all(
        j["ok"] for j in checks.get("jobs", {}).values()
    )
    return JsonResponse(
        {"status": "ok" if ok else "fel", "checks": checks},
        status=200 if ok else 503,
        json_dumps_params={"ensure_ascii": False},
    )
