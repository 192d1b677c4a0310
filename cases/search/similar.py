"""Similar cases on a case page: candidates come only through indexes, then a few hundred
are scored."""

from __future__ import annotations

import datetime

from django.db import connection
from django.db.models import F, Func, IntegerField, Subquery
from django.utils import timezone

from cases import caching
from cases.models import SEARCH_CONFIG, Case, SearchWord, SimilarCases
from cases.search import semantic
from cases.search.need import RRF_K
from cases.search.text import WORD

SIMILAR_RARE_WORDS = 4  # the case's rarest words (by SearchWord) find the candidates
SIMILAR_CANDIDATES = 200  # at most this many are scored
SIMILAR_FALLBACK = 20  # newest cases sharing a sector or procedure, when words find too few
SIMILAR_PER_RANKING = 20  # each ranking's best, fused as in the need search
SIMILAR_KEPT = 10  # this many are kept per case (SimilarCases); a page shows 5
# A kept list is scored again when older: cases published since may belong in it.
SIMILAR_MAX_AGE = datetime.timedelta(days=7)
_CASES = Case._meta.db_table
# Candidates: the cases holding one of the case's rarest words, or, when these are too
# few, the newest cases sharing its procedure or a sector. Then only they are scored, on
# the columns of their own rows (sector_ids is kept by triggers, migration 0009), and the
# cards of the best few are read afterwards. The two statements take 9 ms a case at
# 100,000 cases, against 11 ms for the single ORM query they replace, which joined the
# sector table per candidate and spent 3.6 ms in the planner.
_SIMILAR_SQL = f"""
WITH mine AS (SELECT sector_ids FROM {_CASES} WHERE id = %(case)s),
by_words AS MATERIALIZED (
    SELECT c.id FROM {_CASES} c
    WHERE c.is_published AND c.id <> %(case)s
      AND c.search_vector @@ (
          SELECT to_tsquery('{SEARCH_CONFIG}', string_agg(rare.word, ' | '))
          FROM (
              SELECT w.word FROM {SearchWord._meta.db_table} w
              WHERE w.word = ANY(%(words)s::text[]) AND w.document_count > 1
              ORDER BY w.document_count, w.word
              LIMIT {SIMILAR_RARE_WORDS}
          ) AS rare)
    LIMIT {SIMILAR_CANDIDATES}
), candidates AS (
    SELECT id FROM by_words
    UNION
    (SELECT c.id FROM {_CASES} c
     WHERE (SELECT count(*) FROM by_words) < %(limit)s
       AND c.is_published AND c.id <> %(case)s
       AND (c.procedure = %(procedure)s OR c.sector_ids && (SELECT sector_ids FROM mine))
     ORDER BY c.published_at DESC
     LIMIT {SIMILAR_FALLBACK})
)
SELECT c.id FROM {_CASES} c JOIN candidates USING (id) CROSS JOIN mine
ORDER BY
    3 * (SELECT count(*) FROM unnest(c.sector_ids) AS s(id) WHERE s.id = ANY(mine.sector_ids))
    + 2 * (ARRAY(SELECT left(code, 3) FROM unnest(c.cpv_codes) AS code) && %(cpv)s::text[])::int
    + (c.procedure = %(procedure)s)::int
    + 10 * ts_rank(c.search_vector, to_tsquery('{SEARCH_CONFIG}', %(text_query)s))
    DESC, c.published_at DESC, c.id
LIMIT %(limit)s
"""  # noqa: S608 - table names, the configuration and numbers are constants


def similar_cases(case: Case, limit: int = 5, request=None) -> list[Case]:
    """Published cases most like `case`: shared sectors, CPV prefix, procedure and words,
    fused with the nearest in meaning where the server has vectors.

    Scored once and kept in the database for every worker (SimilarCases), scored again
    when the case has changed or the list is older than SIMILAR_MAX_AGE; on top of that
    cached per process under the content version (read once per request when `request` is
    given). The cases come ready for cards (CaseQuerySet.with_card_names)."""
    return caching.versioned(
        caching.similar_cases, f"{case.pk}:{limit}", lambda: _kept_or_scored(case, limit), request
    )


def _kept_or_scored(case: Case, limit: int) -> list[Case]:
    now = timezone.now()
    fresh_since = max(case.updated_at, now - SIMILAR_MAX_AGE)
    if limit <= SIMILAR_KEPT:
        # The kept list's cards in one statement, in the list's order. Drafts and deleted
        # cases drop out here: a kept list may be a week old.
        kept = SimilarCases.objects.filter(case=case.pk, computed_at__gte=fresh_since)
        place = Func(
            Subquery(kept.values("ids")),
            F("pk"),
            function="array_position",
            output_field=IntegerField(),
        )
        cards = list(
            Case.objects.published()
            .with_card_names()
            .filter(pk__in=kept.annotate(id=Func(F("ids"), function="unnest")).values("id"))
            .annotate(place=place)
            .order_by("place")[:limit]
        )
        if cards or kept.exists():
            return cards
    ids = similar_ids(case, max(limit, SIMILAR_KEPT))
    keep(case.pk, ids[:SIMILAR_KEPT], now)
    cards = {c.pk: c for c in Case.objects.published().filter(pk__in=ids).with_card_names()}
    return [cards[pk] for pk in ids if pk in cards][:limit]


def keep(case_pk: int, ids: list[int], when) -> None:
    """Store a case's list (one statement; a worker scoring the same case at once wins
    or loses the race harmlessly)."""
    SimilarCases.objects.bulk_create(
        [SimilarCases(case_id=case_pk, ids=ids, computed_at=when)],
        update_conflicts=True,
        unique_fields=["case"],
        update_fields=["ids", "computed_at"],
    )


def similar_ids(case: Case, limit: int) -> list[int]:
    """The hybrid of the need search: the ranking by shared sectors, CPV, procedure and
    words below, fused with the cases closest in meaning (where the server has them)."""
    by_words = _by_words(case, SIMILAR_PER_RANKING)
    vector = semantic.stored_vector(case.pk)
    by_meaning = (
        [pk for pk, _sim in semantic.nearest(vector, limit=SIMILAR_PER_RANKING, exclude=case.pk)]
        if vector
        else []
    )
    fused: dict[int, float] = {}
    for ranking in (by_words, by_meaning):
        for place, pk in enumerate(ranking, start=1):
            fused[pk] = fused.get(pk, 0.0) + 1.0 / (RRF_K + place)
    return [pk for pk, _score in sorted(fused.items(), key=lambda i: (-i[1], i[0]))[:limit]]


def _by_words(case: Case, limit: int) -> list[int]:
    words = sorted({w.lower() for w in WORD.findall(f"{case.title} {case.summary}")})
    params = {
        "case": case.pk,
        "words": words,
        "limit": limit,
        "procedure": case.procedure,
        "cpv": sorted({code[:3] for code in case.cpv_codes}),
        # Letters only (WORD), so quoting each word is enough.
        "text_query": " | ".join(f"'{w}'" for w in words) or "''",
    }
    with connection.cursor() as cursor:
        cursor.execute(_SIMILAR_SQL, params)
        return [pk for (pk,) in cursor.fetchall()]
