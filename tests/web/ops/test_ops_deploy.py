"""The deploy kit: gunicorn with deploy/gunicorn.conf.py serves the app and /halsa/ on
loopback; the systemd timers' calendars are valid; the units point at the files we ship."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
DEPLOY = ROOT / "deploy"
GUNICORN = Path(sys.executable).with_name("gunicorn")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.slow
def test_gunicorn_with_our_config_serves_the_health_check(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OVERSYN_", "DJANGO_"))}
    port = _free_port()
    env.update(
        {
            "OVERSYN_ENV": "dev",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'g.sqlite3'}",
            "OVERSYN_BIND": f"127.0.0.1:{port}",
            "OVERSYN_WORKERS": "2",
            "OVERSYN_HEARTBEATS": '{"send_reminders": 93600}',
            "OVERSYN_LOG_LEVEL": "WARNING",
            "DJANGO_SETTINGS_MODULE": "oversyn.web.settings",
        }
    )
    manage = [sys.executable, "-m", "oversyn.web.manage"]
    subprocess.run([*manage, "migrate", "--noinput"], env=env, check=True, capture_output=True)
    proc = subprocess.Popen(
        [str(GUNICORN), "-c", str(DEPLOY / "gunicorn.conf.py")],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        url = f"http://127.0.0.1:{port}/halsa/"
        deadline = time.monotonic() + 60
        status = None
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(url, timeout=2)
            except urllib.error.HTTPError as exc:
                status = exc.code
                break
            except OSError:
                time.sleep(0.3)
        assert status == 503  # the reminder job has never run: unhealthy
        subprocess.run([*manage, "send_reminders"], env=env, check=True, capture_output=True)
        assert urllib.request.urlopen(url, timeout=5).status == 200
    finally:
        proc.terminate()
        proc.wait(timeout=30)


@pytest.mark.skipif(not shutil.which("systemd-analyze"), reason="needs systemd-analyze")
def test_timer_calendars_are_valid():
    for timer in DEPLOY.glob("*.timer"):
        (spec,) = re.findall(r"^OnCalendar=(.+)$", timer.read_text(), re.M)
        result = subprocess.run(
            ["systemd-analyze", "calendar", spec], capture_output=True, text=True
        )
        assert result.returncode == 0, f"{timer.name}: {result.stderr}"


def test_units_use_the_shipped_config_and_commands():
    web = (DEPLOY / "oversyn-web.service").read_text()
    assert "gunicorn -c /opt/oversyn/deploy/gunicorn.conf.py" in web
    assert "EnvironmentFile=/etc/oversyn/oversyn.env" in web
    reminders = (DEPLOY / "oversyn-reminders.service").read_text()
    assert "oversyn-manage send_reminders" in reminders
    assert "Unit=" not in (DEPLOY / "oversyn-reminders.timer").read_text()  # same-named service
    backup = (DEPLOY / "oversyn-backup.service").read_text()
    assert "oversyn-manage backup" in backup
