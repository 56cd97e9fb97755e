"""Process pages and their services: status and deadlines, SWOT, costs, decisions with the
protokollsutdrag, the checklist and the overview's prompt.

Worked example: seed 003 (examples/flyktingverksamhet-2018.yaml, UN 2018-02-21 § 13).  A place
on the social administration's HVB costs 42 857 kr per child and month, four children in 2018
and two in 2019 → 2 057 136 kr (2018), 1 028 568 kr (2019); an own HVB costs 150 000–320 000 kr
per month → 1 800 000–3 840 000 kr a year (hand-worked in tests/core/process/test_costs.py).
The extract does not give the attestation or notice dates; the tests set the notice to Thursday
2018-03-01, so the last day to appeal is Thursday 2018-03-22 (three weeks, no holiday).
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from docx import Document as DocxDocument

from oversyn.io.casefile import load_case
from oversyn.web.cases import services
from oversyn.web.cases.models import AuditRecord, CaseRecord, Role
from oversyn.web.platform import shared
from oversyn.web.process import actions as psvc

pytestmark = pytest.mark.django_db

EXAMPLES = Path(__file__).resolve().parents[3] / "examples"

NB = "\u00a0"
HVB_2018 = f"2{NB}057{NB}136{NB}kr"
HVB_2019 = f"1{NB}028{NB}568{NB}kr"
OWN_HVB = f"1{NB}800{NB}000–3{NB}840{NB}000{NB}kr"
ALT_KEEP = "behall-och-integrera-hvb"
DECISION = "un-2018-02-21-13"


def _case(record):
    return shared.load(CaseRecord.objects.get(pk=record.pk))


def _audits(record):
    return AuditRecord.objects.filter(case=record).count()


def _page(client, user, name, record, query=""):
    client.force_login(user)
    response = client.get(reverse(f"cases:{name}", args=[record.key]) + query)
    assert response.status_code == 200
    return response.content.decode()


# -- services ----------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["bedomare", "lasare"])
def test_only_utredare_edits_process_lists(users, record_2018, who):
    actor = users[who]
    before = CaseRecord.objects.get(pk=record_2018.pk).version
    calls = [
        lambda: psvc.cost_save(
            actor=actor,
            record=record_2018,
            cost_id=None,
            data={"alternative": ALT_KEEP, "label": "X", "low": 1},
        ),
        lambda: psvc.deadline_save(
            actor=actor, record=record_2018, deadline_id=None, data={"label": "X", "due": "2025"}
        ),
        lambda: psvc.status_change_add(
            actor=actor,
            record=record_2018,
            data={"status": "implementation"},
            base=shared.token(_case(record_2018).lifecycle.history),
        ),
        lambda: psvc.checklist_update(
            actor=actor,
            record=record_2018,
            changes={"mbl_negotiation": {"status": "done"}},
            bases={},
        ),
        lambda: psvc.swot_save(
            actor=actor, record=record_2018, alternative=ALT_KEEP, data={"items": []}
        ),
    ]
    for call in calls:
        with pytest.raises(PermissionDenied):
            call()
    assert CaseRecord.objects.get(pk=record_2018.pk).version == before


def test_cost_line_added_audited_and_stale_edit_refused(users, record_2018):
    u = users["utredare"]
    psvc.cost_save(
        actor=u,
        record=record_2018,
        cost_id=None,
        data={
            "alternative": "samla-under-un",
            "label": "Omställning av lokaler",
            "kind": "one_off",
            "basis": "total",
            "low": 200000,
            "high": 350000,
        },
    )
    case = _case(record_2018)
    line = next(c for c in case.costs if c.label == "Omställning av lokaler")
    assert line.id == "omstallning-av-lokaler"
    audit = AuditRecord.objects.filter(case=record_2018, object_type="costs").latest("time")
    assert audit.object_id == line.id and audit.before is None
    assert audit.after["low"] == 200000 and audit.user_name == "utredare"

    seen = shared.token(line)
    psvc.cost_save(
        actor=u,
        record=record_2018,
        cost_id=line.id,
        data={**line.model_dump(mode="json"), "high": 400000},
        base=seen,
    )
    version = CaseRecord.objects.get(pk=record_2018.pk).version
    with pytest.raises(shared.ConflictError):  # the form was opened before that save
        psvc.cost_save(
            actor=u,
            record=record_2018,
            cost_id=line.id,
            data={**line.model_dump(mode="json"), "low": 1},
            base=seen,
        )
    assert CaseRecord.objects.get(pk=record_2018.pk).version == version


def test_invalid_input_is_refused_in_swedish_and_nothing_stored(users, record_2018):
    u = users["utredare"]
    version, audits = CaseRecord.objects.get(pk=record_2018.pk).version, _audits(record_2018)
    with pytest.raises(shared.ServiceError) as exc:
        psvc.deadline_save(
            actor=u,
            record=record_2018,
            deadline_id=None,
            data={"label": "Rapport till nämnden", "due": "snart"},
        )
    assert "innehåller inget datum som kan läsas" in " ".join(exc.value.messages)
    with pytest.raises(shared.ServiceError) as exc:
        psvc.cost_save(
            actor=u,
            record=record_2018,
            cost_id=None,
            data={"alternative": "finns-inte", "label": "X", "low": 1},
        )
    assert "finns-inte" in " ".join(exc.value.messages)
    with pytest.raises(shared.ServiceError):
        psvc.checklist_update(
            actor=u,
            record=record_2018,
            changes={"mbl_negotiation": {"status": "klar-ish"}},
            bases={},
        )
    assert CaseRecord.objects.get(pk=record_2018.pk).version == version
    assert _audits(record_2018) == audits


def test_deadline_as_written_is_read_by_the_core(users, record_2018):
    psvc.deadline_save(
        actor=users["utredare"],
        record=record_2018,
        deadline_id=None,
        data={"label": "Genomförandet klart", "due": "Q1 2025"},
    )
    (d,) = _case(record_2018).lifecycle.deadlines
    assert (d.due.start, d.due.end) == (dt.date(2025, 1, 1), dt.date(2025, 3, 31))
    psvc.deadline_save(
        actor=users["utredare"],
        record=record_2018,
        deadline_id=d.id,
        data={"label": d.label, "due": "våren 2019", "done": "2019-05-02"},
        base=shared.token(d),
    )
    (d2,) = _case(record_2018).lifecycle.deadlines
    assert (d2.due.end, d2.done) == (dt.date(2019, 6, 30), dt.date(2019, 5, 2))


def test_checklist_items_conflict_only_with_themselves(users, record_2018):
    u = users["utredare"]
    psvc.checklist_update(
        actor=u,
        record=record_2018,
        changes={"risk_assessment": {"status": "done", "date": "2018-02-10"}},
        bases={"risk_assessment": ""},
    )
    # another user's form, opened before that save, changes a different item: fine
    psvc.checklist_update(
        actor=u,
        record=record_2018,
        changes={"mbl_negotiation": {"status": "in_progress"}},
        bases={"mbl_negotiation": ""},
    )
    with pytest.raises(shared.ConflictError):  # same item, stale
        psvc.checklist_update(
            actor=u,
            record=record_2018,
            changes={"risk_assessment": {"status": "todo"}},
            bases={"risk_assessment": ""},
        )
    entries = {e.item: e for e in _case(record_2018).checklist}
    assert entries["risk_assessment"].date == dt.date(2018, 2, 10)
    assert entries["mbl_negotiation"].status.value == "in_progress"
    # set back to "att göra" with nothing else: the entry goes away
    psvc.checklist_update(
        actor=u,
        record=record_2018,
        changes={"mbl_negotiation": {"status": "todo"}},
        bases={"mbl_negotiation": shared.token(entries["mbl_negotiation"])},
    )
    assert [e.item for e in _case(record_2018).checklist] == ["risk_assessment"]


# -- pages -------------------------------------------------------------------------------------


def test_costs_page_shows_the_2018_totals(client, users, record_2018):
    text = _page(client, users["lasare"], "process_costs", record_2018)
    assert HVB_2018 in text and HVB_2019 in text and OWN_HVB in text
    assert f"3{NB}085{NB}704{NB}kr" in text  # 2018 + 2019 for the places
    assert f"3{NB}600{NB}000–7{NB}680{NB}000{NB}kr" in text
    assert "per person och månad" in text
    assert "Ny kostnadspost" not in text  # läsare sees no form


def test_cost_line_entered_in_the_form_with_swedish_numbers(client, users, record_2018):
    client.force_login(users["utredare"])
    url = reverse("cases:cost_save", args=[record_2018.key])
    form = {
        "alternative": "samla-under-un",
        "label": "Extra personal",
        "kind": "yearly",
        "basis": "per_person_per_year",
        "low": "10 000",
        "high": "12\u00a0500,50",
        "volumes": "2018: 4\n2019: 2",
    }
    response = client.post(url, form)
    assert response.status_code == 302
    line = next(c for c in _case(record_2018).costs if c.label == "Extra personal")
    assert (line.low, line.high, line.volumes) == (10000, 12500.5, {2018: 4, 2019: 2})
    text = _page(client, users["utredare"], "process_costs", record_2018)
    # own HVB 1 800 000–3 840 000 + 4 × 10 000–12 500,50 in 2018
    assert f"1{NB}840{NB}000–3{NB}890{NB}002{NB}kr" in text


def test_cost_form_errors_are_at_the_field_and_nothing_is_stored(client, users, record_2018):
    client.force_login(users["utredare"])
    version = CaseRecord.objects.get(pk=record_2018.pk).version
    response = client.post(
        reverse("cases:cost_save", args=[record_2018.key]),
        {
            "alternative": ALT_KEEP,
            "label": "Plats",
            "kind": "yearly",
            "basis": "per_person_per_month",
            "low": "fyrtiotusen",
            "volumes": "2018 fyra",
        },
    )
    text = response.content.decode()
    assert response.status_code == 400
    assert "fyrtiotusen är inget belopp" in text
    assert "Rad 1, 2018 fyra: skriv år: antal" in text
    assert CaseRecord.objects.get(pk=record_2018.pk).version == version


def test_status_page_history_deadlines_and_core_message_at_field(client, users, record_2018):
    u = users["utredare"]
    text = _page(client, u, "process_status", record_2018)
    assert "Förvaltningarnas yttrande i skrivelse" in text and "2018-02-21" in text
    assert 'aria-current="step">beslut<' in text
    client.force_login(u)
    url = reverse("cases:deadline_save", args=[record_2018.key])
    response = client.post(url, {"label": "Uppföljning till nämnden", "due": "efter sommaren"})
    assert response.status_code == 400
    assert "innehåller inget datum som kan läsas" in response.content.decode()
    assert _case(record_2018).lifecycle.deadlines == []
    response = client.post(url, {"label": "Uppföljning till nämnden", "due": "Q1 2019"})
    assert response.status_code == 302
    text = _page(client, u, "process_status", record_2018)
    assert "2019-01-01 – 2019-03-31" in text
    assert "Uppföljning till nämnden: tidsfristen Q1 2019 passerades för" in text  # warning
    response = client.post(
        reverse("cases:status_add", args=[record_2018.key]),
        {
            "status": "implementation",
            "date": "2018-03-01",
            "by": "Utbildningsförvaltningen",
            "base": shared.token(_case(record_2018).lifecycle.history),
        },
    )
    assert response.status_code == 302
    assert 'aria-current="step">genomförande<' in _page(client, u, "process_status", record_2018)


def test_swot_page_names_the_remiss_party(client, users):
    record = services.case_create(
        actor=users["utredare"], case=load_case(EXAMPLES / "enkoping-2021.yaml")
    )
    text = _page(client, users["utredare"], "process_swot", record)
    assert "Fokus på medborgaren" in text and "Public Partner (konsultrapporten)" in text
    assert "En väg in för invånaren" in text and "– Socialnämnden" in text
    assert "remisstillägg" in text


def test_swot_edited_with_items(client, users, record_2018):
    client.force_login(users["utredare"])
    url = reverse("cases:swot_save", args=[record_2018.key, ALT_KEEP])
    data = {
        "title": "SWOT, sammanhållet HVB",
        "author": "Utredaren",
        "base": "",
        "items-TOTAL_FORMS": "3",
        "items-INITIAL_FORMS": "0",
        "items-0-category": "strength",
        "items-0-text": "Likabehandling och integration",
        "items-1-category": "threat",
        "items-1-text": "Få platser ger sårbarhet",
        "items-1-author": "Skyddsombud",
        "items-2-category": "strength",
        "items-2-text": "",
    }
    assert client.post(url, data).status_code == 302
    (swot,) = _case(record_2018).swot
    assert [(i.category.value, i.text) for i in swot.items] == [
        ("strength", "Likabehandling och integration"),
        ("threat", "Få platser ger sårbarhet"),
    ]
    text = _page(client, users["utredare"], "process_swot", record_2018)
    assert "– Skyddsombud" in text and "– Utredaren" in text
    # the same form again (base "") is now stale: someone created the SWOT meanwhile
    response = client.post(url, data)
    assert response.status_code == 400 and "Någon annan har sparat" in response.content.decode()


def test_decision_page_appeal_day_and_extract(client, users, record_2018):
    u = users["utredare"]
    text = _page(client, u, "process_decisions", record_2018)
    assert "§ 13" in text and "Kommunledningskontoret" in text
    assert "räknas fram när anslagsdagen är angiven" in text
    d = next(x for x in _case(record_2018).decisions if x.id == DECISION)
    client.force_login(u)
    form = {
        "decision_id": d.id,
        "base": shared.token(d),
        "body": d.body,
        "date": "2018-02-21",
        "paragraph": "§ 13",
        "case_number": "2018.030 UN",
        "title": d.title,
        "text": d.text,
        "alternative": ALT_KEEP,
        "attestation_date": "2018-02-28",
        "attestation_by": "Ordföranden\nJusterare",
        "notice_posted": "2018-03-01",
        "distribution": "\n".join(d.distribution),
    }
    response = client.post(reverse("cases:decision_save", args=[record_2018.key]), form)
    assert response.status_code == 302
    saved = next(x for x in _case(record_2018).decisions if x.id == DECISION)
    assert saved.attestation.by == ["Ordföranden", "Justerare"]
    text = _page(client, u, "process_decisions", record_2018)
    assert '<strong class="appeal-day">2018-03-22</strong>' in text

    docx = client.get(reverse("cases:decision_extract", args=[record_2018.key, DECISION, "docx"]))
    assert docx.status_code == 200
    body = "\n".join(p.text for p in DocxDocument(io.BytesIO(docx.content)).paragraphs)
    assert "Utbildningsnämnden godkänner utbildningsförvaltningens utredning." in body
    assert "2018-03-22" in body
    pdf = client.get(reverse("cases:decision_extract", args=[record_2018.key, DECISION, "pdf"]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    missing = client.get(reverse("cases:decision_extract", args=[record_2018.key, "nej", "pdf"]))
    assert missing.status_code == 404


def test_decision_form_refuses_a_missing_date(client, users, record_2018):
    client.force_login(users["utredare"])
    count = len(_case(record_2018).decisions)
    response = client.post(
        reverse("cases:decision_save", args=[record_2018.key]), {"body": "Socialnämnden"}
    )
    assert response.status_code == 400
    assert len(_case(record_2018).decisions) == count


def test_decision_before_mbl_is_warned_on_checklist_and_overview(client, users, record_2018):
    u = users["utredare"]
    overview = _page(client, u, "overview", record_2018)
    assert "Ärendeprocessen" in overview
    assert "MBL-förhandling enligt 11 § är inte genomförd men beslutet är fattat" in overview
    psvc.checklist_update(
        actor=u,
        record=record_2018,
        changes={"mbl_negotiation": {"status": "done", "date": "2018-03-05"}},
        bases={},
    )
    warning = (
        "Beslutet (2018-02-21) är daterat före MBL-förhandling enligt 11 § (2018-03-05); "
        "det ska göras före beslutet"
    )
    checklist = _page(client, u, "process_checklist", record_2018)
    assert warning in checklist and "Ordningen stämmer inte" in checklist
    assert 'id="item-mbl_negotiation" class="flagged' in checklist
    assert warning in _page(client, u, "overview", record_2018)


def test_checklist_form_saves_only_changed_items(client, users, record_2018):
    client.force_login(users["utredare"])
    page = client.get(reverse("cases:process_checklist", args=[record_2018.key]))
    forms = page.context["formset"].forms
    data = {"alternativ": ALT_KEEP, "cl-TOTAL_FORMS": str(len(forms)), "cl-INITIAL_FORMS": "0"}
    for i, f in enumerate(forms):
        for name in ("item", "base", "status", "date", "responsible", "note"):
            value = f.initial.get(name) or ""
            value = value.isoformat() if isinstance(value, dt.date) else value
            data[f"cl-{i}-{name}"] = value
            if name in f.TRACKED:
                data[f"initial-cl-{i}-{name}"] = value
    index = next(i for i, f in enumerate(forms) if f.initial["item"] == "risk_assessment")
    data[f"cl-{index}-status"] = "done"
    data[f"cl-{index}-date"] = "2018-02-12"
    data[f"cl-{index}-responsible"] = "HR-chefen"
    response = client.post(reverse("cases:checklist_save", args=[record_2018.key]), data)
    assert response.status_code == 302
    (entry,) = _case(record_2018).checklist
    assert (entry.item, entry.date, entry.responsible) == (
        "risk_assessment",
        dt.date(2018, 2, 12),
        "HR-chefen",
    )


def test_readers_see_pages_but_cannot_post(client, users, record_2018):
    for name in ("process_status", "process_swot", "process_costs", "process_decisions"):
        text = _page(client, users["lasare"], name, record_2018)
        assert "Spara" not in text
    text = _page(client, users["lasare"], "process_checklist", record_2018)
    assert "Spara checklistan" not in text and "disabled" in text
    client.force_login(users["lasare"])
    for name in ("cost_save", "decision_save", "deadline_save", "status_add", "checklist_save"):
        assert client.post(reverse(f"cases:{name}", args=[record_2018.key]), {}).status_code == 403


@pytest.mark.parametrize(
    "name",
    ["process_status", "process_swot", "process_costs", "process_decisions", "process_checklist"],
)
def test_other_case_is_404(client, users, record, other_record, name):
    client.force_login(users["lasare"])
    assert client.get(reverse(f"cases:{name}", args=[other_record.key])).status_code == 404


def test_membership_role_fixture_sanity(record_2018):
    roles = set(record_2018.memberships.values_list("role", flat=True))
    assert roles == {Role.UTREDARE, Role.BEDOMARE, Role.LASARE}


def test_pages_in_english(client, users, record_2018):
    client.force_login(users["lasare"])
    client.cookies["django_language"] = "en"
    costs = client.get(reverse("cases:process_costs", args=[record_2018.key])).content.decode()
    assert "Costs per alternative" in costs and f"2,057,136{NB}SEK" in costs
    checklist = client.get(reverse("cases:process_checklist", args=[record_2018.key]))
    text = checklist.content.decode()
    assert "Negotiation under MBL section 11" in text
    assert "is not done but the decision has been taken (2018-02-21)" in text
