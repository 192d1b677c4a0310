"""Recompute everything search derives: buyer/sector/county names and the word list.

The search vector itself is a generated column and never needs rebuilding. Run this after
renaming organisations, sectors or counties in bulk, or to prune words that have left
every case from the "Mente du …?" vocabulary.
"""

from django.core.management.base import BaseCommand

from cases.search.index import rebuild_search_names, rebuild_word_list


class Command(BaseCommand):
    help = "Recompute Case.search_names for all cases and rebuild the search word list."

    def handle(self, *args, **options):
        changed = rebuild_search_names()
        words = rebuild_word_list()
        self.stdout.write(
            self.style.SUCCESS(f"Search names updated for {changed} cases; {words} words listed.")
        )
