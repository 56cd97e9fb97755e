"""A large upload for a NEW case is imported by a background job (above
OVERSYN_JOB_INLINE_BYTES): a case file from the case list, or the new-case form with an
Excel workbook.  The case row is created only when the job succeeds; a broken file gives the
same located Swedish errors as the inline import and no case; the upload is deleted on every
outcome; the creating role is needed to start the job and is checked again when it runs."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse
from tests.web.cases.test_newcase import FORM

from oversyn.io.casefile import dump_case
from oversyn.web.cases import services
from oversyn.web.cases.models import (
    AuditRecord,
    CaseRecord,
    Municipality,
    MunicipalityMembership,
    MunicipalityRole,
)
from oversyn.web.jobs.models import Job, JobStatus
from oversyn.web.jobs.runner import execute
from oversyn.web.platform import shared

pytestmark = pytest.mark.django_db


def _files(folder: Path) -> list[Path]:
    return [p for p in Path(folder).rglob("*") if p.is_file()] if Path(folder).exists() else []


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _casefile(text: str, name: str) -> io.BytesIO:
    upload = io.BytesIO(text.encode("utf-8"))
    upload.name = name
    return upload


# -- a case file as a new case, from the case list ---------------------------------------------


def test_a_large_case_file_becomes_a_new_case_when_its_job_is_done(users, seed_case, large_uploads):
    client = _client(users["utredare"])
    text = dump_case(seed_case)
    assert len(text.encode()) > 1024
    response = client.post(reverse("cases:list"), {"file": _casefile(text, "stor.yaml")})
    job = Job.objects.get(kind="case_import_new")
    started = response["Location"]  # the job's page, which opens the new case when done
    assert response.status_code == 302 and started == f"/jobb/{job.pk}/?oppna=1"
    assert job.case is None and job.created_by == users["utredare"]
    assert not CaseRecord.objects.exists()  # no case until the job succeeds
    assert len(_files(large_uploads)) == 1  # the upload waits for the job
    page = client.get(response["Location"]).content.decode()
    assert "Nytt ärende från ärendefil" in page and "<progress" in page
    assert "Avbryt jobbet" in page  # its starter may cancel it
    listing = client.get(reverse("cases:list")).content.decode()
    assert f'id="job-{job.pk}"' in listing  # the case list shows the running import

    assert execute(str(job.pk)) == JobStatus.DONE
    row = CaseRecord.objects.get()
    assert shared.load(row) == seed_case
    assert row.memberships.get().user == users["utredare"]
    audit = AuditRecord.objects.get(case=row, object_type="case")
    assert audit.action == "create" and "stor.yaml" in audit.message
    job.refresh_from_db()
    assert job.case == row and job.result["key"] == row.key and job.result_version == row.version
    assert not _files(large_uploads)  # deleted when the job ended
    overview = reverse("cases:overview", args=[row.key])
    # the polling block of the job's page opens the new case; the page itself links to it
    job_page = reverse("cases:job", args=[job.pk])
    poll = client.get(f"{job_page}?reload=1", HTTP_HX_REQUEST="true")
    assert poll["HX-Redirect"] == overview
    # done before its page was shown: the page the import went to opens the case at once;
    # the job's page itself (from the case's job list) stays and links to it
    assert client.get(started)["Location"] == overview
    assert overview in client.get(job_page).content.decode()
    assert client.get(overview).status_code == 200


def test_a_broken_large_case_file_gives_the_located_errors_and_no_case(
    users, seed_case, large_uploads
):
    client = _client(users["utredare"])
    text = dump_case(seed_case).replace("appointed_by: kf", "appointed_by: kx", 1)
    response = client.post(reverse("cases:list"), {"file": _casefile(text, "trasig.yaml")})
    job = Job.objects.get(kind="case_import_new")
    assert execute(str(job.pk)) == JobStatus.FAILED
    job.refresh_from_db()
    # the same located message as the inline import
    assert "trasig.yaml:" in job.error and "appointed_by" in job.error
    assert job.case is None
    assert not CaseRecord.objects.exists() and not AuditRecord.objects.exists()
    assert not _files(large_uploads)
    page = client.get(response["Location"]).content.decode()
    assert "Jobbet misslyckades; inget ärende skapades." in page and "trasig.yaml:" in page
    poll = client.get(reverse("cases:job", args=[job.pk]) + "?reload=1", HTTP_HX_REQUEST="true")
    assert "HX-Redirect" not in poll and poll["HX-Refresh"] == "true"


def test_only_its_starter_sees_and_cancels_a_job_without_a_case(users, seed_case, large_uploads):
    starter = _client(users["utredare"])
    starter.post(reverse("cases:list"), {"file": _casefile(dump_case(seed_case), "stor.yaml")})
    job = Job.objects.get(kind="case_import_new")
    other = _client(users["outsider"])  # may create cases too, but did not start this one
    assert other.get(reverse("cases:job", args=[job.pk])).status_code == 404
    assert other.post(reverse("cases:job_cancel", args=[job.pk])).status_code == 404
    assert f"job-{job.pk}" not in other.get(reverse("cases:list")).content.decode()
    assert Job.objects.get(pk=job.pk).status == JobStatus.QUEUED

    cancelled = starter.post(reverse("cases:job_cancel", args=[job.pk]))
    assert cancelled.status_code == 302
    assert Job.objects.get(pk=job.pk).status == JobStatus.CANCELLED
    assert not _files(large_uploads)  # a cancelled queued job's upload is deleted at once
    assert execute(str(job.pk)) == JobStatus.CANCELLED  # its task, delivered late, runs nothing
    assert not CaseRecord.objects.exists()


def test_a_job_cancelled_while_its_file_is_checked_creates_no_case(
    users, seed_case, large_uploads, monkeypatch
):
    from oversyn.web.jobs.runner import cancel_job

    client = _client(users["utredare"])
    client.post(reverse("cases:list"), {"file": _casefile(dump_case(seed_case), "stor.yaml")})
    job = Job.objects.get(kind="case_import_new")
    real_parse = services.parse

    def parse_then_cancelled(text, filename):
        case = real_parse(text, filename)
        assert Job.objects.get(pk=job.pk).status == JobStatus.RUNNING
        assert cancel_job(actor=users["utredare"], job=Job.objects.get(pk=job.pk))
        return case

    monkeypatch.setattr(services, "parse", parse_then_cancelled)
    assert execute(str(job.pk)) == JobStatus.CANCELLED
    assert not CaseRecord.objects.exists() and not AuditRecord.objects.exists()
    assert Job.objects.get(pk=job.pk).case is None and not _files(large_uploads)


def test_a_user_without_a_creating_role_starts_no_job(users, seed_case, large_uploads):
    client = _client(users["bedomare"])
    response = client.post(
        reverse("cases:list"), {"file": _casefile(dump_case(seed_case), "x.yaml")}
    )
    assert response.status_code == 403
    assert not Job.objects.exists() and not _files(large_uploads)


def test_the_job_checks_the_municipalitys_creating_role_again(users, seed_case, large_uploads):
    """A creator of one municipality starts the import there; the role is taken away before
    the job runs: the job fails with the Swedish reason and creates nothing."""
    linkoping = Municipality.objects.create(code="0580", name="Linköpings kommun")
    role = MunicipalityMembership.objects.create(
        municipality=linkoping, user=users["lasare"], role=MunicipalityRole.SKAPARE
    )
    client = _client(users["lasare"])
    response = client.post(
        reverse("cases:list"),
        {"file": _casefile(dump_case(seed_case), "stor.yaml"), "municipality": str(linkoping.pk)},
    )
    job = Job.objects.get(kind="case_import_new")
    assert response.status_code == 302 and job.params["municipality"] == linkoping.pk
    role.delete()
    assert execute(str(job.pk)) == JobStatus.FAILED
    job.refresh_from_db()
    assert "Du har ingen roll som får skapa ärenden i Linköpings kommun." in job.error
    assert not CaseRecord.objects.exists() and not _files(large_uploads)


def test_the_chosen_municipality_owns_the_new_case(users, seed_case, large_uploads):
    linkoping = Municipality.objects.create(code="0580", name="Linköpings kommun")
    MunicipalityMembership.objects.create(
        municipality=linkoping, user=users["lasare"], role=MunicipalityRole.SKAPARE
    )
    client = _client(users["lasare"])
    client.post(
        reverse("cases:list"),
        {"file": _casefile(dump_case(seed_case), "stor.yaml"), "municipality": str(linkoping.pk)},
    )
    assert execute(str(Job.objects.get().pk)) == JobStatus.DONE, Job.objects.get().error
    assert CaseRecord.objects.get().owner == linkoping


# -- the new-case form with a large Excel workbook ----------------------------------------------


def _new_case(client, **changes):
    return client.post(reverse("cases:case_new"), {**FORM, **changes})


def test_a_new_case_from_a_large_workbook_is_made_by_a_job(
    users, seed_case, large_uploads, org_workbook
):
    client = _client(users["utredare"])
    upload = org_workbook(seed_case.baseline, name="organisation.xlsx")
    response = _new_case(client, start="excel", workbook=upload)
    job = Job.objects.get(kind="case_new_xlsx")
    started = response["Location"]  # the job's page, which opens the new case when done
    assert response.status_code == 302 and started == f"/jobb/{job.pk}/?oppna=1"
    assert not CaseRecord.objects.exists() and len(_files(large_uploads)) == 1
    assert job.params["spec"]["title"] == FORM["title"]
    assert execute(str(job.pk)) == JobStatus.DONE, Job.objects.get().error
    row = CaseRecord.objects.get()
    case = shared.load(row)
    assert [u.id for u in case.baseline.units] == [u.id for u in seed_case.baseline.units]
    assert case.case.title == FORM["title"] and case.case.municipality.code == "0580"
    assert row.case_id == "oversyn-av-socialforvaltningen"
    audit = AuditRecord.objects.get(case=row, object_type="case")
    assert "organisation.xlsx" in audit.message
    assert Job.objects.get().case == row and not _files(large_uploads)


def test_a_bad_large_workbook_fails_located_and_makes_no_case(
    users, seed_case, large_uploads, org_workbook
):
    upload = org_workbook(seed_case.baseline, "många")
    client = _client(users["utredare"])
    response = _new_case(client, start="excel", workbook=upload)
    job = Job.objects.get(kind="case_new_xlsx")
    assert execute(str(job.pk)) == JobStatus.FAILED
    job.refresh_from_db()
    assert "org.xlsx, blad Enheter, rad 3, kolumn I (årsarbetare)" in job.error
    assert not CaseRecord.objects.exists() and not AuditRecord.objects.exists()
    assert not _files(large_uploads)
    page = client.get(response["Location"]).content.decode()
    assert "inget ärende skapades" in page and "org.xlsx, blad Enheter, rad 3" in page


def test_the_forms_own_problems_are_shown_at_once_and_start_no_job(
    users, seed_case, large_uploads, org_workbook
):
    client = _client(users["utredare"])
    response = _new_case(
        client,
        start="excel",
        workbook=org_workbook(seed_case.baseline),
        directive_deadline="någon gång",
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Tidsfristen" in page and "någon gång" in page
    assert not Job.objects.exists() and not _files(large_uploads)


def test_a_file_that_is_no_workbook_is_refused_before_a_job(users, large_uploads):
    upload = io.BytesIO(b"not a workbook" * 200)
    upload.name = "trasig.xlsx"
    response = _new_case(_client(users["utredare"]), start="excel", workbook=upload)
    assert response.status_code == 400 and "trasig.xlsx" in response.content.decode()
    assert not Job.objects.exists() and not _files(large_uploads)
