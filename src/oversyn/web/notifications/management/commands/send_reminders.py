"""``oversyn-manage send_reminders``: the daily job (deploy/oversyn-reminders.timer).

Sends the reminders due today before remiss deadlines and the cases' own deadlines (the days
before are ``OVERSYN_REMINDER_DAYS``), retries mails still pending, and beats the
``send_reminders`` heartbeat that ``/halsa/`` checks.  Running it twice sends nothing twice.
"""

import datetime as dt

from django.core.management.base import BaseCommand
from django.utils import timezone

from oversyn.web.notifications.services import send_reminders


class Command(BaseCommand):
    help = "Skicka dagens påminnelser om remissvar och tidsfrister (körs dagligen)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--today",
            type=dt.date.fromisoformat,
            default=None,
            help="dagens datum (ÅÅÅÅ-MM-DD; standard: i dag)",
        )

    def handle(self, *args, today=None, **options):
        day = today or timezone.localdate()
        mails = send_reminders(today=day)
        self.stdout.write(f"{day.isoformat()}: {len(mails)} påminnelser köade")
        for mail in mails:
            mail.refresh_from_db()
            self.stdout.write(f"  {mail.get_status_display()}: {mail.recipient} – {mail.subject}")
