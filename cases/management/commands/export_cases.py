"""python manage.py export_cases [--output FILE] [--published] — see docs/case-json-format.md."""

import json

from django.core.management.base import BaseCommand, CommandError
from django.core.serializers.json import DjangoJSONEncoder

from cases.importexport import export_data
from cases.models import Case


class Command(BaseCommand):
    help = "Eksporterer anskaffelser med alle deler som JSON (docs/case-json-format.md)."

    def add_arguments(self, parser):
        parser.add_argument("--output", "-o", help="Fil å skrive til (standard: standard ut).")
        parser.add_argument(
            "--published", action="store_true", help="Bare publiserte anskaffelser."
        )
        parser.add_argument(
            "--slug", action="append", default=[], help="Bare denne anskaffelsen (kan gjentas)."
        )

    def handle(self, *args, output=None, published=False, slug=(), **options):
        cases = Case.objects.all()
        if published:
            cases = cases.published()
        if slug:
            cases = cases.filter(slug__in=slug)
        data = export_data(cases)
        text = json.dumps(data, ensure_ascii=False, indent=2, cls=DjangoJSONEncoder) + "\n"
        if output:
            try:
                with open(output, "w", encoding="utf-8") as handle:
                    handle.write(text)
            except OSError as error:
                raise CommandError(f"Kan ikke skrive {output}: {error.strerror or error}") from None
            self.stderr.write(f"Eksporterte {len(data['cases'])} anskaffelser til {output}.")
        else:
            self.stdout.write(text, ending="")
