"""Recompute everything search derives: buyer/sector/county names, the word and stem lists,
and the embeddings of the need search.

The search vector itself is a generated column and never needs rebuilding. Run this after
a change of the rules, to prune words that have left every case from the "Mente du …?"
vocabulary, or to embed every case (after generate_cases, or once pgvector is installed).
"""

import sys
import time

from django.core.management.base import BaseCommand

from cases.search import semantic
from cases.search.index import rebuild_search_names, rebuild_word_list


class Command(BaseCommand):
    help = "Recompute search names, the word lists and the embeddings of all cases."

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-embeddings", action="store_true", help="Leave the embeddings as they are."
        )

    def handle(self, *args, no_embeddings: bool = False, **options):
        changed = rebuild_search_names()
        words = rebuild_word_list()
        self.stdout.write(f"Search names updated for {changed} cases; {words} words listed.")
        if no_embeddings:
            return
        if not semantic.ensure_schema():
            self.stdout.write(
                "This PostgreSQL server has no pgvector: the need search ranks by words only."
            )
            return
        started = time.monotonic()
        embedded = semantic.refresh_embeddings(progress=self._progress)
        if embedded:
            sys.stderr.write("\n")
        self.stdout.write(
            self.style.SUCCESS(
                f"{embedded} cases embedded in {time.monotonic() - started:.0f} s "
                "(cases whose text had not changed were left as they were)."
            )
        )

    def _progress(self, done: int, total: int) -> None:
        width = 40
        filled = width * done // max(total, 1)
        sys.stderr.write(f"\r  embedding [{'#' * filled}{'.' * (width - filled)}] {done}/{total}")
        sys.stderr.flush()
