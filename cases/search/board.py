"""The needs board's search (/behov/): the case search's two modes, over needs.

- Precise (``modus=presis``): every word, matched as ``TextSearch`` matches cases: the
  Norwegian stemmer's inflections, the nynorsk/bokmål pairs, synonyms, words typed without
  æ, ø and å, words inside compounds (of the title and the text) and unknown compounds as
  their parts. Needs have no stored search vector: ``searchable()`` computes it (title A;
  text and the body's name B) for the needs the board lists, a few hundred rows.
- Need (``modus=behov``): the text as a whole, ranked as ``NeedSearch`` ranks cases
  (``NeedBoardSearch`` is a NeedSearch whose two rankings read needs): the need's content
  words weighed by how rare they are among the published cases (the board is too small for
  statistics of its own) and by where they stand, fused by reciprocal rank with how close
  each need is in meaning. A need is embedded from its title and text once per version of
  the text, kept in the cache. Where the server has no pgvector the case search ranks by
  words alone; so does this, and the page says so in the same words.
- Neither chosen: need mode when the text reads like a description, or when a few plain
  words together find fewer than three needs, as on the case search.
"""

from __future__ import annotations

import hashlib

import numpy
from django.contrib.postgres.search import SearchVector
from django.core.cache import cache
from django.db import connection
from django.db.models import F, FloatField, Value
from django.db.models.expressions import RawSQL

from cases.models import SEARCH_CONFIG, Need
from cases.search import need as need_search
from cases.search import semantic
from cases.search.filters import MODE_NEED, MODE_PRECISE
from cases.search.text import TextSearch
from networks.models import Organization

# Title as the case search's title, the text and the body's name as its summary.
SEARCH_VECTOR = SearchVector("title", weight="A", config=SEARCH_CONFIG) + SearchVector(
    "text", "organization__name", weight="B", config=SEARCH_CONFIG
)
_VECTOR_SQL = f"""
    setweight(to_tsvector('{SEARCH_CONFIG}', n.title), 'A')
    || setweight(to_tsvector('{SEARCH_CONFIG}', n.text || ' ' || o.name), 'B')
"""
NEED_FIELD_WEIGHTS = {"A": 1.0, "B": 0.7}
# Needs embedded in one request at most; the rest are embedded by the next searches (a
# need takes about 45 ms; each is embedded once per text, then read from the cache).
MAX_EMBEDDED_PER_SEARCH = 64
EMBEDDING_CACHE_SECONDS = 60 * 60 * 24 * 90


def searchable(needs):
    """Needs with what a TextSearch asks of cases: a search vector, and a ``summary`` (here
    the need's text) where words inside compounds are looked for."""
    return needs.annotate(search_vector=SEARCH_VECTOR, summary=F("text"))


def analyse(text: str, mode: str | None = None, request=None) -> BoardSearch | None:
    """The search the text and ``modus`` ask for, or None when nothing is searchable."""
    text = (text or "").strip()
    if not text:
        return None
    if mode == MODE_NEED or (mode != MODE_PRECISE and need_search.reads_like_a_need(text)):
        return BoardSearch(NeedBoardSearch.analyse(text, request))
    precise = TextSearch.analyse(text, request)
    if precise.is_empty:
        return None
    if (
        mode != MODE_PRECISE
        and need_search.may_be_a_need(text)
        and need_search.short_query_needs_more(precise, searchable(Need.objects.listed()))
    ):
        return BoardSearch(NeedBoardSearch.analyse(text, request))
    return BoardSearch(precise)


class BoardSearch:
    """A text search of the board: which needs match and in what order."""

    def __init__(self, text_search: TextSearch):
        self.text_search = text_search
        self.is_need = text_search.is_need

    @property
    def semantic_available(self) -> bool:
        return bool(self.is_need and self.text_search.semantic_available)

    @property
    def typed_terms(self) -> list:
        return [] if self.is_need else self.text_search.typed_terms

    def filter(self, needs):
        if self.is_need:
            return self.text_search.filter(needs)
        return self.text_search.filter(searchable(needs))

    def order(self, needs):
        """Best first: the fused ranking (need mode), or whole words, then rank (precise)."""
        if self.is_need:
            return self.text_search.rank(needs).order_by("-rank", "-pk")
        ranked = self.text_search.rank(searchable(needs))
        return ranked.order_by("-whole_words", "-rank", "-reviewed_at", "-pk")

    def reasons(self, need_ids: list[int]) -> dict[int, list[str]]:
        """Need mode: the words each need holds ("Treff på: …"); empty when found by
        meaning alone."""
        if not self.is_need:
            return {}
        return {pk: self.text_search.hits.get(pk, []) for pk in need_ids}


class NeedBoardSearch(need_search.NeedSearch):
    """NeedSearch's analysis and fusion, with both rankings over the board's needs."""

    # The board holds tens of needs, not thousands of cases: its closest few by meaning
    # are often needs about something else, which a need-mode alert's digest would then
    # list. Only the closest, and the needs within the margin of it.
    semantic_at_least = 1

    hits: dict[int, list[str]]

    def _lexical(self) -> list[tuple[int, float]]:
        """Listed needs holding any content word, by the sum of idf × field weight of the
        words they hold; ``hits`` keeps which words (rarest first)."""
        self.hits = {}
        if not self.words:
            return []
        params: list = []
        scores, checks = [], []
        for word in self.words:
            whens = []
            for label, weight in NEED_FIELD_WEIGHTS.items():
                if word.lexemes:
                    whens.append(f"WHEN n.v @@ to_tsquery('simple', %s) THEN {weight}")
                    params.append(word.tsquery(label))
            whens.append("WHEN n.v @@ to_tsquery('simple', %s) THEN 0.7")
            params.append(word.tsquery())
            scores.append(f"{word.idf:.6f} * (CASE {' '.join(whens)} ELSE 0 END)")
            checks.append("n.v @@ to_tsquery('simple', %s)")
        listed, listed_params = Need.objects.listed().values("pk").query.sql_with_params()
        anything = " | ".join(f"({word.tsquery()})" for word in self.words)
        sql = f"""
            WITH n AS MATERIALIZED (
                SELECT n.id, n.reviewed_at, {_VECTOR_SQL} AS v
                FROM {Need._meta.db_table} n
                JOIN {Organization._meta.db_table} o ON o.id = n.organization_id
                WHERE n.id IN ({listed})
            )
            SELECT n.id, {" + ".join(scores)} AS score, ARRAY[{", ".join(checks)}]
            FROM n
            WHERE n.v @@ to_tsquery('simple', %s)
            ORDER BY score DESC, n.reviewed_at DESC, n.id DESC
            LIMIT {need_search.RANKED_PER_METHOD}
        """  # noqa: S608 - table names, weights and numbers are constants; words are parameters
        with connection.cursor() as cursor:
            cursor.execute(
                sql,
                [
                    *listed_params,
                    *params,
                    *(word.tsquery() for word in self.words),
                    anything,
                ],
            )
            rows = cursor.fetchall()
        by_rarity = sorted(range(len(self.words)), key=lambda i: -self.words[i].idf)
        for pk, _score, found in rows:
            self.hits[pk] = [self.words[i].text for i in by_rarity if found[i]]
        return [(pk, float(score)) for pk, score, _found in rows]

    def _semantic(self, text: str) -> list[tuple[int, float]]:
        """Listed needs by cosine similarity of their embedding to the need's."""
        if not self.semantic_available:
            return []
        rows = list(Need.objects.listed().order_by("pk").values_list("pk", "title", "text"))
        vectors = need_embeddings(rows)
        if not vectors:
            return []
        ids = list(vectors)
        matrix = numpy.vstack([vectors[pk] for pk in ids])
        similarities = matrix @ semantic.embed_need(text)
        order = numpy.argsort(-similarities, kind="stable")[: need_search.RANKED_PER_METHOD]
        return [(ids[i], float(similarities[i])) for i in order]

    def rank(self, needs):
        position = RawSQL(  # noqa: S611 - the table name is a constant; ids are a parameter
            f"-array_position(%s::bigint[], {Need._meta.db_table}.id)",
            (self.ids,),
            output_field=FloatField(),
        )
        return needs.annotate(whole_words=Value(True), rank=position)

    def reasons(self, case_ids: list[int]) -> dict[int, list[str]]:
        return {pk: self.hits.get(pk, []) for pk in case_ids}


def need_text(title: str, text: str) -> str:
    """What a need is embedded from: its title and text, clipped as a case's text is."""
    return " ".join(f"{title}\n{text}".split()[: semantic.MAX_WORDS])


def need_embeddings(rows: list[tuple[int, str, str]]) -> dict[int, numpy.ndarray]:
    """Unit vectors of the needs (id, title, text), from the cache, embedding those missing
    (at most MAX_EMBEDDED_PER_SEARCH; the rest wait for the next search)."""
    keyed = {}
    for pk, title, text in rows:
        passage = need_text(title, text)
        digest = hashlib.sha256(passage.encode()).hexdigest()[:32]
        keyed[pk] = (f"need-embedding:{digest}", passage)
    stored = cache.get_many([key for key, _passage in keyed.values()])
    missing = [(pk, key, passage) for pk, (key, passage) in keyed.items() if key not in stored]
    missing = missing[:MAX_EMBEDDED_PER_SEARCH]
    if missing:
        fresh = semantic.model().passage([passage for _pk, _key, passage in missing])
        new = {
            key: numpy.asarray(vector, dtype=numpy.float32)
            for (_pk, key, _passage), vector in zip(missing, fresh, strict=True)
        }
        cache.set_many(new, timeout=EMBEDDING_CACHE_SECONDS)
        stored.update(new)
    vectors = {}
    for pk, (key, _passage) in keyed.items():
        if key in stored:
            vector = numpy.asarray(stored[key], dtype=numpy.float32)
            norm = float(numpy.linalg.norm(vector))
            vectors[pk] = vector / norm if norm else vector
    return vectors


__all__ = ["BoardSearch", "NeedBoardSearch", "analyse", "searchable"]
