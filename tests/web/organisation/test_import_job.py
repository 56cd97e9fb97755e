"""A large Excel import of the organisation runs as a background job (above
OVERSYN_JOB_INLINE_BYTES): same result and same located errors as the inline import."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from oversyn.web.cases.models import CaseRecord
from oversyn.web.jobs.models import Job, JobStatus
from oversyn.web.jobs.runner import execute
from oversyn.web.platform.repository import load, token

pytestmark = pytest.mark.django_db


def test_a_large_workbook_is_imported_by_a_job(users, record, large_uploads, org_workbook):
    c = Client()
    c.force_login(users["utredare"])
    before = load(record)
    response = c.post(
        reverse("cases:org_import_xlsx", args=[record.key]),
        {"file": org_workbook(load(record).baseline, 42), "base": token(before.baseline)},
    )
    assert response.status_code == 302 and "?jobb=" in response["Location"]
    assert CaseRecord.objects.get(pk=record.pk).version == record.version  # not yet
    page = c.get(response["Location"]).content.decode()
    assert "Import av organisationen från Excel" in page and "<progress" in page
    job = Job.objects.get()
    assert execute(str(job.pk)) == JobStatus.DONE, Job.objects.get().error
    after = load(CaseRecord.objects.get(pk=record.pk))
    assert sorted(u.fte for u in after.baseline.units) != sorted(
        u.fte for u in before.baseline.units
    )
    assert 42 in [u.fte for u in after.baseline.units]
    assert not [p for p in Path(large_uploads).rglob("*") if p.is_file()]


def test_a_bad_workbook_fails_the_job_located(users, record, large_uploads, org_workbook):
    c = Client()
    c.force_login(users["utredare"])
    version = record.version
    c.post(
        reverse("cases:org_import_xlsx", args=[record.key]),
        {
            "file": org_workbook(load(record).baseline, "många"),
            "base": token(load(record).baseline),
        },
    )
    job = Job.objects.get()
    assert execute(str(job.pk)) == JobStatus.FAILED
    job.refresh_from_db()
    assert "org.xlsx, blad Enheter, rad 3, kolumn I (årsarbetare)" in job.error
    assert CaseRecord.objects.get(pk=record.pk).version == version
    assert not [p for p in Path(large_uploads).rglob("*") if p.is_file()]
