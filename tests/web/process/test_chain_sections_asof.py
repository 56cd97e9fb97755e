"""Issue 12 items 5, 6 and 8 in the web app: the decisions as a preparation chain with the
decision in the matter, own sections of the document, and the case's as-of date.

Worked examples: seed 004 (Motala, the answer to the auditors due "senast den 26 januari
2019"): judged on 2026-12-01 it "passerades för 2866 dagar sedan"; as of 2018-12-01 it has
56 days left.  Seed 003 (UN 2018-02-21 § 13) gets an arbetsutskott § 5 before it.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from oversyn.web.cases.models import AuditRecord, CaseRecord
from oversyn.web.platform import shared
from oversyn.web.process import actions as psvc

pytestmark = pytest.mark.django_db


def _case(record):
    return shared.load(CaseRecord.objects.get(pk=record.pk))


def _get(client, name, record, query=""):
    response = client.get(reverse(f"cases:{name}", args=[record.key]) + query)
    assert response.status_code == 200
    return response.content.decode()


# -- as-of date --------------------------------------------------------------------------------


def test_as_of_date_is_set_on_the_status_page_and_judges_every_deadline(
    client, users, motala_record
):
    client.force_login(users["utredare"])
    url = reverse("cases:as_of_save", args=[motala_record.key])
    bad = client.post(url, {"base": "", "as_of": "31/12"})
    assert bad.status_code == 400 and "Fyll i ett giltigt datum" in bad.content.decode()
    assert client.post(url, {"base": "", "as_of": "2018-12-01"}).status_code == 302
    assert _case(motala_record).case.as_of == dt.date(2018, 12, 1)
    audit = AuditRecord.objects.filter(case=motala_record, object_id="as_of").latest("pk")
    assert audit.message == "Ärendet bedöms nu per 2018-12-01."
    status = _get(client, "process_status", motala_record)
    assert "Ärendet bedöms per 2018-12-01" in status
    assert "state-ok" in status and "state-overdue" not in status and "passerades för" not in status
    overview = _get(client, "overview", motala_record)
    assert "Tidsfrister och varningar bedöms per 2018-12-01." in overview
    assert "passerades för" not in overview
    # a stale form (someone changed the day meanwhile) is refused, nothing changes
    stale = client.post(url, {"base": "", "as_of": "2019-06-01"})
    assert stale.status_code == 400
    assert _case(motala_record).case.as_of == dt.date(2018, 12, 1)
    # cleared: today again
    client.post(url, {"base": "2018-12-01", "as_of": ""})
    assert _case(motala_record).case.as_of is None


def test_only_utredare_sets_the_as_of_date(client, users, motala_record):
    client.force_login(users["lasare"])
    url = reverse("cases:as_of_save", args=[motala_record.key])
    assert client.post(url, {"base": "", "as_of": "2018-12-01"}).status_code == 403
    assert _case(motala_record).case.as_of is None
    assert 'action="' + url not in _get(client, "process_status", motala_record)


def test_the_document_and_the_remiss_use_the_as_of_date(client, users, motala_record):
    psvc.as_of_set(
        actor=users["utredare"], record=motala_record, as_of=dt.date(2018, 12, 1), base=""
    )
    client.force_login(users["utredare"])
    html = client.get(
        reverse("cases:document_download", args=[motala_record.key, "html"])
    ).content.decode()
    assert "Läget den 2018-12-01" in html and "56 dagar kvar" in html


# -- decisions: the preparation chain ----------------------------------------------------------


def test_decisions_page_shows_the_chain_with_the_decision_in_the_matter(client, users, record_2018):
    client.force_login(users["utredare"])
    save = reverse("cases:decision_save", args=[record_2018.key])
    form = {
        "base": "",
        "decision_id": "",
        "body": "Kommunstyrelsens arbetsutskott",
        "stage": "preparation",
        "date": "2018-02-07",
        "paragraph": "§ 5",
        "text": "Arbetsutskottet föreslår nämnden att besluta.",
    }
    assert client.post(save, form).status_code == 302
    case = _case(record_2018)
    au = next(d for d in case.decisions if d.paragraph == "§ 5")
    assert au.stage is not None and au.stage.value == "preparation"
    page = _get(client, "process_decisions", record_2018)
    assert page.index("Kommunstyrelsens arbetsutskott 2018-02-07") < page.index(
        "Utbildningsnämnden 2018-02-21"
    )
    assert page.count("Beslutet i ärendet</strong>") == 1
    assert ">beredning<" in page and ">beslut<" in page
    # the form shows and keeps the step when editing
    edit = _get(client, "process_decisions", record_2018, f"?andra={au.id}")
    assert '<option value="preparation" selected>' in edit


# -- own sections ------------------------------------------------------------------------------


def test_own_section_is_added_shown_safely_and_placed_in_the_document(client, users, record):
    client.force_login(users["utredare"])
    save = reverse("cases:section_save", args=[record.key])
    text = "Samverkan skedde i **två** steg.\n\n- MBL § 11\n- <b>Information</b>"
    form = {"base": "", "section_id": "", "heading": "Facklig samverkan", "text": text,
            "after": "ekonomi", "order": "1"}  # fmt: skip
    assert client.post(save, form).status_code == 302
    own = _case(record).sections
    assert [(s.id, s.heading, s.after, s.order) for s in own] == [
        ("facklig-samverkan", "Facklig samverkan", "ekonomi", 1)
    ]
    page = _get(client, "process_sections", record)
    assert "<strong>två</strong>" in page
    assert "&lt;b&gt;Information&lt;/b&gt;" in page and "<b>Information</b>" not in page
    assert "Efter avsnittet Ekonomiska konsekvenser (ordning 1)" in page
    # an unknown place is refused at the field, nothing stored
    bad = client.post(save, {**form, "heading": "X", "after": "nowhere"})
    assert bad.status_code == 400 and len(_case(record).sections) == 1
    html = client.get(reverse("cases:document_download", args=[record.key, "html"]))
    body = html.content.decode()
    assert (
        body.index("<h2>Ekonomiska konsekvenser</h2>")
        < body.index("<h2>Facklig samverkan</h2>")
        < body.index("<h2>Konsekvenser</h2>")
    )
    assert "<strong>två</strong>" in body and "<b>Information</b>" not in body


def test_own_section_edit_and_delete_keep_the_rest(client, users, record):
    psvc.section_save(
        actor=users["utredare"], record=record, section_id=None,
        data={"heading": "Personal", "text": "Ingen sägs upp.", "after": "konsekvenser"},
    )  # fmt: skip
    client.force_login(users["bedomare"])
    save = reverse("cases:section_save", args=[record.key])
    assert client.post(save, {"heading": "X", "after": "ekonomi"}).status_code == 403
    client.force_login(users["utredare"])
    item = _case(record).sections[0]
    edit = {"base": shared.token(item), "section_id": item.id, "heading": "Personal",
            "text": "Ingen sägs *upp*.", "after": "konsekvenser", "order": "0"}  # fmt: skip
    assert client.post(save, edit).status_code == 302
    assert _case(record).sections[0].text == "Ingen sägs *upp*."
    delete = reverse("cases:section_delete", args=[record.key, item.id])
    stale = client.post(delete, {"base": shared.token(item)}, follow=True)
    assert len(_case(record).sections) == 1 and stale.status_code == 200
    client.post(delete, {"base": shared.token(_case(record).sections[0])})
    assert _case(record).sections == []
