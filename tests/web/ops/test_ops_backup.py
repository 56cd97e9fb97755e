"""Backup → a fresh database of another engine → restore, and back: SQLite → PostgreSQL → SQLite.

Each step runs ``oversyn-manage`` in its own process against its own ``DATABASE_URL``, as an
operator would.  The source is the demo database (the five example cases, demo users with
their roles, the audit trail of loading them) plus a remiss contact, a mail sent, a heartbeat,
a role from single sign-on and a group with the "may create cases" permission.  After each
restore every case exports the same YAML, every user keeps password, groups, permissions and
roles, and the audit trail is complete and identical.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from urllib.parse import urlparse, urlunparse

import pytest

pytestmark = [
    pytest.mark.slow,
    # it crosses the engines itself: the suite's second run on PostgreSQL adds nothing
    pytest.mark.skipif(
        os.environ.get("DATABASE_URL", "").startswith("postgres"),
        reason="runs in the SQLite pass; it makes its own PostgreSQL database",
    ),
]

SETUP = r"""
import django; django.setup()
from django.contrib.auth.models import Group, Permission, User
from oversyn.web.cases.models import CaseRecord
from oversyn.web.accounts.services import sso_roles_apply
from oversyn.web.notifications.models import PartyContact, SentMail
from oversyn.web.ops.models import beat
record = CaseRecord.objects.get(key="ia-till-ifo")
PartyContact.objects.create(
    case=record, party_id="sn", email="sn.kansli@enkoping.se", name="Kansliet")
SentMail.objects.create(
    key="k1", case=record, case_key=record.key, kind="invitation",
    recipient="sn.kansli@enkoping.se", subject="Inbjudan – å ä ö", body="Hej!\n")
beat("send_reminders", "ok")
group = Group.objects.create(name="Utredare i kommunen")
group.permissions.add(Permission.objects.get(codename="create_case"))
eva = User.objects.create_user(username="eva", email="eva@enkoping.se", password="Eva-lösen-2025")
eva.groups.add(group)
sso_roles_apply(
    user=eva,
    grants=[("case:ia-till-ifo", "bedomare"), ("global", "skapa_arenden"),
            ("municipality:0381", "lasare")],
    source="oidc")
"""

FINGERPRINT = r"""
import json, django; django.setup()
from django.contrib.auth.models import User
from oversyn.core.case import Case
from oversyn.io.casefile import dump_case
from oversyn.web.cases.models import AuditRecord, CaseRecord, CaseRevision, Membership
from oversyn.web.cases.models import Municipality, MunicipalityMembership
from oversyn.web.ops.backup import content_models
import hashlib
out = {
  "revisions": sorted([r.case.key, r.version, r.format, r.size, r.audit_id,
                       hashlib.sha256(bytes(r.data)).hexdigest()]
                      for r in CaseRevision.objects.all()),
  "municipalities": sorted([m.code or "", m.name, sorted(c.key for c in m.cases.all())]
                           for m in Municipality.objects.all()),
  "municipality_roles": sorted([m.municipality.name, m.user.username, m.role]
                               for m in MunicipalityMembership.objects.all()),
  "cases": {r.key: [dump_case(Case.model_validate(r.content)), r.version, r.created_by_id]
            for r in CaseRecord.objects.all()},
  "users": {u.username: [u.pk, u.password, u.email, u.is_staff,
                         sorted(g.name for g in u.groups.all()),
                         sorted(u.get_all_permissions())] for u in User.objects.all()},
  "roles": sorted([m.case.key, m.user.username, m.role] for m in Membership.objects.all()),
  "audit": [[a.pk, a.time.isoformat(), a.user_name, a.user_id, a.case_key, a.case_id,
             a.case_version, a.action, a.object_type, a.object_id, a.before, a.after,
             a.message, a.request_id]
            for a in AuditRecord.objects.order_by("pk")],
  "counts": {m._meta.label: m.objects.count() for m in content_models()},
}
print(json.dumps(out, sort_keys=True))
"""


def _manage(url: str, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OVERSYN_", "DJANGO_"))}
    env.update(
        {
            "DATABASE_URL": url,
            "OVERSYN_ENV": "dev",
            "OVERSYN_LOG_LEVEL": "WARNING",
            "DJANGO_SETTINGS_MODULE": "oversyn.web.settings",
        }
    )
    result = subprocess.run(
        [sys.executable, *args], env=env, capture_output=True, text=True, timeout=600
    )
    if check:
        assert result.returncode == 0, result.stdout + result.stderr
    return result


def manage(url: str, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    return _manage(url, "-m", "oversyn.web.manage", *args, check=check)


def fingerprint(url: str) -> dict:
    return json.loads(_manage(url, "-c", FINGERPRINT).stdout)


@pytest.fixture
def postgres_url():
    """A new, empty PostgreSQL database on the machine's server (dropped afterwards)."""
    psycopg = pytest.importorskip("psycopg")
    base = os.environ.get("DATABASE_URL", "")
    if not base.startswith("postgres"):
        base = os.environ.get("OVERSYN_TEST_PG_URL", "postgres://postgres@127.0.0.1:5432/postgres")
    parts = urlparse(base)
    admin = urlunparse(parts._replace(path="/postgres"))
    name = f"oversyn_restore_{uuid.uuid4().hex[:10]}"
    try:
        conn = psycopg.connect(admin, autocommit=True, connect_timeout=5)
    except psycopg.OperationalError as exc:
        pytest.skip(f"no PostgreSQL server at {parts.hostname}:{parts.port}: {exc}")
    conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield urlunparse(parts._replace(path=f"/{name}"))
    finally:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.close()


def test_backup_restore_sqlite_to_postgresql_and_back(tmp_path, postgres_url):
    source = f"sqlite:///{tmp_path / 'kalla.sqlite3'}"
    manage(source, "demo", "--no-serve")
    _manage(source, "-c", SETUP)
    before = fingerprint(source)
    assert len(before["cases"]) == 5 and len(before["audit"]) > 5
    assert ["ia-till-ifo", "eva", "bedomare"] in before["roles"]
    assert "accounts.create_case" in before["users"]["eva"][5]
    assert before["counts"]["notifications.SentMail"] == 1
    # municipalities, their roles (one from the SSO grant) and the revisions round-trip too
    assert len(before["revisions"]) >= 5 and len(before["municipalities"]) >= 4
    assert ["Enköpings kommun", "eva", "lasare"] in before["municipality_roles"]

    manage(source, "backup", str(tmp_path / "a.zip"))
    manage(postgres_url, "migrate", "--noinput")
    out = manage(postgres_url, "restore", str(tmp_path / "a.zip")).stdout
    assert "rader återställda" in out and "sqlite" in out
    assert fingerprint(postgres_url) == before

    # new rows after the restore get new ids (the sequences were moved past the restored ids)
    _manage(
        postgres_url,
        "-c",
        "import django; django.setup(); from django.contrib.auth.models "
        "import User; User.objects.create_user(username='ny')",
    )

    manage(postgres_url, "backup", str(tmp_path / "b.zip"))
    back = f"sqlite:///{tmp_path / 'tillbaka.sqlite3'}"
    manage(back, "migrate", "--noinput")
    manage(back, "restore", str(tmp_path / "b.zip"))
    after = fingerprint(back)
    assert after["users"].pop("ny")
    after["counts"]["auth.User"] -= 1
    assert after == before

    # a database that already holds content is refused, with the reason; nothing changes
    again = manage(back, "restore", str(tmp_path / "a.zip"), check=False)
    assert again.returncode != 0 and "Databasen är inte tom" in again.stderr
    # an unmigrated database is refused before anything is written
    empty = f"sqlite:///{tmp_path / 'tom.sqlite3'}"
    refused = manage(empty, "restore", str(tmp_path / "a.zip"), check=False)
    assert refused.returncode != 0 and "migreringar" in refused.stderr
