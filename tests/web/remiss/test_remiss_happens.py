"""The remiss as it happens (issue 12 item 7): the utredare sets the day it was sent, adds any
number of parties (an "add party" button that works without JavaScript), enters an answer
that came on paper or by e-mail on the party's behalf, and a draft has no overdue warnings.

Worked example: seed 000 (IA → IFO), the remiss to Socialnämnden and Vision with answers due
2025-03-31; sent 2025-03-03; Vision's answer comes by letter on 2025-03-28.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from oversyn.web.cases.models import AuditRecord, CaseRecord
from oversyn.web.platform import shared
from oversyn.web.platform.shared import ServiceError
from oversyn.web.remiss import actions as rsvc
from oversyn.web.remiss import selectors as rsel

pytestmark = pytest.mark.django_db

REMISS = {
    "id": "remiss-ia",
    "title": "Remiss: IA flyttas till IFO",
    "deadline": "2025-03-31",
    "alternatives": ["ia-till-ifo"],
    "parties": [
        {"id": "sn", "name": "Socialnämnden", "kind": "committee", "committee": "sn"},
        {"id": "vision", "name": "Vision", "kind": "union"},
    ],
}


def _case(record):
    return shared.load(CaseRecord.objects.get(pk=record.pk))


def _remiss(record):
    return rsvc.find_remiss(_case(record), "remiss-ia")[1]


@pytest.fixture
def remiss(users, record):
    rsvc.remiss_save(actor=users["utredare"], record=record, remiss_id=None, data=REMISS)
    return _remiss(record)


def test_a_draft_has_no_overdue_warning_long_after_its_deadline(record, remiss):
    row = rsel.remiss_rows(record, _case(record), dt.date(2044, 1, 1))[0]
    assert row.findings == []
    assert row.sentences == [
        "Remissen är inte skickad; den ska gå till 2 remissinstanser med sista svarsdag 2025-03-31."
    ]


def test_send_sets_the_day_given_and_refuses_a_day_after_the_deadline(
    client, users, record, remiss
):
    client.force_login(users["utredare"])
    url = reverse("cases:remiss_send", args=[record.key, remiss.id])
    base = shared.token(remiss)
    # no day: nothing is sent, a located message says why
    response = client.post(url, {"base": base, "sent": ""}, follow=True)
    assert "Skickad den: ange dagen" in response.content.decode()
    assert _remiss(record).sent is None
    # a day after the last day of answers is refused
    response = client.post(url, {"base": base, "sent": "2025-04-02"}, follow=True)
    assert "2025-04-02 ligger efter sista svarsdag 2025-03-31" in response.content.decode()
    assert _remiss(record).sent is None
    client.post(url, {"base": base, "sent": "2025-03-03"})
    assert _remiss(record).sent == dt.date(2025, 3, 3)
    # once sent, the missing answers are overdue after the deadline
    row = rsel.remiss_rows(record, _case(record), dt.date(2025, 4, 10))[0]
    assert len(row.findings) == 2 and "Vision har inte svarat" in row.findings[1]


def test_add_party_button_gives_one_more_row_without_saving(client, users, record, remiss):
    client.force_login(users["utredare"])
    url = reverse("cases:remiss_edit", args=[record.key, remiss.id])
    page = client.get(url).content.decode()
    assert 'name="party-TOTAL_FORMS" value="3"' in page  # two parties and one empty row
    form = {
        "base": shared.token(remiss),
        "title": remiss.title,
        "deadline": "2025-03-31",
        "alternatives": ["ia-till-ifo"],
        "party-TOTAL_FORMS": "3",
        "party-INITIAL_FORMS": "2",
        "party-0-id": "sn", "party-0-name": "Socialnämnden", "party-0-kind": "committee",
        "party-0-committee": "sn",
        "party-1-id": "vision", "party-1-name": "Vision", "party-1-kind": "union",
        "party-2-id": "kommunal", "party-2-name": "Kommunal", "party-2-kind": "union",
    }  # fmt: skip
    again = client.post(url, {**form, "add_party": "1"})
    assert again.status_code == 200
    html = again.content.decode()
    assert 'name="party-TOTAL_FORMS" value="4"' in html and 'name="party-3-id"' in html
    assert 'value="Kommunal"' in html  # what was typed is kept
    assert len(_remiss(record).parties) == 2  # nothing saved yet
    form.update({"party-TOTAL_FORMS": "4", "party-3-id": "vof", "party-3-name": "Vård- och omsorg"})
    form["party-3-kind"] = "committee"
    assert client.post(url, form).status_code == 302
    assert [p.id for p in _remiss(record).parties] == ["sn", "vision", "kommunal", "vof"]
    # removing a row: tick DELETE and save
    form["party-1-DELETE"] = "on"
    client.post(url, {**form, "base": shared.token(_remiss(record))})
    assert [p.id for p in _remiss(record).parties] == ["sn", "kommunal", "vof"]


def test_utredare_enters_a_paper_answer_for_the_party(client, users, record, remiss):
    entry = reverse("cases:remiss_answer_entry", args=[record.key, remiss.id, "vision"])
    client.force_login(users["utredare"])
    # not sent yet: the answer cannot be entered, and the message says what to do first
    data = {"received_by": "paper", "date": "2025-03-28", "stance": "avstyrker",
            "text": "Vision avstyrker förslaget.", "base": shared.token(None)}  # fmt: skip
    refused = client.post(entry, data)
    assert refused.status_code == 400
    assert "är inte skickad; ange först när den skickades" in refused.content.decode()
    rsvc.remiss_send(
        actor=users["utredare"], record=record, remiss_id=remiss.id,
        base=shared.token(remiss), today=dt.date(2025, 6, 1), sent=dt.date(2025, 3, 3),
    )  # fmt: skip
    assert _remiss(record).sent == dt.date(2025, 3, 3)
    # the date received is required
    missing = client.post(entry, {**data, "date": ""})
    assert missing.status_code == 400 and "Datum då svaret kom in" in missing.content.decode()
    # a läsare cannot enter answers
    client.force_login(users["lasare"])
    assert client.post(entry, data).status_code == 403
    client.force_login(users["utredare"])
    page = client.get(entry).content.decode()
    assert f'name="base" value="{shared.token(None)}"' in page and "på papper" in page
    assert client.post(entry, data).status_code == 302
    response = next(r for r in _remiss(record).responses if r.party == "vision")
    assert (response.received_by.value, response.entered_by, response.date) == (
        "paper", "utredare", dt.date(2025, 3, 28),
    )  # fmt: skip
    assert response.stance.value == "avstyrker"
    audit = AuditRecord.objects.filter(object_type="remiss_response").latest("pk")
    assert audit.user == users["utredare"]
    assert "fördes in av utredaren" in audit.message
    page = client.get(reverse("cases:remiss_edit", args=[record.key, remiss.id])).content
    assert "Kom in på papper, infört av utredare" in page.decode()
    row = rsel.remiss_rows(record, _case(record), dt.date(2025, 4, 10))[0]
    assert (
        "Svaret från Vision kom på papper 2025-03-28 och fördes in av utredaren." in row.sentences
    )


def test_on_behalf_answer_needs_a_way_it_came(users, record, remiss):
    with pytest.raises(ServiceError) as exc:
        rsvc.remiss_answer_for_party(
            actor=users["utredare"], record=record, remiss_id=remiss.id, party_id="sn",
            data={"date": dt.date(2025, 3, 20), "received_by": "brevduva"},
        )  # fmt: skip
    assert "på papper, med e-post eller på annat sätt" in exc.value.messages[0]


def test_the_sent_day_of_a_sent_remiss_can_be_corrected_not_set_on_a_draft(
    client, users, record, remiss
):
    client.force_login(users["utredare"])
    url = reverse("cases:remiss_edit", args=[record.key, remiss.id])
    assert 'name="sent"' not in client.get(url).content.decode().split('class="remissform"')[1]
    form = {
        "title": remiss.title,
        "deadline": "2025-03-31",
        "alternatives": ["ia-till-ifo"],
        "party-TOTAL_FORMS": "2",
        "party-INITIAL_FORMS": "2",
        "party-0-id": "sn", "party-0-name": "Socialnämnden", "party-0-kind": "committee",
        "party-1-id": "vision", "party-1-name": "Vision", "party-1-kind": "union",
        "sent": "2025-03-01",
    }  # fmt: skip
    client.post(url, {**form, "base": shared.token(remiss)})
    assert _remiss(record).sent is None  # a draft gets its day by being sent
    rsvc.remiss_send(
        actor=users["utredare"], record=record, remiss_id=remiss.id,
        base=shared.token(_remiss(record)), today=dt.date(2025, 3, 3),
    )  # fmt: skip
    page = client.get(url).content.decode()
    assert 'name="sent" value="2025-03-03"' in page
    client.post(url, {**form, "sent": "2025-03-04", "base": shared.token(_remiss(record))})
    assert _remiss(record).sent == dt.date(2025, 3, 4)
    client.post(url, {**form, "sent": "", "base": shared.token(_remiss(record))})
    assert _remiss(record).sent == dt.date(2025, 3, 4)  # an empty field keeps the day
