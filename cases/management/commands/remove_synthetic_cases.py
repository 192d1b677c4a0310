"""Remove every synthetic case, and the synthetic buyers and networks made for them."""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.db import connection

from cases.demo.removal import remove_synthetic_data
from cases.models import Case


class Command(BaseCommand):
    help = "Remove all synthetic cases (made by generate_cases) and their buyers and networks."

    def handle(self, *args, **options):
        removed = remove_synthetic_data()
        message = (
            f"Removed {removed['cases']:,} synthetic cases, {removed['organizations']:,} "
            f"synthetic organisations and {removed['networks']:,} synthetic networks."
        )
        if removed["kept_organizations"]:
            kept = removed["kept_organizations"]
            message += f" Kept {kept} synthetic organisations that real data uses."
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {Case._meta.db_table}")
        self.stdout.write(self.style.SUCCESS(message))
