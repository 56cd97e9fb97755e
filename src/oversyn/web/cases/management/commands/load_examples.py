"""``oversyn-manage load_examples``: load examples/*.yaml and create a demo user with roles.

Idempotent: a case that already exists is left as it is.  The demo user ``demo`` (password
printed) has the creating role (``skapare``) for every example case's municipality and is
utredare in every example case; ``bedomare`` and ``lasare`` get those roles in
the first case only, so the role limits can be tried.  ``remissinstans`` is no case member but
answers the Enköping case's remiss for Socialnämnden (party ``sn``), so the party's own view
can be tried; that remiss is sent (snapshot stored) on the day the case's lifecycle put it on
remiss, or today.  Every write goes through the services, so the audit trail shows the load.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from oversyn.core.process.model import Status
from oversyn.io.casefile import CaseFileError, load_case
from oversyn.web.cases import services
from oversyn.web.cases.models import (
    CaseRecord,
    MunicipalityMembership,
    MunicipalityRole,
    Role,
)
from oversyn.web.platform import shared
from oversyn.web.remiss import actions as services_remiss

#: The demo party: (case id, remiss id, party id) answered by the user ``remissinstans``.
DEMO_REMISS = ("enkoping-2021", "remiss-ks-2021", "sn")


def _find_examples() -> Path:
    here = Path(__file__).resolve()
    for parent in [Path.cwd(), *here.parents]:
        if (parent / "examples").is_dir() and any((parent / "examples").glob("*.yaml")):
            return parent / "examples"
    raise CommandError("examples/ not found; give --dir")


class Command(BaseCommand):
    help = "Läs in exempelärendena (examples/*.yaml) och skapa demoanvändare med roller."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--dir", type=Path, default=None, help="Mapp med ärendefiler.")
        parser.add_argument("--password", default="demo-oversyn", help="Demoanvändarnas lösenord.")

    def handle(self, *args: Any, **options: Any) -> None:
        folder = options["dir"] or _find_examples()
        User = get_user_model()
        password = options["password"]
        users = {}
        for name in ("demo", "bedomare", "lasare", "remissinstans"):
            user, created = User.objects.get_or_create(username=name)
            if created or not user.has_usable_password():
                user.set_password(password)
                user.save()
            users[name] = user
        files = sorted(folder.glob("*.yaml"))
        for i, path in enumerate(files):
            try:
                case = load_case(path)
            except CaseFileError as exc:
                raise CommandError(str(exc)) from exc
            municipality = services.municipality_for(case, create=True)
            MunicipalityMembership.objects.get_or_create(
                municipality=municipality,
                user=users["demo"],
                defaults={"role": MunicipalityRole.SKAPARE},
            )
            record = CaseRecord.objects.filter(owner=municipality, case_id=case.case.id).first()
            if record is None:
                record = services.case_create(
                    actor=users["demo"], case=case, message=f"Exempelärende från {path.name}."
                )
                self.stdout.write(f"Läste in {path.name} → {record.key}")
            else:
                self.stdout.write(f"Fanns redan: {record.key}")
                if not shared.can(users["demo"], record, shared.VIEW):
                    continue
            if i == 0:
                for name, role in (("bedomare", Role.BEDOMARE), ("lasare", Role.LASARE)):
                    if shared.role_of(users[name], record) is None:
                        services.membership_set(
                            actor=users["demo"], record=record, user=users[name], role=role
                        )
        party = self._demo_party(users["demo"], users["remissinstans"])
        self.stdout.write(
            self.style.SUCCESS(
                f"Logga in som demo / {password} (skapar ärenden i exempelkommunerna och är "
                f"utredare i alla exempelärenden); "
                f"bedomare / {password} och lasare / {password} har roller i det första."
                + (f" remissinstans / {password} svarar på remissen för {party}." if party else "")
            )
        )

    def _demo_party(self, demo: Any, party_user: Any) -> str | None:
        """Send the Enköping remiss (once) and let ``remissinstans`` answer for ``sn``."""
        case_id, remiss_id, party_id = DEMO_REMISS
        record = CaseRecord.objects.filter(case_id=case_id).order_by("pk").first()
        if record is None or not shared.can(demo, record, shared.EDIT):
            return None
        case = shared.load(record)
        found = services_remiss.find_remiss(case, remiss_id)
        if found is None:
            return None
        remiss = found[1]
        if remiss.sent is None:
            on_remiss = [
                h.date for h in case.lifecycle.history if h.status == Status.REMISS and h.date
            ]
            services_remiss.remiss_send(
                actor=demo,
                record=record,
                remiss_id=remiss_id,
                base=shared.token(remiss),
                today=on_remiss[0] if on_remiss else timezone.localdate(),
            )
        services_remiss.remiss_party_user_set(
            actor=demo, record=record, remiss_id=remiss_id, party_id=party_id, user=party_user
        )
        return next(p.name for p in remiss.parties if p.id == party_id)
