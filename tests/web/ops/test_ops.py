"""Operations: the health endpoint (database, cache, job heartbeat) and the JSON-lines logs."""

from __future__ import annotations

import datetime as dt
import io
import json
import logging

import pytest
from django.core.management import call_command
from django.utils import timezone

from oversyn.web.ops.logs import JsonLinesFormatter
from oversyn.web.ops.models import Heartbeat, beat

pytestmark = pytest.mark.django_db


@pytest.fixture
def heartbeats(settings):
    settings.OVERSYN_HEARTBEATS = {"send_reminders": 3600}


def test_healthy_when_database_cache_and_job_are(client, heartbeats):
    beat("send_reminders", "ok")
    response = client.get("/halsa/")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["checks"]["database"]["ok"] and body["checks"]["cache"]["ok"]
    assert body["checks"]["jobs"]["send_reminders"]["ok"]
    assert response["Cache-Control"].startswith("max-age=0")


def test_a_stopped_job_is_unhealthy(client, heartbeats):
    # never ran
    response = client.get("/halsa/")
    assert response.status_code == 503
    assert response.json()["checks"]["jobs"]["send_reminders"]["error"] == "har aldrig kört"
    # ran, but its last beat is older than allowed: stopped
    beat("send_reminders")
    Heartbeat.objects.update(last_beat=timezone.now() - dt.timedelta(hours=2))
    response = client.get("/halsa/")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "fel"
    job = body["checks"]["jobs"]["send_reminders"]
    assert not job["ok"] and job["age_seconds"] >= 7200 and "stoppat" in job["error"]
    # the daily job runs again: healthy
    call_command("send_reminders", "--today", "2025-01-01")
    assert client.get("/halsa/").status_code == 200


def test_logs_are_json_lines_with_request_id_and_user(client, users):
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonLinesFormatter())
    logger = logging.getLogger("oversyn.request")
    logger.addHandler(handler)
    old_level = logger.level
    logger.setLevel(logging.INFO)
    try:
        client.force_login(users["utredare"])
        response = client.get("/")
    finally:
        logger.removeHandler(handler)
        logger.setLevel(old_level)
    lines = [json.loads(line) for line in stream.getvalue().splitlines()]
    (entry,) = [e for e in lines if e.get("path") == "/"]
    assert entry["request_id"] == response["X-Request-Id"]
    assert entry["user"] == "utredare"
    assert entry["status"] == 200 and entry["method"] == "GET"
    assert entry["level"] == "INFO" and entry["logger"] == "oversyn.request"
    assert isinstance(entry["duration_ms"], float)
    dt.datetime.fromisoformat(entry["time"])


def test_log_settings_write_json_to_stdout_and_optionally_a_file(tmp_path):
    import os
    import subprocess
    import sys

    log_file = tmp_path / "oversyn.jsonl"
    env = {
        **os.environ,
        "OVERSYN_LOG_FILE": str(log_file),
        "OVERSYN_ENV": "dev",
        "DJANGO_SETTINGS_MODULE": "oversyn.web.settings",
    }
    code = (
        "import django, logging; django.setup(); "
        "logging.getLogger('oversyn.test').warning('hej %s', 'då')"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    (stdout_line,) = [json.loads(x) for x in result.stdout.splitlines() if "oversyn.test" in x]
    assert stdout_line["message"] == "hej då" and stdout_line["level"] == "WARNING"
    assert json.loads(log_file.read_text().splitlines()[-1])["message"] == "hej då"
