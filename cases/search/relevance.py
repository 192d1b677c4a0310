"""Relevance of the need search on a judged set: hit@5, MRR and recall@10.

The judged set (tests/relevance/needs.json) holds needs written as people write them, each
with the slugs of the published demo cases that answer it. `make relevance` prints the
figures for the lexical, semantic and hybrid rankings and the needs each misses; a test
guards the hybrid figures reached.
"""

from __future__ import annotations

import json
import statistics
import time
from dataclasses import dataclass, field
from pathlib import Path

from cases.models import Case
from cases.search.need import NeedSearch

JUDGED_SET = Path(__file__).resolve().parents[2] / "tests" / "relevance" / "needs.json"
RANKINGS = {
    "lexical": ("lexical",),
    "semantic": ("semantic",),
    "hybrid": ("lexical", "semantic"),
}


@dataclass
class Figures:
    ranking: str
    hit_at_5: float = 0.0
    mrr: float = 0.0
    recall_at_10: float = 0.0
    missed: list[str] = field(default_factory=list)  # needs with nothing relevant in the top 5
    milliseconds: list[float] = field(default_factory=list)


def load_needs(path: Path = JUDGED_SET) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))


def evaluate(needs: list[dict], ranking: str) -> Figures:
    """Run each need through the need search with one ranking and score the result."""
    slugs = dict(Case.objects.published().values_list("pk", "slug"))
    figures = Figures(ranking)
    hits, reciprocal, recalls = [], [], []
    for need in needs:
        relevant = set(need["relevant"])
        started = time.perf_counter()
        search = NeedSearch.analyse(need["need"], methods=RANKINGS[ranking])
        figures.milliseconds.append((time.perf_counter() - started) * 1000)
        found = [slugs.get(pk) for pk in search.ids]
        first = next((i for i, slug in enumerate(found, start=1) if slug in relevant), None)
        hits.append(1.0 if first is not None and first <= 5 else 0.0)
        reciprocal.append(1.0 / first if first else 0.0)
        recalls.append(len(relevant & set(found[:10])) / len(relevant))
        if not hits[-1]:
            figures.missed.append(need["id"])
    figures.hit_at_5 = statistics.fmean(hits)
    figures.mrr = statistics.fmean(reciprocal)
    figures.recall_at_10 = statistics.fmean(recalls)
    return figures
