"""Service records from the web: upload (streamed to disk), column mapping, the job, only the
aggregate stored, the file deleted, a bad file's located error, the page's heat map/table."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from oversyn.io.evidence.synth import synth_events, write_events
from oversyn.web.cases.models import AuditRecord
from oversyn.web.jobs.models import Job, JobStatus
from oversyn.web.jobs.runner import execute
from oversyn.web.platform.repository import load

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("job_files")]


@pytest.fixture
def editor(users):
    client = Client()
    client.force_login(users["utredare"])
    return client


def _upload(client, record, path: Path):
    with path.open("rb") as handle:
        return client.post(
            reverse("cases:records_upload", kwargs={"key": record.key}), {"poster": handle}
        )


def _renamed_csv(tmp_path: Path, seed_case, persons: int = 3000) -> Path:
    """Synthetic records with Swedish column names that the mapping must be told about."""
    table = synth_events(seed_case, persons=persons, seed=7)
    table = table.rename_columns(
        ["lopnr", "enhetskod", "fran", "till_och_med", "insats"][: table.num_columns]
    )
    path = tmp_path / "poster.csv"
    write_events(table, path)
    return path


def test_records_become_only_the_aggregate(editor, record, seed_case, tmp_path, job_files):
    source = tmp_path / "poster.parquet"
    write_events(synth_events(seed_case, persons=3000, seed=3), source)
    response = _upload(editor, record, source)
    assert response.status_code == 302 and "/samverkan/poster/" in response["Location"]
    stored = list(Path(job_files).rglob("*.parquet"))
    assert len(stored) == 1 and stored[0].stat().st_size == source.stat().st_size
    page = editor.get(response["Location"])
    html = page.content.decode()
    assert "poster.parquet" in html and "föreslaget" in html
    # the suggested mapping is selected
    assert re.search(r'<option value="personnyckel" selected>', html)
    before = load(record)
    audit_before = AuditRecord.objects.count()
    response = editor.post(
        response["Location"],
        {
            "person": "personnyckel",
            "unit": "enhet",
            "start": "startdatum",
            "end": "slutdatum",
            "period": "2024",
            "handoff_days": "30",
            "min_count": "5",
            "kinds": ["shared_clients"],
            "estimated": "on",
            "source": "syntetiska data",
        },
    )
    assert response.status_code == 302 and "?jobb=" in response["Location"]
    job = Job.objects.get()
    assert job.status == JobStatus.QUEUED and job.case_version == record.version
    progress_page = editor.get(response["Location"]).content.decode()
    assert f'id="job-{job.pk}"' in progress_page and "hx-trigger" in progress_page
    assert execute(str(job.pk)) == JobStatus.DONE, Job.objects.get().error
    job.refresh_from_db()
    assert not list(Path(job_files).rglob("*.parquet"))  # the file is gone
    after = load(type(record).objects.get(pk=record.pk))
    assert after.interactions != before.interactions and after.interactions
    assert all(i.source == "syntetiska data" and i.estimated for i in after.interactions)
    assert job.result["case_version"] == job.result_version == record.version + 1
    assert job.result["records"] > 3000
    # the audit record: a summary and a diff, not two copies of the matrix
    assert AuditRecord.objects.count() == audit_before + 1
    entry = AuditRecord.objects.latest("id")
    assert entry.action == "import" and set(entry.before) >= {"interactions", "total_weight"}
    assert "diff" in entry.after and "interactions" not in entry.before.get("diff", {})
    assert entry.after["diff"]["counts"]["added"] + entry.after["diff"]["counts"]["changed"] > 0
    # the page: heat map by administration, paginated sortable table, the PNG
    html = editor.get(reverse("cases:interactions", kwargs={"key": record.key}) + "?sort=a")
    text = html.content.decode()
    assert 'class="heat"' in text and "heat-5" in text and "karta.png" in text
    png = editor.get(reverse("cases:interactions_heatmap", kwargs={"key": record.key}))
    assert png["Content-Type"] == "image/png" and png.content[:4] == b"\x89PNG"


def test_a_bad_file_fails_located_and_changes_nothing(
    editor, record, seed_case, tmp_path, job_files
):
    path = _renamed_csv(tmp_path, seed_case, persons=400)
    lines = path.read_text().splitlines()
    cells = lines[6].split(",")
    cells[2] = "2024-13-45"  # line 7: an invalid start date
    lines[6] = ",".join(cells)
    path.write_text("\n".join(lines) + "\n")
    response = _upload(editor, record, path)
    mapping = response["Location"]
    html = editor.get(mapping).content.decode()
    assert "lopnr" in html and "enhetskod" in html
    before_version = type(record).objects.get(pk=record.pk).version
    response = editor.post(
        mapping,
        {
            "person": "lopnr",
            "unit": "enhetskod",
            "start": "fran",
            "end": "till_och_med",
            "handoff_days": "30",
            "min_count": "5",
            "kinds": ["shared_clients"],
        },
    )
    job = Job.objects.get()
    assert execute(str(job.pk)) == JobStatus.FAILED
    job.refresh_from_db()
    assert "poster.csv:7" in job.error and "2024-13-45" in job.error, job.error
    assert str(job_files) not in job.error  # the stored name is not shown
    assert type(record).objects.get(pk=record.pk).version == before_version
    assert not [p for p in Path(job_files).rglob("*") if p.is_file()]
    page = editor.get(reverse("cases:job", kwargs={"job_id": job.pk})).content.decode()
    assert "Jobbet misslyckades; ingenting ändrades i ärendet." in page and "poster.csv:7" in page


def test_the_same_column_twice_is_refused(editor, record, seed_case, tmp_path):
    path = _renamed_csv(tmp_path, seed_case, persons=50)
    mapping = _upload(editor, record, path)["Location"]
    response = editor.post(
        mapping,
        {
            "person": "lopnr",
            "unit": "lopnr",
            "start": "fran",
            "handoff_days": "30",
            "min_count": "5",
            "kinds": ["shared_clients"],
        },
    )
    assert response.status_code == 200
    assert "Varje kolumn får bara väljas för en uppgift." in response.content.decode()
    assert not Job.objects.exists()


def test_only_editors_upload_records(users, record, seed_case, tmp_path, job_files):
    reader = Client()
    reader.force_login(users["lasare"])
    path = _renamed_csv(tmp_path, seed_case, persons=50)
    try:
        response = _upload(reader, record, path)
        assert response.status_code in (403, 400)
    except Exception:  # the upload is cut off before the view
        pass
    assert not [p for p in Path(job_files).rglob("*") if p.is_file()]


def test_a_large_case_interactions_page_stays_light(users, editor):
    """2,000 units, 5,000 interactions (benchmarks/large_case.py): under 1 MB of HTML, one
    page of 50 rows, the heat map a PNG."""
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "benchmarks"))
    try:
        from large_case import large_case
    finally:
        sys.path.pop(0)
    from oversyn.web.cases import services

    case = large_case()
    row = services.case_create(actor=users["utredare"], case=case)
    url = reverse("cases:interactions", kwargs={"key": row.key})
    html = editor.get(url + "?sort=-vikt&sida=3").content
    assert len(html) < 1_000_000, len(html)
    assert html.count(b"interaction_delete") == 0 and html.count(b"/ta-bort/") <= 50 + 40
    assert b"sida 3 av" in html
    png = editor.get(reverse("cases:interactions_heatmap", kwargs={"key": row.key}))
    assert png.content[:4] == b"\x89PNG" and len(png.content) < 1_000_000
    print(f"2,000 units: page {len(html) / 1024:.0f} kB, heat map {len(png.content) / 1024:.0f} kB")
