"""Backup and restore of the database's content, independent of the database engine.

The archive is one zip file:

* ``manifest.json`` — format version, time, Django and Översyn versions, the database engine
  it came from, the latest applied migration of every app, and the number of rows per model;
* ``data.json`` — every row, in Django's serialisation as JSON (natural keys for permissions and
  content types, so it loads into a database whose ids for those differ; times keep their
  microseconds).

What is included is found, not listed: every model of every installed app whose module is
``oversyn.*`` (so tables that later apps add are included without a change here), plus the
users and groups of ``django.contrib.auth``.  Sessions, login attempts (django-axes) and
Django's own bookkeeping are not content and are left out.

:func:`restore` refuses a database that already holds content, or whose migrations differ
from the archive's, and writes everything in one transaction (nothing half-written).
"""

from __future__ import annotations

import datetime as dt
import decimal
import json
import uuid
import zipfile
from collections import Counter
from pathlib import Path
from typing import Any

import django
from django.apps import apps
from django.core import serializers
from django.core.management.color import no_style
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.migrations.recorder import MigrationRecorder

FORMAT = "oversyn-backup"
FORMAT_VERSION = 1


class BackupError(Exception):
    """The archive cannot be read or restored here; the message says why (Swedish)."""


def content_models() -> list[Any]:
    """The models whose rows are the service's content, in dependency order."""
    app_configs = [
        a for a in apps.get_app_configs() if a.name.startswith("oversyn.") or a.label == "auth"
    ]
    models: list[Any] = []
    for app in app_configs:
        for model in app.get_models(include_auto_created=False):
            if app.label == "auth" and model.__name__ == "Permission":
                continue  # created by migrate; referenced by natural key
            if model._meta.proxy or not model._meta.managed:
                continue
            models.append(model)
    ordered = serializers.sort_dependencies([(None, models)], allow_cycles=True)
    return ordered


def _migration_state(using: str) -> dict[str, str]:
    recorder = MigrationRecorder(connections[using])
    state: dict[str, str] = {}
    for app, name in sorted(recorder.applied_migrations()):
        state[app] = max(state.get(app, ""), name)
    return state


def _relevant_migrations(state: dict[str, str]) -> dict[str, str]:
    labels = {m._meta.app_label for m in content_models()} | {"contenttypes"}
    return {app: name for app, name in state.items() if app in labels}


def _json_value(value: Any) -> Any:
    """Times with their microseconds (Django's JSON encoder keeps milliseconds only, which
    would reorder the audit trail), dates, decimals and UUIDs as text."""
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, (decimal.Decimal, uuid.UUID)):
        return str(value)
    raise TypeError(f"cannot back up a value of type {type(value).__name__}")


def backup(path: Path, using: str = DEFAULT_DB_ALIAS) -> dict[str, Any]:
    """Write the archive to ``path``; returns the manifest."""
    from importlib.metadata import version

    models = content_models()
    counts: Counter[str] = Counter()
    objects = []
    with transaction.atomic(using=using):  # one consistent reading of all tables
        for model in models:
            qs = model._default_manager.using(using).order_by(model._meta.pk.name)
            for obj in qs.iterator():
                objects.append(obj)
                counts[model._meta.label] += 1
        migrations = _relevant_migrations(_migration_state(using))
    rows = serializers.serialize(
        "python", objects, use_natural_foreign_keys=True, use_natural_primary_keys=False
    )
    data = json.dumps(rows, default=_json_value, ensure_ascii=False)
    manifest = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "django": django.get_version(),
        "oversyn": version("oversyn"),
        "engine": connections[using].vendor,
        "migrations": migrations,
        "counts": dict(sorted(counts.items())),
    }
    tmp = path.with_name(path.name + ".tmp")
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("manifest.json", json.dumps(manifest, ensure_ascii=False, indent=2))
        zf.writestr("data.json", data)
    tmp.replace(path)
    return manifest


def read_manifest(path: Path) -> tuple[dict[str, Any], zipfile.ZipFile]:
    try:
        zf = zipfile.ZipFile(path)
        manifest = json.loads(zf.read("manifest.json"))
    except (OSError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise BackupError(f"{path}: ingen säkerhetskopia från Översyn ({exc})") from exc
    if manifest.get("format") != FORMAT:
        raise BackupError(f"{path}: ingen säkerhetskopia från Översyn (format saknas)")
    if manifest.get("format_version", 0) > FORMAT_VERSION:
        raise BackupError(
            f"{path}: säkerhetskopians format {manifest['format_version']} är nyare än den här "
            f"versionen av Översyn läser ({FORMAT_VERSION}); uppgradera Översyn först"
        )
    return manifest, zf


def restore(path: Path, using: str = DEFAULT_DB_ALIAS) -> dict[str, Any]:
    """Load the archive into an empty, migrated database; returns the manifest."""
    manifest, zf = read_manifest(path)
    here = _relevant_migrations(_migration_state(using))
    theirs = manifest["migrations"]
    differ = sorted(
        f"{app}: kopian {theirs.get(app, '–')}, databasen {here.get(app, '–')}"
        for app in set(here) | set(theirs)
        if here.get(app) != theirs.get(app)
    )
    if differ:
        raise BackupError(
            "Databasens migreringar skiljer sig från säkerhetskopians — kör "
            "`oversyn-manage migrate` med samma version av Översyn som skrev kopian, "
            "återställ, och uppgradera sedan: " + "; ".join(differ)
        )
    models = content_models()
    filled = [m._meta.label for m in models if m._default_manager.using(using).exists()]
    if filled:
        raise BackupError(
            "Databasen är inte tom (" + ", ".join(filled) + "); återställ till en ny databas"
        )
    data = zf.read("data.json").decode("utf-8")
    counts: Counter[str] = Counter()
    connection = connections[using]
    with transaction.atomic(using=using):
        with connection.constraint_checks_disabled():
            for item in serializers.deserialize(
                "python", json.loads(data), using=using, handle_forward_references=True
            ):
                item.save(using=using)
                counts[item.object._meta.label] += 1
        connection.check_constraints(table_names=[m._meta.db_table for m in models])
        sequences = connection.ops.sequence_reset_sql(no_style(), models)
        if sequences:
            with connection.cursor() as cur:
                for sql in sequences:
                    cur.execute(sql)
    if dict(sorted(counts.items())) != manifest["counts"]:
        raise BackupError(f"{path}: antalet rader stämmer inte med kopians innehållsförteckning")
    return manifest
