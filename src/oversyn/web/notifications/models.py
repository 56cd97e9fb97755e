"""E-mail to the people of a case: remiss parties' contacts, invitations, and every mail sent.

* :class:`PartyContact` — an e-mail address that answers for a remiss party of the case.
* :class:`Invitation` — a link (a random token; only its SHA-256 is stored) that creates or
  links an account and gives it the right to answer the remiss for the party; valid until
  ``expires_at``, used once.
* :class:`SentMail` — the outbox and the record of what was sent to whom: written in the same
  transaction as the change that causes it, delivered after the commit, retried by
  ``send_reminders`` until it is sent.  ``key`` is unique, which makes every mail idempotent
  (a reminder is never written twice).
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from oversyn.web.cases.models import CaseRecord, acting_user


class PartyContact(models.Model):
    case = models.ForeignKey(CaseRecord, on_delete=models.CASCADE, related_name="party_contacts")
    party_id = models.CharField(_("remissinstans"), max_length=80)
    name = models.CharField(_("namn"), max_length=200, blank=True)
    email = models.EmailField(_("e-postadress"))
    created_at = models.DateTimeField(_("tillagd"), default=timezone.now)

    class Meta:
        ordering = ["party_id", "email"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "party_id", "email"], name="one_contact_per_party_address"
            )
        ]
        verbose_name = _("kontakt för remissinstans")
        verbose_name_plural = _("kontakter för remissinstanser")

    def __str__(self) -> str:
        return f"{self.case.key}/{self.party_id}: {self.email}"


class Invitation(models.Model):
    token_hash = models.CharField(max_length=64, unique=True)
    case = models.ForeignKey(CaseRecord, on_delete=models.CASCADE, related_name="invitations")
    remiss_id = models.CharField(_("remiss"), max_length=80)
    party_id = models.CharField(_("remissinstans"), max_length=80)
    email = models.EmailField(_("e-postadress"))
    invited_by = acting_user()
    created_at = models.DateTimeField(_("skapad"), default=timezone.now)
    expires_at = models.DateTimeField(_("gäller till"))
    used_at = models.DateTimeField(_("använd"), null=True, blank=True)
    used_by = acting_user()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("inbjudan")
        verbose_name_plural = _("inbjudningar")

    def __str__(self) -> str:
        return f"{self.case.key}/{self.remiss_id}/{self.party_id}: {self.email}"


class MailKind(models.TextChoices):
    INVITATION = "invitation", _("inbjudan")
    REMISS_REMINDER = "remiss_reminder", _("påminnelse om remissvar")
    DEADLINE_REMINDER = "deadline_reminder", _("påminnelse om tidsfrist")


class MailStatus(models.TextChoices):
    PENDING = "pending", _("väntar")
    SENT = "sent", _("skickat")
    FAILED = "failed", _("misslyckades")


class SentMail(models.Model):
    key = models.CharField(max_length=300, unique=True)
    case = models.ForeignKey(
        CaseRecord, null=True, blank=True, on_delete=models.SET_NULL, related_name="sent_mails"
    )
    case_key = models.CharField(_("ärende"), max_length=80)
    kind = models.CharField(_("slag"), max_length=20, choices=MailKind.choices)
    recipient = models.EmailField(_("mottagare"))
    subject = models.CharField(_("ämne"), max_length=300)
    body = models.TextField(_("text"))
    created_at = models.DateTimeField(_("skapat"), default=timezone.now)
    status = models.CharField(
        _("status"), max_length=10, choices=MailStatus.choices, default=MailStatus.PENDING
    )
    sent_at = models.DateTimeField(_("skickat"), null=True, blank=True)
    attempts = models.PositiveIntegerField(_("försök"), default=0)
    error = models.CharField(_("fel"), max_length=500, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status"], name="sentmail_status")]
        verbose_name = _("utskick")
        verbose_name_plural = _("utskick")

    def __str__(self) -> str:
        return f"{self.case_key}: {self.kind} → {self.recipient}"
