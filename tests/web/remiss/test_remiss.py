"""Remiss in the web app: the investigator's services and pages, sending with a fixed snapshot,
a party's user who answers only for its own party and sees nothing else of the case.

Worked example: seed 000 (IA → IFO) sent on remiss to Socialnämnden (``sn``) and to the union
Vision, answers due 2025-03-31; Socialnämnden answers "tillstyrker delvis" with a SWOT
addition (svaghet), as Enköping's Socialnämnden added "förslag tillägg" in seed 002.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from oversyn.core.process.swot import swot_table
from oversyn.web.alternatives import actions as alt_actions
from oversyn.web.cases.models import AuditRecord, CaseRecord, RemissAccess, RemissSnapshot
from oversyn.web.platform import shared
from oversyn.web.remiss import actions as rsvc
from oversyn.web.remiss import selectors as rsel

pytestmark = pytest.mark.django_db

SENT = dt.date(2025, 3, 3)
DUE = dt.date(2025, 3, 31)
REMISS = {
    "id": "remiss-ia",
    "title": "Remiss: IA flyttas till IFO",
    "sent_by": "Kommunstyrelsen",
    "deadline": "2025-03-31",
    "document": "Utkast till beslutsunderlag om integration och arbetsmarknad.",
    "alternatives": ["ia-till-ifo"],
    "parties": [
        {"id": "sn", "name": "Socialnämnden", "kind": "committee", "committee": "sn"},
        {"id": "vision", "name": "Vision", "kind": "union"},
    ],
}
MOVE_SENTENCE = (
    "Integration och arbetsmarknad flyttas från Vuxenutbildningen "
    "(Barn- och utbildningsförvaltningen) till Individ- och familjeomsorg (Socialförvaltningen)."
)
ANSWER = {
    "stance": "tillstyrker_delvis",
    "decided_by": "Socialnämndens sammanträde 2025-03-20",
    "text": "Nämnden ser fördelar men vill ha en konsekvensanalys först.",
    "signed_by": "Anna Andersson, ordförande",
    "swot_additions": [
        {
            "alternative": "ia-till-ifo",
            "category": "weakness",
            "text": "Arbetsmarknadsinsatserna riskerar att prioriteras ned i IFO",
        }
    ],
}


def _case(record):
    return shared.load(CaseRecord.objects.get(pk=record.pk))


def _remiss(record, remiss_id="remiss-ia"):
    return rsvc.find_remiss(_case(record), remiss_id)[1]


@pytest.fixture
def party_users(django_user_model):
    return {
        name: django_user_model.objects.create_user(username=name, password="pw-" + name)
        for name in ("sn_user", "vision_user")
    }


@pytest.fixture
def remiss(users, record):
    rsvc.remiss_save(actor=users["utredare"], record=record, remiss_id=None, data=REMISS)
    return _remiss(record)


@pytest.fixture
def sent(users, record, remiss, party_users):
    """The remiss sent on SENT, with one user for each party."""
    rsvc.remiss_send(
        actor=users["utredare"],
        record=record,
        remiss_id=remiss.id,
        base=shared.token(remiss),
        today=SENT,
    )
    for party, name in (("sn", "sn_user"), ("vision", "vision_user")):
        rsvc.remiss_party_user_set(
            actor=users["utredare"],
            record=record,
            remiss_id=remiss.id,
            party_id=party,
            user=party_users[name],
        )
    return {
        party: RemissAccess.objects.get(party_id=party, remiss_id=remiss.id)
        for party in ("sn", "vision")
    }


# -- services ----------------------------------------------------------------------------------


def test_only_utredare_writes_the_remiss(users, record):
    for name in ("bedomare", "lasare", "outsider"):
        with pytest.raises(PermissionDenied):
            rsvc.remiss_save(actor=users[name], record=record, remiss_id=None, data=REMISS)
    assert _case(record).remisses == []


def test_save_keeps_answers_and_removes_access_of_dropped_party(users, record, sent):
    rsvc.remiss_answer(actor=sent["sn"].user, access=sent["sn"], data=ANSWER, today=SENT)
    old = _remiss(record)
    data = {**REMISS, "parties": REMISS["parties"][:1], "deadline": "senast den 7 april 2025"}
    rsvc.remiss_save(
        actor=users["utredare"],
        record=record,
        remiss_id=old.id,
        data=data,
        base=shared.token(old),
    )
    new = _remiss(record)
    assert new.sent == SENT and [r.party for r in new.responses] == ["sn"]
    assert new.deadline.end == dt.date(2025, 4, 7)
    assert list(RemissAccess.objects.values_list("party_id", flat=True)) == ["sn"]


def test_send_once_with_fixed_snapshot(users, record, remiss):
    base = shared.token(remiss)
    snap = rsvc.remiss_send(
        actor=users["utredare"], record=record, remiss_id=remiss.id, base=base, today=SENT
    )
    assert _remiss(record).sent == SENT
    assert snap.case_version == CaseRecord.objects.get(pk=record.pk).version
    assert snap.content["alternatives"][0]["diff"]["sv"][0] == MOVE_SENTENCE
    assert "<html" in snap.html and "Integration och arbetsmarknad" in snap.html
    with pytest.raises(shared.ServiceError, match="redan skickad"):
        rsvc.remiss_send(
            actor=users["utredare"],
            record=record,
            remiss_id=remiss.id,
            base=shared.token(_remiss(record)),
            today=SENT,
        )
    assert RemissSnapshot.objects.count() == 1


def test_send_needs_utredare_and_parties(users, record, remiss):
    with pytest.raises(PermissionDenied):
        rsvc.remiss_send(
            actor=users["bedomare"],
            record=record,
            remiss_id=remiss.id,
            base=shared.token(remiss),
            today=SENT,
        )
    empty = {**REMISS, "id": "tom", "parties": []}
    rsvc.remiss_save(actor=users["utredare"], record=record, remiss_id=None, data=empty)
    with pytest.raises(shared.ServiceError, match="inga remissinstanser"):
        rsvc.remiss_send(
            actor=users["utredare"],
            record=record,
            remiss_id="tom",
            base=shared.token(_remiss(record, "tom")),
            today=SENT,
        )
    assert RemissSnapshot.objects.count() == 0


def test_snapshot_stays_when_the_case_changes(users, record, sent):
    alt = _case(record).alternative("ia-till-ifo")
    alt_actions.alternative_update(
        actor=users["utredare"],
        record=record,
        alt_id=alt.id,
        name="Ett annat namn",
        description="",
        base=shared.token(alt),
    )
    alt_actions.operation_remove(
        actor=users["utredare"],
        record=record,
        alt_id=alt.id,
        index=0,
        base=shared.token(_case(record).alternative(alt.id)),
    )
    item = rsel.party_remiss(sent["sn"].user, sent["sn"].pk)
    alternatives = rsel.sent_alternatives_view(item)
    assert alternatives[0]["name"] == "IA flyttas till IFO i socialförvaltningen"
    assert MOVE_SENTENCE in alternatives[0]["diff"]
    assert "Ett annat namn" not in item.snapshot.html


def test_party_user_set_is_utredare_only_and_audited(users, record, remiss, party_users):
    with pytest.raises(PermissionDenied):
        rsvc.remiss_party_user_set(
            actor=users["bedomare"],
            record=record,
            remiss_id=remiss.id,
            party_id="sn",
            user=party_users["sn_user"],
        )
    with pytest.raises(shared.ServiceError, match="inte remissinstans"):
        rsvc.remiss_party_user_set(
            actor=users["utredare"],
            record=record,
            remiss_id=remiss.id,
            party_id="okand",
            user=party_users["sn_user"],
        )
    rsvc.remiss_party_user_set(
        actor=users["utredare"],
        record=record,
        remiss_id=remiss.id,
        party_id="sn",
        user=party_users["sn_user"],
    )
    rsvc.remiss_party_user_remove(
        actor=users["utredare"],
        record=record,
        remiss_id=remiss.id,
        party_id="sn",
        user=party_users["sn_user"],
    )
    assert not RemissAccess.objects.exists()
    audit = AuditRecord.objects.filter(object_type="remiss_access").order_by("id")
    assert [a.action for a in audit] == ["create", "delete"]
    assert audit[0].after == {"user": "sn_user", "remiss": "remiss-ia", "party": "sn"}


def test_party_answers_for_its_own_party_only(users, record, sent):
    rsvc.remiss_answer(
        actor=sent["sn"].user, access=sent["sn"], data=ANSWER, today=dt.date(2025, 3, 20)
    )
    response = _remiss(record).responses[0]
    assert response.party == "sn" and response.stance.value == "tillstyrker_delvis"
    assert response.date == dt.date(2025, 3, 20)
    assert response.signed_by == ["Anna Andersson, ordförande"]
    with pytest.raises(PermissionDenied):  # vision's user cannot use Socialnämnden's access
        rsvc.remiss_answer(actor=sent["vision"].user, access=sent["sn"], data=ANSWER, today=SENT)
    with pytest.raises(PermissionDenied):  # nor can the investigator
        rsvc.remiss_answer(actor=users["utredare"], access=sent["sn"], data=ANSWER, today=SENT)
    # the addition flows into the alternative's SWOT, attributed to the party
    table = swot_table(_case(record), "ia-till-ifo")
    assert [(e.text, e.author, e.addition) for e in table.entries] == [
        (ANSWER["swot_additions"][0]["text"], "Socialnämnden", True)
    ]
    audit = AuditRecord.objects.get(object_type="remiss_response")
    assert audit.user == sent["sn"].user and audit.action == "create"
    assert audit.object_id == "remiss-ia/sn" and audit.after["stance"] == "tillstyrker_delvis"


def test_revised_answer_replaces_and_is_audited(record, sent):
    access = sent["sn"]
    rsvc.remiss_answer(actor=access.user, access=access, data=ANSWER, today=SENT)
    rsvc.remiss_answer(
        actor=access.user,
        access=access,
        data={"stance": "", "text": "Nämnden tar inte ställning."},
        today=SENT,
    )
    responses = _remiss(record).responses
    assert len(responses) == 1 and responses[0].stance is None
    assert responses[0].swot_additions == []
    actions = AuditRecord.objects.filter(object_type="remiss_response").order_by("id")
    assert [a.action for a in actions] == ["create", "update"]


def test_unsent_remiss_is_invisible_and_cannot_be_answered(users, record, remiss, party_users):
    access = rsvc.remiss_party_user_set(
        actor=users["utredare"],
        record=record,
        remiss_id=remiss.id,
        party_id="sn",
        user=party_users["sn_user"],
    )
    assert rsel.party_inbox(party_users["sn_user"], SENT) == []
    with pytest.raises(Exception) as exc:
        rsel.party_remiss(party_users["sn_user"], access.pk)
    assert exc.type.__name__ == "Http404"
    with pytest.raises(PermissionDenied):
        rsvc.remiss_answer(actor=access.user, access=access, data=ANSWER, today=SENT)
    assert _remiss(record).responses == []


def test_late_answer_is_stored_and_flagged(record, sent):
    late = DUE + dt.timedelta(days=2)
    rsvc.remiss_answer(actor=sent["sn"].user, access=sent["sn"], data=ANSWER, today=late)
    case = _case(record)
    rows = rsel.remiss_rows(CaseRecord.objects.get(pk=record.pk), case, late)
    assert rows[0].late == 1
    assert "Socialnämnden svarade efter sista svarsdag." in rows[0].sentences
    inbox = rsel.party_inbox(sent["sn"].user, late)
    assert inbox[0]["answered"] and inbox[0]["late"]
    assert inbox[0]["left"] == "tidsfristen gick ut 2025-03-31"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"stance": "kanske"}, "Ställningstagandet kanske finns inte"),
        (
            {"swot_additions": [{"alternative": "nulage", "category": "threat", "text": "x"}]},
            "SWOT-tillägg 1: alternativet nulage skickades inte på remiss",
        ),
        (
            {"swot_additions": [{"alternative": "ia-till-ifo", "category": "fara", "text": "x"}]},
            "SWOT-tillägg 1: kategorin fara finns inte",
        ),
    ],
)
def test_bad_answer_is_refused_with_swedish_message(record, sent, data, message):
    version = CaseRecord.objects.get(pk=record.pk).version
    with pytest.raises(shared.ServiceError) as exc:
        rsvc.remiss_answer(actor=sent["sn"].user, access=sent["sn"], data=data, today=SENT)
    assert message in exc.value.messages[0]
    assert CaseRecord.objects.get(pk=record.pk).version == version
    assert _remiss(record).responses == []
    assert not AuditRecord.objects.filter(object_type="remiss_response").exists()


def test_delete_removes_snapshot_and_access(users, record, sent):
    rsvc.remiss_delete(
        actor=users["utredare"],
        record=record,
        remiss_id="remiss-ia",
        base=shared.token(_remiss(record)),
    )
    assert _case(record).remisses == []
    assert not RemissSnapshot.objects.exists() and not RemissAccess.objects.exists()


# -- views -------------------------------------------------------------------------------------


def test_party_user_gets_404_on_case_pages_and_other_access(client, record, sent):
    client.force_login(sent["sn"].user)
    for url in (
        reverse("cases:overview", args=[record.key]),
        reverse("cases:remiss_list", args=[record.key]),
        reverse("cases:remiss_edit", args=[record.key, "remiss-ia"]),
        reverse("cases:party_remiss", args=[sent["vision"].pk]),
        reverse("cases:party_document", args=[sent["vision"].pk]),
    ):
        assert client.get(url).status_code == 404, url
    page = client.get(reverse("cases:party_remiss", args=[sent["sn"].pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert MOVE_SENTENCE in html and "Socialnämnden" in html
    assert record.title not in html  # the case's own title is not what was sent
    doc = client.get(reverse("cases:party_document", args=[sent["sn"].pk]))
    assert doc.status_code == 200 and "sandbox" in doc["Content-Security-Policy"]
    inbox = client.get(reverse("cases:party_inbox")).content.decode()
    assert "Remiss: IA flyttas till IFO" in inbox and 'href="/remiss/"' in inbox


def test_party_answer_through_the_form(client, record, sent):
    client.force_login(sent["sn"].user)
    url = reverse("cases:party_remiss", args=[sent["sn"].pk])
    form = {
        "stance": "avstyrker",
        "decided_by": "Socialnämndens sammanträde 2025-03-20",
        "text": "Nej.",
        "swot-TOTAL_FORMS": "2",
        "swot-INITIAL_FORMS": "0",
        "swot-0-alternative": "ia-till-ifo",
        "swot-0-category": "threat",
        "swot-0-text": "Längre väg till arbete för deltagarna",
        "swot-1-alternative": "ia-till-ifo",
        "swot-1-category": "",
        "swot-1-text": "",
    }
    response = client.post(url, form)
    assert response.status_code == 302
    answer = _remiss(record).responses[0]
    assert answer.stance.value == "avstyrker" and len(answer.swot_additions) == 1
    bad = {**form, "swot-0-alternative": "nulage"}
    assert client.post(url, bad).status_code == 400  # not a choice: the form refuses it


def test_bedomare_reads_but_cannot_post(client, users, record, remiss):
    client.force_login(users["bedomare"])
    url = reverse("cases:remiss_edit", args=[record.key, remiss.id])
    assert client.get(url).status_code == 200
    assert client.post(url, {"title": "x"}).status_code == 403
    assert client.post(reverse("cases:remiss_new", args=[record.key]), {}).status_code == 403
    send = reverse("cases:remiss_send", args=[record.key, remiss.id])
    assert client.post(send, {"base": shared.token(remiss)}).status_code == 403
    assert _remiss(record).sent is None


def test_investigator_creates_remiss_through_the_form(client, users, record):
    client.force_login(users["utredare"])
    url = reverse("cases:remiss_new", args=[record.key])
    assert client.get(url).status_code == 200
    form = {
        "id": "r1",
        "title": "Remiss om IA",
        "deadline": "nästa vecka kanske",
        "alternatives": ["ia-till-ifo"],
        "party-TOTAL_FORMS": "2",
        "party-INITIAL_FORMS": "0",
        "party-0-id": "sn",
        "party-0-name": "Socialnämnden",
        "party-0-kind": "committee",
        "party-0-committee": "sn",
        "party-1-id": "",
        "party-1-name": "",
        "party-1-kind": "committee",
        "party-1-committee": "",
    }
    bad = client.post(url, form)
    assert bad.status_code == 400
    assert "innehåller inget datum som kan läsas" in bad.content.decode()
    assert _case(record).remisses == []
    ok = client.post(url, {**form, "deadline": "senast den 23 december 2025"})
    assert ok.status_code == 302
    saved = _remiss(record, "r1")
    assert saved.deadline.end == dt.date(2025, 12, 23)
    assert [p.committee for p in saved.parties] == ["sn"]
    page = client.get(reverse("cases:remiss_list", args=[record.key])).content.decode()
    # a draft: not "skickades" (issue 12 item 7)
    assert "Remissen är inte skickad; den ska gå till 1 remissinstans med sista svarsdag " in page


def test_load_examples_gives_the_demo_party_its_remiss(client):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("load_examples", stdout=out)
    call_command("load_examples", stdout=out)  # idempotent: sent once, one access
    assert "remissinstans / demo-oversyn svarar på remissen för Socialnämnden" in out.getvalue()
    access = RemissAccess.objects.get()
    assert (access.case.key, access.remiss_id, access.party_id) == (
        "enkoping-2021",
        "remiss-ks-2021",
        "sn",
    )
    assert _remiss(access.case, "remiss-ks-2021").sent == dt.date(2021, 11, 19)
    client.force_login(access.user)
    assert client.get(reverse("cases:overview", args=["enkoping-2021"])).status_code == 404
    page = client.get(reverse("cases:party_remiss", args=[access.pk])).content.decode()
    assert "Översyn av förvaltningsorganisation" in page and "En väg in för invånaren" in page


def test_two_users_of_one_party_cannot_overwrite_each_other(
    client, django_user_model, record, sent
):
    """The chair and the secretary both open the answer form; the second save is refused and
    keeps what that user typed, with the saved answer shown for comparison."""
    access = sent["sn"]
    url = reverse("cases:party_remiss", args=[access.pk])
    client.force_login(access.user)
    base = client.get(url).context["base"]  # the form as both users opened it: no answer yet
    rsvc.remiss_answer(actor=access.user, access=access, data=ANSWER, today=SENT, base=base)
    stale = {
        "base": base,
        "stance": "avstyrker",
        "text": "Ett annat svar",
        "swot-TOTAL_FORMS": "0",
        "swot-INITIAL_FORMS": "0",
    }
    response = client.post(url, stale)
    html = response.content.decode()
    assert response.status_code == 400
    assert "Någon annan har sparat ändringar" in html and "Ett annat svar" in html
    assert _remiss(record).responses[0].stance.value == "tillstyrker_delvis"
    fresh = client.get(url).context["base"]
    assert client.post(url, {**stale, "base": fresh}).status_code == 302
    assert _remiss(record).responses[0].stance.value == "avstyrker"


def test_a_historic_case_judges_the_party_pages_on_its_as_of_date(client, users, record, sent):
    """Issue 12 item 8: seed 000's remiss (due 2025-03-31) in a case paused on 2025-03-21
    is "10 dagar kvar" on the party's inbox and remiss page, whatever today is; an answer
    without a date gets the as-of date, so it is not late."""
    from oversyn.web.process import actions as psvc

    psvc.as_of_set(actor=users["utredare"], record=record, as_of=dt.date(2025, 3, 21), base="")
    client.force_login(sent["sn"].user)
    for url in (reverse("cases:party_inbox"), reverse("cases:party_remiss", args=[sent["sn"].pk])):
        html = client.get(url).content.decode()
        assert "10 dagar kvar" in html, url
        assert "tidsfristen gick ut" not in html, url
    (item,) = rsel.party_inbox(sent["sn"].user, dt.date(2026, 12, 2))
    assert item["left"] == "10 dagar kvar"
    rsvc.remiss_answer(
        actor=sent["sn"].user,
        access=sent["sn"],
        data={"stance": "tillstyrker", "text": "Nämnden tillstyrker."},
        today=dt.date(2026, 12, 2),
    )
    (response,) = _remiss(record).responses
    assert response.date == dt.date(2025, 3, 21)
    (item,) = rsel.party_inbox(sent["sn"].user, dt.date(2026, 12, 2))
    assert item["answered"] and not item["late"]
    assert "sent svar" not in client.get(reverse("cases:party_inbox")).content.decode()
    # without the as-of date the same deadline has passed (today is after 2025-03-31)
    psvc.as_of_set(actor=users["utredare"], record=record, as_of=None, base="2025-03-21")
    (item,) = rsel.party_inbox(sent["sn"].user, dt.date(2026, 12, 2))
    assert item["left"] == "tidsfristen gick ut 2025-03-31"
