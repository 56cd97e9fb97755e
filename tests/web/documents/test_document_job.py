"""Skapa dokument i bakgrunden: the beslutsunderlag of a case written by a job.

The job writes the file under OVERSYN_JOB_FILES keyed to the case version, deletes the files
of older versions when it is done, and the download checks the case permission.
"""

from __future__ import annotations

import io
import zipfile

import pytest
from django.test import Client
from django.urls import reverse

from oversyn.web.cases.models import CaseRecord
from oversyn.web.documents.jobs import KIND, document_folder
from oversyn.web.evaluation import actions as esvc
from oversyn.web.jobs.models import Job, JobStatus
from oversyn.web.jobs.runner import execute
from oversyn.web.platform import shared

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("job_files")]


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def _start(client, record, fmt):
    response = client.post(reverse("cases:document_job_start", args=[record.key]), {"fmt": fmt})
    job = Job.objects.filter(kind=KIND).first()
    assert response.status_code == 302 and job is not None
    assert response["Location"].endswith(f"?jobb={job.pk}#h-background")
    return job


def test_a_docx_in_the_background_downloads_with_the_case_permission(record, users, other_record):
    client = _client(users["utredare"])
    job = _start(client, record, "docx")
    assert job.params == {"fmt": "docx", "alternative": ""}
    assert execute(str(job.pk)) == JobStatus.DONE
    job.refresh_from_db()
    folder = document_folder(record.pk)
    assert [p.name for p in folder.iterdir()] == [f"v{record.version}-{job.pk}.docx"]
    url = reverse("cases:document_job_file", args=[record.key, job.pk])
    response = client.get(url)
    assert response.status_code == 200
    data = b"".join(response.streaming_content)
    assert zipfile.is_zipfile(io.BytesIO(data)) and len(data) == job.result["bytes"]
    assert (
        f'filename="{record.key}-beslutsunderlag-v{record.version}.docx"'
        in (response["Content-Disposition"])
    )
    # a reader of the case may download it; someone without a role in the case may not
    assert _client(users["lasare"]).get(url).status_code == 200
    assert _client(users["outsider"]).get(url).status_code == 404
    # the job belongs to its case: not reachable through another case's address
    other = reverse("cases:document_job_file", args=[other_record.key, job.pk])
    assert _client(users["outsider"]).get(other).status_code == 404
    # the page lists the file
    html = client.get(reverse("cases:document", args=[record.key])).content.decode()
    assert url in html and f"version {record.version}, skapad" in html


def test_a_newer_version_deletes_the_files_of_older_versions(record, users):
    client = _client(users["utredare"])
    old = _start(client, record, "docx")
    execute(str(old.pk))
    old.refresh_from_db()
    old_url = reverse("cases:document_job_file", args=[record.key, old.pk])
    assert client.get(old_url).status_code == 200
    # the case changes: a new version
    ev = shared.load(CaseRecord.objects.get(pk=record.pk)).evaluation
    esvc.scores_save(
        actor=users["bedomare"],
        record=record,
        scores=[
            {"alternative": "ia-till-ifo", "criterion": "samverkan", "score": 3, "motivation": "x"}
        ],
        base=esvc.scores_token(ev, esvc.assessor_id_for(users["bedomare"])),
    )
    new_version = CaseRecord.objects.get(pk=record.pk).version
    assert new_version > old.case_version
    html = client.get(reverse("cases:document", args=[record.key])).content.decode()
    assert "äldre version" in html
    new = _start(client, record, "pdf")
    assert new.case_version == new_version
    assert execute(str(new.pk)) == JobStatus.DONE
    new.refresh_from_db()
    assert new.result["removed_older"] == 1
    assert [p.name for p in document_folder(record.pk).iterdir()] == [
        f"v{new_version}-{new.pk}.pdf"
    ]
    assert client.get(old_url).status_code == 404
    response = client.get(reverse("cases:document_job_file", args=[record.key, new.pk]))
    assert response.status_code == 200 and b"".join(response.streaming_content)[:5] == b"%PDF-"


def test_a_bad_format_or_alternative_starts_nothing(record, users):
    client = _client(users["utredare"])
    url = reverse("cases:document_job_start", args=[record.key])
    response = client.post(url, {"fmt": "exe"}, follow=True)
    assert "Välj Word (DOCX) eller PDF." in response.content.decode()
    assert client.post(url, {"fmt": "docx", "alternativ": "finns-inte"}).status_code == 404
    assert not Job.objects.exists()


def test_a_running_document_job_shows_its_progress_on_the_page(record, users):
    client = _client(users["lasare"])  # readers may have the document written too
    job = _start(client, record, "docx")
    html = client.get(
        reverse("cases:document", args=[record.key]) + f"?jobb={job.pk}"
    ).content.decode()
    assert f'id="job-{job.pk}"' in html and "Beslutsunderlag i bakgrunden" in html


def test_the_file_of_a_job_not_done_leads_to_the_job_page(record, users):
    client = _client(users["utredare"])
    job = _start(client, record, "docx")  # queued: no file yet
    response = client.get(reverse("cases:document_job_file", args=[record.key, job.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("cases:job", kwargs={"job_id": job.pk})
