"""The job worker's ``--reminders``: the daily reminders without a timer (as ``make demo`` runs)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone

from oversyn.web.cases.management.commands.demo import start_worker
from oversyn.web.jobs.management.commands.jobs_worker import REMINDERS_EVERY, reminders_if_due
from oversyn.web.ops.models import Heartbeat

pytestmark = pytest.mark.django_db


def _last_run() -> dt.datetime | None:
    return (
        Heartbeat.objects.filter(name="send_reminders").values_list("last_beat", flat=True).first()
    )


def test_reminders_run_when_never_run_and_then_once_a_day(record):
    assert _last_run() is None
    now = timezone.now()
    assert reminders_if_due(now) is True
    first = _last_run()
    assert first is not None
    detail = Heartbeat.objects.get(name="send_reminders").detail
    assert timezone.localdate(now).isoformat() in detail
    # within the day: not again
    assert reminders_if_due(now + dt.timedelta(hours=23)) is False
    assert _last_run() == first
    # a day after the last run: again
    assert reminders_if_due(first + REMINDERS_EVERY + dt.timedelta(seconds=1)) is True
    assert _last_run() > first


@pytest.mark.django_db(transaction=True)  # the worker closes old connections, as in production
def test_the_worker_with_reminders_makes_the_health_check_green(client, settings, record):
    settings.OVERSYN_HEARTBEATS = {"send_reminders": 26 * 3600, "jobs_worker": 120}
    assert client.get("/halsa/").status_code == 503  # no reminders have ever run
    call_command("jobs_worker", "--batch", "--interval", "0", "--reminders")
    body = client.get("/halsa/").json()
    assert body["checks"]["jobs"]["send_reminders"]["ok"], body
    assert body["checks"]["jobs"]["jobs_worker"]["ok"], body
    assert body["status"] == "ok"


def test_the_demo_worker_sends_the_reminders(monkeypatch):
    started: list[list[str]] = []

    class FakePopen:  # records the command line instead of starting a process
        def __init__(self, args: list[str]) -> None:
            started.append(args)

    monkeypatch.setattr("subprocess.Popen", FakePopen)
    start_worker()
    assert started and "jobs_worker" in started[0] and "--reminders" in started[0]
