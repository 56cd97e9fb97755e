"""A large case file (YAML) replacing a case is imported by a background job (above
OVERSYN_JOB_INLINE_BYTES): the same write and the same located Swedish errors as the inline
import; a broken file stores nothing; the stored upload is deleted when the job ends."""

from __future__ import annotations

import io

import pytest
from django.test import Client
from django.urls import reverse

from oversyn.io.casefile import dump_case
from oversyn.web.cases.models import CaseRecord
from oversyn.web.jobs.models import Job, JobStatus
from oversyn.web.jobs.runner import execute
from oversyn.web.platform import shared

pytestmark = pytest.mark.django_db


def _files(folder):
    return [p for p in folder.rglob("*") if p.is_file()] if folder.exists() else []


def _post(client, record, text, name):
    upload = io.BytesIO(text.encode("utf-8"))
    upload.name = name
    version = CaseRecord.objects.get(pk=record.pk).version
    return client.post(
        reverse("cases:import_yaml", args=[record.key]), {"file": upload, "version": version}
    )


def test_a_large_case_file_is_imported_by_a_job(users, record, large_uploads):
    client = Client()
    client.force_login(users["utredare"])
    case = shared.load(CaseRecord.objects.get(pk=record.pk))
    text = dump_case(case).replace(case.case.title, "Ny titel från filen", 1)
    assert len(text.encode()) > 1024
    before = CaseRecord.objects.get(pk=record.pk).version
    response = _post(client, record, text, "stor.yaml")
    job = Job.objects.get(kind="case_import_yaml")
    assert response.status_code == 302 and response["Location"].endswith(f"?jobb={job.pk}")
    assert len(_files(large_uploads)) == 1  # the upload waits for the job
    assert CaseRecord.objects.get(pk=record.pk).version == before  # nothing yet
    assert execute(str(job.pk)) == JobStatus.DONE
    row = CaseRecord.objects.get(pk=record.pk)
    assert row.version == before + 1 and shared.load(row).case.title == "Ny titel från filen"
    job.refresh_from_db()
    assert job.result_version == row.version and job.result["file"] == "stor.yaml"
    assert not _files(large_uploads)  # deleted when the job ended
    page = client.get(response["Location"]).content.decode()
    assert f'id="job-{job.pk}"' in page and "100 %" in page
    assert reverse("cases:overview", args=[record.key]) in page  # "Visa resultatet"


def test_a_broken_large_file_gives_the_located_errors_and_stores_nothing(
    users, record, seed_case, large_uploads
):
    client = Client()
    client.force_login(users["utredare"])
    text = dump_case(seed_case).replace("appointed_by: kf", "appointed_by: kx", 1)
    content = CaseRecord.objects.get(pk=record.pk).content
    version = CaseRecord.objects.get(pk=record.pk).version
    response = _post(client, record, text, "trasig.yaml")
    job = Job.objects.get(kind="case_import_yaml")
    assert execute(str(job.pk)) == JobStatus.FAILED
    job.refresh_from_db()
    # the same located message as the inline import (tests/web/cases/test_views.py)
    assert "trasig.yaml:" in job.error and "appointed_by" in job.error
    row = CaseRecord.objects.get(pk=record.pk)
    assert row.version == version and row.content == content
    assert not _files(large_uploads)
    page = client.get(response["Location"]).content.decode()
    assert "Jobbet misslyckades; ingenting ändrades i ärendet." in page and "trasig.yaml:" in page


def test_a_small_file_is_still_imported_in_the_request(users, record, settings, large_uploads):
    settings.OVERSYN_JOB_INLINE_BYTES = 10_000_000
    client = Client()
    client.force_login(users["utredare"])
    case = shared.load(CaseRecord.objects.get(pk=record.pk))
    text = dump_case(case).replace(case.case.title, "Direkt", 1)
    response = _post(client, record, text, "liten.yaml")
    assert response.status_code == 302 and not Job.objects.exists()
    assert shared.load(CaseRecord.objects.get(pk=record.pk)).case.title == "Direkt"
