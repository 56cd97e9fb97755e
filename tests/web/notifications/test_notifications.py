"""Invitations and reminders by e-mail, through a REAL SMTP server on loopback (aiosmtpd).

Worked example: seed 000 (IA → IFO) on remiss to Socialnämnden (``sn``) and Vision, answers
due 2025-03-31.  Socialnämndens kansli (``sn.kansli@enkoping.se``) is the party's contact:
sending the remiss mails it an invitation; the link creates an account that answers for
Socialnämnden, once; a second use is refused.  The daily job reminds Vision's contact 7 days
and 1 day before the deadline, once each, and the utredare before the case's own deadline.
"""

from __future__ import annotations

import datetime as dt
import re
import socket
from email import message_from_bytes, policy

import pytest
from aiosmtpd.controller import Controller
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from oversyn.web.cases.models import AuditRecord, CaseRecord, RemissAccess
from oversyn.web.notifications import services as nsvc
from oversyn.web.notifications.models import Invitation, MailStatus, SentMail
from oversyn.web.ops.models import Heartbeat
from oversyn.web.platform import shared
from oversyn.web.process import actions as psvc
from oversyn.web.remiss import actions as rsvc

pytestmark = pytest.mark.django_db

DUE = dt.date(2025, 3, 31)
SENT = dt.date(2025, 3, 3)
REMISS = {
    "id": "remiss-ia",
    "title": "Remiss: IA flyttas till IFO",
    "sent_by": "Kommunstyrelsen",
    "deadline": DUE.isoformat(),
    "alternatives": ["ia-till-ifo"],
    "parties": [
        {"id": "sn", "name": "Socialnämnden", "kind": "committee", "committee": "sn"},
        {"id": "vision", "name": "Vision", "kind": "union"},
    ],
}


class Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        msg = message_from_bytes(envelope.content, policy=policy.default)
        self.messages.append((envelope.rcpt_tos, msg))
        return "250 OK"

    def to(self, address):
        return [m for rcpt, m in self.messages if address in rcpt]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp(settings):
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=_free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = controller.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.DEFAULT_FROM_EMAIL = "Översyn <oversyn@enkoping.se>"
    settings.OVERSYN_BASE_URL = "http://testserver"
    settings.OVERSYN_REMINDER_DAYS = [7, 1]
    yield inbox
    controller.stop()


@pytest.fixture
def sent_remiss(users, record, django_capture_on_commit_callbacks):
    """The remiss with contacts for both parties, sent on 2025-03-03."""
    utredare = users["utredare"]
    rsvc.remiss_save(actor=utredare, record=record, remiss_id=None, data=REMISS)
    nsvc.contact_add(
        actor=utredare,
        record=record,
        party_id="sn",
        email="sn.kansli@enkoping.se",
        name="Socialnämndens kansli",
    )
    nsvc.contact_add(actor=utredare, record=record, party_id="vision", email="vision@enkoping.se")
    remiss = rsvc.find_remiss(shared.load(CaseRecord.objects.get(pk=record.pk)), "remiss-ia")[1]
    with django_capture_on_commit_callbacks(execute=True):
        rsvc.remiss_send(
            actor=utredare,
            record=record,
            remiss_id="remiss-ia",
            base=shared.token(remiss),
            today=SENT,
        )
    return record


def _h(message, name) -> str:
    """A header, decoded and unfolded."""
    return " ".join(str(message[name]).split())


def _link(message) -> str:
    body = message.get_body(preferencelist=("plain",)).get_content()
    return re.search(r"http://testserver(/inbjudan/[^/\s]+/)", body).group(1)


def test_invitation_arrives_and_its_link_works_once(smtp, sent_remiss, django_user_model):
    (mail,) = smtp.to("sn.kansli@enkoping.se")
    body = mail.get_body(preferencelist=("plain",)).get_content()
    assert _h(mail, "Subject") == "Inbjudan att svara på remissen ”Remiss: IA flyttas till IFO”"
    assert "Översyn <oversyn@enkoping.se>" in _h(mail, "From")
    assert sent_remiss.title in body and "Socialnämnden" in body
    assert "Sista dag att svara: 2025-03-31." in body
    assert "kan användas en gång" in body
    path = _link(mail)

    visitor = Client()
    page = visitor.get(path)
    assert page.status_code == 200 and "Socialnämnden" in page.content.decode()
    # a weak password is refused by Django's validators; nothing is stored
    weak = visitor.post(path, {"username": "sn_kansli", "password1": "12345", "password2": "12345"})
    assert weak.status_code == 200
    assert not django_user_model.objects.filter(username="sn_kansli").exists()

    pw = "Remissvar-Socialnamnden-2025"
    response = visitor.post(path, {"username": "sn_kansli", "password1": pw, "password2": pw})
    assert response.status_code == 302
    user = django_user_model.objects.get(username="sn_kansli")
    assert user.email == "sn.kansli@enkoping.se"
    access = RemissAccess.objects.get(user=user)
    assert (access.remiss_id, access.party_id) == ("remiss-ia", "sn")
    assert response["Location"] == f"/remiss/{access.pk}/"
    assert visitor.get(response["Location"]).status_code == 200  # logged in, answers for SN
    assert AuditRecord.objects.filter(case=sent_remiss, object_type="remiss_access").exists()

    # the second use is refused, also for another visitor; nothing new is created
    again = Client().post(path, {"username": "annan", "password1": pw, "password2": pw})
    assert again.status_code == 410
    assert "Inbjudan är redan använd" in again.content.decode()
    assert Client().get(path).status_code == 410
    assert not django_user_model.objects.filter(username="annan").exists()
    assert RemissAccess.objects.filter(party_id="sn").count() == 1


def test_an_existing_account_is_linked_and_an_old_link_has_expired(smtp, sent_remiss, users):
    path = _link(smtp.to("vision@enkoping.se")[0])
    Invitation.objects.filter(email="vision@enkoping.se").update(
        expires_at=timezone.now() - dt.timedelta(minutes=1)
    )
    gone = Client().get(path)
    assert gone.status_code == 410 and "har gått ut" in gone.content.decode()

    Invitation.objects.filter(email="vision@enkoping.se").update(
        expires_at=timezone.now() + dt.timedelta(days=1)
    )
    member = Client()
    member.force_login(users["outsider"])
    assert member.post(path).status_code == 302
    assert RemissAccess.objects.get(user=users["outsider"]).party_id == "vision"
    assert Client().get("/inbjudan/finns-inte/").status_code == 410


def test_reminder_sent_by_the_job_the_day_it_is_due_and_not_twice(smtp, sent_remiss, users):
    utredare = users["utredare"]
    utredare.email = "utredare@enkoping.se"
    utredare.save()
    psvc.deadline_save(
        actor=utredare,
        record=sent_remiss,
        deadline_id=None,
        data={"label": "Rapport till kommunstyrelsen", "due": "2025-04-15"},
    )
    # Socialnämnden has answered: it is not reminded
    access = rsvc.remiss_party_user_set(
        actor=utredare,
        record=sent_remiss,
        remiss_id="remiss-ia",
        party_id="sn",
        user=users["bedomare"],
    )
    rsvc.remiss_answer(
        actor=users["bedomare"],
        access=access,
        data={"stance": "tillstyrker", "text": "Nämnden tillstyrker."},
        today=dt.date(2025, 3, 20),
    )
    before = len(smtp.messages)

    def run(day):
        call_command("send_reminders", "--today", day)
        return [m for _r, m in smtp.messages[before:]]

    assert run("2025-03-23") == []  # 8 days before: nothing is due
    (reminder,) = run("2025-03-24")  # 7 days before
    assert _h(reminder, "To") == "vision@enkoping.se"
    body = reminder.get_body(preferencelist=("plain",)).get_content()
    assert _h(reminder, "Subject") == (
        "Påminnelse: svar på remissen ”Remiss: IA flyttas till IFO” senast 2025-03-31"
    )
    assert sent_remiss.title in body and "(7 dagar kvar)" in body
    assert "http://testserver/remiss/" in body
    assert len(run("2025-03-24")) == 1  # the same day again: not twice
    assert len(run("2025-03-25")) == 1  # nor the next day
    assert len(run("2025-03-30")) == 2  # 1 day before: the second reminder
    assert len(run("2025-03-30")) == 2

    assert len(run("2025-04-08")) == 3  # 7 days before the case's own deadline: the utredare
    deadline_mail = smtp.messages[-1][1]
    assert _h(deadline_mail, "To") == "utredare@enkoping.se"
    assert "Rapport till kommunstyrelsen" in _h(deadline_mail, "Subject")
    assert f"http://testserver/arenden/{sent_remiss.key}/status/" in (
        deadline_mail.get_body(preferencelist=("plain",)).get_content()
    )
    assert Heartbeat.objects.get(name="send_reminders").last_beat > timezone.now() - dt.timedelta(
        minutes=1
    )

    # what was sent to whom is visible on the case
    page = Client()
    page.force_login(utredare)
    html = page.get(f"/arenden/{sent_remiss.key}/utskick/").content.decode()
    for address in ("sn.kansli@enkoping.se", "vision@enkoping.se", "utredare@enkoping.se"):
        assert address in html
    assert "påminnelse om remissvar" in html and "inbjudan" in html
    assert SentMail.objects.filter(status=MailStatus.SENT).count() == 5


def test_mail_waits_while_the_smtp_server_is_down(settings, users, record, smtp):
    utredare = users["utredare"]
    utredare.email = "utredare@enkoping.se"
    utredare.save()
    psvc.deadline_save(
        actor=utredare,
        record=record,
        deadline_id=None,
        data={"label": "Rapport", "due": "2025-04-15"},
    )
    port = settings.EMAIL_PORT
    settings.EMAIL_PORT = _free_port()  # nothing listens there
    call_command("send_reminders", "--today", "2025-04-14")
    (mail,) = SentMail.objects.all()
    assert mail.status == MailStatus.FAILED and "Connection" in mail.error
    settings.EMAIL_PORT = port
    call_command("send_reminders", "--today", "2025-04-14")  # the next run delivers it, once
    mail.refresh_from_db()
    assert mail.status == MailStatus.SENT
    assert len(smtp.to("utredare@enkoping.se")) == 1


def test_only_an_utredare_adds_contacts(users, record):
    rsvc.remiss_save(actor=users["utredare"], record=record, remiss_id=None, data=REMISS)
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        nsvc.contact_add(actor=users["lasare"], record=record, party_id="sn", email="x@enkoping.se")
    with pytest.raises(nsvc.ServiceError):
        nsvc.contact_add(
            actor=users["utredare"], record=record, party_id="sn", email="inte-en-adress"
        )
    with pytest.raises(nsvc.ServiceError):
        nsvc.contact_add(
            actor=users["utredare"], record=record, party_id="okand", email="x@enkoping.se"
        )


def test_a_historic_case_is_reminded_on_its_as_of_date(smtp, sent_remiss, users):
    """Issue 12 item 8: the remiss due 2025-03-31 in a case paused on 2025-03-24 is 7 days
    from its deadline whatever day the job runs: Vision's contact gets the 7-day reminder
    (once), not silence because the deadline passed long ago by the calendar."""
    from oversyn.web.process import actions as psvc

    before = len(smtp.messages)
    call_command("send_reminders", "--today", "2026-12-02")
    assert smtp.messages[before:] == []  # by the calendar the deadline passed: nothing
    psvc.as_of_set(actor=users["utredare"], record=sent_remiss, as_of=dt.date(2025, 3, 24), base="")
    call_command("send_reminders", "--today", "2026-12-02")
    reminders = [m for _r, m in smtp.messages[before:]]
    assert sorted(_h(m, "To") for m in reminders) == [
        "sn.kansli@enkoping.se",
        "vision@enkoping.se",
    ]
    body = reminders[0].get_body(preferencelist=("plain",)).get_content()
    assert "(7 dagar kvar)" in body
    call_command("send_reminders", "--today", "2026-12-03")  # the case's day has not moved
    assert len(smtp.messages) - before == 2
