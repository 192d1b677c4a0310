"""The body of a case page, rendered once per language and kept (issue 23).

The body is everything a case page shows below its breadcrumbs: the texts as Markdown, the
facts, buyers, dialogue conferences, benefits, documents, contacts, reuse and the similar
cases' cards. Every visitor sees the same body in a language, so it is rendered when a case
is saved in the admin, or at the first view, and kept in `CaseBody` with a fingerprint: an
MD5 computed by PostgreSQL over every row the body shows (the case and its lists, the names
it shows of regions, sectors, networks and bodies, the kept list of similar cases while it
is fresh and those cases' rows) and over the build (the code, templates and translations
that render it).

A page asks for its row, the fingerprint and the kept body in one statement (page_case).
When the fingerprint differs (a row changed, in the admin or by a bulk update, or a new
release) the body is rendered again from the rows and replaces the kept one. Nothing has to
remember to clear it: a kept body can only be shown with the rows it was rendered from.

Drafts are never kept: editors preview them as they are. Removing a contact removes the
bodies that showed it at once (migration 0029's trigger), so no copy of a contact outlives
the contact.
"""

from __future__ import annotations

import functools
import hashlib
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

import django
import markdown
import nh3
from django.conf import settings
from django.db import connection
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import SafeString

from cases import reuse
from cases.models import BenefitAnalysis, Case, CaseBody, CaseBuyer, Sector
from cases.search import similar

TEMPLATE = "cases/_case_body.html"

# The fingerprint is computed by cases_case_body_fingerprint() (migration 0029): MD5 over the
# build and every row the body shows, as text. A PL/pgSQL function, so that each connection
# plans its dozen subqueries once rather than on every page.
_FINGERPRINT_SQL = "SELECT cases_case_body_fingerprint(%(case)s, %(build)s, %(max_age)s)"

# A case page's own row by its address (drafts only when asked: staff preview them) with
# what its head shows, its fingerprint and its kept body if that fingerprint's: one statement.
_PAGE_SQL = f"""
SELECT c.id, c.slug, c.title, c.summary, c.is_published, c.published_at, c.updated_at,
    f.fingerprint AS kept_fingerprint, (
        SELECT k.html FROM {CaseBody._meta.db_table} k
        WHERE k.case_id = c.id AND k.language = %(language)s AND k.fingerprint = f.fingerprint
    ) AS kept_html
FROM {Case._meta.db_table} c
CROSS JOIN LATERAL ({_FINGERPRINT_SQL.replace("%(case)s", "c.id")} AS fingerprint) AS f
WHERE c.slug = %(slug)s AND (c.is_published OR %(drafts)s)
"""  # noqa: S608 (table names from the models; values are parameters)

_KEEP_SQL = f"""
INSERT INTO {CaseBody._meta.db_table} (case_id, language, fingerprint, html, rendered_at)
VALUES (%(case)s, %(language)s, %(fingerprint)s, %(html)s, now())
ON CONFLICT (case_id, language) DO UPDATE
SET fingerprint = EXCLUDED.fingerprint, html = EXCLUDED.html, rendered_at = now()
"""  # noqa: S608


@functools.cache
def build() -> str:
    """What renders a body, besides its rows: the project's code, templates and
    translations, Django's and Markdown's versions, and the time zone (dates)."""
    digest = hashlib.sha256()
    base = Path(settings.BASE_DIR)
    folders = ["cases", "networks", "ioa_portal", "templates", *map(str, settings.LOCALE_PATHS)]
    for folder in folders:
        root = base / folder
        for path in sorted(root.rglob("*")):
            if path.suffix in {".py", ".html", ".mo"} and "migrations" not in path.parts:
                digest.update(str(path.relative_to(root)).encode())
                digest.update(path.read_bytes())
    versions = f"{django.__version__} {markdown.__version__} {nh3.__version__} {settings.TIME_ZONE}"
    digest.update(versions.encode())
    return digest.hexdigest()[:16]


def _params(case_pk: int | None) -> dict:
    return {"case": case_pk, "build": build(), "max_age": similar.SIMILAR_MAX_AGE}


def _fingerprint(case_pk: int) -> str | None:
    with connection.cursor() as cursor:
        cursor.execute(_FINGERPRINT_SQL, _params(case_pk))
        return cursor.fetchone()[0]


def page_case(slug: str, drafts: bool = False) -> Case | None:
    """The case at this address with the fields a case page's head shows, and its kept body
    in the active language as `kept_html` (None when there is none for its rows as they
    are). Other fields load when read: a page without a kept body reads the whole case."""
    params = {**_params(None), "slug": slug, "drafts": drafts}
    params["language"] = translation.get_language()
    return next(iter(Case.objects.raw(_PAGE_SQL, params)), None)


def render_and_keep(case: Case, request=None) -> SafeString:
    """A published case's body in the active language, rendered from its rows and kept.
    With the request, the content version it read is reused (cases.caching)."""
    # A first view, or a similar list a week old: score the similar cases first (they are
    # kept, which changes the fingerprint), so that the body is rendered once.
    similar.similar_cases(case, request=request)
    fingerprint = _fingerprint(case.pk)
    html = render(case, request=request)
    # Kept only if nothing changed while it was read (and the case is still there): else
    # the next view renders it.
    if fingerprint is not None and _fingerprint(case.pk) == fingerprint:
        with connection.cursor() as cursor:
            cursor.execute(
                _KEEP_SQL,
                {
                    "case": case.pk,
                    "language": translation.get_language(),
                    "fingerprint": fingerprint,
                    "html": html,
                },
            )
    return html


def refresh(case_pk: int) -> None:
    """Render and keep a published case's body in every language (after a save)."""
    case = Case.objects.published().select_related("region", "origin_network").filter(pk=case_pk)
    case = case.first()
    if case is None:
        CaseBody.objects.filter(case_id=case_pk).delete()
        return
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            render_and_keep(case)


def keep_stale(cases, languages=None, progress=None) -> tuple[int, int]:
    """Render and keep the bodies of these published cases (a queryset) that are missing or
    out of date, in every language (or `languages`). A new release makes every kept body
    stale; rendering them ahead saves each case's next visitor a first view. Calls
    `progress(done)` after each case. Returns (rendered, already up to date)."""
    languages = languages or [code for code, _name in settings.LANGUAGES]
    rendered = current = 0
    cases = cases.published().select_related("region", "origin_network")
    for done, case in enumerate(cases.iterator(chunk_size=200), start=1):
        for language in languages:
            with translation.override(language):
                found = page_case(case.slug)
                if found is None:  # unpublished or deleted meanwhile
                    break
                if found.kept_html is None:
                    render_and_keep(case)
                    rendered += 1
                else:
                    current += 1
        if progress:
            progress(done)
    return rendered, current


def render(case: Case, is_preview: bool = False, request=None) -> SafeString:
    """The body rendered from the case's rows, in the active language."""
    context = {
        **body_context(case, request),
        "is_preview": is_preview,
        "LANGUAGE_CODE": translation.get_language(),
    }
    return render_to_string(TEMPLATE, context)


def body_context(case: Case, request=None) -> dict:
    """The rows the body shows. The case's row says which lists are empty (its facet
    columns, kept by triggers): only the others are fetched."""
    buyers, conferences, benefits = [], [], []
    if case.buyer_ids:
        buyers = list(
            CaseBuyer.objects.filter(case=case)
            .select_related("organization")
            .order_by("-is_lead", "organization__name")
        )
    if case.has_dialogue_conference:
        conferences = list(case.dialogue_conferences.all())
    if case.has_benefit_analysis:
        benefits = list(case.benefits.all())
    return {
        "case": case,
        "buyers": buyers,
        "sectors": list(Sector.objects.filter(pk__in=case.sector_ids)) if case.sector_ids else [],
        "conferences": conferences,
        "benefits": benefits,
        "benefit_totals": benefit_totals(benefits),
        "documents": list(case.documents.all()),
        "contacts": list(case.contacts.all()),
        **reuse.case_page_context(case),
        # Scored again here when the kept list is stale (which changes the fingerprint).
        "similar_cases": similar.similar_cases(case, request=request),
    }


def benefit_totals(benefits) -> list[dict]:
    """Sums of estimated and realised values per kind and unit (kinds without figures skipped).

    Each sum counts the rows it adds up (`estimated_rows`, `realised_rows`) out of the
    group's `rows`, so that a sum over only some of them can say so."""
    groups: dict[tuple[str, str], dict] = defaultdict(
        lambda: {
            "rows": 0,
            "estimated": None,
            "estimated_rows": 0,
            "realised": None,
            "realised_rows": 0,
        }
    )
    for benefit in benefits:
        group = groups[(benefit.kind, benefit.unit)]
        group["rows"] += 1
        for field in ("estimated", "realised"):
            value = getattr(benefit, field)
            if value is not None:
                group[field] = (group[field] or Decimal(0)) + value
                group[f"{field}_rows"] += 1
    # Same order as the table's rows (the model orders benefits by kind).
    return [
        {"kind": BenefitAnalysis.Kind(kind).label, "unit": unit, **values}
        for (kind, unit), values in sorted(groups.items())
        if values["estimated_rows"] or values["realised_rows"]
    ]
