"""The need search: a query that reads like a description of a need, ranked as a whole.

A procurement officer writes the need as she would say it ("pasientene våre med KOLS blir
lagt inn på sykehus gang på gang"). Requiring every word of such a sentence finds nothing,
so a query that reads like a description is ranked by reciprocal rank fusion of two
rankings:

1. lexical: the case's stems against the need's content words with any-word semantics.
   Each word weighs by how rare it is (idf from SearchStem) and by where it stands in the
   case (title 1.0, summary and need 0.7, the rest 0.4 and 0.2). Each word brings the
   forms the precise search knows: inflections (stems), the nynorsk/bokmål pairs, synonyms
   and the spelling with æ, ø and å.
2. semantic: cosine similarity of the need's embedding and the cases' (semantic.py).

Where the server has no pgvector, the lexical ranking alone orders the hits, and the page
says that matching by meaning is not available here.

NeedSearch answers the same questions as TextSearch (filter, rank, highlight), so facets,
sorting, exports, feeds and the API take the need mode without knowing of it.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from django.contrib.postgres.search import SearchQuery
from django.db import connection
from django.db.models import FloatField, Value
from django.db.models.expressions import RawSQL

from cases import caching
from cases.models import Case, SearchStem
from cases.search import semantic
from cases.search.text import TextSearch, parse_query

# A query of this many words or more reads like a description.
NEED_MIN_WORDS = 5
# A shorter query is also taken as a need when every word together finds fewer than this.
NEED_WHEN_HITS_BELOW = 3
MAX_NEED_CHARACTERS = 2000
# Content words of a need that are looked for (the rest of a very long text is not).
MAX_NEED_TERMS = 40
# How many cases each ranking contributes, and how many the fused list keeps.
RANKED_PER_METHOD = 200
# How many cases the lexical ranking scores at most (found through its rarest words).
LEXICAL_CANDIDATES = 1000
METHODS = ("lexical", "semantic")
NEED_HITS = 100
# Reciprocal rank fusion: score = sum of weight / (RRF_K + rank) over the rankings. Chosen
# on the judged set (README, "Need search"): any k from 10 to 30 and a semantic weight of
# 1.5 did as well; meaning finds more, words explain and catch exact rare terms.
RRF_K = 20
RRF_WEIGHTS = {"lexical": 1.0, "semantic": 1.5}
# Which cases each ranking puts forward. By words: those scoring at least this share of
# the best. By meaning (cosine similarities of this model bunch between 0.75 and 0.9):
# those within this margin of the closest, and at least the closest few.
LEXICAL_SHARE = 0.2
SEMANTIC_MARGIN = 0.04
SEMANTIC_AT_LEAST = 5
# A word in more than this share of the cases says nothing about the need (when there are
# enough cases to tell).
COMMON_SHARE = 0.5
COMMON_MIN_CASES = 20
# Where a word stands in a case: title, summary/need/names, approach/results/lessons.
FIELD_WEIGHTS = {"A": 1.0, "B": 0.7, "C": 0.4, "D": 0.2}

_OPERATORS = re.compile(r'["]|(^|\s)-\w|\s(or|OR)\s')
_WORDS = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")


def reads_like_a_need(text: str) -> bool:
    """Five or more words, and no search syntax (quotes, -exclusion, or)."""
    return len(_WORDS.findall(text)) >= NEED_MIN_WORDS and not _OPERATORS.search(text)


def may_be_a_need(text: str) -> bool:
    """A short query of a few plain words: a need if the precise search finds too little."""
    return len(_WORDS.findall(text)) >= 2 and not _OPERATORS.search(text)


def published_count(request=None) -> int:
    return caching.versioned(
        caching.lists, "published-count", lambda: Case.objects.published().count(), request
    )


def _quote(lexeme: str) -> str:
    return "'" + lexeme.replace("'", "''").replace("\\", "\\\\") + "'"


@dataclass
class Word:
    """One content word of the need, with the forms it is looked for in."""

    text: str
    lexemes: tuple[str, ...]  # single stems: the word's, its variants', its synonyms'
    phrases: tuple[tuple[str, ...], ...] = ()  # synonyms of several words, as stems
    idf: float = 0.0
    documents: int = 0  # published cases holding one of its forms (SearchStem, roughly)

    def tsquery(self, weight: str = "") -> str:
        """The word's forms as tsquery text (of stems, for the 'simple' configuration)."""
        parts = [_quote(lexeme) + (f":{weight}" if weight else "") for lexeme in self.lexemes]
        parts += [" <-> ".join(_quote(lexeme) for lexeme in phrase) for phrase in self.phrases]
        return " | ".join(parts)


@dataclass
class NeedSearch(TextSearch):
    """A need and the cases that answer it, best first (see the module's docstring)."""

    words: list[Word] = field(default_factory=list)
    # The fused ranking: (case id, score), best first; and where each case came from.
    ranked: list[tuple[int, float]] = field(default_factory=list)
    lexical_ids: set[int] = field(default_factory=set)
    semantic_ids: set[int] = field(default_factory=set)
    semantic_available: bool = True

    is_need = True
    # The closest this many by meaning are put forward whatever their similarity.
    semantic_at_least = SEMANTIC_AT_LEAST

    @classmethod
    def analyse(cls, text: str, request=None, methods=METHODS) -> NeedSearch:
        """The need's words, weighed, and the fused ranking of the `methods` ("lexical",
        "semantic"; both unless a measurement asks for one)."""
        text = text[:MAX_NEED_CHARACTERS]
        words = " ".join(_WORDS.findall(text))
        base = TextSearch.analyse(words, request, max_terms=MAX_NEED_TERMS)
        search = cls(text, groups=base.groups, excluded=[])
        search.words = search._weighted_words(request)
        search.semantic_available = semantic.available()
        search._rank(text, methods)
        return search

    # --- analysis and ranking -------------------------------------------------------

    def _weighted_words(self, request) -> list[Word]:
        """One Word per content word (a group of TextSearch), with its idf; very common
        words are left out."""
        words = []
        for group in self.groups:
            lexemes, phrases = set(), set()
            for term in group:
                for t in (term, *term.parts) if not term.parts else term.parts:
                    if t.phrase and len(t.lexemes) > 1:
                        phrases.add(t.lexemes)
                    elif len(t.lexemes) == 1:
                        lexemes.add(t.lexemes[0])
                        lexemes.update(t.stem_variants)
            word = Word(group[0].text, tuple(sorted(lexemes)), tuple(sorted(phrases)))
            # A word the need repeats ("gang på gang") counts once.
            if (lexemes or phrases) and all(
                (w.lexemes, w.phrases) != (word.lexemes, word.phrases) for w in words
            ):
                words.append(word)
        if not words:
            return []
        total = max(published_count(request), 1)
        all_lexemes = sorted({lexeme for word in words for lexeme in word.lexemes})
        counts = dict(
            SearchStem.objects.filter(stem__in=all_lexemes).values_list("stem", "document_count")
        )
        kept = []
        for word in words:
            df = max((counts.get(lexeme, 0) for lexeme in word.lexemes), default=0)
            if word.phrases and not df:
                df = 1
            if total >= COMMON_MIN_CASES and df > COMMON_SHARE * total:
                continue
            # BM25's idf: a word in no case scores as a very rare one.
            word.idf = math.log(1.0 + (total - df + 0.5) / (df + 0.5))
            word.documents = df
            kept.append(word)
        return kept

    def _lexical(self) -> list[tuple[int, float]]:
        """Cases holding any content word, by the sum of idf × field weight of the words
        they hold."""
        if not self.words:
            return []
        params: list = []
        scores = []
        for word in self.words:
            # The best field the word stands in: title, then summary/need, then the rest.
            cases = []
            for label, weight in FIELD_WEIGHTS.items():
                if word.lexemes:
                    cases.append(f"WHEN c.search_vector @@ to_tsquery('simple', %s) THEN {weight}")
                    params.append(word.tsquery(label))
            cases.append("WHEN c.search_vector @@ to_tsquery('simple', %s) THEN 0.7")
            params.append(word.tsquery())
            scores.append(f"{word.idf:.6f} * (CASE {' '.join(cases)} ELSE 0 END)")
        # Candidates come through the GIN index from the rarest words only, until they hold
        # about LEXICAL_CANDIDATES cases: a need's common words ("få", "hjelp") would
        # otherwise put most of 100,000 cases through the scoring. Every word still scores.
        rare, holding = [], 0
        for word in sorted(self.words, key=lambda w: -w.idf):
            # Words no case holds find nothing: the rarest word that does is always taken.
            if holding and holding + word.documents > LEXICAL_CANDIDATES:
                break
            rare.append(word)
            holding += word.documents
        candidates = " | ".join(f"({word.tsquery()})" for word in rare)
        sql = f"""
            WITH c AS MATERIALIZED (
                SELECT id, search_vector, published_at FROM {Case._meta.db_table}
                WHERE is_published AND search_vector @@ to_tsquery('simple', %s)
                LIMIT {2 * LEXICAL_CANDIDATES}
            )
            SELECT c.id, {" + ".join(scores)} AS score
            FROM c
            ORDER BY score DESC, c.published_at DESC, c.id
            LIMIT {RANKED_PER_METHOD}
        """  # noqa: S608 - table name and numbers are constants; words are parameters
        with connection.cursor() as cursor:
            cursor.execute(sql, [candidates, *params])
            return [(pk, float(score)) for pk, score in cursor.fetchall()]

    def _semantic(self, text: str) -> list[tuple[int, float]]:
        if not self.semantic_available:
            return []
        return semantic.nearest(semantic.embed_need(text), limit=RANKED_PER_METHOD)

    def _rank(self, text: str, methods=METHODS) -> None:
        lexical = self._lexical() if "lexical" in methods else []
        if lexical:
            lexical = [(pk, sc) for pk, sc in lexical if sc >= LEXICAL_SHARE * lexical[0][1]]
        # Only words like "og" and "i", punctuation or emoji: nothing to match by meaning either.
        meaning = self._semantic(text) if self.groups and "semantic" in methods else []
        if meaning:
            closest = meaning[0][1]
            meaning = [
                (pk, sim)
                for place, (pk, sim) in enumerate(meaning)
                if place < self.semantic_at_least or sim >= closest - SEMANTIC_MARGIN
            ]
        self.lexical_ids = {pk for pk, _score in lexical}
        self.semantic_ids = {pk for pk, _score in meaning}
        fused: dict[int, float] = {}
        for name, ranking in (("lexical", lexical), ("semantic", meaning)):
            for place, (pk, _score) in enumerate(ranking, start=1):
                fused[pk] = fused.get(pk, 0.0) + RRF_WEIGHTS[name] / (RRF_K + place)
        best = sorted(fused.items(), key=lambda item: (-item[1], item[0]))
        self.ranked = best[:NEED_HITS]

    # --- what the search page, facets and exports ask of a text search ---------------

    @property
    def ids(self) -> list[int]:
        return [pk for pk, _score in self.ranked]

    @property
    def is_empty(self) -> bool:
        return False

    def filter(self, cases):
        # No hits is a condition SQL can still be built from (pk__in=[] cannot).
        return cases.filter(pk__in=self.ids) if self.ids else cases.filter(Value(False))

    def candidates(self, cases):
        return self.filter(cases).order_by().values("pk")

    def rank(self, cases):
        """`rank` is the place in the fused list (higher is better); every hit counts as
        matching "whole words", since the need is matched as a whole."""
        position = RawSQL(
            "-array_position(%s::bigint[], cases_case.id)", (self.ids,), output_field=FloatField()
        )
        return cases.annotate(whole_words=Value(True), rank=position)

    def _positive_query(self) -> SearchQuery | None:
        """The need's content words and their forms, for highlighting."""
        text = " | ".join(f"({word.tsquery()})" for word in self.words)
        return SearchQuery(text, config="simple", search_type="raw") if text else None

    def suggestion(self) -> str | None:
        return None

    @property
    def compounds(self):
        return []

    def reasons(self, case_ids: list[int]) -> dict[int, list[str]]:
        """For each case, the need's words it holds (as the need wrote them); an empty list
        for a case found by meaning alone."""
        if not case_ids or not self.words:
            return {pk: [] for pk in case_ids}
        checks = ", ".join("c.search_vector @@ to_tsquery('simple', %s)" for _ in self.words)
        sql = f"SELECT c.id, ARRAY[{checks}] FROM {Case._meta.db_table} c WHERE c.id = ANY(%s)"  # noqa: S608
        with connection.cursor() as cursor:
            cursor.execute(sql, [*(word.tsquery() for word in self.words), list(case_ids)])
            # Rarest first: the words that say most about why the case is there.
            found = {
                pk: [
                    word.text
                    for word, hit in sorted(
                        zip(self.words, hits, strict=True), key=lambda pair: -pair[0].idf
                    )
                    if hit
                ]
                for pk, hits in cursor.fetchall()
            }
        return {pk: found.get(pk, []) for pk in case_ids}


class NewCasesNeedSearch(NeedSearch):
    """A need-mode alert's ranking, for the digest of the cases new since the last one.

    The search page puts forward the closest few by meaning, so that a need always finds
    something to learn from; a digest would then list a new case only for being among
    the few closest of a small collection, whatever it is about. Only the closest, and
    the cases within the margin of it, as on the needs board."""

    semantic_at_least = 1


def short_query_needs_more(text_search: TextSearch, cases) -> bool:
    """Whether a short plain query finds fewer than NEED_WHEN_HITS_BELOW cases with every
    word required (one small query)."""
    found = text_search.filter(cases).order_by().values("pk")[:NEED_WHEN_HITS_BELOW]
    return len(found) < NEED_WHEN_HITS_BELOW


__all__ = ["NeedSearch", "parse_query", "reads_like_a_need"]
