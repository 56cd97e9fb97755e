"""The job kind ``smaa_samples``: the robustness analysis (SMAA) with many samples.

The results page runs SMAA with :data:`~.selectors.WEB_SMAA_SAMPLES` samples on every load;
"Robusthetsanalys med fler dragningar" asks for 10 000 – 200 000 with a chosen seed, which can
take seconds to minutes on a large evaluation, so it is a job: the vectorised sampler of
:func:`oversyn.core.evaluation.smaa.smaa2` reports after each chunk of samples, and the job
turns that into its progress (and stops there when it is cancelled).  Nothing is written to
the case: the result is the job's, kept with the case version it was computed on
(``Job.case_version``), and the results page shows the newest one with that version.
"""

from __future__ import annotations

import time
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from oversyn.core.evaluation.engine import evaluate_case
from oversyn.core.fmt import format_number
from oversyn.web.jobs.models import Job
from oversyn.web.jobs.runner import JobContext, JobError, job_kind
from oversyn.web.platform.lang import current_lang

KIND = "smaa_samples"
MIN_SAMPLES = 10_000
MAX_SAMPLES = 200_000
MAX_SEED = 2**32 - 1
#: seconds between two progress writes (the sampler reports after every chunk of 8 192)
PROGRESS_INTERVAL = 0.2


class SmaaQuestionError(ValueError):
    def __init__(self, messages: list[str]) -> None:
        self.messages = messages
        super().__init__("; ".join(messages))


def parse_smaa_question(data: Any) -> dict[str, int]:
    """``samples`` and ``seed`` from a form; Swedish errors that name the field."""
    errors: list[str] = []
    lang = current_lang()
    raw = str(data.get("samples", "")).replace(" ", "").replace("\u00a0", "")
    samples = seed = 0
    try:
        samples = int(raw)
    except ValueError:
        samples = -1
    if not MIN_SAMPLES <= samples <= MAX_SAMPLES:
        errors.append(
            _("Antal dragningar: ange ett heltal mellan %(lo)s och %(hi)s (angivet: %(v)s).")
            % {
                "lo": format_number(MIN_SAMPLES, 0, lang),
                "hi": format_number(MAX_SAMPLES, 0, lang),
                "v": raw or "–",
            }
        )
    raw_seed = str(data.get("seed", "")).strip() or "0"
    try:
        seed = int(raw_seed)
    except ValueError:
        seed = -1
    if not 0 <= seed <= MAX_SEED:
        errors.append(
            _("Slumpfrö: ange ett heltal från 0 och uppåt (angivet: %(v)s).") % {"v": raw_seed}
        )
    if errors:
        raise SmaaQuestionError(errors)
    return {"samples": samples, "seed": seed}


def _result_url(job: Job) -> str:
    return reverse("cases:eval_results", kwargs={"key": job.case.key}) + "#h-smaa-job"


@job_kind(KIND, label=lambda: _("Robusthetsanalys med fler dragningar"), result_url=_result_url)
def run_smaa_samples(ctx: JobContext, params: dict[str, Any]) -> dict[str, Any]:
    samples = int(params["samples"])
    seed = int(params.get("seed", 0))
    lang = current_lang()
    case = ctx.case
    ctx.progress(0.02, _("Förbereder utvärderingen …"))
    last = [0.0]

    def progress(done: int, total: int) -> None:
        now = time.monotonic()
        if done < total and now - last[0] < PROGRESS_INTERVAL:
            return
        last[0] = now
        ctx.progress(
            0.03 + 0.95 * done / total,
            _("%(done)s av %(total)s dragningar …")
            % {"done": format_number(done, 0, lang), "total": format_number(total, 0, lang)},
        )

    started = time.perf_counter()
    result = evaluate_case(case, lang, samples=samples, seed=seed, progress=progress)
    seconds = time.perf_counter() - started
    data = result.as_dict(lang)
    if data["smaa"] is None:
        raise JobError(
            data.get("smaa_error")
            or _("Robusthetsanalysen kräver minst två rangordnade alternativ.")
        )
    from oversyn.documents.plots import _eval_short  # the chart's own labels

    names = {a["id"]: a["name"] for a in data["alternatives"]}
    return {
        "samples": samples,
        "seed": seed,
        "seconds": round(seconds, 2),
        "computed_on_version": ctx.job.case_version,
        "alternatives": [
            {"id": a, "name": names.get(a, a), "label": _eval_short(result, a, lang)}
            for a in result.smaa_alternatives
        ],
        "smaa": data["smaa"],
    }
