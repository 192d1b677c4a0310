from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from networks.gdpr import anonymise_expired, expired_participants, months_before


class Command(BaseCommand):
    help = (
        "Anonymise learning-network participants whose networks all ended more than "
        "PARTICIPANT_RETENTION_MONTHS months ago. Safe to run daily: already anonymised "
        "participants are left alone."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--months",
            type=int,
            default=settings.PARTICIPANT_RETENTION_MONTHS,
            help="Retention period in months (default: settings.PARTICIPANT_RETENTION_MONTHS).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Only count who would be anonymised."
        )

    def handle(self, *args, months, dry_run, **options):
        if months < 1:
            raise CommandError("--months must be at least 1")
        if dry_run:
            count = expired_participants(months_before(timezone.localdate(), months)).count()
            self.stdout.write(f"{count} participant(s) would be anonymised.")
            return
        anonymised, cleared = anonymise_expired(months=months)
        self.stdout.write(
            f"Anonymised {anonymised} participant(s); cleared {cleared} old challenge text(s)."
        )
