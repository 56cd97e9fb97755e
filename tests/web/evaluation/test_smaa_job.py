"""Robusthetsanalys med fler dragningar: SMAA with many samples as a job.

Worked example: seed 000 with two assessors who disagree (utredare: IA → IFO 2, 2, 2, 2 and
nuläge 1, 3, 2, 2; bedömare 3, 3, 2, 2 and 1, 1, 2, 1), so the scores vary within the
assessors' spread and neither alternative wins every sample.  The job's figures are exactly
those of ``evaluate_case`` with the same samples and seed (the progress callback changes
nothing), it reports progress per chunk, and its result is kept with the case version.
"""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from oversyn.core.evaluation.engine import evaluate_case
from oversyn.core.fmt import format_share
from oversyn.web.cases.models import CaseRecord
from oversyn.web.evaluation import actions as esvc
from oversyn.web.evaluation.jobs import KIND, SmaaQuestionError, parse_smaa_question
from oversyn.web.jobs.models import Job, JobStatus
from oversyn.web.jobs.runner import JobContext, execute
from oversyn.web.platform import shared

pytestmark = pytest.mark.django_db

PRINCIPLES = ["samverkan", "styrning", "service", "resurser"]


def _score_as(user, record, values):
    ev = shared.load(CaseRecord.objects.get(pk=record.pk)).evaluation
    scores = [
        {"alternative": alt, "criterion": c, "score": s, "motivation": f"{alt}/{c}: skäl"}
        for alt, row in values.items()
        for c, s in zip(PRINCIPLES, row, strict=True)
    ]
    return esvc.scores_save(
        actor=user,
        record=record,
        scores=scores,
        base=esvc.scores_token(ev, esvc.assessor_id_for(user)),
    )


@pytest.fixture
def scored(record, users):
    _score_as(users["utredare"], record, {"ia-till-ifo": [2, 2, 2, 2], "nulage": [1, 3, 2, 2]})
    _score_as(users["bedomare"], record, {"ia-till-ifo": [3, 3, 2, 2], "nulage": [1, 1, 2, 1]})
    return CaseRecord.objects.get(pk=record.pk)


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def test_the_question_is_checked_with_located_swedish_errors():
    assert parse_smaa_question({"samples": "50 000", "seed": "7"}) == {
        "samples": 50_000,
        "seed": 7,
    }
    assert parse_smaa_question({"samples": "10000"}) == {"samples": 10_000, "seed": 0}
    with pytest.raises(SmaaQuestionError) as err:
        parse_smaa_question({"samples": "500", "seed": "x"})
    assert err.value.messages[0].startswith("Antal dragningar: ange ett heltal mellan 10")
    assert "(angivet: 500)" in err.value.messages[0]
    assert err.value.messages[1] == "Slumpfrö: ange ett heltal från 0 och uppåt (angivet: x)."
    with pytest.raises(SmaaQuestionError):
        parse_smaa_question({"samples": "200001"})


def test_the_job_gives_the_figures_of_the_same_seed_and_reports_progress(
    scored, users, monkeypatch
):
    client = _client(users["utredare"])
    url = reverse("cases:eval_smaa_job", kwargs={"key": scored.key})
    response = client.post(url, {"samples": "60000", "seed": "11"})
    job = Job.objects.get(kind=KIND)
    assert response.status_code == 302
    assert response["Location"].endswith(f"?jobb={job.pk}#h-smaa-job")
    assert job.params == {"samples": 60_000, "seed": 11} and job.case_version == scored.version

    reported: list[float] = []
    original = JobContext.progress

    def spy(self, fraction, message=""):
        reported.append(fraction)
        original(self, fraction, message)

    monkeypatch.setattr(JobContext, "progress", spy)
    monkeypatch.setattr("oversyn.web.evaluation.jobs.PROGRESS_INTERVAL", 0.0)  # every chunk
    assert execute(str(job.pk)) == JobStatus.DONE
    job.refresh_from_db()
    expected = evaluate_case(shared.load(scored), "sv", samples=60_000, seed=11).as_dict("sv")
    assert job.result["smaa"] == expected["smaa"]
    assert job.result["computed_on_version"] == scored.version
    assert job.result_version is None  # nothing was written to the case
    # one report per chunk (60 000 rank + 60 000 confidence samples in chunks of 8 192)
    assert len(reported) >= 1 + 8 + 8 and reported == sorted(reported)
    assert CaseRecord.objects.get(pk=scored.pk).version == scored.version

    page = client.get(reverse("cases:eval_results", kwargs={"key": scored.key}))
    html = page.content.decode()
    assert "60\u00a0000 dragningar, slumpfrö 11, beräknad på version" in html
    assert f"beräknad på version {scored.version}" in html
    assert "Ärendet har ändrats sedan analysen beräknades" not in html
    table = page.context["smaa_job"]
    shares = expected["smaa"]["rank_acceptability"]
    case = shared.load(scored)
    assert [row["name"] for row in table["rows"]] == [case.alternative_name(a) for a in shares]
    assert [row["shares"] for row in table["rows"]] == [
        [format_share(x, 0, "sv") for x in shares[a]] for a in shares
    ]
    assert 0 < shares["ia-till-ifo"][0] < 1  # the assessors' spread: not every sample agrees

    # the case changes: the result stays, with a note that it was computed on an older version
    _score_as(users["bedomare"], scored, {"ia-till-ifo": [3, 3, 3, 3], "nulage": [1, 1, 2, 1]})
    now = CaseRecord.objects.get(pk=scored.pk).version
    html = client.get(reverse("cases:eval_results", kwargs={"key": scored.key})).content.decode()
    assert f"beräknad på version {scored.version}" in html
    assert (
        f"Ärendet har ändrats sedan analysen beräknades (version {scored.version}, "
        f"nu version {now})" in html
    )


def test_bad_numbers_answer_400_with_the_errors_and_start_nothing(scored, users):
    client = _client(users["utredare"])
    url = reverse("cases:eval_smaa_job", kwargs={"key": scored.key})
    response = client.post(url, {"samples": "5", "seed": "-1"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Analysen kunde inte startas:" in html and "Antal dragningar: ange ett heltal" in html
    assert "Slumpfrö: ange ett heltal från 0 och uppåt (angivet: -1)." in html
    assert not Job.objects.exists()


def test_readers_and_scorers_cannot_start_it(scored, users):
    url = reverse("cases:eval_smaa_job", kwargs={"key": scored.key})
    for name in ("lasare", "bedomare"):
        assert _client(users[name]).post(url, {"samples": "10000"}).status_code == 403
    assert not Job.objects.exists()


def test_a_case_without_two_ranked_alternatives_fails_the_job_in_swedish(record, users):
    client = _client(users["utredare"])
    client.post(reverse("cases:eval_smaa_job", kwargs={"key": record.key}), {"samples": "10000"})
    job = Job.objects.get(kind=KIND)
    assert execute(str(job.pk)) == JobStatus.FAILED
    job.refresh_from_db()
    assert "Robusthetsanalysen kräver minst två rangordnade alternativ." in job.error
