"""Login hardening: throttling (django-axes), password validators, idle session expiry,
security headers, no inline script, and ``check --deploy`` with the documented settings."""

from __future__ import annotations

import datetime as dt
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.utils import timezone

from oversyn.web.accounts.roles import MappingError, grants_from_claims

ROOT = Path(__file__).resolve().parents[3]
WEB = ROOT / "src" / "oversyn" / "web"


@pytest.fixture
def axes_on(settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 10
    settings.AXES_COOLOFF_TIME = dt.timedelta(minutes=30)
    settings.AXES_IPWARE_PROXY_COUNT = 0
    settings.AXES_IPWARE_META_PRECEDENCE_ORDER = ["REMOTE_ADDR"]


def _login(client, username, password, addr="10.1.1.1"):
    return client.post("/logga-in/", {"username": username, "password": password}, REMOTE_ADDR=addr)


@pytest.mark.django_db
def test_ten_wrong_passwords_lock_the_account_for_the_configured_time(axes_on, client, users):
    for _n in range(9):
        response = _login(client, "utredare", "fel")
        assert response.status_code == 200
        assert "Fel användarnamn eller lösenord." in response.content.decode()
    response = _login(client, "utredare", "fel")  # the 10th
    assert response.status_code == 429
    assert "spärrat i 30 minuter" in response.content.decode()

    # locked: the right password is refused too, and from another address (per user)
    assert _login(client, "utredare", "pw-utredare").status_code == 429
    assert _login(client, "utredare", "pw-utredare", addr="10.9.9.9").status_code == 429
    # another user from another address is not affected
    assert _login(client, "lasare", "pw-lasare", addr="10.9.9.9").status_code == 302

    # after the configured time the lock is gone
    AccessAttempt.objects.update(attempt_time=timezone.now() - dt.timedelta(minutes=31))
    response = _login(client, "utredare", "pw-utredare")
    assert response.status_code == 302 and response["Location"] == "/"


@pytest.mark.django_db
def test_wrong_passwords_from_one_address_lock_that_address(axes_on, client, users):
    for n in range(10):
        _login(client, f"okand{n}", "fel", addr="10.2.2.2")
    assert _login(client, "bedomare", "pw-bedomare", addr="10.2.2.2").status_code == 429
    assert _login(client, "bedomare", "pw-bedomare", addr="10.3.3.3").status_code == 302


def test_password_validators_refuse_weak_local_passwords():
    for weak in ("12345678901", "password123", "kort"):
        with pytest.raises(ValidationError):
            validate_password(weak)
    validate_password("Remissvar-Socialnämnden-2025")


@pytest.mark.django_db
def test_session_expires_after_configured_inactivity(client, users, settings):
    settings.SESSION_COOKIE_AGE = 20 * 60
    client.force_login(users["utredare"])
    response = client.get("/")
    assert response.status_code == 200
    # renewed on every request: the cookie lives the idle time from now
    assert response.cookies["sessionid"]["max-age"] == 20 * 60
    session = Session.objects.get()
    assert session.expire_date > timezone.now() + dt.timedelta(minutes=19)
    # 21 minutes without a request: the session is gone, the user is asked to log in
    Session.objects.update(expire_date=timezone.now() - dt.timedelta(seconds=1))
    response = client.get("/")
    assert response.status_code == 302 and response["Location"].startswith("/logga-in/")


@pytest.mark.django_db
def test_responses_carry_the_security_policy(client, users):
    response = client.get("/logga-in/")
    csp = response["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in csp.split(";") if d.strip())
    assert directives["script-src"] == "'self'"
    assert directives["default-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    client.force_login(users["utredare"])
    assert "script-src 'self'" in client.get("/")["Content-Security-Policy"]


def test_no_template_has_inline_script_or_event_handlers():
    offenders = []
    for path in WEB.rglob("templates/**/*.html"):
        text = path.read_text(encoding="utf-8")
        for m in re.finditer(r"<script\b([^>]*)>", text):
            if "src=" not in m.group(1):
                offenders.append(f"{path.relative_to(ROOT)}: inline <script>")
        if re.search(r"\son[a-z]+\s*=", text) or "javascript:" in text:
            offenders.append(f"{path.relative_to(ROOT)}: event handler attribute")
    assert offenders == []


def _documented_env() -> dict[str, str]:
    env = {}
    for line in (ROOT / "deploy" / "oversyn.env.example").read_text().splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            name, _sep, value = line.partition("=")
            env[name] = value.strip('"')
    return env


def test_check_deploy_is_clean_with_the_documented_production_settings(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OVERSYN_", "DJANGO_"))}
    env.update(_documented_env())
    env["OVERSYN_SECRET_KEY"] = secrets.token_urlsafe(50)
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'prod.sqlite3'}"
    env["OVERSYN_STATIC_ROOT"] = str(tmp_path / "static")
    env["DJANGO_SETTINGS_MODULE"] = "oversyn.web.settings"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "oversyn.web.manage",
            "check",
            "--deploy",
            "--fail-level",
            "WARNING",
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


# -- the one mapping function: claims → [(scope, role)] ---------------------------------------

MAPPING = {
    "utredare": ["global:skapa_arenden", "case:ia-till-ifo:utredare"],
    "kansli": ["case:ia-till-ifo:lasare", "case:motala-2018:bedomare"],
}


def test_grants_from_claims_strongest_role_per_case():
    grants = grants_from_claims({"groups": ["kansli", "utredare", "okand"]}, MAPPING)
    assert grants == [
        ("case:ia-till-ifo", "utredare"),
        ("case:motala-2018", "bedomare"),
        ("global", "skapa_arenden"),
    ]
    assert grants_from_claims({"groups": "kansli"}, MAPPING)[0] == ("case:ia-till-ifo", "lasare")
    assert grants_from_claims({"groups": ["okand"]}, MAPPING) == []
    assert grants_from_claims({}, MAPPING) == []


def test_grants_from_claims_refuses_a_bad_mapping():
    with pytest.raises(MappingError, match="case:ia-till-ifo:chef"):
        grants_from_claims({"groups": ["x"]}, {"x": ["case:ia-till-ifo:chef"]})


def test_a_bad_mapping_is_reported_by_the_system_check(settings):
    from django.core.management import call_command
    from django.core.management.base import SystemCheckError

    settings.OVERSYN_SSO_GROUP_ROLES = {"kansli": ["case:ia-till-ifo:chef"]}
    with pytest.raises(SystemCheckError, match="kansli"):
        call_command("check")
    settings.OVERSYN_SSO_GROUP_ROLES = {"kansli": ["case:ia-till-ifo:lasare"]}
    call_command("check")
