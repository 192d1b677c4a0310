"""Full-text search over cases, the way Norwegian procurement officers search.

- Queries use websearch syntax: words, "quoted phrases", -exclusion and `or`. Unlike
  PostgreSQL's websearch_to_tsquery, `or` binds tighter than the implicit AND, as in the
  big web search engines: `velferdsteknologi bærum or asker` means velferdsteknologi AND
  (bærum OR asker).
- Every word is matched against the stored, weighted `search_vector` (the `norwegian`
  configuration stems inflections: anskaffelse, anskaffelsen, anskaffelsene …) and, so that
  "teknologi" finds "velferdsteknologi" and "buss" finds "elbussar", as a substring of the
  title or summary. The longer words that hold it are found in the vocabulary (SearchWord)
  and their stems through the search vector's index; only when many cases hold such words
  are the titles and summaries scanned through trigram indexes. Whole-word matches rank
  above substring ones.
- "Mente du …?" comes from SearchWord, the vocabulary of published cases.
- Highlights are computed by PostgreSQL for the rows of one page only, HTML-escaped here,
  and only then wrapped in <mark>.

refresh_search_names() keeps Case.search_names (buyer, sector and county names) in step
with the related tables, so that the generated search vector finds "Bærum" in Bærum's cases.
"""

from __future__ import annotations

import functools
import html
import re
from dataclasses import dataclass, field, replace
from functools import reduce
from operator import and_, or_

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection
from django.db.models import (
    BooleanField,
    ExpressionWrapper,
    F,
    Q,
    TextField,
    Value,
)
from django.db.models.functions import Concat
from django.db.models.lookups import IContains
from django.db.models.sql import Query
from django.utils.safestring import SafeString, mark_safe

from cases import caching
from cases.models import SEARCH_CONFIG, Case, SearchWord, SynonymGroup

BATCH_SIZE = 1000

MAX_QUERY_TERMS = 12
# A word this long or longer is also looked for inside compounds (as its stem).
SUBSTRING_MIN_LENGTH = 4
# ... unless the word itself is in this many cases: a broad search gains nothing visible
# from compounds, and a short stem of a common word ('%FELL%') cannot use the trigram index.
SUBSTRING_MAX_DOCUMENTS = 1000
# The longer words holding a stem are looked up in the vocabulary, and the cases found
# through their stems, when at most this many words hold it and the words other than the
# stem's own forms are in at most this many cases (by SearchWord's counts); past that, each
# found case would be read to check its title and summary, and the trigram scan is cheaper.
INSIDE_MAX_WORDS = 200
INSIDE_MAX_DOCUMENTS = 300
# The search page counts and ranks at most this many text matches ("over 1 000 treff").
HIT_CAP = 1000
# A query word that no published case holds, this long or longer, is tried as a compound
# of two words that cases do hold (leverandørdialog: leverandør + dialog), each part at
# least COMPOUND_PART letters; a first part of one or two letters (elbusser) is dropped.
COMPOUND_MIN_LENGTH = 7
COMPOUND_PART = 3
LINKING_LETTERS = "se"  # kommune-s-plan, barn-e-hage: dropped from the end of a first part
# Typo suggestions for words of at least this length, when a search finds this few cases.
SUGGEST_MIN_LENGTH = 4
SUGGEST_WHEN_HITS_AT_MOST = 2

# ts_headline wraps hits in these private-use characters; they become <mark> after escaping.
MARK_START = "\ue000"
MARK_STOP = "\ue001"
# ts_headline's options (constants, written into the statement: no quote in them).
TITLE_HEADLINE = f'StartSel="{MARK_START}", StopSel="{MARK_STOP}", HighlightAll=true'
SNIPPET_HEADLINE = (
    f'StartSel="{MARK_START}", StopSel="{MARK_STOP}", MaxWords=35, MinWords=22, MaxFragments=2, '
    'FragmentDelimiter=" … "'
)
# A card's snippet comes from these fields, in this order: the first two are weight B in
# the search vector, the other three weight C (Case.search_vector).
HIGHLIGHTED_FIELDS = ("summary", "need", "approach", "results", "lessons")
_MARKED = re.compile(f"{MARK_START}([^{MARK_START}{MARK_STOP}]*){MARK_STOP}")
_MARKDOWN_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MARKDOWN_NOISE = re.compile(r"(^|\s)(#{1,6}|>|[-*+]|\d+\.)\s|[*_`]{1,3}|\\")
_TOKEN = re.compile(r'(-?)"([^"]*)"?|(\S+)')
VOWELS = frozenset("aeiouyæøå")
WORD = re.compile(r"[^\W\d_]{3,}")


@dataclass(frozen=True)
class Term:
    """One word or quoted phrase of a query, with what the database made of it."""

    text: str
    phrase: bool = False
    negated: bool = False
    lexemes: tuple[str, ...] = ()
    documents: int = 0  # published cases holding the word itself (SearchWord)
    # Stems of the vocabulary's longer words that hold this term's stem (`substring`),
    # other than the stem itself; None when not looked up or too common (_ANALYSE_SQL).
    inside: tuple[str, ...] | None = None
    parts: tuple[Term, ...] = ()  # known words it is made of (_with_compound_parts)
    # Added to its group by the search, not typed: a synonym (SynonymGroup) or the word
    # with æ, ø or å where it was typed with ae/aa/oe or plain letters (maltid: måltid).
    added: bool = False

    @property
    def is_stop_word(self) -> bool:
        """Words like "og" and "i" have no lexemes; PostgreSQL ignores them, so do we."""
        return not self.lexemes

    @property
    def substring(self) -> str | None:
        """The stem to look for inside compound words, if this term has one."""
        if self.phrase or self.negated or len(self.lexemes) != 1:
            return None
        if self.documents > SUBSTRING_MAX_DOCUMENTS:
            return None
        stem = self.lexemes[0]
        return stem if len(stem) >= SUBSTRING_MIN_LENGTH else None

    @property
    def may_have_typo(self) -> bool:
        return (
            not self.phrase
            and not self.added
            and not self.negated
            and len(self.text) >= SUGGEST_MIN_LENGTH
            and self.text.isalpha()
        )

    @property
    def stem_variants(self) -> tuple[str, ...]:
        """Stems of other forms of the same word that the stemmer keeps apart: the same
        word in the other written Norwegian (WORD_PAIRS), and the stem with or without a
        doubled m (see _doubled_m)."""
        if self.phrase or len(self.lexemes) != 1 or not self.lexemes[0].isalpha():
            return ()
        stem = self.lexemes[0]
        variants = {stem, *_doubled_m(stem)}
        for known in list(variants):
            variants.update(_paired_stems().get(known, ()))
        for known in list(variants):
            variants.update(_doubled_m(known))
        variants.discard(stem)
        return tuple(sorted(variants))

    def search_query(self) -> SearchQuery:
        query = SearchQuery(
            self.text, config=SEARCH_CONFIG, search_type="phrase" if self.phrase else "plain"
        )
        for variant in self.stem_variants:  # letters only: safe as to_tsquery input
            query |= SearchQuery(variant, config=SEARCH_CONFIG, search_type="raw")
        return query

    def whole_word_match(self) -> Q:
        return Q(search_vector=self.search_query())

    def match(self) -> Q:
        found = self.whole_word_match()
        if inside := self.inside_match():
            found |= inside
        if self.parts:
            found |= reduce(and_, (part.match() for part in self.parts))
        return found

    def inside_match(self) -> Q | None:
        """Cases whose title or summary holds the stem inside a longer word (a case holding
        the stem as a word of its own is found by whole_word_match).

        Through the stems of the vocabulary's words that hold it (`inside`): the search
        vector's index finds the cases, and only those are checked for the stem in their
        title or summary. None when the term has no `substring` or no word holds it."""
        stem = self.substring
        if stem is None:
            return None
        if self.inside is None:
            return Q(title__icontains=stem) | Q(summary__icontains=stem)
        if not self.inside:
            return None
        holders = SearchQuery(" | ".join(self.inside), config="simple", search_type="raw")
        text = Concat("title", Value(" "), "summary", output_field=TextField())
        return Q(search_vector=holders) & Q(IContains(text, stem))

    @property
    def may_be_compound(self) -> bool:
        return (
            not self.phrase
            and not self.added
            and not self.negated
            and not self.documents
            and len(self.text) >= COMPOUND_MIN_LENGTH
            and self.text.isalpha()
        )

    def split_candidates(self) -> list[tuple[str, str]]:
        """Ways to cut the word in two (first part, second part); the first part may be
        empty when only one or two letters come before a known word (el-busser)."""
        word, cuts = self.text, []
        for i in range(1, len(word) - COMPOUND_PART + 1):
            first, second = word[:i], word[i:]
            if i < COMPOUND_PART:
                cuts.append(("", second))
                continue
            cuts.append((first, second))
            if first[-1] in LINKING_LETTERS and len(first) > COMPOUND_PART:
                cuts.append((first[:-1], second))
        return cuts


def _doubled_m(stem: str) -> tuple[str, ...]:
    """Norwegian spelling never ends a word in "mm" but doubles the m before an ending:
    sykehjem, sykehjemmet; rom, rommene. The stems differ by that m ('sykehjem',
    'sykehjemm'), so each is also looked for as the other."""
    if stem.endswith("mm") and len(stem) > 3:
        return (stem[:-1],)
    if stem.endswith("m") and stem[-2:-1] in VOWELS:
        return (stem + "m",)
    return ()


# Words procurement texts use often, as (nynorsk, bokmål), and ferje/ferge, both bokmål.
# The stemmer knows one written Norwegian, so a search for one word of a pair also finds
# texts that use the other (in any inflected form: the pair is matched by stems).
WORD_PAIRS = (
    ("anskaffing", "anskaffelse"),
    ("skule", "skole"),
    ("teneste", "tjeneste"),
    ("heimeteneste", "hjemmetjeneste"),
    ("innbyggjar", "innbygger"),
    ("løysing", "løsning"),
    ("verksemd", "virksomhet"),
    ("oppdragsgjevar", "oppdragsgiver"),
    ("marknad", "marked"),
    ("marknadsdialog", "markedsdialog"),
    ("kunngjering", "kunngjøring"),
    ("tilbod", "tilbud"),
    ("sjukeheim", "sykehjem"),
    ("sjukehus", "sykehus"),
    ("heim", "hjem"),
    ("heimebuande", "hjemmeboende"),
    ("einsemd", "ensomhet"),
    ("tryggleik", "trygghet"),
    ("tryggleiksalarm", "trygghetsalarm"),
    ("bustad", "bolig"),
    ("omsorgsbustad", "omsorgsbolig"),
    ("eigedom", "eiendom"),
    ("reinhald", "renhold"),
    ("vedlikehald", "vedlikehold"),
    ("vatn", "vann"),
    ("straum", "strøm"),
    ("utslepp", "utslipp"),
    ("køyretøy", "kjøretøy"),
    ("skuleskyss", "skoleskyss"),
    ("kyrkje", "kirke"),
    ("ferje", "ferge"),
    ("ferjesamband", "fergesamband"),
)


@functools.cache
def _paired_stems() -> dict[str, tuple[str, ...]]:
    """Each stem of WORD_PAIRS with the stems of its partners (asked of PostgreSQL once
    per process, so that they are the stems the search vectors hold)."""
    words = sorted({word for pair in WORD_PAIRS for word in pair})
    with connection.cursor() as cursor:
        cursor.execute(_STEMS_SQL, [words])
        stems = {word: lexemes[0] for word, lexemes in cursor.fetchall() if len(lexemes) == 1}
    paired: dict[str, set[str]] = {}
    for first, second in WORD_PAIRS:
        if first in stems and second in stems and stems[first] != stems[second]:
            paired.setdefault(stems[first], set()).add(stems[second])
            paired.setdefault(stems[second], set()).add(stems[first])
    return {stem: tuple(sorted(others)) for stem, others in paired.items()}


def parse_query(text: str, max_terms: int = MAX_QUERY_TERMS) -> tuple[list[list[Term]], list[Term]]:
    """Split a query into AND-ed groups of OR-ed terms, and the excluded terms.

    >>> parse_query('velferdsteknologi "trygghet hjemme" bærum or asker -buss')
    ([[Term('velferdsteknologi')], [Term('trygghet hjemme', phrase=True)],
      [Term('bærum'), Term('asker')]], [Term('buss', negated=True)])
    """
    groups: list[list[Term]] = []
    excluded: list[Term] = []
    join_next = False
    # PostgreSQL reads "<word>" as a markup tag and drops it: the brackets go instead.
    text = text.replace("<", " ").replace(">", " ")
    for match in _TOKEN.finditer(text):
        minus, phrase, word = match.groups()
        if phrase is not None:
            term = Term(" ".join(phrase.lower().split()), phrase=True, negated=bool(minus))
        elif word.lower() == "or":
            join_next = bool(groups)  # an "or" with nothing before it joins nothing
            continue
        else:
            negated = word.startswith("-")
            term = Term(word.lstrip("-").lower(), negated=negated)
        if not term.text:
            continue
        if len(groups) + len(excluded) >= max_terms:
            break
        if term.negated:
            excluded.append(term)
        elif join_next and groups:
            groups[-1].append(term)
        else:
            groups.append([term])
        join_next = False
    return groups, excluded


_LEXEMES = f"""
CROSS JOIN LATERAL (
    SELECT ARRAY(
        SELECT l.lexeme FROM unnest(to_tsvector('{SEARCH_CONFIG}', t.word)) AS l
        ORDER BY l.positions[1]
    ) AS lexemes
) AS lx
"""  # noqa: S608 - the configuration is a constant
_STEMS_SQL = f"SELECT t.word, lx.lexemes FROM unnest(%s::text[]) AS t(word) {_LEXEMES}"  # noqa: S608
_ANALYSE_SQL = f"""
SELECT lx.lexemes, wd.documents,
       CASE WHEN cardinality(lx.lexemes) = 1
                 AND lx.lexemes[1] ~ '^[[:alpha:]]{{{SUBSTRING_MIN_LENGTH},}}$'
                 AND coalesce(wd.documents, 0) <= {SUBSTRING_MAX_DOCUMENTS}
                 AND (wd.documents IS NOT NULL OR %(unknown_words_too)s)
       THEN (
           SELECT CASE WHEN count(*) <= %(max_words)s
                        AND coalesce(sum(w.document_count)
                                     FILTER (WHERE l.lexeme <> lx.lexemes[1]), 0)
                            <= %(max_documents)s
                  THEN coalesce(array_agg(DISTINCT l.lexeme)
                                FILTER (WHERE l.lexeme <> lx.lexemes[1]), '{{}}')
                  END
           FROM (SELECT w.word, w.document_count FROM {SearchWord._meta.db_table} w
                 WHERE w.word LIKE '%%' || lx.lexemes[1] || '%%'
                 LIMIT %(max_words)s + 1) AS w
           LEFT JOIN LATERAL unnest(to_tsvector('{SEARCH_CONFIG}', w.word)) AS l ON true)
       END
FROM unnest(%(words)s::text[]) WITH ORDINALITY AS t(word, n)
{_LEXEMES}
CROSS JOIN LATERAL (
    SELECT (SELECT w.document_count FROM {SearchWord._meta.db_table} w WHERE w.word = t.word)
) AS wd(documents)
ORDER BY t.n
"""  # noqa: S608 - table names, numbers and the configuration are constants


def _analyse(words: list[str], unknown_words_too: bool = True) -> list[tuple]:
    """_ANALYSE_SQL's rows for these words, in their order.

    Without `unknown_words_too`, the longer words holding a word are looked up only for
    words that cases hold (the parts of a compound are kept only then)."""
    with connection.cursor() as cursor:
        cursor.execute(
            _ANALYSE_SQL,
            {
                "words": words,
                "max_words": INSIDE_MAX_WORDS,
                "max_documents": INSIDE_MAX_DOCUMENTS,
                "unknown_words_too": unknown_words_too,
            },
        )
        return cursor.fetchall()


# For each word that is in no published case, not even inside a compound, the closest word
# of the vocabulary that is. Asked only when a search finds (almost) nothing: checking that
# a common word is in some case means a bitmap of every case holding it (9 ms for a word
# in a third of 100,000 cases), which every search paid for while this was part of the
# analysis.
_SUGGEST_SQL = f"""
SELECT
    CASE WHEN NOT EXISTS (
              SELECT 1 FROM {Case._meta.db_table} c
              WHERE c.is_published
                AND c.search_vector @@ plainto_tsquery('{SEARCH_CONFIG}', t.word))
          AND NOT EXISTS (
              SELECT 1 FROM {SearchWord._meta.db_table} w
              WHERE cardinality(lx.lexemes) = 1 AND length(lx.lexemes[1]) >= {SUBSTRING_MIN_LENGTH}
                AND w.word LIKE '%%' || lx.lexemes[1] || '%%')
    THEN (
        SELECT w.word FROM {SearchWord._meta.db_table} w
        WHERE w.word %% t.word
          AND EXISTS (
              SELECT 1 FROM {Case._meta.db_table} c
              WHERE c.is_published
                AND c.search_vector @@ plainto_tsquery('{SEARCH_CONFIG}', w.word))
        ORDER BY similarity(w.word, t.word) DESC, w.document_count DESC, w.word
        LIMIT 1)
    END
FROM unnest(%s::text[]) WITH ORDINALITY AS t(word, n)
{_LEXEMES}
ORDER BY t.n
"""  # noqa: S608 - table names and the configuration are constants; words are parameters


def _analysed(term: Term, lexemes: list[str], documents: int | None, inside) -> Term:
    """The term with what _ANALYSE_SQL found for it."""
    if inside is not None and not all(lexeme.isalpha() for lexeme in inside):
        inside = None  # not safe as to_tsquery input: scan the texts instead
    return replace(
        term,
        lexemes=tuple(lexemes),
        documents=documents or 0,
        inside=None if inside is None else tuple(inside),
    )


@dataclass
class TextSearch:
    """A query analysed against the index: what to match, how to rank and what to mark."""

    text: str
    groups: list[list[Term]] = field(default_factory=list)
    excluded: list[Term] = field(default_factory=list)

    is_need = False  # see cases.search.need.NeedSearch

    @classmethod
    def analyse(cls, text: str, request=None, max_terms: int = MAX_QUERY_TERMS) -> TextSearch:
        """Parse the query and ask the database, in one query, for each word's stems and
        the number of published cases that hold it (and its synonyms)."""
        groups, excluded = parse_query(text, max_terms)
        groups = _with_synonyms(groups, synonyms(request))
        terms = [term for group in groups for term in group] + excluded
        if not terms:
            return cls(text)
        rows = _analyse([t.text for t in terms])
        analysed = iter(_analysed(term, *row) for term, row in zip(terms, rows, strict=True))
        groups = [[next(analysed) for _ in group] for group in groups]
        excluded = [next(analysed) for _ in excluded]
        groups = _with_letter_variants(groups)
        groups = _with_compound_parts(groups)
        return cls(
            text,
            groups=[g for g in ([t for t in group if not t.is_stop_word] for group in groups) if g],
            excluded=[t for t in excluded if not t.is_stop_word],
        )

    @property
    def compounds(self) -> list[Term]:
        """The query's words that were also looked for as their parts."""
        return [term for term in self.positive_terms if term.parts]

    @property
    def typed_terms(self) -> list[Term]:
        """The positive words as typed (not the synonyms and spellings the search added)."""
        return [term for term in self.positive_terms if not term.added]

    @property
    def is_empty(self) -> bool:
        """True when nothing searchable is left (empty, or only words like "og")."""
        return not self.groups and not self.excluded

    @property
    def positive_terms(self) -> list[Term]:
        return [term for group in self.groups for term in group]

    def _positive_query(self) -> SearchQuery | None:
        terms = [t for term in self.positive_terms for t in (term, *term.parts)]
        queries = [term.search_query() for term in terms]
        return reduce(or_, queries) if queries else None

    def filter(self, cases):
        """Cases that match every group (any term in it) and none of the excluded terms."""
        conditions = [reduce(or_, (term.match() for term in group)) for group in self.groups]
        conditions += [~term.whole_word_match() for term in self.excluded]
        return cases.filter(reduce(and_, conditions)) if conditions else cases

    def candidates(self, cases):
        """The first HIT_CAP + 1 cases matching the text, in no particular order: what the
        search page counts and ranks, so that a very broad query costs no more than that."""
        return self.filter(cases).order_by().values("pk")[: HIT_CAP + 1]

    def rank(self, cases):
        """Annotate `whole_words` (every group matched by a whole word) and `rank`.

        When every term matches only as a whole word (no stem inside longer words, no
        parts), each case the filter finds matches so: `whole_words` is then true without
        matching the search vector once more for each hit."""
        query = self._positive_query()
        if query is None:
            return cases.annotate(whole_words=Value(True), rank=Value(0.0))
        rank = SearchRank(F("search_vector"), query)
        if not any(t.parts or t.inside_match() for t in self.positive_terms):
            return cases.annotate(whole_words=Value(True), rank=rank)
        whole = reduce(
            and_,
            (reduce(or_, (t.whole_word_match() for t in group)) for group in self.groups),
        )
        return cases.annotate(
            whole_words=ExpressionWrapper(whole, output_field=BooleanField()), rank=rank
        )

    RELEVANCE_ORDER = ("-whole_words", "-rank", "-published_at", "pk")

    @functools.cached_property
    def _query_sql(self) -> tuple[str, list] | None:
        """The positive query (`_positive_query`) as SQL and parameters, compiled once."""
        query = self._positive_query()
        if query is None:
            return None
        bare = Query(Case)
        compiler = bare.get_compiler(connection=connection)
        sql, params = compiler.compile(query.resolve_expression(bare))
        return sql, list(params)

    def highlight_sql(self, table: str) -> tuple[str, str, list] | None:
        """SQL for the title and a snippet of the long texts of `table` (a cases_case
        alias), with ts_headline's markers around the query's words: two columns, and a
        join that computes the query once (`highlight`) with its parameters.

        Only select them for the rows of one page: ts_headline parses the texts it is given,
        and parsing is most of its cost. The search vector's weights tell, without parsing,
        whether the query is found in the summary and need (weight B, with the names the
        case is found by) or only in the later texts (weight C), so only those are parsed;
        all of them when the query is also found in the names (where the words are is then
        not known), and the summary and need (their start) when it is found in neither.
        None when nothing is to be marked (a query of only excluded words, "-buss")."""
        if self._query_sql is None:
            return None
        query, params = self._query_sql
        hit_in = {
            weight: f"ts_filter({table}.search_vector, '{{{weight}}}') @@ highlight.query"
            for weight in ("b", "c", "b,c")
        }
        in_names = f"to_tsvector('{SEARCH_CONFIG}', {table}.search_names) @@ highlight.query"

        def snippet_of(fields: tuple[str, ...]) -> str:
            text = f"concat_ws(E'\\n', {', '.join(f'{table}.{f}' for f in fields)})"
            return f"ts_headline('{SEARCH_CONFIG}', {text}, highlight.query, '{SNIPPET_HEADLINE}')"

        early, late = HIGHLIGHTED_FIELDS[:2], HIGHLIGHTED_FIELDS[2:]
        columns = (
            f"ts_headline('{SEARCH_CONFIG}', {table}.title, highlight.query, "
            f"'{TITLE_HEADLINE}'), "
            f"CASE WHEN {hit_in['b']} AND NOT {in_names} THEN {snippet_of(early)} "
            f"WHEN {hit_in['c']} AND NOT {hit_in['b']} THEN {snippet_of(late)} "
            f"WHEN {hit_in['b,c']} THEN {snippet_of(HIGHLIGHTED_FIELDS)} "
            f"ELSE {snippet_of(early)} END"
        )
        return columns, f"CROSS JOIN (SELECT {query} AS query) AS highlight", params

    def mark_html(self, marked_text: str) -> SafeString:
        """Escape ts_headline output and turn its markers into <mark>, marking compounds too."""
        for term in self.positive_terms:
            if stem := term.substring:
                marked_text = re.sub(
                    rf"(?<![\w{MARK_START}])(\w*{re.escape(stem)}\w*)",
                    rf"{MARK_START}\1{MARK_STOP}",
                    marked_text,
                    flags=re.IGNORECASE,
                )
        return mark_html(marked_text)

    def snippet_html(self, marked_text: str, summary: str) -> SafeString:
        """A marked snippet with "…" where it starts or stops inside the text."""
        plain = " ".join(marked_text.replace(MARK_START, "").replace(MARK_STOP, "").split())
        if plain[:20] != " ".join(summary.split())[:20]:
            marked_text = "… " + marked_text
        if not plain.endswith((".", "!", "?", "…")):
            marked_text += " …"
        return self.mark_html(marked_text)

    def suggestion(self) -> str | None:
        """The query with each unknown word replaced by the closest known one, if any."""
        # A word searched as its parts is no typo, nor is a word of the language: changing
        # it would change the meaning (redusere is no misspelt produsere).
        words = [
            t.text
            for t in self.positive_terms
            if t.may_have_typo and not t.parts and not is_known_word(t.text)
        ]
        if not words:
            return None
        with connection.cursor() as cursor:
            cursor.execute(_SUGGEST_SQL, [words])
            found = zip(words, (closest for (closest,) in cursor.fetchall()), strict=True)
            replacements = {word: closest for word, closest in found if closest}
        if not replacements:
            return None
        return _TOKEN.sub(
            lambda m: replacements.get((m.group(3) or "").lower(), m.group(0)), self.text
        )


# A word this common in general Norwegian (or English) text is a word, not a typo, whatever
# the knowledge base holds (Zipf scale: 1 is once per hundred million words).
KNOWN_WORD_ZIPF_NB = 1.0
KNOWN_WORD_ZIPF_EN = 3.0


@functools.cache
def _nynorsk_words() -> frozenset[str]:
    """Nynorsk forms the search knows (wordfreq has no nynorsk list)."""
    return frozenset(first for first, _second in WORD_PAIRS)


def is_known_word(word: str) -> bool:
    """Whether `word` is a word of bokmål (wordfreq's list, offline), a nynorsk form the
    search knows, or a common English word."""
    from wordfreq import zipf_frequency  # noqa: PLC0415 - 1.5 s to load; only when suggesting

    word = word.lower()
    return (
        word in _nynorsk_words()
        or word in synonyms()
        or zipf_frequency(word, "nb") >= KNOWN_WORD_ZIPF_NB
        or zipf_frequency(word, "en") >= KNOWN_WORD_ZIPF_EN
    )


def _load_synonyms() -> dict[str, tuple[str, ...]]:
    found: dict[str, set[str]] = {}
    for group in SynonymGroup.objects.all():
        terms = group.term_list()
        for term in terms:
            found.setdefault(term, set()).update(t for t in terms if t != term)
    return {term: tuple(sorted(others)) for term, others in found.items()}


def synonyms(request=None) -> dict[str, tuple[str, ...]]:
    """Each term of the editors' synonym groups, with the other terms of its groups."""
    return caching.versioned(caching.lists, "synonyms", _load_synonyms, request)


def _with_synonyms(groups: list[list[Term]], known: dict[str, tuple[str, ...]]) -> list[list[Term]]:
    """Each typed word or phrase of a synonym group also matches the group's other terms."""
    if not known:
        return groups
    expanded = []
    for group in groups:
        terms = list(group)
        seen = {term.text for term in group}
        for term in group:
            for other in known.get(term.text, ()):
                if other not in seen and len(terms) < MAX_QUERY_TERMS:
                    seen.add(other)
                    terms.append(Term(other, phrase=" " in other, added=True))
        expanded.append(terms)
    return expanded


# Letters people type for æ, ø and å on a keyboard without them.
_FOLDED = (("aa", "å"), ("ae", "æ"), ("oe", "ø"), ("a", "å"), ("o", "ø"))
MAX_LETTER_VARIANTS = 64
MAX_VARIANT_WORD_LENGTH = 40


def letter_variants(word: str) -> list[str]:
    """The ways `word` may have been meant with æ, ø or å: maltid, maaltid → måltid."""
    if not word.isascii() or not word.isalpha() or len(word) > MAX_VARIANT_WORD_LENGTH:
        return []
    found: set[str] = set()

    def walk(i: int, built: str) -> None:
        if len(found) > MAX_LETTER_VARIANTS:
            return
        if i == len(word):
            found.add(built)
            return
        walk(i + 1, built + word[i])
        for typed, meant in _FOLDED:
            if word.startswith(typed, i):
                walk(i + len(typed), built + meant)

    walk(0, "")
    found.discard(word)
    return sorted(found) if len(found) <= MAX_LETTER_VARIANTS else []


# For each (typed word, variant): the variant's stems, and whether a published case holds
# them (through the GIN index; the variants of a word are few, and most find nothing).
_VARIANTS_SQL = f"""
SELECT t.word, t.variant, lx.lexemes
FROM unnest(%s::text[], %s::text[]) WITH ORDINALITY AS t(word, variant, n)
{_LEXEMES.replace("t.word", "t.variant")}
WHERE cardinality(lx.lexemes) = 1
  AND EXISTS (
      SELECT 1 FROM {Case._meta.db_table} c
      WHERE c.is_published
        AND c.search_vector @@ to_tsquery('{SEARCH_CONFIG}', quote_literal(lx.lexemes[1])))
ORDER BY t.n
"""  # noqa: S608 - table names and the configuration are constants; words are parameters


def _with_letter_variants(groups: list[list[Term]]) -> list[list[Term]]:
    """A word no case holds, typed without æ, ø or å, also matches the word cases hold with
    them, in any inflection: maltid and maaltid find måltid, laeremidler læremidler."""
    unknown = [
        term
        for group in groups
        for term in group
        if not term.documents and not term.phrase and not term.negated and not term.added
    ]
    pairs = [
        (term.text, variant)
        for term in unknown
        # Fewest changed letters first: the likeliest meaning.
        for variant in sorted(
            letter_variants(term.text),
            key=lambda v: (
                abs(len(v) - len(term.text)),
                sum(a != b for a, b in zip(v, term.text, strict=False)),
            ),
        )
    ]
    if not pairs:
        return groups
    with connection.cursor() as cursor:
        cursor.execute(_VARIANTS_SQL, [[w for w, _ in pairs], [v for _, v in pairs]])
        best: dict[str, Term] = {}
        for word, variant, lexemes in cursor.fetchall():
            if word not in best:
                best[word] = Term(variant, lexemes=tuple(lexemes), added=True)
    return [
        group + [best[term.text] for term in group if term.text in best and not term.added]
        for group in groups
    ]


def _with_compound_parts(groups: list[list[Term]]) -> list[list[Term]]:
    """Groups where each word no case holds, if it is two words cases do hold, also
    matches as those two (one more query, only for such words).

    Of the ways to cut a word, the one whose shorter part is longest wins (batteri + ferje
    over batt + eriferje), then the one with the commoner parts."""
    unknown = [term for group in groups for term in group if term.may_be_compound]
    if not unknown:
        return groups
    cuts = {term.text: term.split_candidates() for term in unknown}
    words = sorted({w for pairs in cuts.values() for pair in pairs for w in pair if w})
    known = {
        word: part
        for word, row in zip(words, _analyse(words, unknown_words_too=False), strict=True)
        if (part := _analysed(Term(word), *row)).documents and part.lexemes
    }

    def best_parts(term: Term) -> tuple[Term, ...]:
        found = [
            (first, second)
            for first, second in cuts[term.text]
            if second in known and (not first or first in known)
        ]
        if not found:
            return ()
        first, second = max(
            found,
            key=lambda pair: (
                bool(pair[0]),
                min(len(w) for w in pair if w),
                sum(known[w].documents for w in pair if w),
            ),
        )
        return tuple(known[w] for w in (first, second) if w)

    return [
        [replace(term, parts=best_parts(term)) if term.may_be_compound else term for term in group]
        for group in groups
    ]


def mark_html(marked_text: str) -> SafeString:
    """HTML-escape text first, then wrap the marked stretches in <mark>."""
    text = _MARKDOWN_LINK.sub(r"\1", marked_text)
    text = _MARKDOWN_NOISE.sub(lambda m: m.group(1) or "", text)
    text = " ".join(text.split())
    escaped = html.escape(text)
    escaped = _MARKED.sub(r"<mark>\1</mark>", escaped)
    return mark_safe(escaped.replace(MARK_START, "").replace(MARK_STOP, ""))  # noqa: S308
