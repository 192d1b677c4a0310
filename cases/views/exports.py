"""The current search's full result set as CSV (for Excel) or JSON, streamed row by row.

CSV: UTF-8 with a byte order mark and semicolons, which is what Excel with Norwegian
settings opens directly; Norwegian column headings. JSON: {"cases": [...], "count": n},
keys in English, codes as stored with their Norwegian labels beside them.
"""

from __future__ import annotations

import csv
import json

from django.http import StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.search import search_filterset
from cases.search.params import search_url
from cases.serializers import SEARCH_EXPORT_CASE, approved_reuses, build
from ioa_portal.lib.spreadsheets import BOM, DELIMITER, safe_cell

CHUNK_SIZE = 500


def _export_rows(filterset):
    return filterset.qs.for_cards().select_related("origin_network").iterator(CHUNK_SIZE)


def _refusal(request, filterset):
    """A 400 page when part of the search could not be used: the search page goes on
    without it and says so, but a file holds no notice, and would look like the search
    that was asked for."""
    problems = filterset.problems(ignored=False, adjustments=False)
    if not problems:
        return None
    context = {"problems": problems, "search_url": search_url(request.GET)}
    return render(request, "cases/export_refused.html", context, status=400)


def _filename(extension: str) -> str:
    return f"anskaffelser-{timezone.localdate():%Y-%m-%d}.{extension}"


def _csv_columns(request):
    def url(case):
        return request.build_absolute_uri(case.get_absolute_url())

    return [
        (_("Tittel"), lambda c: c.title),
        (_("Adresse"), url),
        (_("Sammendrag"), lambda c: c.summary),
        (_("Status"), lambda c: c.get_status_display()),
        (_("Fase"), lambda c: c.get_phase_display()),
        (_("Prosedyre"), lambda c: c.get_procedure_display()),
        (_("Type innovativ anskaffelse"), lambda c: c.get_innovation_type_display()),
        (_("Sektorer"), lambda c: ", ".join(s.name for s in c.sectors.all())),
        (
            _("Oppdragsgivere"),
            lambda c: ", ".join(link.organization.name for link in c.casebuyer_set.all()),
        ),
        (_("Fylke"), lambda c: c.region.name if c.region else ""),
        (_("Startår"), lambda c: c.start_year or ""),
        (_("Sluttår"), lambda c: c.end_year or ""),
        (_("Anslått verdi (kr)"), lambda c: c.estimated_value or ""),
        (_("CPV-koder"), lambda c: ", ".join(c.cpv_codes)),
        (_("Doffin-kunngjøringer"), lambda c: ", ".join(c.doffin_ids)),
        (_("Fra læringsnettverk"), lambda c: c.origin_network.name if c.origin_network else ""),
        (
            _("Tatt i bruk av"),
            lambda c: ", ".join(r.organization.name for r in approved_reuses(c)),
        ),
        (_("Publisert"), lambda c: timezone.localtime(c.published_at).strftime("%Y-%m-%d")),
    ]


class _Echo:
    """A file-like object whose write() hands the line back to the caller."""

    def write(self, value: str) -> str:
        return value


def export_csv(request):
    filterset = search_filterset(request.GET)
    if refusal := _refusal(request, filterset):
        return refusal
    columns = _csv_columns(request)
    writer = csv.writer(_Echo(), delimiter=DELIMITER)

    def lines():
        yield BOM + writer.writerow([heading for heading, _ in columns])
        for case in _export_rows(filterset):
            yield writer.writerow([safe_cell(value(case)) for _, value in columns])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename("csv")}"'
    return response


def case_as_json(case, request) -> dict:
    return build(SEARCH_EXPORT_CASE, case, request)


def export_json(request):
    filterset = search_filterset(request.GET)
    if refusal := _refusal(request, filterset):
        return refusal

    def chunks():
        yield '{"cases": ['
        count = 0
        for case in _export_rows(filterset):
            yield (
                ("," if count else "")
                + "\n"
                + json.dumps(case_as_json(case, request), ensure_ascii=False)
            )
            count += 1
        yield f'\n], "count": {count}}}\n'

    response = StreamingHttpResponse(chunks(), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename("json")}"'
    return response
