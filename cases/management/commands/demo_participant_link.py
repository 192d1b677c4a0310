"""Print a one-time login link to Min side for the demo participant (`make run` does).

Only with DEBUG on, like the demo logins: the demo participant exists only then, and a
command that hands out login links has no place in production. The participant is made by
`load_demo_data` (cases/demo/running.py).
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.management.base import BaseCommand

from cases.demo import running as demo_running
from networks import participants
from networks.models import Participant

LINK_MAX_AGE = datetime.timedelta(hours=8)


class Command(BaseCommand):
    help = (
        "Skriver ut en engangslenke til Min side for demodeltakeren (bare med DJANGO_DEBUG=true)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--base-url",
            default=settings.IOA_SITE_URL,
            help="Adressen nettstedet kjører på, for eksempel http://127.0.0.1:8000.",
        )

    def handle(self, *args, base_url: str, **options):
        if not settings.DEBUG:
            self.stdout.write("  Min side: no demo participant link (DJANGO_DEBUG is off).")
            return
        participant = Participant.objects.filter(
            email__iexact=demo_running.DEMO_PARTICIPANT_EMAIL, anonymised_at__isnull=True
        ).first()
        if participant is None or not participants.has_login(participant):
            self.stdout.write("  Min side: no demo participant (run load_demo_data first).")
            return
        link = participants.issue_link(participant, max_age=LINK_MAX_AGE)
        hours = int(LINK_MAX_AGE.total_seconds() // 3600)
        self.stdout.write(
            f"  Min side as demo participant {participant.name} "
            f"(log in once, within {hours} hours):\n    {link.url(base_url)}"
        )
