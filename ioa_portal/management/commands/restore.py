from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ioa_portal.backup import restore


class Command(BaseCommand):
    help = "Restore a folder made by 'backup' into the configured database, replacing its data."

    def add_arguments(self, parser):
        parser.add_argument("source", type=Path, help="Folder made by 'manage.py backup'")
        parser.add_argument("--yes", action="store_true", help="Do not ask for confirmation")

    def handle(self, *args, source, yes=False, **options):
        if not yes:
            answer = input(f"Replace all data in the database with {source}? Type 'ja': ")
            if answer.strip().lower() != "ja":
                raise CommandError("Restore cancelled; nothing was changed.")
        restore(source)
        self.stdout.write(self.style.SUCCESS(f"Restored {source}"))
