"""The heartbeat of a background job: ``/halsa/`` reports a job whose beat is too old."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Heartbeat(models.Model):
    name = models.CharField(_("jobb"), max_length=80, unique=True)
    last_beat = models.DateTimeField(_("senaste livstecken"), default=timezone.now)
    detail = models.CharField(_("senaste resultat"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("livstecken")
        verbose_name_plural = _("livstecken")

    def __str__(self) -> str:
        return f"{self.name}: {self.last_beat:%Y-%m-%d %H:%M}"


def beat(name: str, detail: str = "") -> None:
    """Called by a job (``send_reminders``, later the task worker) each time it runs."""
    Heartbeat.objects.update_or_create(
        name=name, defaults={"last_beat": timezone.now(), "detail": detail[:300]}
    )
