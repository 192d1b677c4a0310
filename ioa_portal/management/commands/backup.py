from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from ioa_portal.backup import backup


class Command(BaseCommand):
    help = "Dump the database (pg_dump custom format) and the uploaded files into a new folder."

    def add_arguments(self, parser):
        parser.add_argument("--to", type=Path, help="Folder to create (default backups/<time>)")

    def handle(self, *args, to=None, **options):
        target = to or settings.BASE_DIR / "backups" / timezone.now().strftime("%Y%m%dT%H%M%S")
        backup(target)
        self.stdout.write(self.style.SUCCESS(f"Backup written to {target}"))
