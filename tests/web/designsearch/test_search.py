"""The design search from the web (issue 13 item 3): the question, the job, the proposal.

Worked example: seed 001 (Linköping 2017, four administrations, the case file's interaction
estimates).  Two administrations instead of four: the search merges three of them and moves
the staffs, proven optimal; the proposal added as an alternative has the cross-boundary
weight the proposal promised.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse

from oversyn.core.analysis import _cross_weight
from oversyn.core.case import Case
from oversyn.io.casefile import load_case
from oversyn.web.cases import services
from oversyn.web.cases.models import CaseRecord, Role
from oversyn.web.designsearch import search
from oversyn.web.designsearch.actions import proposal_adopt
from oversyn.web.platform import shared
from oversyn.web.platform.errors import ServiceError

LINKOPING = Path(__file__).resolve().parents[3] / "examples" / "linkoping-2017.yaml"


class InlineContext:
    """The job's context for running the search in the test (no worker, no database)."""

    def __init__(self, case: Case) -> None:
        self.case = case
        self.reports: list[tuple[float, str]] = []

    def progress(self, fraction: float, message: str = "") -> None:
        self.reports.append((fraction, message))


@pytest.fixture
def linkoping() -> Case:
    return load_case(LINKOPING)


@pytest.fixture
def linkoping_record(users, linkoping):
    row = services.case_create(actor=users["utredare"], case=linkoping)
    for name, role in (("bedomare", Role.BEDOMARE), ("lasare", Role.LASARE)):
        services.membership_set(actor=users["utredare"], record=row, user=users[name], role=role)
    row.refresh_from_db()
    return row


def question(case: Case, **fields: str) -> dict[str, Any]:
    post = {"administrations": "2", "level": "1", "legal": "on", "time_limit": "10"} | fields
    return search.parse_question(post, case)


def test_the_question_is_parsed_with_names_or_ids(linkoping):
    params = question(
        linkoping,
        together="Stab socialförvaltningen, oaf-stab",
        fixed="Arbetsmarknadsinsatser = utbf",
        max_fte="Leanlink = 4 000,5",
        max_moves="3",
    )
    assert params["administrations"] == 2 and params["legal"] is True
    assert params["together"] == [["sof-stab", "oaf-stab"]]
    assert params["fixed"] == {"utbf-arbetsmarknad": "utbf"}
    assert params["max_fte"] == {"leanlink": 4000.5}
    assert params["max_moves"] == 3
    json.dumps(params)  # stored as the job's params


def test_a_bad_question_names_each_field_and_line(linkoping):
    with pytest.raises(search.QuestionError) as caught:
        question(
            linkoping,
            administrations="två",
            together="sof-stab, oaf-stab\nsof-stab, finns-inte",
            fixed="sof-stab utbf",
            min_fte="utbf = många",
        )
    assert caught.value.messages == [
        "Antal förvaltningar: ”två” är inget heltal.",
        "Ska vara tillsammans, rad 2: enheten ”finns-inte” finns inte i nuläget.",
        "Låsta enheter, rad 1: skriv enhet = förvaltning.",
        "Minsta årsarbetare, rad 1: ”många” är inget tal.",
    ]


def test_two_administrations_instead_of_four(linkoping):
    ctx = InlineContext(linkoping)
    result = search.run_design_search(ctx, question(linkoping))
    json.dumps(result)  # the job's result is JSON
    summary = result["summary"]
    ops = [op["op"] for op in result["alternative"]["operations"]]
    assert ops[0] == "merge_administrations" and set(ops[1:]) == {"move_unit"}
    assert summary["optimal"] is True and summary["gap"] == 0.0
    assert summary["administrations_before"] == 4 and summary["administrations_after"] == 2
    assert summary["cross_weight_before"] == 8800 and summary["cross_weight_after"] == 0
    assert summary["feasible"] and summary["confirm"]  # committee support to confirm
    assert [f for f, _m in ctx.reports] == sorted(f for f, _m in ctx.reports)
    # every constraint holds: the fixed unit stays, the moves are at most the limit
    fixed = question(linkoping, fixed="utbf-arbetsmarknad = utbf", max_moves="3")
    held = search.run_design_search(InlineContext(linkoping), fixed)
    moved = held["summary"]["moved"]
    assert "utbf-arbetsmarknad" not in moved and len(moved) <= 3


def test_an_impossible_question_fails_in_swedish(linkoping):
    from oversyn.web.jobs.runner import JobError

    params = question(linkoping, administrations="4", min_fte="utbf = 100 000")
    with pytest.raises(JobError) as caught:
        search.run_design_search(InlineContext(linkoping), params)
    assert "Ingen organisation uppfyller alla villkor" in caught.value.messages[0]


@pytest.mark.django_db
def test_the_proposal_becomes_an_alternative_through_the_action(users, linkoping_record):
    case = shared.load(linkoping_record)
    result = search.run_design_search(InlineContext(case), question(case))
    row, alt_id = proposal_adopt(
        actor=users["utredare"], record=linkoping_record, result=result, name="Två förvaltningar"
    )
    saved = shared.load(row)
    alt = saved.alternative(alt_id)
    assert alt_id == "tva-forvaltningar" and alt is not None and alt.name == "Två förvaltningar"
    assert alt.operations[0].op == "merge_administrations"
    after = saved.organisation(alt_id)
    assert len(after.administrations) == 2
    cross, total = _cross_weight(after, saved.interactions, "administration")
    assert cross == result["summary"]["cross_weight_after"]
    assert total == result["summary"]["total_weight"]
    # a läsare may not add it; nothing changes
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        proposal_adopt(actor=users["lasare"], record=row, result=result, name="X")
    assert len(shared.load(CaseRecord.objects.get(pk=row.pk)).alternatives) == 1 + len(
        case.alternatives
    )


@pytest.mark.django_db
def test_a_proposal_that_no_longer_applies_is_refused_and_nothing_changes(users, linkoping_record):
    case = shared.load(linkoping_record)
    result = search.run_design_search(InlineContext(case), question(case))
    moved = next(op for op in result["alternative"]["operations"] if op["op"] == "move_unit")
    moved["unit"] = "borttagen-enhet"  # as if the unit had been removed since the search
    version = CaseRecord.objects.get(pk=linkoping_record.pk).version
    with pytest.raises(ServiceError) as caught:
        proposal_adopt(actor=users["utredare"], record=linkoping_record, result=result, name="X")
    assert "går inte längre att tillämpa" in caught.value.messages[0]
    assert CaseRecord.objects.get(pk=linkoping_record.pk).version == version


@pytest.mark.django_db
def test_the_pages_start_show_and_adopt(client, users, linkoping_record):
    from oversyn.web.jobs.models import Job
    from oversyn.web.jobs.runner import execute

    key = linkoping_record.key
    client.force_login(users["utredare"])
    page = client.get(reverse("cases:design_search", args=[key]))
    assert page.status_code == 200 and "Organisationssökning" in page.content.decode()
    bad = client.post(reverse("cases:design_search", args=[key]), {"administrations": "0"})
    assert bad.status_code == 400
    assert "Antal förvaltningar: 0 ligger utanför 1–50." in bad.content.decode()
    started = client.post(
        reverse("cases:design_search", args=[key]),
        {"administrations": "2", "level": "1", "legal": "on", "time_limit": "10"},
    )
    job = Job.objects.get(case=linkoping_record, kind=search.KIND)
    assert started.status_code == 302 and str(job.pk) in started["Location"]
    waiting = client.get(started["Location"]).content.decode()
    assert "job-progress" in waiting  # the progress bar while it runs
    assert execute(str(job.pk)) == "done"
    shown = client.get(started["Location"]).content.decode()
    assert "Bevisat optimalt" in shown and 'id="tree-after"' in shown
    assert "Lägg till som alternativ" in shown
    # a läsare sees the proposal but cannot add it
    client.force_login(users["lasare"])
    assert "Lägg till som alternativ" not in client.get(started["Location"]).content.decode()
    adopt = reverse("cases:design_search_adopt", args=[key, job.pk])
    assert client.post(adopt, {"name": "Läsarens"}).status_code == 403
    client.force_login(users["utredare"])
    added = client.post(adopt, {"name": "Två förvaltningar"})
    assert added.status_code == 302 and added["Location"].endswith("/alternativ/tva-forvaltningar/")


@pytest.mark.django_db
def test_an_impossible_search_fails_on_its_page_and_changes_nothing(
    client, users, linkoping_record
):
    from oversyn.web.jobs.models import Job
    from oversyn.web.jobs.runner import execute

    key = linkoping_record.key
    version = linkoping_record.version
    client.force_login(users["utredare"])
    started = client.post(
        reverse("cases:design_search", args=[key]),
        {"administrations": "4", "level": "1", "min_fte": "utbf = 100 000", "time_limit": "5"},
    )
    job = Job.objects.get(case=linkoping_record, kind=search.KIND)
    assert job.params["legal"] is False and job.params["min_fte"] == {"utbf": 100000.0}
    assert execute(str(job.pk)) == "failed"
    shown = client.get(started["Location"]).content.decode()
    assert "Jobbet misslyckades; ingenting ändrades i ärendet." in shown
    assert "Ingen organisation uppfyller alla villkor" in shown
    assert "Lägg till som alternativ" not in shown
    assert CaseRecord.objects.get(pk=linkoping_record.pk).version == version
