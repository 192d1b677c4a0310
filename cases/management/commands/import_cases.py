"""python manage.py import_cases FILE.json — see docs/case-json-format.md."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cases.importexport import ImportFailed, format_problems, import_data, parse_json
from cases.search import semantic


class Command(BaseCommand):
    help = (
        "Importerer anskaffelser fra en JSON-fil (docs/case-json-format.md). Hele filen "
        "kontrolleres først; ved feil lagres ingenting. Samme kortnavn oppdaterer samme sak."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="JSON-fil, eller - for standard inn")
        parser.add_argument(
            "--dry-run", action="store_true", help="Bare kontroller filen, lagre ingenting."
        )

    def handle(self, *args, file: str, dry_run: bool = False, **options):
        verbosity = options.get("verbosity", 1)
        try:
            if file == "-":
                import sys

                text = sys.stdin.buffer.read()
            else:
                text = Path(file).read_bytes()
        except OSError as error:
            raise CommandError(f"Kan ikke lese {file}: {error.strerror or error}") from None

        def progress(stage: str, done: int, total: int) -> None:
            if verbosity >= 1 and total >= 100:
                self.stderr.write(f"{stage.capitalize()}: {done} av {total} anskaffelser")

        try:
            result = import_data(parse_json(text), progress=progress, dry_run=dry_run)
        except ImportFailed as failed:
            raise CommandError(
                f"Importen ble avbrutt, ingenting er lagret. {len(failed.problems)} "
                f"problem(er) i {file}:\n{format_problems(failed.problems)}"
            ) from None
        if not dry_run:
            # The embeddings of the need search, for the cases whose text is new or changed.
            semantic.refresh_embeddings()
        verb = "Kontrollert (ingenting lagret)" if dry_run else "Importert"
        self.stdout.write(
            self.style.SUCCESS(
                f"{verb}: {result.created} nye og {result.updated} oppdaterte anskaffelser, "
                f"{result.organizations_created} nye virksomheter, "
                f"{result.sectors_created} nye sektorer."
            )
        )
