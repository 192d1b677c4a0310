from django.core.management.base import BaseCommand, CommandError

from networks.public_bodies import ImportSummary, import_public_bodies, load_municipalities
from networks.registry import RegistryError


class Command(BaseCommand):
    help = (
        "Load the public bodies from Enhetsregisteret's bulk file of entities (JSON, gzip or "
        "not: https://data.brreg.no/enhetsregisteret/api/enheter/lastned). Updates bodies by "
        "organisation number; bodies gone from the register are deleted when unused and "
        "otherwise marked as no longer registered. Loads the 2024 municipalities first."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="enheter_alle.json.gz, or the same unpacked")
        parser.add_argument(
            "--partial",
            action="store_true",
            help="The file is a part of the register: mark nothing as no longer registered.",
        )

    def handle(self, *args, file, partial, **options):
        municipalities = load_municipalities()
        if municipalities.created:
            self.stdout.write(f"Added {municipalities.created} municipalities of 2024.")
        try:
            summary = import_public_bodies(file, complete=not partial, progress=self._progress)
        except FileNotFoundError as error:
            raise CommandError(f"No such file: {file}") from error
        except (RegistryError, OSError, EOFError, UnicodeDecodeError) as error:
            raise CommandError(f"{file}: {error} Nothing was changed.") from error
        read = summary.read
        self.stdout.write(
            f"Read {read.entities} entities: {read.public_bodies} public bodies "
            f"({', '.join(f'{n} {kind}' for kind, n in sorted(read.kinds.items()))})."
        )
        if read.skipped:
            skipped = ", ".join(f"{n} {reason}" for reason, n in sorted(read.skipped.items()))
            self.stdout.write(f"Skipped: {skipped}.")
        self.stdout.write(
            self.style.SUCCESS(
                f"Created {summary.created}, updated {summary.updated}, unchanged "
                f"{summary.unchanged}; no longer registered {summary.no_longer_registered}, "
                f"deleted {summary.deleted}."
            )
        )

    def _progress(self, summary: ImportSummary) -> None:
        self.stdout.write(
            f"… {summary.read.entities} entities read, {summary.read.public_bodies} public bodies"
        )
