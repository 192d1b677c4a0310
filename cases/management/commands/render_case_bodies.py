from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from cases import case_body
from cases.models import Case


class Command(BaseCommand):
    help = (
        "Render and keep the case pages' bodies that are missing or out of date, newest "
        "cases first. Run after a release (it makes every kept body stale), so that no "
        "visitor waits for a case's first view. Safe to run again or to stop: bodies "
        "already up to date are only read."
    )

    def add_arguments(self, parser):
        parser.add_argument("--limit", type=int, help="At most this many cases (the newest)")
        parser.add_argument(
            "--language",
            action="append",
            choices=[code for code, _name in settings.LANGUAGES],
            help="Only this language (may be given more than once); default all",
        )

    def handle(self, *args, limit=None, language=None, verbosity=1, **options):
        if limit is not None and limit < 1:
            raise CommandError("--limit must be at least 1")
        cases = Case.objects.published().order_by("-published_at", "-pk")
        if limit is not None:
            cases = cases.filter(pk__in=cases.values("pk")[:limit])
        total = cases.count()

        def progress(done: int) -> None:
            if verbosity >= 2 or (verbosity and done % 1000 == 0):
                self.stdout.write(f"{done:,} of {total:,} cases")

        rendered, current = case_body.keep_stale(cases, language, progress)
        self.stdout.write(
            f"Rendered {rendered:,} case page bodies; {current:,} were up to date "
            f"({total:,} published cases, {len(language or settings.LANGUAGES)} languages)."
        )
