"""Upkeep of what the search reads besides the generated search vector: the names in
Case.search_names (kept by triggers; rebuilt here when a rule changes) and the "Mente du …?"
vocabulary (SearchWord)."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection, transaction

from cases.models import Case, SearchStem, SearchWord

_REBUILD_NAMES_SQL = f"""
UPDATE {Case._meta.db_table} c SET search_names = cases_search_names_of(c.id, c.region_id)
WHERE c.search_names IS DISTINCT FROM cases_search_names_of(c.id, c.region_id)
  AND (%(ids)s::bigint[] IS NULL OR c.id = ANY(%(ids)s::bigint[]))
"""  # noqa: S608 - the table name comes from model metadata


def rebuild_search_names(case_ids: Iterable[int] | None = None) -> int:
    """Recompute Case.search_names of these cases (all when None); returns the rows changed.

    Triggers (cases migration 0014) keep the names current on every write; this is for a
    rule that changed, or rows a bulk load wrote with the triggers off."""
    ids = None if case_ids is None else [int(pk) for pk in case_ids]
    with connection.cursor() as cursor:
        cursor.execute(_REBUILD_NAMES_SQL, {"ids": ids})
        return cursor.rowcount


_REBUILD_WORDS_SQL = f"""
INSERT INTO {SearchWord._meta.db_table} (word, document_count)
SELECT word, ndoc FROM ts_stat($q$
    SELECT to_tsvector('simple', concat_ws(' ', title, summary, need, approach, results,
                                            lessons, search_names))
    FROM {Case._meta.db_table} WHERE is_published
$q$)
WHERE word ~ '^[[:alpha:]]{{3,60}}$'
"""  # noqa: S608 - table names come from model metadata


_REBUILD_STEMS_SQL = f"""
INSERT INTO {SearchStem._meta.db_table} (stem, document_count)
SELECT word, ndoc FROM ts_stat($q$
    SELECT search_vector FROM {Case._meta.db_table} WHERE is_published
$q$)
WHERE length(word) <= 100
"""  # noqa: S608 - table names come from model metadata


def rebuild_stem_counts() -> int:
    """Recount how many published cases hold each stem (the need search's word weights).

    A trigger adds the stems of new cases as they are saved; this recounts them all and
    drops stems no case holds any more. Returns the number of stems."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {SearchStem._meta.db_table}")  # noqa: S608
        cursor.execute(_REBUILD_STEMS_SQL)
        return cursor.rowcount


def rebuild_word_list() -> int:
    """Replace the "Mente du …?" vocabulary with the words of published cases now.

    A trigger adds new words as cases are saved; this also drops words that have left
    every case and recounts how many cases use each word, and recounts the stems the need
    search weighs words by (rebuild_stem_counts). Returns the number of words."""
    rebuild_stem_counts()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {SearchWord._meta.db_table}")  # noqa: S608
        cursor.execute(_REBUILD_WORDS_SQL)
        return cursor.rowcount
