"""A background job of a case: what it computes, how far it has come, what came out.

The job row is ours; the queue under it is django-tasks' database backend
(:mod:`oversyn.web.jobs.tasks`).  A job belongs to one case and is seen and cancelled with the
case's permissions; ``case_version`` is the case version it was computed on, kept with the
result.  A job that *creates* a case (a large case file or workbook imported as a new case)
has no case until it succeeds: it is seen and cancelled by the user who started it only, and
is attached to the new case when it is created.
"""

from __future__ import annotations

import uuid

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from oversyn.web.cases.models import CaseRecord, acting_user


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("I kö")
    RUNNING = "running", _("Pågår")
    DONE = "done", _("Klart")
    FAILED = "failed", _("Misslyckades")
    CANCELLED = "cancelled", _("Avbrutet")


ACTIVE = (JobStatus.QUEUED, JobStatus.RUNNING)


class Job(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    # None while a job that creates a case runs (the case row exists only when it succeeds)
    case = models.ForeignKey(
        CaseRecord, on_delete=models.CASCADE, related_name="jobs", null=True, blank=True
    )
    kind = models.CharField(_("slag"), max_length=60)
    params = models.JSONField(_("parametrar"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED
    )
    progress = models.FloatField(_("förlopp"), default=0.0)
    message = models.CharField(_("meddelande"), max_length=300, blank=True)
    result = models.JSONField(_("resultat"), null=True, blank=True)
    error = models.TextField(_("fel"), blank=True)
    case_version = models.PositiveIntegerField(_("beräknat på ärendeversion"))
    result_version = models.PositiveIntegerField(
        _("ärendeversion som jobbet skrev"), null=True, blank=True
    )
    created_by = acting_user()
    created_at = models.DateTimeField(_("skapat"), default=timezone.now)
    started_at = models.DateTimeField(_("startat"), null=True, blank=True)
    finished_at = models.DateTimeField(_("avslutat"), null=True, blank=True)
    updated_at = models.DateTimeField(_("senast uppdaterat"), default=timezone.now)
    task_id = models.CharField(_("uppgifts-id i kön"), max_length=64, blank=True)
    worker = models.CharField(_("arbetare"), max_length=200, blank=True)
    runs = models.PositiveIntegerField(_("antal körningar"), default=0)

    class Meta:
        verbose_name = _("jobb")
        verbose_name_plural = _("jobb")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["case", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.kind} {self.id} ({self.status})"

    @property
    def active(self) -> bool:
        return self.status in ACTIVE

    @property
    def label(self) -> str:
        """The kind's name for people ("Organisationssökning"), in the current language."""
        from oversyn.web.jobs.runner import kind_label

        return kind_label(self.kind)

    @property
    def percent(self) -> int:
        return round(max(0.0, min(1.0, self.progress)) * 100)
