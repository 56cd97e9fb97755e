"""The warm-up job (oversyn.web.platform.warmup): a write of a large case enqueues one job
that computes its overview, builders and document preview into the cache; a page asked for
before the job is done shows a placeholder that polls, one asked for after is served from the
cache.  "Large" is a threshold (``OVERSYN_WARM_UP_SIZE``): here 1, so that the seed counts."""

from __future__ import annotations

import pytest
from django.core.cache import caches
from django.test import Client, override_settings
from django.urls import reverse

from oversyn.web.cases.models import CaseRecord
from oversyn.web.jobs.models import Job, JobStatus
from oversyn.web.jobs.runner import execute
from oversyn.web.ops.models import beat
from oversyn.web.platform import cache, shared, warmup

pytestmark = pytest.mark.django_db

POLL = {"HTTP_X_OVERSYN_POLL": "1", "HTTP_HX_REQUEST": "true"}


@pytest.fixture(autouse=True)
def warm_up_on(empty_cache):
    """Warm-up on for every case, the test process's memory counted as shared (the job runs
    in this process), and a worker alive (its heartbeat); the cache empty before and after."""
    beat("jobs_worker")
    with override_settings(OVERSYN_WARM_UP_SIZE=1, OVERSYN_WARM_UP_LOCAL=True):
        yield


def _row(record) -> CaseRecord:
    return CaseRecord.objects.get(pk=record.pk)


def _jobs(record) -> list[Job]:
    return list(Job.objects.filter(case=record, kind=warmup.KIND))


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_writes_enqueue_one_warm_up_job_until_it_runs(
    record, users, django_capture_on_commit_callbacks, rename_unit
):
    Job.objects.filter(kind=warmup.KIND).delete()  # the fixture's own writes queued one
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        rename_unit(record, users["utredare"], "ia", "Integration och arbete")
    assert [j.status for j in _jobs(record)] == [JobStatus.QUEUED]
    assert callbacks  # enqueued on commit (and the parsed case primed)
    for name in ("Integration", "Integration och arbetsmarknad"):  # two more writes …
        with django_capture_on_commit_callbacks(execute=True):
            rename_unit(record, users["utredare"], "ia", name)
    assert len(_jobs(record)) == 1  # … coalesce into the queued job
    job = _jobs(record)[0]
    assert execute(str(job.pk)) == JobStatus.DONE
    job.refresh_from_db()
    row = _row(record)
    assert job.result == {"warmed_versions": [row.version]}  # it warmed the latest version
    with django_capture_on_commit_callbacks(execute=True):
        rename_unit(record, users["utredare"], "ia", "IA")
    assert len(_jobs(record)) == 2  # a write after the job ran queues a new one


def test_the_job_computes_every_page_into_the_cache(record, users):
    row = _row(record)
    case = shared.load(row)
    warmup.warm(row, case, langs=["en"])
    for lang in ("sv", "en"):
        assert cache.present(row, "analysis", lang=lang)
        assert cache.present(row, "overview-diffs", lang=lang)
        for alt in case.alternatives:
            assert cache.present(row, "builder", alt.id, lang=lang)
    from django.utils import translation

    from oversyn.web.documents import preview

    with translation.override("sv"):
        assert preview.preview_ready(row, None)
    # the files asked for right after a write: the heat map, the workbook, the case file
    assert cache.present(row, "heatmap-png", lang="-")
    assert cache.present(row, "interactions-token", lang="-")
    assert cache.present(row, "administration-matrix", lang="sv")
    assert cache.present(row, "org-xlsx", lang="sv")
    assert cache.present(row, "export-yaml", lang="-")


def test_the_files_are_served_from_what_the_job_computed(record, users, monkeypatch):
    row = _row(record)
    warmup.warm(row, shared.load(row))
    from oversyn.io import casefile
    from oversyn.web.organisation import heatmap, tabular

    def no_computing(*args, **kwargs):
        raise AssertionError("computed in the request")

    for module, name in (
        (heatmap, "unit_heatmap_png"),
        (tabular, "organisation_to_xlsx"),
        (casefile, "dump_case"),
    ):
        monkeypatch.setattr(module, name, no_computing)
    client = _client(users["lasare"])
    png = client.get(reverse("cases:interactions_heatmap", args=[record.key]))
    assert png.status_code == 200 and png.content[:4] == b"\x89PNG"
    xlsx = client.get(reverse("cases:org_export_xlsx", args=[record.key]))
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    text = client.get(reverse("cases:export_yaml", args=[record.key])).content.decode()
    assert casefile.parse_case(text, "export.yaml") == shared.load(row)


def test_a_page_before_the_job_is_a_placeholder_that_polls(record, users):
    client = _client(users["lasare"])  # a reader: the placeholder needs no edit right
    url = reverse("cases:overview", args=[record.key])
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="pending"' in html and 'hx-trigger="every 1s"' in html
    assert f'hx-get="{url}"' in html and "X-Oversyn-Poll" in html
    assert "beräknas i bakgrunden" in html
    assert not cache.present(_row(record), "analysis", lang="sv")  # nothing computed inline
    assert len([j for j in _jobs(record) if j.active]) == 1  # and a warm-up is on its way
    poll = client.get(url, **POLL)
    assert poll.status_code == 204 and "HX-Refresh" not in poll
    job = next(j for j in _jobs(record) if j.active)
    assert execute(str(job.pk)) == JobStatus.DONE
    poll = client.get(url, **POLL)
    assert poll.status_code == 204 and poll["HX-Refresh"] == "true"  # the page reloads itself


def test_a_page_after_the_job_is_served_from_the_cache(record, users, monkeypatch):
    row = _row(record)
    warmup.warm(row, shared.load(row))
    from oversyn.core import analysis

    def no_computing(*args, **kwargs):
        raise AssertionError("computed in the request")

    monkeypatch.setattr(analysis, "analyze_case", no_computing)
    client = _client(users["utredare"])
    html = client.get(reverse("cases:overview", args=[record.key])).content.decode()
    assert 'id="pending"' not in html
    assert "Andel samverkan över förvaltningsgräns" in html  # the analysis table, from cache
    alt = shared.load(row).alternatives[0]
    builder = client.get(reverse("cases:alternative", args=[record.key, alt.id]))
    assert builder.status_code == 200 and 'id="pending"' not in builder.content.decode()
    document = client.get(reverse("cases:document", args=[record.key])).content.decode()
    assert 'class="docpreview"' in document and 'id="pending"' not in document


def test_the_builder_and_the_document_wait_for_the_job_too(record, users):
    client = _client(users["utredare"])
    alt = shared.load(_row(record)).alternatives[0]
    builder = client.get(reverse("cases:alternative", args=[record.key, alt.id]))
    assert 'id="pending"' in builder.content.decode()
    document = client.get(reverse("cases:document", args=[record.key])).content.decode()
    assert 'id="pending"' in document and 'class="docpreview"' not in document
    frame = client.get(reverse("cases:document_preview", args=[record.key]))
    assert frame.status_code == 200 and "beräknas i bakgrunden" in frame.content.decode()
    assert len([j for j in _jobs(record) if j.active]) == 1  # one job for all three


def test_small_cases_and_cases_without_a_worker_compute_inline(record, users):
    client = _client(users["utredare"])
    url = reverse("cases:overview", args=[record.key])
    with override_settings(OVERSYN_WARM_UP_SIZE=10**9):  # the seed is small
        assert 'id="pending"' not in client.get(url).content.decode()
    caches[cache.ALIAS].clear()
    from oversyn.web.ops.models import Heartbeat

    Heartbeat.objects.all().delete()
    cache._alive.clear()
    assert 'id="pending"' not in client.get(url).content.decode()  # no worker: inline


def test_a_failed_warm_up_makes_the_page_compute_inline(record, users, monkeypatch):
    client = _client(users["utredare"])
    url = reverse("cases:overview", args=[record.key])
    assert 'id="pending"' in client.get(url).content.decode()
    job = next(j for j in _jobs(record) if j.active)
    from oversyn.web.cases import views as case_views

    def broken(record, case):
        raise RuntimeError("trasigt")

    monkeypatch.setattr(case_views, "warm_overview", broken)
    assert execute(str(job.pk)) == JobStatus.FAILED
    assert 'id="pending"' not in client.get(url).content.decode()


def test_a_reader_of_another_language_has_it_warmed_too(record, users):
    client = _client(users["lasare"])
    url = reverse("cases:overview", args=[record.key])
    client.get(url)  # Swedish: the queued job warms Swedish
    client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    client.cookies["django_language"] = "en"
    html = client.get(url).content.decode()
    assert 'id="pending"' in html
    queued = [j for j in _jobs(record) if j.status == JobStatus.QUEUED]
    assert len(queued) == 1 and "en" in queued[0].params["languages"]
    assert execute(str(queued[0].pk)) == JobStatus.DONE
    assert cache.present(_row(record), "analysis", lang="en")
    assert 'id="pending"' not in client.get(url).content.decode()
