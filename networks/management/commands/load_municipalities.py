from django.core.management.base import BaseCommand

from networks.public_bodies import load_municipalities


class Command(BaseCommand):
    help = (
        "Add the 357 municipalities and 15 county municipalities of 2024 (networks/data/, "
        "from Statistics Norway) that are not there yet, without organisation numbers "
        "(import_public_bodies fills them in). Safe to repeat."
    )

    def handle(self, *args, **options):
        summary = load_municipalities()
        self.stdout.write(
            f"Added {summary.created} municipalities and county municipalities; "
            f"{summary.existing} were there already."
        )
