"""Writes for e-mail: parties' contacts, invitations (create, accept) and reminders.

Same contract as the case services: a role check, then the rows and the case's audit record
in one transaction.  Mail is written to :class:`SentMail` (the outbox) in that transaction and
delivered by :func:`deliver_pending` after the commit, so a failing SMTP server never leaves
a change half-written and a mail is never lost: ``send_reminders`` retries what is pending.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import secrets
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage, get_connection
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from oversyn.core.case import Case
from oversyn.web.cases.models import Action, CaseRecord, Membership, RemissAccess, Role
from oversyn.web.notifications.models import (
    Invitation,
    MailKind,
    MailStatus,
    PartyContact,
    SentMail,
)
from oversyn.web.ops.models import beat
from oversyn.web.platform import audit
from oversyn.web.platform.errors import ServiceError
from oversyn.web.platform.permissions import EDIT
from oversyn.web.platform.permissions import require as _require
from oversyn.web.platform.repository import fresh as _fresh
from oversyn.web.platform.repository import load

log = logging.getLogger("oversyn.mail")
HEARTBEAT = "send_reminders"


class InvitationError(Exception):
    """The invitation link cannot be used; the message says why (Swedish)."""


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _url(path: str) -> str:
    return settings.OVERSYN_BASE_URL + path


def party_names(case: Case) -> dict[str, str]:
    """Every remiss party of the case: id → name (a party may recur in several remisses)."""
    return {p.id: p.name for r in case.remisses for p in r.parties}


# -- contacts ----------------------------------------------------------------------------------


@transaction.atomic
def contact_add(
    *, actor: Any, record: CaseRecord, party_id: str, email: str, name: str = ""
) -> PartyContact:
    """An address that answers for a remiss party (utredare only; audited)."""
    _require(actor, record, EDIT)
    record, case = _fresh(record)
    parties = party_names(case)
    if party_id not in parties:
        raise ServiceError(
            [_("%(party)s är inte remissinstans i någon remiss i ärendet.") % {"party": party_id}]
        )
    email = email.strip()
    try:
        validate_email(email)
    except ValidationError as exc:
        raise ServiceError(
            [_("E-postadressen %(email)s är inte giltig.") % {"email": email}]
        ) from exc
    if PartyContact.objects.filter(case=record, party_id=party_id, email__iexact=email).exists():
        raise ServiceError(
            [
                _("%(email)s är redan kontakt för %(party)s.")
                % {"email": email, "party": parties[party_id]}
            ]
        )
    contact = PartyContact.objects.create(
        case=record, party_id=party_id, email=email, name=name.strip()
    )
    _contact_audit(actor, record, contact, parties[party_id], added=True)
    return contact


@transaction.atomic
def contact_remove(*, actor: Any, record: CaseRecord, contact_id: int) -> None:
    _require(actor, record, EDIT)
    contact = PartyContact.objects.filter(case=record, pk=contact_id).first()
    if contact is None:
        return
    name = party_names(_fresh(record)[1]).get(contact.party_id, contact.party_id)
    contact.delete()
    _contact_audit(actor, record, contact, name, added=False)


def _contact_audit(
    actor: Any, record: CaseRecord, contact: PartyContact, party: str, *, added: bool
) -> None:
    """The audit record of a party's contact ``added`` or removed (``party``: its name)."""
    state = {"party": contact.party_id, "email": contact.email, "name": contact.name}
    message = (
        _("Kontakt för %(party)s tillagd.") if added else _("Kontakt för %(party)s borttagen.")
    )
    audit.of_added_or_removed(
        actor=actor,
        row=record,
        added=added,
        state=state,
        object_type="party_contact",
        object_id=f"{contact.party_id}/{contact.email}",
        object_repr=f"{party}: {contact.email}",
        message=message % {"party": party},
    )


# -- the outbox --------------------------------------------------------------------------------


def _texts(kind: str) -> tuple[str, str]:
    """The subject and the body of a mail of ``kind`` (in the active language), to be filled
    with the mail's parameters and ``case``, the case's title."""
    texts = {
        MailKind.INVITATION: (
            _("Inbjudan att svara på remissen ”%(title)s”"),
            _(
                "Hej!\n\n%(party)s har fått remissen ”%(title)s” i ärendet ”%(case)s”.\n"
                "Sista dag att svara: %(deadline)s.\n\n"
                "Öppna inbjudan här för att skapa ett konto eller koppla ditt befintliga konto "
                "och svara för %(party)s:\n%(link)s\n\n"
                "Länken kan användas en gång och gäller till och med %(expires)s.\n\n"
                "Meddelandet skickades av Översyn."
            ),
        ),
        MailKind.REMISS_REMINDER: (
            _("Påminnelse: svar på remissen ”%(title)s” senast %(date)s"),
            _(
                "Hej!\n\nRemissen ”%(title)s” i ärendet ”%(case)s” ska besvaras av %(party)s "
                "senast %(date)s (%(left)s dagar kvar).\n\nSvara här:\n%(link)s\n\n"
                "Meddelandet skickades av Översyn."
            ),
        ),
        MailKind.DEADLINE_REMINDER: (
            _("Påminnelse: %(label)s senast %(date)s"),
            _(
                "Hej!\n\nÄrendet ”%(case)s” har tidsfristen ”%(label)s” %(date)s "
                "(%(left)s dagar kvar).\n\nÄrendets status:\n%(link)s\n\n"
                "Meddelandet skickades av Översyn."
            ),
        ),
    }
    return texts[kind]


def _queue(
    *, key: str, record: CaseRecord, kind: str, recipient: str, **params: Any
) -> list[SentMail]:
    """Write a mail of ``kind`` (its texts filled with ``params``) to the outbox once:
    ``[mail]``, or ``[]`` if ``key`` was already written."""
    if SentMail.objects.filter(key=key).exists():
        return []
    subject, body = (text % {"case": record.title, **params} for text in _texts(kind))
    try:
        with transaction.atomic():
            mail = SentMail.objects.create(
                key=key,
                case=record,
                case_key=record.key,
                kind=kind,
                recipient=recipient,
                subject=subject[:300],
                body=body,
            )
    except IntegrityError:
        return []  # written by a concurrent run
    transaction.on_commit(lambda: deliver_pending([mail.pk]))
    return [mail]


def deliver_pending(ids: Iterable[int] | None = None) -> int:
    """Send pending (and earlier failed) mails over SMTP; returns how many were sent."""
    qs = SentMail.objects.filter(status__in=[MailStatus.PENDING, MailStatus.FAILED])
    if ids is not None:
        qs = qs.filter(pk__in=list(ids))
    sent = 0
    mails = list(qs.order_by("id"))
    if not mails:
        return 0
    try:
        connection = get_connection(fail_silently=False)
        connection.open()
    except Exception as exc:  # the server is down: every mail stays queued, with the reason
        for mail in mails:
            _failed(mail, exc)
        return 0
    try:
        for mail in mails:
            # claim the mail: a concurrent run that got it first leaves it alone
            if not SentMail.objects.filter(
                pk=mail.pk, status=mail.status, attempts=mail.attempts
            ).update(attempts=mail.attempts + 1):
                continue
            try:
                EmailMessage(
                    mail.subject,
                    mail.body,
                    settings.DEFAULT_FROM_EMAIL,
                    [mail.recipient],
                    connection=connection,
                ).send()
            except Exception as exc:
                _failed(mail, exc)
                continue
            SentMail.objects.filter(pk=mail.pk).update(
                status=MailStatus.SENT, sent_at=timezone.now(), error=""
            )
            log.info(
                "mail sent",
                extra={"mail_kind": mail.kind, "recipient": mail.recipient, "case": mail.case_key},
            )
            sent += 1
    finally:
        connection.close()
    return sent


def _failed(mail: SentMail, exc: Exception) -> None:
    SentMail.objects.filter(pk=mail.pk).update(
        status=MailStatus.FAILED, error=f"{type(exc).__name__}: {exc}"[:500]
    )
    log.warning(
        "mail failed", extra={"recipient": mail.recipient, "case": mail.case_key, "error": str(exc)}
    )


# -- invitations -------------------------------------------------------------------------------


def _deadline_text(remiss: Any) -> str:
    if remiss.deadline is None:
        return _("ingen tidsfrist angiven")
    if remiss.deadline.end is not None:
        return remiss.deadline.end.isoformat()
    return remiss.deadline.text


def remiss_invite(
    *, actor: Any, record: CaseRecord, remiss_id: str, now: dt.datetime | None = None
) -> list[SentMail]:
    """Invite every contact of every party of the remiss (called when the remiss is sent,
    inside its transaction; utredare only).  One invitation link per contact."""
    _require(actor, record, EDIT)
    now = now or timezone.now()
    record, case = _fresh(record)
    remiss = next((r for r in case.remisses if r.id == remiss_id), None)
    if remiss is None:
        raise ServiceError([_("Remissen finns inte.")])
    by_party = {p.id: p for p in remiss.parties}
    contacts = PartyContact.objects.filter(case=record, party_id__in=list(by_party))
    mails: list[SentMail] = []
    days = settings.OVERSYN_INVITATION_DAYS
    with override("sv"):
        for contact in contacts:
            token = secrets.token_urlsafe(32)
            invitation = Invitation.objects.create(
                token_hash=_hash(token),
                case=record,
                remiss_id=remiss_id,
                party_id=contact.party_id,
                email=contact.email,
                invited_by=actor if getattr(actor, "is_authenticated", False) else None,
                created_at=now,
                expires_at=now + dt.timedelta(days=days),
            )
            party = by_party[contact.party_id]
            link = _url(reverse("invitation", args=[token]))
            expires = timezone.localtime(invitation.expires_at).date().isoformat()
            mails += _queue(
                key=f"invitation:{invitation.pk}",
                record=record,
                kind=MailKind.INVITATION,
                recipient=contact.email,
                party=party.name,
                title=remiss.title,
                deadline=_deadline_text(remiss),
                link=link,
                expires=expires,
            )
    if mails:
        audit.of_row(
            actor=actor,
            row=record,
            action=Action.CREATE,
            object_type="invitation",
            object_id=remiss_id,
            object_repr=remiss.title,
            before=None,
            after={"remiss": remiss_id, "to": [m.recipient for m in mails]},
            message=_("Inbjudan till remissen %(title)s skickades till %(to)s.")
            % {"title": remiss.title, "to": ", ".join(m.recipient for m in mails)},
        )
    return mails


def invitation_for(token: str, now: dt.datetime | None = None) -> Invitation:
    """The usable invitation behind ``token`` or :class:`InvitationError`."""
    invitation = Invitation.objects.select_related("case").filter(token_hash=_hash(token)).first()
    if invitation is None:
        raise InvitationError(_("Inbjudan finns inte. Kontrollera länken i e-postmeddelandet."))
    if invitation.used_at is not None:
        raise InvitationError(
            _("Inbjudan är redan använd. Logga in med kontot som den kopplades till.")
        )
    if (now or timezone.now()) > invitation.expires_at:
        raise InvitationError(
            _("Inbjudan gällde till %(date)s och har gått ut. Be utredaren om en ny.")
            % {"date": timezone.localtime(invitation.expires_at).date().isoformat()}
        )
    return invitation


@transaction.atomic
def invitation_accept(*, token: str, user: Any, now: dt.datetime | None = None) -> RemissAccess:
    """Use the invitation once: ``user`` may answer the remiss for the party from now on."""
    invitation = invitation_for(token, now)
    locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if locked.used_at is not None:  # used by a concurrent request
        raise InvitationError(
            _("Inbjudan är redan använd. Logga in med kontot som den kopplades till.")
        )
    record = locked.case
    case = load(record)
    remiss = next((r for r in case.remisses if r.id == locked.remiss_id), None)
    party = remiss and next((p for p in remiss.parties if p.id == locked.party_id), None)
    if remiss is None or party is None:
        raise InvitationError(_("Remissen eller remissinstansen finns inte längre i ärendet."))
    access, created = RemissAccess.objects.get_or_create(
        case=record, remiss_id=remiss.id, party_id=party.id, user=user
    )
    locked.used_at = now or timezone.now()
    locked.used_by = user
    locked.save(update_fields=["used_at", "used_by"])
    if not user.email:
        user.email = locked.email
        user.save(update_fields=["email"])
    if created:
        from oversyn.web.remiss.actions import access_audit

        access_audit(
            actor=user,
            row=record,
            given=True,
            remiss=remiss,
            party=party,
            user=user,
            message=_(
                "%(user)s tog emot inbjudan (%(email)s) och svarar på remissen %(title)s "
                "för %(party)s."
            )
            % {
                "user": user.get_username(),
                "email": locked.email,
                "title": remiss.title,
                "party": party.name,
            },
        )
    return access


# -- reminders ---------------------------------------------------------------------------------


def _threshold(days_left: int, days: list[int]) -> int | None:
    """The reminder due ``days_left`` days before a deadline: the nearest configured one at or
    above it (a run that was missed catches up once, later runs do not repeat it)."""
    if days_left < 0:
        return None
    due = [d for d in sorted(days) if d >= days_left]
    return due[0] if due else None


def _remiss_recipients(record: CaseRecord, remiss_id: str, party_id: str) -> list[tuple[str, str]]:
    """(address, link) for a party: its users answer on their page, contacts via the inbox."""
    out: dict[str, str] = {}
    for access in RemissAccess.objects.filter(
        case=record, remiss_id=remiss_id, party_id=party_id
    ).select_related("user"):
        if access.user.email:
            out[access.user.email.lower()] = _url(reverse("cases:party_remiss", args=[access.pk]))
    for contact in PartyContact.objects.filter(case=record, party_id=party_id):
        out.setdefault(contact.email.lower(), _url(reverse("cases:party_inbox")))
    return sorted(out.items())


def send_reminders(*, today: dt.date, days: list[int] | None = None) -> list[SentMail]:
    """Queue and send every reminder due ``today``: remiss deadlines (to parties that have not
    answered) and the case's own deadlines (to its utredare).  A case with an as-of date (a
    historic or paused case) is judged on that day instead of ``today``.  Idempotent per deadline,
    recipient and reminder day; also retries mails still pending; beats the heartbeat."""
    days = settings.OVERSYN_REMINDER_DAYS if days is None else days
    queued: list[SentMail] = []
    with override("sv"):
        for record in CaseRecord.objects.order_by("key"):
            case = load(record)
            day = case.as_of(today)  # a historic or paused case: its own as-of date
            with transaction.atomic():
                queued += _remiss_reminders(record, case, day, days)
                queued += _deadline_reminders(record, case, day, days)
    deliver_pending()
    beat(HEARTBEAT, f"{today.isoformat()}: {len(queued)} påminnelser")
    return queued


def _remiss_reminders(
    record: CaseRecord, case: Case, today: dt.date, days: list[int]
) -> list[SentMail]:
    out: list[SentMail] = []
    for remiss in case.remisses:
        end = remiss.deadline.end if remiss.deadline else None
        if remiss.sent is None or end is None:
            continue
        left = (end - today).days
        threshold = _threshold(left, days)
        if threshold is None:
            continue
        answered = {r.party for r in remiss.responses if r.stance is not None or r.text}
        for party in remiss.parties:
            if party.id in answered:
                continue
            for email, link in _remiss_recipients(record, remiss.id, party.id):
                out += _queue(
                    key=f"remiss:{record.key}:{remiss.id}:{party.id}:{email}:{end.isoformat()}:{threshold}",
                    record=record,
                    kind=MailKind.REMISS_REMINDER,
                    recipient=email,
                    title=remiss.title,
                    party=party.name,
                    date=end.isoformat(),
                    left=left,
                    link=link,
                )
    return out


def _deadline_reminders(
    record: CaseRecord, case: Case, today: dt.date, days: list[int]
) -> list[SentMail]:
    out: list[SentMail] = []
    utredare = [
        m.user
        for m in Membership.objects.filter(case=record, role=Role.UTREDARE).select_related("user")
        if m.user.email
    ]
    link = _url(reverse("cases:process_status", args=[record.key]))
    for deadline in case.lifecycle.deadlines:
        end = deadline.due.end
        if deadline.done is not None or end is None:
            continue
        threshold = _threshold((end - today).days, days)
        if threshold is None:
            continue
        for user in utredare:
            out += _queue(
                key=f"deadline:{record.key}:{deadline.id}:{user.pk}:{end.isoformat()}:{threshold}",
                record=record,
                kind=MailKind.DEADLINE_REMINDER,
                recipient=user.email,
                label=deadline.label,
                date=end.isoformat(),
                left=(end - today).days,
                link=link,
            )
    return out
