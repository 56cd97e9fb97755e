"""Database models: a case row holding the validated case, memberships (roles) and the audit.

Storage design (see docs/web.md): the case file is the interchange format, so each case's
content is stored as the validated :class:`oversyn.core.case.Case` in JSON (``content``) in
one versioned row.  ``version`` is bumped by every write with a compare-and-swap update, which
is the optimistic lock.  The few columns the case list needs (title, municipality, deadline)
are copied out of the content on every write.  Roles and the audit trail are ordinary
normalised tables because they are queried (who may see what; history per case).

Municipalities (see docs/web.md, "Kommuner"): a :class:`Municipality` owns cases.  The case's
own id (``case_id``, the ``case.id`` of the case file) is unique *within* its municipality;
``key`` is the case's address in URLs and stays unique in the installation: it equals the id,
unless another municipality already has a case with that id, and then it is ``<id>~<kommunkod>``.
Every write stores the case as it became in a :class:`CaseRevision` (compressed JSON with its
format version), in the same transaction as the audit row.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def acting_user() -> models.ForeignKey:
    """The user who did something to a row (created it, uploaded, invited …): no reverse
    relation, and the row outlives the user (the field becomes NULL when the user goes)."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )


def owning_user(related_name: str) -> models.ForeignKey:
    """The user a row belongs to (a membership, a token, a login identity): the row goes with
    the user, and the user reaches its rows by ``related_name``."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name=related_name
    )


class Role(models.TextChoices):
    UTREDARE = "utredare", _("utredare")
    BEDOMARE = "bedomare", _("bedömare")
    LASARE = "lasare", _("läsare")


class MunicipalityRole(models.TextChoices):
    """A user's role for a whole municipality: sees all its cases (as läsare); ``skapare``
    may also create cases in it (and becomes utredare of the cases they create)."""

    SKAPARE = "skapare", _("skapar ärenden")
    LASARE = "lasare", _("läsare")


class Municipality(models.Model):
    """A municipality (kommun) that owns cases; ``code`` is SCB's kommunkod (four digits).

    ``code`` is empty only for a municipality that a case names without a code (the example
    cases whose source documents do not name the municipality)."""

    name = models.CharField(_("namn"), max_length=200)
    code = models.CharField(_("kommunkod"), max_length=4, blank=True, null=True, unique=True)
    members = models.ManyToManyField(  # type: ignore[var-annotated]
        settings.AUTH_USER_MODEL, through="MunicipalityMembership", related_name="municipalities"
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("kommun")
        verbose_name_plural = _("kommuner")

    def __str__(self) -> str:
        return f"{self.name} ({self.code})" if self.code else self.name

    @property
    def slug(self) -> str:
        """How URLs name the municipality: its kommunkod, or ``k<pk>`` when it has none."""
        return self.code or f"k{self.pk}"


class MunicipalityMembership(models.Model):
    """A user's role for a whole municipality (all its cases)."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="memberships"
    )
    user = owning_user("municipality_memberships")
    role = models.CharField(_("roll"), max_length=20, choices=MunicipalityRole.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "user"], name="one_role_per_user_and_municipality"
            )
        ]
        verbose_name = _("kommunroll")
        verbose_name_plural = _("kommunroller")

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} – {self.municipality}"


class CaseRecord(models.Model):
    """One case (ärende): its validated content as JSON plus a version for optimistic locking."""

    key = models.CharField(_("adress"), max_length=100, unique=True)
    case_id = models.CharField(_("id"), max_length=80, db_index=True, default="")
    owner = models.ForeignKey(
        Municipality,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases",
        verbose_name=_("kommun"),
    )
    title = models.CharField(_("titel"), max_length=300)
    municipality = models.CharField(_("kommun"), max_length=200, blank=True)
    deadline = models.CharField(_("tidsfrist"), max_length=100, blank=True)
    content = models.JSONField(_("innehåll"))
    version = models.PositiveIntegerField(_("version"), default=1)
    created_at = models.DateTimeField(_("skapat"), default=timezone.now)
    updated_at = models.DateTimeField(_("ändrat"), default=timezone.now)
    created_by = acting_user()
    members = models.ManyToManyField(  # type: ignore[var-annotated]
        settings.AUTH_USER_MODEL, through="Membership", related_name="cases"
    )

    class Meta:
        ordering = ["title"]
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "case_id"], name="case_id_unique_in_municipality"
            )
        ]
        verbose_name = _("ärende")
        verbose_name_plural = _("ärenden")

    def __str__(self) -> str:
        return self.title


class Membership(models.Model):
    """A user's role in one case."""

    case = models.ForeignKey(CaseRecord, on_delete=models.CASCADE, related_name="memberships")
    user = owning_user("memberships")
    role = models.CharField(_("roll"), max_length=20, choices=Role.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["case", "user"], name="one_role_per_user_and_case")
        ]
        verbose_name = _("medlemskap")
        verbose_name_plural = _("medlemskap")

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} – {self.case.key}"


class Action(models.TextChoices):
    CREATE = "create", _("skapad")
    UPDATE = "update", _("ändrad")
    DELETE = "delete", _("borttagen")
    IMPORT = "import", _("importerad")
    RESTORE = "restore", _("återställd")


class AuditRecord(models.Model):
    """One change to a case, modelled on NetBox's ObjectChange.

    Written by the service layer in the same transaction as the change.  Survives the case
    (``case`` is set to NULL, ``case_key`` stays) and the user (``user_name`` stays).
    """

    time = models.DateTimeField(_("tid"), default=timezone.now, db_index=True)
    user = acting_user()
    user_name = models.CharField(_("användare"), max_length=150)
    request_id = models.CharField(_("anrops-id"), max_length=64, blank=True)
    case = models.ForeignKey(
        CaseRecord, null=True, blank=True, on_delete=models.SET_NULL, related_name="audit"
    )
    case_key = models.CharField(_("ärende"), max_length=80)
    case_version = models.PositiveIntegerField(_("ärendeversion"), null=True, blank=True)
    action = models.CharField(_("händelse"), max_length=10, choices=Action.choices)
    object_type = models.CharField(_("objekttyp"), max_length=40)
    object_id = models.CharField(_("objekt-id"), max_length=200, blank=True)
    object_repr = models.CharField(_("objekt"), max_length=300, blank=True)
    before = models.JSONField(_("före"), null=True, blank=True)
    after = models.JSONField(_("efter"), null=True, blank=True)
    message = models.TextField(_("meddelande"), blank=True)

    class Meta:
        ordering = ["-time", "-id"]
        indexes = [models.Index(fields=["case", "-time"], name="audit_case_time")]
        verbose_name = _("ändringspost")
        verbose_name_plural = _("ändringsposter")

    def __str__(self) -> str:
        return f"{self.time:%Y-%m-%d %H:%M} {self.user_name} {self.action} {self.object_repr}"


class CaseRevision(models.Model):
    """The whole case as one write left it (Wagtail's revisions): version ``version`` of the case.

    ``data`` is the case's JSON compressed with zlib (a 2 000-unit case is about a tenth of its
    JSON size; see docs/web.md); ``format`` is the case-file format it was written in, so that
    reading it runs the upgrade steps (:mod:`oversyn.core.upgrade`).  Written in the same
    transaction as the audit row ``audit``.
    """

    case = models.ForeignKey(CaseRecord, on_delete=models.CASCADE, related_name="revisions")
    version = models.PositiveIntegerField(_("version"))
    format = models.CharField(_("format"), max_length=40)
    data = models.BinaryField(_("innehåll (komprimerat)"))
    size = models.PositiveIntegerField(_("storlek (byte okomprimerat)"), default=0)
    created_at = models.DateTimeField(_("skapad"), default=timezone.now)
    audit = models.OneToOneField(
        "AuditRecord", null=True, blank=True, on_delete=models.SET_NULL, related_name="revision"
    )

    class Meta:
        ordering = ["-version"]
        constraints = [
            models.UniqueConstraint(fields=["case", "version"], name="one_revision_per_version")
        ]
        verbose_name = _("version av ärendet")
        verbose_name_plural = _("versioner av ärendet")

    def __str__(self) -> str:
        return f"{self.case.key} v{self.version}"


class CaseTemplate(models.Model):
    """The case's own Word template (.docx), used for the DOCX of the beslutsunderlag.

    Stored in the database (a few hundred kB) so that the app needs no shared media volume;
    uploads are checked with python-docx before anything is stored.
    """

    case = models.OneToOneField(CaseRecord, on_delete=models.CASCADE, related_name="template")
    filename = models.CharField(_("filnamn"), max_length=255)
    data = models.BinaryField(_("innehåll"))
    uploaded_at = models.DateTimeField(_("uppladdad"), default=timezone.now)
    uploaded_by = acting_user()

    class Meta:
        verbose_name = _("Word-mall")
        verbose_name_plural = _("Word-mallar")

    def __str__(self) -> str:
        return f"{self.case.key}: {self.filename}"


class RemissSnapshot(models.Model):
    """What a remiss sent: fixed when it is sent, so a party reads exactly that later.

    ``content`` holds what the party page shows (title, sender, covering text, the alternatives
    with their structural diff in Swedish and English); ``html`` is the draft beslutsunderlag
    as rendered by the document pipeline at sending.  One per remiss (a remiss is sent once).
    """

    case = models.ForeignKey(CaseRecord, on_delete=models.CASCADE, related_name="remiss_snapshots")
    remiss_id = models.CharField(_("remiss"), max_length=80)
    created_at = models.DateTimeField(_("skapad"), default=timezone.now)
    created_by = acting_user()
    case_version = models.PositiveIntegerField(_("ärendeversion"))
    content = models.JSONField(_("innehåll"), default=dict)
    html = models.TextField(_("beslutsunderlag (HTML)"))

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["case", "remiss_id"], name="one_snapshot_per_remiss")
        ]
        verbose_name = _("skickad remiss")
        verbose_name_plural = _("skickade remisser")

    def __str__(self) -> str:
        return f"{self.case.key}: {self.remiss_id}"


class RemissAccess(models.Model):
    """A user who answers a remiss for one party.  Not a case member: sees only the remiss."""

    case = models.ForeignKey(CaseRecord, on_delete=models.CASCADE, related_name="remiss_access")
    remiss_id = models.CharField(_("remiss"), max_length=80)
    party_id = models.CharField(_("remissinstans"), max_length=80)
    user = owning_user("remiss_access")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["case", "remiss_id", "party_id", "user"], name="one_access_per_party_user"
            )
        ]
        verbose_name = _("remissåtkomst")
        verbose_name_plural = _("remissåtkomster")

    def __str__(self) -> str:
        return f"{self.user} – {self.case.key}/{self.remiss_id}/{self.party_id}"
