from django.core.management.base import BaseCommand, CommandError

from cases.needs import RETENTION_MONTHS, erase_expired


class Command(BaseCommand):
    help = (
        "Erase the contacts of needs on the needs board (/behov/) closed more than "
        f"{RETENTION_MONTHS} months ago, and of the interests in them. The needs stay listed "
        "as closed. Safe to run daily, next to anonymise_participants."
    )

    def add_arguments(self, parser):
        parser.add_argument("--months", type=int, default=RETENTION_MONTHS)

    def handle(self, *args, months, **options):
        if months < 1:
            raise CommandError("--months must be at least 1")
        erased = erase_expired(months=months)
        self.stdout.write(f"Erased the contacts of {erased} closed need(s).")
