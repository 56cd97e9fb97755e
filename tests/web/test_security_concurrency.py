"""Two people saving at once (issue 16, item 2), over real HTTP against a live server.

A gunicorn server (2 worker processes × 4 threads, the production setup) runs on its own
database: an SQLite file (WAL, immediate transactions, busy timeout) or, in the PostgreSQL run
of ``make test`` (``DATABASE_URL=postgres://…``), a fresh PostgreSQL database.  Two logged-in
sessions open a unit's edit form and post it at the same moment, 50 rounds:

* **different units**: both saves must go through (0 false conflicts) and both values must be
  in the stored case afterwards (0 lost updates);
* **the same unit**: exactly one save goes through and the other gets the conflict message
  (never both — that would lose one — and never neither);

and no request may answer 500 (before the fix, 232 of 500 such saves on SQLite did).  A burst
of 12 sessions saving 12 different units at once (5 times) checks the busy office as well.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from dataclasses import dataclass, field
from html.parser import HTMLParser
from http.cookiejar import CookieJar
from pathlib import Path

import pytest
import yaml

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
ROUNDS = 50
CONFLICT = "Någon annan har sparat ändringar i samma uppgifter"

SETUP = """
import django
django.setup()
from django.contrib.auth import get_user_model
from oversyn.io.casefile import load_case
from oversyn.web.cases import services
from oversyn.web.cases.models import Role
User = get_user_model()
a = User.objects.create_user("anna", password="pw-anna")
from django.contrib.auth.models import Permission
create = Permission.objects.get(codename="add_caserecord", content_type__app_label="cases")
a.user_permissions.add(create)  # may create cases (a creating role)
b = User.objects.create_user("bertil", password="pw-bertil")
row = services.case_create(actor=a, case=load_case({seed!r}))
services.membership_set(actor=a, record=row, user=b, role=Role.UTREDARE)
print(row.key)
"""


class FormParser(HTMLParser):
    """The fields of the page's edit form (the one that posts to the page itself)."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[list[tuple[str, str]]] = []
        self.current: list[tuple[str, str]] | None = None
        self.select: str | None = None
        self.textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form" and a.get("method", "").lower() == "post" and not a.get("action"):
            self.current = []
            self.forms.append(self.current)
        if self.current is None:
            return
        if tag == "input" and a.get("name"):
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    self.current.append((a["name"], a.get("value", "on")))
            elif kind not in ("submit", "button", "file"):
                self.current.append((a["name"], a.get("value", "")))
        elif tag == "select":
            self.select = a.get("name")
        elif tag == "option" and self.select and "selected" in a:
            self.current.append((self.select, a.get("value", "")))
        elif tag == "textarea":
            self.textarea = a.get("name")
            self.current.append((self.textarea or "", ""))

    def handle_data(self, data: str) -> None:
        if self.current is not None and self.textarea:
            name, value = self.current[-1]
            self.current[-1] = (name, value + data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self.select = None
        elif tag == "textarea":
            self.textarea = None
        elif tag == "form":
            self.current = None


class Session:
    def __init__(self, base: str) -> None:
        self.base = base
        self.jar = CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect()
        )

    def request(self, path: str, data: list[tuple[str, str]] | None = None) -> tuple[int, str]:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        req = urllib.request.Request(self.base + path, data=body)
        if body is not None:
            req.add_header("Referer", self.base + path)
        try:
            with self.opener.open(req, timeout=60) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read().decode(errors="replace")

    def csrf(self) -> str:
        return next(c.value for c in self.jar if c.name == "csrftoken")

    def login(self, user: str, password: str) -> None:
        self.request("/logga-in/")
        status, _ = self.request(
            "/logga-in/",
            [("username", user), ("password", password), ("csrfmiddlewaretoken", self.csrf())],
        )
        assert status == 302, "login failed"

    def edit_form(self, path: str) -> list[tuple[str, str]]:
        status, page = self.request(path)
        assert status == 200, (status, page[:500])
        parser = FormParser()
        parser.feed(page)
        form = next(f for f in parser.forms if any(k == "name" for k, _ in f))
        return form


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        return None


@dataclass
class Tally:
    posts: int = 0
    saved: int = 0
    conflicts: int = 0
    errors_500: int = 0
    other: list[str] = field(default_factory=list)
    lost_updates: int = 0
    false_conflicts: int = 0
    double_wins: int = 0
    seconds: float = 0.0

    def line(self, name: str) -> str:
        return (
            f"{name}: {self.posts} POSTs in {self.seconds:.1f} s, saved {self.saved}, "
            f"conflicts {self.conflicts} (all on the same unit), 500s {self.errors_500}, "
            f"lost updates {self.lost_updates}, false conflicts {self.false_conflicts}"
        )


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _post_together(
    sessions: list[Session], paths: list[str], forms: list[list[tuple[str, str]]]
) -> list[tuple[int, str]]:
    barrier = threading.Barrier(len(sessions))
    results: list[tuple[int, str]] = [(0, "")] * len(sessions)

    def run(i: int) -> None:
        barrier.wait()
        results[i] = sessions[i].request(paths[i], forms[i])

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(sessions))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def _with_note(form: list[tuple[str, str]], note: str) -> list[tuple[str, str]]:
    return [(k, note if k == "note" else v) for k, v in form]


def _notes(session: Session, key: str) -> dict[str, str]:
    status, text = session.request(f"/arenden/{key}/export.yaml")
    assert status == 200
    return {u["id"]: u.get("note", "") for u in yaml.safe_load(text)["baseline"]["units"]}


def run_rounds(base: str, key: str, rounds: int = ROUNDS) -> Tally:
    anna, bertil = Session(base), Session(base)
    anna.login("anna", "pw-anna")
    bertil.login("bertil", "pw-bertil")
    units = list(_notes(anna, key))
    unit_a, unit_b = units[0], units[1]
    path = f"/arenden/{key}/organisation/unit/{{}}/"
    tally = Tally()
    start = time.perf_counter()
    for n in range(rounds):
        for same in (False, True):
            targets = [unit_a, unit_a] if same else [unit_a, unit_b]
            forms = [
                anna.edit_form(path.format(targets[0])),
                bertil.edit_form(path.format(targets[1])),
            ]
            values = [f"anna-{n}-{same}-{uuid.uuid4().hex[:6]}", f"bertil-{n}-{same}"]
            posted = [_with_note(f, v) for f, v in zip(forms, values, strict=True)]
            results = _post_together([anna, bertil], [path.format(t) for t in targets], posted)
            tally.posts += 2
            won = []
            for i, (status, page) in enumerate(results):
                if status >= 500:
                    tally.errors_500 += 1
                elif status == 302:
                    tally.saved += 1
                    won.append(i)
                elif CONFLICT in page:
                    tally.conflicts += 1
                else:
                    tally.other.append(f"round {n} same={same}: {status} {page[:300]}")
            notes = _notes(anna, key)
            if same:
                if len(won) == 2:
                    tally.double_wins += 1
                    tally.lost_updates += 1
                elif len(won) == 1 and notes[unit_a] != values[won[0]]:
                    tally.lost_updates += 1
                elif not won:
                    tally.false_conflicts += 1
            else:
                tally.false_conflicts += 2 - len(won)
                for i in won:
                    if notes[targets[i]] != values[i]:
                        tally.lost_updates += 1
    tally.seconds = time.perf_counter() - start
    return tally


def run_burst(base: str, key: str, sessions: int = 12, bursts: int = 5) -> Tally:
    """A busy office: ``sessions`` people save *different* units at the same moment."""
    people = []
    for i in range(sessions):
        s = Session(base)
        s.login(*(("anna", "pw-anna") if i % 2 == 0 else ("bertil", "pw-bertil")))
        people.append(s)
    units = list(_notes(people[0], key))[:sessions]
    path = f"/arenden/{key}/organisation/unit/{{}}/"
    tally = Tally()
    start = time.perf_counter()
    for n in range(bursts):
        forms = [p.edit_form(path.format(u)) for p, u in zip(people, units, strict=False)]
        values = [f"burst-{n}-{i}" for i in range(len(forms))]
        results = _post_together(
            people[: len(forms)],
            [path.format(u) for u in units],
            [_with_note(f, v) for f, v in zip(forms, values, strict=True)],
        )
        notes = _notes(people[0], key)
        for i, (status, page) in enumerate(results):
            tally.posts += 1
            if status >= 500:
                tally.errors_500 += 1
            elif status == 302:
                tally.saved += 1
                tally.lost_updates += notes[units[i]] != values[i]
            elif CONFLICT in page:
                tally.conflicts += 1
                tally.false_conflicts += 1
            else:
                tally.other.append(f"burst {n}: {status} {page[:300]}")
    tally.seconds = time.perf_counter() - start
    return tally


def _serve(env: dict[str, str], tmp_path: Path) -> tuple[subprocess.Popen, str, str]:
    manage = [str(BIN / "oversyn-manage")]
    subprocess.run([*manage, "migrate", "-v", "0"], env=env, check=True, cwd=tmp_path)
    key = subprocess.run(
        [sys.executable, "-c", SETUP.format(seed=str(ROOT / "examples" / "ia-till-ifo.yaml"))],
        env=env,
        check=True,
        capture_output=True,
        text=True,
        cwd=tmp_path,
    ).stdout.split()[-1]
    port = _free_port()
    server = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "oversyn.web.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--threads",
            "4",
            "--worker-class",
            "gthread",
            "--timeout",
            "120",
        ],
        env=env,
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=open(tmp_path / "server.log", "w"),  # noqa: SIM115 - kept open for the server
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(base + "/logga-in/", timeout=2).read()
            break
        except OSError:
            time.sleep(0.2)
    else:  # pragma: no cover
        server.kill()
        raise AssertionError((tmp_path / "server.log").read_text()[-2000:])
    return server, base, key


def _env(tmp_path: Path, database_url: str | None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PYTEST"))}
    env.update(
        {
            "OVERSYN_ENV": "test",
            "DJANGO_SETTINGS_MODULE": "oversyn.web.settings",
            "OVERSYN_SQLITE": str(tmp_path / "live.sqlite3"),
        }
    )
    env.pop("DATABASE_URL", None)
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


def _check(tally: Tally, burst: Tally, name: str, tmp_path: Path) -> None:
    print(tally.line(name))
    print(burst.line(name + " burst of 12"))
    log = (tmp_path / "server.log").read_text()
    for t in (tally, burst):
        assert t.errors_500 == 0, log[-3000:]
        assert t.other == [], t.other[:3]
        assert t.lost_updates == 0 and t.double_wins == 0
        assert t.false_conflicts == 0
    assert tally.saved == 3 * ROUNDS and tally.conflicts == ROUNDS
    assert burst.saved == burst.posts
    assert "database is locked" not in log


def test_two_sessions_on_sqlite(tmp_path):
    if os.environ.get("DATABASE_URL", "").startswith("postgres"):
        pytest.skip("the PostgreSQL run of make test does the PostgreSQL variant")
    server, base, key = _serve(_env(tmp_path, None), tmp_path)
    try:
        tally = run_rounds(base, key)
        burst = run_burst(base, key)
    finally:
        server.terminate()
        server.wait(timeout=30)
    _check(tally, burst, "SQLite", tmp_path)
    mode = subprocess.run(
        ["sqlite3", str(tmp_path / "live.sqlite3"), "PRAGMA journal_mode;"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    assert mode in ("wal", "")  # "" when the sqlite3 shell is not installed


def test_two_sessions_on_postgresql(tmp_path):
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        pytest.skip("PostgreSQL: runs in make test's DATABASE_URL=postgres://… pass")
    import psycopg

    parts = urllib.parse.urlsplit(url)
    name = f"{parts.path.lstrip('/') or 'oversyn'}_live_{uuid.uuid4().hex[:6]}"
    admin_url = urllib.parse.urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True) as con:
        con.execute(f'CREATE DATABASE "{name}"')
    try:
        live = urllib.parse.urlunsplit(parts._replace(path="/" + name))
        server, base, key = _serve(_env(tmp_path, live), tmp_path)
        try:
            tally = run_rounds(base, key)
            burst = run_burst(base, key)
        finally:
            server.terminate()
            server.wait(timeout=30)
        _check(tally, burst, "PostgreSQL", tmp_path)
    finally:
        with psycopg.connect(admin_url, autocommit=True) as con:
            con.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
