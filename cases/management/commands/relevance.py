"""Print the need search's relevance on the judged set (make relevance)."""

from django.core.management.base import BaseCommand

from cases.search import semantic
from cases.search.relevance import RANKINGS, evaluate, load_needs


class Command(BaseCommand):
    help = "hit@5, MRR and recall@10 of the lexical, semantic and hybrid need rankings."

    def handle(self, *args, **options):
        needs = load_needs()
        by_id = {need["id"]: need for need in needs}
        self.stdout.write(f"{len(needs)} judged needs\n")
        heading = f"{'ranking':<10} {'hit@5':>6} {'MRR':>6} {'recall@10':>10} {'ms p50':>7}"
        self.stdout.write(heading)
        missed = {}
        for ranking in RANKINGS:
            if ranking != "lexical" and not semantic.available():
                self.stdout.write(f"{ranking:<10} (no pgvector on this server)")
                continue
            figures = evaluate(needs, ranking)
            times = sorted(figures.milliseconds)
            self.stdout.write(
                f"{ranking:<10} {figures.hit_at_5:6.3f} {figures.mrr:6.3f} "
                f"{figures.recall_at_10:10.3f} {times[len(times) // 2]:7.0f}"
            )
            missed[ranking] = figures.missed
        for ranking, ids in missed.items():
            self.stdout.write(f"\nMissed by {ranking} (nothing relevant in the first five):")
            for need_id in ids:
                self.stdout.write(f"  {need_id}: {by_id[need_id]['need'][:100]}")
