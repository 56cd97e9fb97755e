"""The job kind ``design_search`` (registered when the app is ready)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from oversyn.web.designsearch.search import KIND, run_design_search
from oversyn.web.jobs.models import Job
from oversyn.web.jobs.runner import JobContext, job_kind


def _result_url(job: Job) -> str:
    return reverse("cases:design_search_result", args=[job.case.key, job.pk])


@job_kind(KIND, label=lambda: _("Organisationssökning"), result_url=_result_url)
def design_search_job(ctx: JobContext, params: dict[str, Any]) -> dict[str, Any]:
    return run_design_search(ctx, params)
