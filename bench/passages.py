"""How long embedding the synthetic cases' real text would take, measured on a sample.

    .venv/bin/python bench/passages.py [--cases 200] [--database ioa_bench]

Takes that many synthetic cases of the bench database that still have a title-word vector
(``generate_cases --embeddings words``), embeds their real text (title, summary, need,
approach) through ``semantic.refresh_embeddings``, the function the site itself uses, and
extrapolates to every case of the database. The sampled cases keep their real vectors
(better ones), so each run times cases not timed before.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
sys.path.insert(0, str(BASE_DIR / "bench"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=200)
    parser.add_argument("--database", default="ioa_bench")
    parser.add_argument(
        "--to", type=int, default=0, help="Cases to extrapolate to (default: the database's)"
    )
    args = parser.parse_args()
    if not args.database.replace("_", "").isalnum():
        parser.error("--database may hold letters, digits and _ only")

    from run import server_url, with_database  # bench/run.py

    os.environ["DATABASE_URL"] = with_database(server_url(), args.database)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ioa_portal.settings")
    os.environ["DJANGO_LOG_LEVEL"] = "WARNING"
    import django

    django.setup()
    from django.db import connection

    from cases.management.commands.generate_cases import WORDS_DIGEST_PREFIX
    from cases.models import Case
    from cases.search import semantic

    if not semantic.available():
        sys.exit("This server has no pgvector: nothing to embed into.")
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT case_id FROM {semantic.TABLE} WHERE text_digest LIKE %s "  # noqa: S608
            "ORDER BY case_id LIMIT %s",
            [WORDS_DIGEST_PREFIX + "%", args.cases],
        )
        ids = [row[0] for row in cursor.fetchall()]
    if not ids:
        sys.exit("No case with a title-word vector left: run generate_cases --embeddings words.")
    total = args.to or Case.objects.count()
    words = [len(semantic.case_text(c).split()) for c in Case.objects.filter(pk__in=ids)]
    semantic.model()  # loaded before the clock starts
    load = os.getloadavg()[0]
    started = time.perf_counter()
    embedded = semantic.refresh_embeddings(ids)
    seconds = time.perf_counter() - started
    per_case = seconds / embedded
    print(
        f"Embedded {embedded} cases' real text ({sum(words) / len(words):.0f} words on "
        f"average, at most {semantic.MAX_WORDS}) in {seconds:.1f} s: {per_case * 1000:.0f} ms "
        f"a case, OMP_NUM_THREADS={os.environ.get('OMP_NUM_THREADS')}, load average "
        f"{load:.1f} before, {os.getloadavg()[0]:.1f} after.\n"
        f"{total:,} cases would take {per_case * total / 3600:.1f} h "
        f"in one process ({per_case * total / 3600 / (os.cpu_count() or 1):.1f} h with one "
        f"process per CPU)."
    )


if __name__ == "__main__":
    main()
